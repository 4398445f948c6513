"""The enterprise profile page: master data, years, charts, titles, IP, awards..., history and app tabs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from littlegiant.web.accounts.permissions import (
    can_edit,
    get_enterprise_for,
    sees_personal_info,
)
from littlegiant.web.enterprises.queries import profile
from littlegiant.web.enterprises.queries.history import enterprise_history
from littlegiant.web.navigation import profile_tabs

__all__ = ["enterprise_profile"]


@login_required
@require_GET
def enterprise_profile(request: HttpRequest, uscc: str) -> HttpResponse:
    """One enterprise's archive: master data, years, charts, titles, IP, awards... and history."""
    enterprise = get_enterprise_for(request.user, uscc)
    today = timezone.localdate()
    years = list(enterprise.yearlyfigure_set.all())
    tabs = profile_tabs()
    active = request.GET.get("tab", "archive")
    masked = not sees_personal_info(request.user, enterprise)
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
            table_id: profile.archive_section(table_id, enterprise, today, masked=masked)
            for table_id in profile.ROW_TABLES
        },
        "history": enterprise_history(enterprise, masked=masked),
        "tabs": tabs,
        "active_tab": active if any(tab.id == active for tab in tabs) else "archive",
    }
    for tab in tabs:
        if tab.id == context["active_tab"] and tab.context is not None:
            context.update(tab.context(request, enterprise))
    return render(request, "enterprises/profile.html", context)
