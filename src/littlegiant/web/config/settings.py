"""Django settings for the LittleGiant web platform, read from the environment (see ``environment``).

Environment: ``LITTLEGIANT_HOME``, ``DATABASE_URL``, ``LITTLEGIANT_SECRET_KEY``, ``LITTLEGIANT_DEBUG``
(``1`` turns debug on; off by default) and ``LITTLEGIANT_ALLOWED_HOSTS`` (comma separated).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from littlegiant.web.config.environment import data_home, database_from_url, secret_key

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
    "littlegiant.web",  # project-level templates, static files and template tags
    "littlegiant.web.accounts",
    "littlegiant.web.enterprises",
    "littlegiant.web.jobs",
    # --- other LittleGiant apps: add one line each below (catalog, assessments, digital) ---
    "littlegiant.web.catalog",
    "littlegiant.web.assessments",
    "littlegiant.web.digital",
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
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": str(LITTLEGIANT_HOME / "db.sqlite3")}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
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
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"

# Logs: every handler masks personal information (mobile, ID-card numbers, e-mails) in every line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_info": {"()": "littlegiant.records.personal.PersonalInfoLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["personal_info"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
