"""Pages of the growth archive."""

from __future__ import annotations

from django.urls import path

from littlegiant.web.enterprises import exporting, importing, views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("export/", exporting.export_list, name="export"),
    path("import/", importing.import_upload, name="import"),
    path("import/template/", exporting.download_template, name="import_template"),
    path("import/<str:job_id>/", importing.import_status, name="import_status"),
    path("import/<str:job_id>/confirm/", importing.import_confirm, name="import_confirm"),
    path("import/<str:job_id>/report/", importing.import_report, name="import_report"),
    path("<str:uscc>/", views.enterprise_profile, name="profile"),
]
