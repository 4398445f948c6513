"""The 称号到期 page: titles of the user's enterprises expiring soon or expired (not renewed)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from littlegiant.records.tables import TITLE_KINDS
from littlegiant.web.accounts.permissions import can_import
from littlegiant.web.enterprises.queries.profile import title_status
from littlegiant.web.enterprises.queries.titles import (
    EXPIRED_WITHIN_DAYS,
    EXPIRING_WITHIN_DAYS,
    TitleFilters,
    titles_to_renew,
)

__all__ = ["titles_due"]

PAGE_SIZE = 50
WINDOWS = (30, 90, 180, 365)
_STATES = {"": "即将到期和已过期", "expiring": "即将到期", "expired": "已过期"}


def _days(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and 0 < int(text) <= 3650 else default


@login_required
@require_GET
def titles_due(request: HttpRequest) -> HttpResponse:
    """Titles ending within a window (default 180 days) or ended within a year, soonest first."""
    if not can_import(request.user):  # the roles that hold an archive: admins, officials, firms
        raise PermissionDenied("您的账号不能查看企业称号")
    get = request.GET
    kinds = dict(TITLE_KINDS)
    filters = TitleFilters(
        state=get.get("state", "") if get.get("state", "") in _STATES else "",
        title=get.get("title", "") if get.get("title", "") in kinds else "",
        within_days=_days(get.get("within"), EXPIRING_WITHIN_DAYS),
        expired_days=_days(get.get("expired"), EXPIRED_WITHIN_DAYS),
    )
    today = timezone.localdate()
    page = Paginator(titles_to_renew(request.user, today, filters), PAGE_SIZE).get_page(
        get.get("page")
    )
    query = get.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": [title_status(title, today) for title in page.object_list],
        "filters": filters,
        "states": _STATES,
        "kinds": TITLE_KINDS,
        "windows": WINDOWS,
        "today": today,
        "querystring": query.urlencode(),
    }
    return render(request, "enterprises/titles_due.html", context)
