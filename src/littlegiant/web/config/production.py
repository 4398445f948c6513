"""Production settings: the defaults of ``settings`` hardened, every deployment choice from the environment.

Use with ``DJANGO_SETTINGS_MODULE=littlegiant.web.config.production``. ``manage.py check --deploy
--fail-level WARNING`` passes with 0 issues (``tests/web/test_production_settings.py``).

Required:

- ``LITTLEGIANT_SECRET_KEY``: at least 50 characters (never the key file of a development data folder);
- ``LITTLEGIANT_ALLOWED_HOSTS``: the host names served, comma separated.

Optional:

- ``DATABASE_URL``: ``postgres://…`` (production at 等保 level 3 should be PostgreSQL); SQLite otherwise;
- ``LITTLEGIANT_CSRF_TRUSTED_ORIGINS``: ``https://…`` origins, comma separated (default: the allowed
  hosts over HTTPS);
- ``LITTLEGIANT_BEHIND_PROXY=1``: trust ``X-Forwarded-Proto`` from the reverse proxy that ends TLS (only
  when the proxy overwrites that header);
- ``LITTLEGIANT_HSTS_SECONDS``: default 31 536 000 (one year, ASVS 3.4.1);
- ``LITTLEGIANT_API_DOCS=1``: serve the interactive API documentation (off by default, ASVS 13.4.5).

Fixed: ``DEBUG`` off; HTTPS redirect; HSTS with sub-domains and preload; ``Secure``, ``HttpOnly`` and
``SameSite=Lax`` cookies (the CSRF cookie stays readable by the page's htmx header, as in development);
``X-Frame-Options: DENY`` and CSP ``frame-ancestors 'none'``; ``nosniff``; ``same-origin`` referrer and
opener policies; the CSP of ``settings`` (no inline or eval'd script).
"""

from __future__ import annotations

import os

from littlegiant.web.config.environment import ConfigurationError
from littlegiant.web.config.settings import *  # noqa: F403 - the base settings, then hardened
from littlegiant.web.config.settings import MIDDLEWARE


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ConfigurationError(f"生产环境必须设置环境变量 {name}")
    return value


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = _required("LITTLEGIANT_SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ConfigurationError("LITTLEGIANT_SECRET_KEY 太短或太简单：至少 50 个字符的随机串")
DEBUG = False
ALLOWED_HOSTS = [
    host.strip() for host in _required("LITTLEGIANT_ALLOWED_HOSTS").split(",") if host.strip()
]
CSRF_TRUSTED_ORIGINS = _list("LITTLEGIANT_CSRF_TRUSTED_ORIGINS") or [
    f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"
]

SECURE_SSL_REDIRECT = True
if _flag("LITTLEGIANT_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("LITTLEGIANT_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Lax"

LITTLEGIANT_API_DOCS = _flag("LITTLEGIANT_API_DOCS")

if (
    "csp.middleware.CSPMiddleware" not in MIDDLEWARE
):  # the base settings carry it; never lose it here
    raise ConfigurationError("生产环境缺少内容安全策略中间件（csp.middleware.CSPMiddleware）")
