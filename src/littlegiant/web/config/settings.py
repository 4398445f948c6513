"""Django settings for the LittleGiant web platform, read from the environment (see ``environment``).

Environment: ``LITTLEGIANT_HOME``, ``DATABASE_URL``, ``LITTLEGIANT_SECRET_KEY``, ``LITTLEGIANT_DEBUG``
(``1`` turns debug on; off by default), ``LITTLEGIANT_ALLOWED_HOSTS`` (comma separated),
``LITTLEGIANT_LOG_FORMAT`` (``text`` or ``json``), ``LITTLEGIANT_LOG_LEVEL`` and
``LITTLEGIANT_UPLOAD_RETENTION_DAYS`` (default 7), ``LITTLEGIANT_JOB_STALE_MINUTES`` (3),
``LITTLEGIANT_JOB_HEARTBEAT_SECONDS`` (20), ``LITTLEGIANT_JOB_MAX_ATTEMPTS`` (3),
``LITTLEGIANT_CSRF_TRUSTED_ORIGINS`` (comma separated) and ``LITTLEGIANT_BEHIND_TLS_PROXY`` (``1``: TLS is
terminated by the proxy in front, which sets ``X-Forwarded-Proto``). ``docs/deploy.md`` has them all.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from littlegiant.web.config.environment import (
    data_home,
    database_from_url,
    logging_config,
    secret_key,
    sqlite_database,
)

WEB_DIR = Path(__file__).resolve().parent.parent
if "LITTLEGIANT_HOME" not in os.environ and "pytest" in sys.modules:
    # pytest-django imports these settings before any conftest runs: a test run must never
    # write into the user's data folder, so it gets a throwaway one.
    os.environ["LITTLEGIANT_HOME"] = tempfile.mkdtemp(prefix="littlegiant-test-home-")
LITTLEGIANT_HOME = data_home()
UPLOADS_DIR = LITTLEGIANT_HOME / "uploads"
INDEXES_DIR = LITTLEGIANT_HOME / "indexes"

SECRET_KEY = secret_key(LITTLEGIANT_HOME)
DEBUG = os.environ.get("LITTLEGIANT_DEBUG", "").lower() in {"1", "true", "yes", "on"}
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("LITTLEGIANT_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "littlegiant.web.config.admin_site.LittleGiantAdminConfig",  # django.contrib.admin, admins only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "ninja",
    "axes",  # login lockout (docs/decisions/0008-authentication-libraries.md)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",  # the task queue's tables: background jobs run on the platform's own database
    "littlegiant.web",  # project-level templates, static files and template tags
    "littlegiant.web.accounts",
    "littlegiant.web.enterprises",
    "littlegiant.web.jobs",
    # --- other LittleGiant apps: add one line each below (catalog, assessments, digital) ---
    "littlegiant.web.catalog",
    "littlegiant.web.assessments",
    "littlegiant.web.digital",
    "littlegiant.web.audit",
    # --- end of LittleGiant apps ---
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "littlegiant.web.audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "littlegiant.web.accounts.middleware.SessionPolicyMiddleware",
    "littlegiant.web.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "littlegiant.web.config.urls"
WSGI_APPLICATION = "littlegiant.web.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "littlegiant.web.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else sqlite_database(LITTLEGIANT_HOME / "db.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Password policy (等保 2.0 §8.1.4.1 a; docs/security.md): ≥ 8 characters from 3 of 4 classes, not on the
# common-password list, not like the user name, not all digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "littlegiant.web.accounts.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": 3},
    },
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account before the password check
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout (django-axes): 5 consecutive failures of one account → locked for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks to lock by IP address too: 5 failures from one address would then lock a whole bureau
# behind one NAT address. The account lockout is what 等保 §8.1.4.1 b asks (decision record 0008).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_DISABLE_ACCESS_LOG = True  # the audit log (web/audit) is the one record of logins
AXES_ENABLE_ADMIN = False  # the security administrator unlocks accounts on the platform's own page
AXES_CLIENT_IP_CALLABLE = "littlegiant.web.audit.middleware.client_ip"
AXES_VERBOSE = False
# Second factor (django-otp, TOTP RFC 6238): staff must, enterprises may (accounts.permissions.requires_mfa).
OTP_TOTP_ISSUER = "LittleGiant 小巨人"
# Sessions: idle timeout 30 min (15 min for administrators), 12 h at most (accounts.middleware).
LITTLEGIANT_IDLE_MINUTES = 30
LITTLEGIANT_ADMIN_IDLE_MINUTES = 15
LITTLEGIANT_SESSION_HOURS = 12
SESSION_COOKIE_AGE = LITTLEGIANT_SESSION_HOURS * 3600
# Audit log retention in days (never below the legal floor of 180, audit.services.retention_days).
LITTLEGIANT_AUDIT_RETENTION_DAYS = int(os.environ.get("LITTLEGIANT_AUDIT_RETENTION_DAYS", "365"))
# Database triggers that refuse UPDATE and early DELETE of audit records (audit migration 0002). Test
# databases go without (pytest-django flushes tables between transactional tests); the audit tests
# install them explicitly.
LITTLEGIANT_AUDIT_DB_GUARD = "pytest" not in sys.modules
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = LITTLEGIANT_HOME / "static"
WHITENOISE_USE_FINDERS = True  # serve straight from the package: no collectstatic step, no CDN
MEDIA_URL = "/uploads/"
MEDIA_ROOT = UPLOADS_DIR
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("LITTLEGIANT_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]
if os.environ.get("LITTLEGIANT_BEHIND_TLS_PROXY", "").lower() in {"1", "true", "yes", "on"}:
    # nginx terminates TLS and says so (deploy/nginx.conf): cookies only over HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True

# Content Security Policy (django-csp), in every environment so that tests catch an inline script:
# scripts, styles, images, fonts and requests only from the platform itself; no inline or eval'd
# script; no framing; forms post only to the platform. Inline style *attributes* stay allowed
# (widths of the pyramid's bars, chart heights): they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Secure cookies (HTTPS only): on in production (``LITTLEGIANT_SECURE_COOKIES=1`` or the production
# settings); off by default so that ``littlegiant demo`` works over plain http on the loopback.
SECURE_COOKIES = os.environ.get("LITTLEGIANT_SECURE_COOKIES", "").lower() in {
    "1",
    "true",
    "yes",
    "on",
}
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"

# Background jobs (web/jobs) go through the task queue, stored in the platform's database; a worker
# (`littlegiant worker`, started by `littlegiant demo` and `serve` themselves) runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
LITTLEGIANT_UPLOAD_RETENTION_DAYS = float(os.environ.get("LITTLEGIANT_UPLOAD_RETENTION_DAYS", "7"))
# A running job beats its heartbeat every few seconds; one silent for longer than the stale limit died
# with its process and is queued again, up to the maximum number of attempts (see web/jobs/services.py).
LITTLEGIANT_JOB_STALE_MINUTES = float(os.environ.get("LITTLEGIANT_JOB_STALE_MINUTES", "3"))
LITTLEGIANT_JOB_HEARTBEAT_SECONDS = float(os.environ.get("LITTLEGIANT_JOB_HEARTBEAT_SECONDS", "20"))
LITTLEGIANT_JOB_MAX_ATTEMPTS = int(os.environ.get("LITTLEGIANT_JOB_MAX_ATTEMPTS", "3"))

# Logs go to standard error; LITTLEGIANT_LOG_FORMAT=json writes one JSON object per line (production);
# every handler masks personal information (mobile, ID-card numbers, e-mails) in every line, and a
# refused request (403/404) is one line without a traceback; 5xx keep theirs.
LOGGING = logging_config(os.environ.get("LITTLEGIANT_LOG_FORMAT", "text"),
                         os.environ.get("LITTLEGIANT_LOG_LEVEL", "INFO"))  # fmt: skip
