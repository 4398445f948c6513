"""Pages of the growth archive."""

from __future__ import annotations

from django.urls import path

from littlegiant.web import inputs  # noqa: F401 - registers the <pk:…> converter
from littlegiant.web.enterprises.views import (
    consents,
    editing,
    exports,
    imports,
    listing,
    profile,
    titles,
)

app_name = "enterprises"

urlpatterns = [
    path("", listing.enterprise_list, name="list"),
    path("export/", exports.export_list, name="export"),
    path("import/", imports.import_upload, name="import"),
    path("import/template/", exports.download_template, name="import_template"),
    path("import/<str:job_id>/", imports.import_status, name="import_status"),
    path("import/<str:job_id>/confirm/", imports.import_confirm, name="import_confirm"),
    path("import/<str:job_id>/report/", imports.import_report, name="import_report"),
    path("new/", editing.enterprise_create, name="create"),
    path("titles/", titles.titles_due, name="titles_due"),
    path("shared/", consents.shared_list, name="shared_list"),
    path("shared/<str:uscc>/", consents.shared_detail, name="shared_detail"),
    path("<str:uscc>/", profile.enterprise_profile, name="profile"),
    path("<str:uscc>/edit/", editing.enterprise_edit, name="edit"),
    path("<str:uscc>/consents/", consents.grant, name="consent_grant"),
    path("<str:uscc>/consents/<pk:pk>/revoke/", consents.revoke, name="consent_revoke"),
    path("<str:uscc>/archive/ip/", editing.ip_edit, name="ip_edit"),
    path("<str:uscc>/archive/<str:table_id>/add/", editing.row_edit, name="row_add"),
    path("<str:uscc>/archive/<str:table_id>/<pk:pk>/", editing.row_edit, name="row_edit"),
    path(
        "<str:uscc>/archive/<str:table_id>/<pk:pk>/delete/", editing.row_delete, name="row_delete"
    ),
]
