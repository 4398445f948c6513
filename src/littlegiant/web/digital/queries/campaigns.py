"""Campaigns as officials read them: the ones they may see, their firms, completion and two rounds compared.

Campaigns are officials' and admins', and only ever show enterprises the user may see.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import enterprises_visible_to, is_bureau, role_of
from littlegiant.web.digital.models import AssessmentStatus, Campaign, DigitalAssessment
from littlegiant.web.enterprises.models import Enterprise

__all__ = [
    "Comparison",
    "ComparisonRow",
    "campaign_progress",
    "campaign_rows",
    "campaigns_visible_to",
    "compare_campaigns",
    "visible_campaign",
]


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    """Admins: every campaign; officials: those they created or that include a firm in their regions."""
    role = role_of(user)
    if role is Role.ADMIN:
        return Campaign.objects.all()
    if role is not Role.OFFICIAL:
        return Campaign.objects.none()
    visible = enterprises_visible_to(user).values("pk")
    return Campaign.objects.filter(
        Q(created_by=user) | Q(assessments__enterprise__in=visible)
    ).distinct()


def visible_campaign(user: Any, campaign_id: Any) -> Campaign | None:
    """The campaign with this id if the user may see it (None for no id, or one out of sight)."""
    if not campaign_id or not str(campaign_id).isdigit() or not is_bureau(user):
        return None
    return campaigns_visible_to(user).filter(pk=int(campaign_id)).first()


def campaign_rows(user: Any, campaign: Campaign) -> QuerySet[DigitalAssessment]:
    """The campaign's questionnaires of the firms the user may see."""
    visible = enterprises_visible_to(user).values("pk")
    return campaign.assessments.filter(enterprise__in=visible).select_related(
        "enterprise", "filled_by"
    )


def campaign_progress(*, user: Any, campaign: Campaign) -> dict[str, Any]:
    """Completion counts and the level distribution of the submitted questionnaires."""
    rows = list(campaign_rows(user, campaign).values_list("status", "level"))
    statuses = Counter(status for status, _ in rows)
    levels = Counter(level for status, level in rows if status == AssessmentStatus.SUBMITTED)
    total = len(rows)
    return {
        "total": total, "submitted": statuses[AssessmentStatus.SUBMITTED],
        "draft": statuses[AssessmentStatus.DRAFT], "assigned": statuses[AssessmentStatus.ASSIGNED],
        "rate": round(statuses[AssessmentStatus.SUBMITTED] / total * 100, 1) if total else 0.0,
        "levels": {level: levels.get(level, 0) for level in (0, 1, 2, 3, 4)},
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One firm in two rounds (None where it has not submitted)."""

    enterprise: Enterprise
    before_score: float | None
    before_level: int | None
    after_score: float | None
    after_level: int | None

    @property
    def score_change(self) -> float | None:
        """After minus before (None unless both are submitted)."""
        if self.before_score is None or self.after_score is None:
            return None
        return round(self.after_score - self.before_score, 4)

    @property
    def level_change(self) -> int | None:
        """Levels gained (negative when lost)."""
        if self.before_level is None or self.after_level is None:
            return None
        return self.after_level - self.before_level


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two rounds firm by firm and in aggregate (over firms submitted in both)."""

    rows: tuple[ComparisonRow, ...]

    def _both(self) -> list[ComparisonRow]:
        return [row for row in self.rows if row.level_change is not None]

    def aggregate(self, target_level: int = 2) -> dict[str, Any]:
        """Counts improved / same / declined, mean scores, level distributions, share at ``target_level``+."""
        both = self._both()
        n = len(both)

        def mean(values: list[float]) -> float | None:
            return round(sum(values) / len(values), 2) if values else None

        return {
            "compared": n,
            "improved": sum(1 for r in both if (r.level_change or 0) > 0),
            "same": sum(1 for r in both if r.level_change == 0),
            "declined": sum(1 for r in both if (r.level_change or 0) < 0),
            "mean_before": mean([r.before_score for r in both if r.before_score is not None]),
            "mean_after": mean([r.after_score for r in both if r.after_score is not None]),
            "levels_before": Counter(r.before_level for r in both),
            "levels_after": Counter(r.after_level for r in both),
            "target_before": sum(1 for r in both if (r.before_level or 0) >= target_level),
            "target_after": sum(1 for r in both if (r.after_level or 0) >= target_level),
        }


def _submitted_by_firm(user: Any, campaign: Campaign) -> dict[int, DigitalAssessment]:
    rows = campaign_rows(user, campaign).filter(status=AssessmentStatus.SUBMITTED)
    return {row.enterprise_id: row for row in rows}


def compare_campaigns(*, user: Any, before: Campaign, after: Campaign) -> Comparison:
    """Every firm of either round the user may see, with its score and level in each."""
    if not is_bureau(user):
        raise PermissionDenied("只有主管部门工作人员可以组织评测活动")
    first, second = _submitted_by_firm(user, before), _submitted_by_firm(user, after)
    firms = {row.enterprise_id: row.enterprise for rows in (campaign_rows(user, before), campaign_rows(user, after))
             for row in rows}  # fmt: skip
    result = []
    for pk, enterprise in sorted(firms.items(), key=lambda item: item[1].name):
        a, b = first.get(pk), second.get(pk)
        result.append(ComparisonRow(enterprise, a.score if a else None, a.level if a else None,
                                    b.score if b else None, b.level if b else None))  # fmt: skip
    return Comparison(tuple(result))
