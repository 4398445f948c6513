"""Excel export of a filtered enterprise list (owned by the Excel engineer, who replaces this file).

TODO(excel): write the export; it must take the list's querystring filters and go through
``littlegiant.web.accounts.permissions.enterprises_visible_to`` (see ``views.filtered_enterprises``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

__all__ = ["export_list"]


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """Not implemented yet: 501."""
    return HttpResponse("导出 Excel 功能尚未实现。", status=501, content_type="text/plain; charset=utf-8")
