"""URL routes of the platform: pages per app, the admin, the API at ``/api/``."""

from __future__ import annotations

from django.contrib import admin
from django.templatetags.static import static
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

from littlegiant.web import health, views
from littlegiant.web.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/", include("littlegiant.web.accounts.urls")),
    path("enterprises/", include("littlegiant.web.enterprises.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path(
        "favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)
    ),  # the admin asks for it
    # --- other LittleGiant apps: one line each below ---
    path("catalog/", include("littlegiant.web.catalog.urls")),
    path("assessments/", include("littlegiant.web.assessments.urls")),
    path("digital/", include("littlegiant.web.digital.urls")),
    path("audit/", include("littlegiant.web.audit.urls")),
    # --- end of LittleGiant apps ---
]
