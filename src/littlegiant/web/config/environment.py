"""Where the platform keeps its data and how it reaches its database, read from the environment.

- ``LITTLEGIANT_HOME``: the data folder (``db.sqlite3``, ``uploads/``, ``indexes/``, ``secret_key``);
  default ``$XDG_DATA_HOME/littlegiant`` or ``~/.local/share/littlegiant``.
- ``DATABASE_URL``: overrides the database: ``sqlite:///relative.db``, ``sqlite:////abs/path.db`` or
  ``postgres://user:password@host:port/dbname``.
- ``LITTLEGIANT_SECRET_KEY``: else a random key is generated once and kept in ``LITTLEGIANT_HOME/secret_key``.

Examples:
    >>> database_from_url("postgres://lg:pw@db.example:5433/littlegiant")["PORT"]
    5433
    >>> database_from_url("sqlite:////var/lib/lg.db")["NAME"]
    '/var/lib/lg.db'
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from littlegiant.errors import LittleGiantError

__all__ = [
    "ConfigurationError",
    "data_home",
    "database_from_url",
    "logging_config",
    "secret_key",
    "sqlite_database",
]


class ConfigurationError(LittleGiantError):
    """The environment describes a configuration the platform cannot use."""


def data_home(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path:
    """The data folder, created if missing (``LITTLEGIANT_HOME`` or the user's data dir)."""
    explicit = environ.get("LITTLEGIANT_HOME")
    if explicit:
        home = Path(explicit).expanduser()
    else:
        base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        home = Path(base).expanduser() / "littlegiant"
    for folder in (home, home / "uploads", home / "indexes", home / "static"):
        folder.mkdir(parents=True, exist_ok=True)
    return home


def database_from_url(url: str) -> dict[str, Any]:
    """A Django ``DATABASES`` entry from a ``sqlite:///`` or ``postgres://`` URL."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        name = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not name:
            raise ConfigurationError(f"DATABASE_URL 缺少 SQLite 文件路径：{url}")
        return sqlite_database(name)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": parts.port or "",
            "CONN_MAX_AGE": int(os.environ.get("LITTLEGIANT_DB_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ConfigurationError(f"DATABASE_URL 的协议不受支持（仅支持 sqlite、postgres）：{url}")


def sqlite_database(path: Path | str) -> dict[str, Any]:
    """The embedded database: SQLite in WAL mode (readers never wait for the writer) whose transactions
    take the write lock when they begin (no lock upgrades that fail when the web, the task worker and a
    job's heartbeat write at once), waiting up to 20 s for it. Tests get a file beside it too (not
    SQLite's in-memory database, whose shared cache ignores the wait and fails at once when a worker
    thread and the test write together)."""
    path = Path(path)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "TEST": {"NAME": str(path.with_name(f"test-{path.name}"))},
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def logging_config(log_format: str = "text", level: str = "INFO") -> dict[str, Any]:
    """Django's ``LOGGING``: everything to standard error, as text or (``json``) one JSON object a line
    with time, level, logger, message and any ``extra`` fields (python-json-logger).

    Raises:
        ConfigurationError: an unknown format or level.
    """
    if log_format not in {"text", "json"}:
        raise ConfigurationError(f"LITTLEGIANT_LOG_FORMAT 只能是 text 或 json：{log_format}")
    level = level.upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigurationError(f"LITTLEGIANT_LOG_LEVEL 不是日志级别：{level}")
    formatters: dict[str, Any] = {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    }
    handler = {"handlers": ["console"], "level": level, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        # every handler masks personal information (mobile, ID-card numbers, e-mails) in every line
        # and a refused request (403/404) is one line without a traceback; 5xx keep theirs
        "filters": {
            "personal_info": {"()": "littlegiant.records.personal.PersonalInfoLogFilter"},
            "client_errors_without_traceback": {
                "()": "littlegiant.web.config.log_filters.ClientErrorsWithoutTraceback"
            },
        },
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["client_errors_without_traceback", "personal_info"],
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django": handler, "django.server": handler},
    }


def secret_key(home: Path, environ: dict[str, str] | os._Environ[str] = os.environ) -> str:
    """``LITTLEGIANT_SECRET_KEY``, else the key kept in ``home/secret_key`` (generated once, mode 600)."""
    explicit = environ.get("LITTLEGIANT_SECRET_KEY")
    if explicit:
        return explicit
    path = home / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key
