"""gunicorn settings for LittleGiant (`gunicorn -c deploy/gunicorn.conf.py`), read from the environment.

LITTLEGIANT_BIND (default 127.0.0.1:8000: nginx in front), LITTLEGIANT_WEB_WORKERS (default 2 x cores + 1),
LITTLEGIANT_WEB_THREADS (default 4), LITTLEGIANT_WEB_TIMEOUT (default 60 s). Access and error logs go to
standard error, one JSON object a line (the platform's own logs too, with LITTLEGIANT_LOG_FORMAT=json).
"""

import multiprocessing
import os

wsgi_app = "littlegiant.web.config.wsgi:application"
bind = os.environ.get("LITTLEGIANT_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LITTLEGIANT_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("LITTLEGIANT_WEB_THREADS", "4"))
timeout = int(os.environ.get("LITTLEGIANT_WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then (memory)
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("LITTLEGIANT_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%({x-forwarded-for}i)s", '
    '"method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", '
    '"duration_ms": %(M)s, "user_agent": "%(a)s"}'
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "raw": {"format": "%(message)s"},  # the access line is JSON already
    },
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "json"},
        "access": {"class": "logging.StreamHandler", "formatter": "raw"},
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
