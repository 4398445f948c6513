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

__all__ = ["PYRAMID", "home", "pyramid_rows"]

PYRAMID: tuple[tuple[tuple[str, str], ...], ...] = (
    (("little_giant", "专精特新“小巨人”企业"),),
    (("specialized_sme", "专精特新中小企业"),),
    (("innovative_sme", "创新型中小企业"), ("tech_sme", "科技型中小企业")),
)
"""The rungs of the cultivation ladder, top first. The first rung has two parallel entries: 创新型中小企业
(工信部企业〔2022〕63号) and 科技型中小企业 (国科发政〔2022〕16号) each lead on to 专精特新; neither is
below the other."""
MIN_WIDTH = 30.0
"""Percent of the panel the narrowest rung keeps, so that its label stays readable."""


def pyramid_rows(counts: dict[str, int]) -> list[dict[str, object]]:
    """The pyramid drawn by counts: a rung's width grows linearly with the firms holding its titles
    (from ``MIN_WIDTH`` for none to 100 % for the largest rung); parallel entries share their rung in
    proportion to their counts."""
    totals = [sum(counts.get(kind, 0) for kind, _ in rung) for rung in PYRAMID]
    widest = max([*totals, 1])
    rows = []
    for index, (rung, total) in enumerate(zip(PYRAMID, totals, strict=True)):
        entries: list[dict[str, object]] = []
        for kind, label in rung:
            count = counts.get(kind, 0)
            share = count / total if total else 1 / len(rung)
            entries.append(
                {
                    "kind": kind,
                    "label": label,
                    "count": count,
                    "level": index + 1,
                    "grow": round(max(share, 0.25), 3),  # a parallel entry keeps room for its label
                }
            )
        rows.append(
            {
                "entries": entries,
                "total": total,
                "width": MIN_WIDTH + (100 - MIN_WIDTH) * total / widest,
            }
        )
    return rows


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
    pyramid = pyramid_rows(counts)
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
