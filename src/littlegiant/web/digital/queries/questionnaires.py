"""Questionnaires as their pages read them: one the user may open, a firm's open one, the list's rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from littlegiant.web.accounts.permissions import enterprises_visible_to, get_enterprise_for
from littlegiant.web.digital.models import AssessmentStatus, DigitalAssessment
from littlegiant.web.digital.queries.peers import latest_submitted
from littlegiant.web.enterprises.models import Enterprise

__all__ = [
    "assessment_for",
    "firms_of",
    "latest_assessment",
    "open_assessment",
    "questionnaire_rows",
]


def assessment_for(user: Any, pk: int) -> DigitalAssessment:
    """One questionnaire of a firm the user may see; ``Http404`` otherwise (no existence leak)."""
    assessment = get_object_or_404(
        DigitalAssessment.objects.select_related("enterprise", "campaign"), pk=pk
    )
    get_enterprise_for(user, assessment.enterprise.pk)  # 404 outside the user's scope
    return assessment


def open_assessment(enterprise: Enterprise) -> DigitalAssessment | None:
    """The firm's open questionnaire (draft, or assigned by a campaign), most recently changed first."""
    return (
        DigitalAssessment.objects.filter(enterprise=enterprise)
        .exclude(status=AssessmentStatus.SUBMITTED)
        .select_related("campaign")
        .order_by("-updated_at")
        .first()
    )


def latest_assessment(enterprise: Enterprise) -> DigitalAssessment | None:
    """The firm's most recent submitted questionnaire (None before the first)."""
    latest = latest_submitted(DigitalAssessment.objects.filter(enterprise=enterprise))
    return latest[0] if latest else None


def firms_of(user: Any, query: str = "") -> QuerySet[Enterprise]:
    """The firms in the user's scope, by name, narrowed by a name or USCC fragment."""
    firms = enterprises_visible_to(user)
    if query:
        firms = firms.filter(Q(name__icontains=query) | Q(uscc__icontains=query))
    return firms.order_by("name")


def questionnaire_rows(firms: list[Enterprise]) -> list[dict[str, Any]]:
    """Each (already scoped) firm with its latest submitted questionnaire and its open one's id."""
    ids = [firm.pk for firm in firms]
    latest = {
        row.enterprise_id: row
        for row in latest_submitted(DigitalAssessment.objects.filter(enterprise__in=ids))
    }
    open_ones = dict(
        DigitalAssessment.objects.filter(enterprise__in=ids)
        .exclude(status=AssessmentStatus.SUBMITTED)
        .values_list("enterprise_id", "pk")
    )
    return [
        {"enterprise": f, "latest": latest.get(f.pk), "open": open_ones.get(f.pk)} for f in firms
    ]
