"""Catalog routes (mounted at ``/catalog/``)."""

from __future__ import annotations

from django.urls import path

from littlegiant.web import inputs  # noqa: F401 - registers the <pk:…> converter
from littlegiant.web.catalog.views import exports, publish, push, search

app_name = "catalog"

urlpatterns = [
    path("", search.search, name="search"),
    path("opportunities/<str:uscc>/", search.opportunities, name="opportunities"),
    path("mine/", publish.mine, name="mine"),
    path("review/", publish.review_queue, name="review"),
    path("<str:kind>/new/", publish.entry_new, name="entry_new"),
    path("<str:kind>/<pk:pk>/edit/", publish.entry_edit, name="entry_edit"),
    path("<str:kind>/<pk:pk>/withdraw/", publish.entry_withdraw, name="entry_withdraw"),
    path("<str:kind>/<pk:pk>/review/", publish.entry_review, name="entry_review"),
    path("export/<str:kind>/", exports.export, name="export"),
    path("policies/<pk:pk>/push/", push.push, name="push"),
    path("<str:kind>/<pk:pk>/trace/<str:uscc>/", search.trace, name="trace"),
]
