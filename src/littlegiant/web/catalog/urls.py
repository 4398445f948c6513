"""Catalog routes (mounted at ``/catalog/``)."""

from __future__ import annotations

from django.urls import path

from littlegiant.web import inputs  # noqa: F401 - registers the <pk:…> converter
from littlegiant.web.catalog.views import exports, push, search

app_name = "catalog"

urlpatterns = [
    path("", search.search, name="search"),
    path("opportunities/<str:uscc>/", search.opportunities, name="opportunities"),
    path("export/<str:kind>/", exports.export, name="export"),
    path("policies/<pk:pk>/push/", push.push, name="push"),
    path("<str:kind>/<pk:pk>/trace/<str:uscc>/", search.trace, name="trace"),
]
