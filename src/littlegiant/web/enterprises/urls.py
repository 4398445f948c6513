"""Pages of the growth archive."""

from __future__ import annotations

from django.urls import path

from littlegiant.web.enterprises import exporting, views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("export/", exporting.export_list, name="export"),
    path("<str:uscc>/", views.enterprise_profile, name="profile"),
]
