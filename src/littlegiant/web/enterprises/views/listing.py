"""The enterprise list page: search, filters, sorting and pagination (htmx partial updates)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from littlegiant.records.tables import TITLE_KINDS
from littlegiant.web.accounts.permissions import can_import, is_bureau
from littlegiant.web.enterprises.display import INDUSTRY_SECTIONS
from littlegiant.web.enterprises.models import SizeClass
from littlegiant.web.enterprises.queries.listing import (
    NO_SIZE,
    PAGE_SIZES,
    SORTS,
    filtered_enterprises,
    region_filter_options,
    with_list_columns,
)

__all__ = ["enterprise_list"]


def _querystring(request: HttpRequest) -> str:
    """The current filters without the page number (pagination links append ``&page=N``)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def enterprise_list(request: HttpRequest) -> HttpResponse:
    """The enterprises the user may see: search, filters, sorting, pagination (htmx-aware)."""
    enterprises, filters = filtered_enterprises(request)
    paginator = Paginator(with_list_columns(enterprises, timezone.localdate()), filters.page_size)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "sorts": [(key, label) for key, (label, _) in SORTS.items()],
        "page_sizes": PAGE_SIZES,
        "sections": INDUSTRY_SECTIONS,
        "sizes": [*SizeClass.choices, (NO_SIZE, "未划型")],
        "titles": TITLE_KINDS,
        "regions": region_filter_options(request.user, filters.region),
        "can_create": is_bureau(request.user),
        "can_import": can_import(request.user),
        "querystring": _querystring(request),
        "export_querystring": request.GET.urlencode(),
    }
    if (
        request.headers.get("HX-Request")
        and request.headers.get("HX-Target") == "enterprise-results"
    ):
        return render(request, "enterprises/_list_results.html", context)
    return render(request, "enterprises/list.html", context)
