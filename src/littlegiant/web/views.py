"""The platform's home page: the archive at a glance for the current user's scope."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import enterprises_visible_to, role_of
from littlegiant.web.enterprises.models import Enterprise, SizeClass
from littlegiant.web.enterprises.queries.listing import valid_titles

__all__ = ["PYRAMID", "home"]

PYRAMID: tuple[tuple[str, str], ...] = (
    ("little_giant", "专精特新“小巨人”企业"),
    ("specialized_sme", "专精特新中小企业"),
    ("innovative_sme", "创新型中小企业"),
    ("tech_sme", "科技型中小企业"),
)
"""The tiers of the cultivation pyramid, top first."""


def _title_counts(enterprises: QuerySet[Enterprise], day: dt.date) -> dict[str, int]:
    rows = (
        valid_titles(day)
        .filter(enterprise__in=enterprises)
        .values("title")
        .annotate(n=Count("enterprise", distinct=True))
    )
    return {row["title"]: row["n"] for row in rows}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Counts in the user's scope: enterprises, size classes and titles held, as a pyramid."""
    today = timezone.localdate()
    visible = enterprises_visible_to(request.user)
    sizes = visible.aggregate(
        total=Count("pk"),
        **{value: Count("pk", filter=Q(size_class=value)) for value in SizeClass.values},
    )
    counts = _title_counts(visible, today)
    widest = max([counts.get(kind, 0) for kind, _ in PYRAMID] + [1])
    pyramid = [
        {
            "kind": kind,
            "label": label,
            "count": counts.get(kind, 0),
            "width": 34 + 66 * index / (len(PYRAMID) - 1),
            "share": counts.get(kind, 0) / widest,
        }
        for index, (kind, label) in enumerate(PYRAMID)
    ]
    role = role_of(request.user)
    context = {
        "is_enterprise_user": role is Role.ENTERPRISE,
        "is_provider": role is Role.PROVIDER,
        "own_enterprises": list(visible.order_by("name")[:5]) if role is Role.ENTERPRISE else [],
        "total": sizes.pop("total"),
        "sizes": [(label, sizes[value]) for value, label in SizeClass.choices],
        "pyramid": pyramid,
        "high_tech": counts.get("high_tech_enterprise", 0),
        "role_label": role.label if role is not None else "未分配角色",
        "as_of": today,
    }
    return render(request, "home.html", context)
