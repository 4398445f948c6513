"""Excel downloads of the catalogs (Chinese labels on row 1, column ids on row 2, re-importable)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from littlegiant.matching import CATALOGS_BY_ID
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import role_of
from littlegiant.web.catalog.permissions import visible_entries
from littlegiant.web.catalog.queries.exports import catalog_workbook
from littlegiant.web.catalog.queries.search import entry_values
from littlegiant.web.catalog.views.search import catalog_id_or_404
from littlegiant.web.downloads import xlsx_response

__all__ = ["export"]


@login_required
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """Download a catalog as XLSX (labels on row 1, column ids on row 2, re-importable)."""
    catalog_id = catalog_id_or_404(kind)
    if role_of(request.user) not in (Role.ADMIN, Role.OFFICIAL, Role.PROVIDER):
        raise PermissionDenied("无权导出")
    rows = [entry_values(e) for e in visible_entries(request.user, catalog_id)]
    return xlsx_response(catalog_workbook(CATALOGS_BY_ID[catalog_id], rows), f"{catalog_id}.xlsx")
