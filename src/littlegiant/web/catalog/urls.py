"""Catalog routes (mounted at ``/catalog/``)."""

from __future__ import annotations

from django.urls import path

from littlegiant.web.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.search, name="search"),
    path("opportunities/<str:uscc>/", views.opportunities, name="opportunities"),
    path("export/<str:kind>/", views.export, name="export"),
    path("policies/<int:pk>/push/", views.push, name="push"),
    path("<str:kind>/<int:pk>/trace/<str:uscc>/", views.trace, name="trace"),
]
