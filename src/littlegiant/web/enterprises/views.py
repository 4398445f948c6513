"""Pages of the growth archive: the filtered list (htmx partial updates) and the profile."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from littlegiant.records.tables import TITLE_KINDS
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import (
    can_edit,
    enterprises_visible_to,
    get_enterprise_for,
    role_of,
)
from littlegiant.web.enterprises import profile
from littlegiant.web.enterprises.display import INDUSTRY_SECTIONS
from littlegiant.web.enterprises.history import enterprise_history
from littlegiant.web.enterprises.listing import (
    NO_SIZE,
    PAGE_SIZES,
    SORTS,
    filtered_enterprises,
    with_list_columns,
)
from littlegiant.web.enterprises.models import SizeClass
from littlegiant.web.enterprises.names import region_options
from littlegiant.web.navigation import profile_tabs

__all__ = ["enterprise_list", "enterprise_profile"]


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
        "regions": _region_filter_options(request, filters.region),
        "can_create": role_of(request.user) in {Role.ADMIN, Role.OFFICIAL},
        "querystring": _querystring(request),
        "export_querystring": request.GET.urlencode(),
    }
    if (
        request.headers.get("HX-Request")
        and request.headers.get("HX-Target") == "enterprise-results"
    ):
        return render(request, "enterprises/_list_results.html", context)
    return render(request, "enterprises/list.html", context)


def _region_filter_options(request: HttpRequest, selected: str) -> list[tuple[str, str]]:
    """Named regions of the user's enterprises and the divisions above them (one query); a code
    typed into the address bar stays selectable."""
    visible = enterprises_visible_to(request.user).exclude(region_code="").order_by("region_code")
    options = region_options(list(visible.values_list("region_code", flat=True).distinct()[:2000]))
    if selected and selected not in {code for code, _ in options}:
        options.insert(0, (selected, f"{selected}（按代码筛选）"))
    return options


@login_required
@require_GET
def enterprise_profile(request: HttpRequest, uscc: str) -> HttpResponse:
    """One enterprise's archive: master data, years, charts, titles, IP, awards... and history."""
    enterprise = get_enterprise_for(request.user, uscc)
    today = timezone.localdate()
    years = list(enterprise.yearlyfigure_set.all())
    tabs = profile_tabs()
    active = request.GET.get("tab", "archive")
    context: dict[str, Any] = {
        "enterprise": enterprise,
        "as_of": today,
        "can_edit": can_edit(request.user, enterprise),
        "facts": profile.facts(enterprise),
        "yearly": profile.yearly_table(years),
        "chart": profile.chart_series(years),
        "titles": profile.title_statuses(list(enterprise.title_set.all()), today),
        "key_figures": profile.key_figures(years),
        "ip": profile.ip_facts(enterprise),
        "archive_sections": {
            table_id: profile.archive_section(table_id, enterprise, today)
            for table_id in profile.ROW_TABLES
        },
        "history": enterprise_history(enterprise),
        "tabs": tabs,
        "active_tab": active if any(tab.id == active for tab in tabs) else "archive",
    }
    for tab in tabs:
        if tab.id == context["active_tab"] and tab.context is not None:
            context.update(tab.context(request, enterprise))
    return render(request, "enterprises/profile.html", context)
