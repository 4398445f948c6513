"""WSGI entry point: ``littlegiant.web.config.wsgi:application``."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlegiant.web.config.settings")
application = get_wsgi_application()
