"""How a submitted questionnaire compares: levels of peers by industry and city, anonymised examples."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet

from littlegiant.digital.questionnaire import DIMENSIONS, SCENES
from littlegiant.rules.semantics import industry_digits, industry_section
from littlegiant.web.digital.models import AssessmentStatus, DigitalAssessment

__all__ = ["industry_group", "latest_submitted", "peer_summary"]


def industry_group(code: str | None) -> str:
    """The 门类 letter plus 2-digit 大类 of an industry code (``C3985`` → ``C39``); '' when unknown."""
    section, digits = industry_section(code), industry_digits(code)
    return f"{section}{(digits or '')[:2]}" if section else ""


def latest_submitted(
    queryset: QuerySet[DigitalAssessment] | None = None,
) -> list[DigitalAssessment]:
    """Each enterprise's most recent submitted questionnaire."""
    rows = (
        (queryset if queryset is not None else DigitalAssessment.objects.all())
        .filter(status=AssessmentStatus.SUBMITTED)
        .select_related("enterprise")
        .order_by("enterprise_id", "-submitted_at")
    )
    seen: dict[int, DigitalAssessment] = {}
    for row in rows:
        seen.setdefault(row.enterprise_id, row)
    return list(seen.values())


def peer_summary(assessment: DigitalAssessment, examples: int = 3) -> dict[str, Any]:
    """Levels of peers (same industry group; same city), and anonymised firms one level higher in the industry.

    Peers are every enterprise's latest submitted questionnaire on the platform, shown only in aggregate or
    without name, code or region below the city.
    """
    enterprise = assessment.enterprise
    group, city = industry_group(enterprise.industry_code), (enterprise.region_code or "")[:4]
    others = [row for row in latest_submitted() if row.enterprise_id != enterprise.pk]
    same_industry = [
        row for row in others if group and industry_group(row.enterprise.industry_code) == group
    ]
    same_region = [
        row for row in others if city and (row.enterprise.region_code or "").startswith(city)
    ]
    higher = (
        []
        if assessment.level is None
        else [r for r in same_industry if r.level == assessment.level + 1]
    )
    higher.sort(key=lambda row: -(row.score or 0))
    return {
        "industry_group": group, "city": city,
        "industry_levels": _distribution(same_industry), "region_levels": _distribution(same_region),
        "examples": [_anonymised(row, index) for index, row in enumerate(higher[:examples])],
    }  # fmt: skip


def _distribution(rows: list[DigitalAssessment]) -> dict[str, Any]:
    counts = Counter(row.level for row in rows)
    return {
        "total": len(rows),
        "levels": [(level, counts.get(level, 0)) for level in (0, 1, 2, 3, 4)],
    }


def _anonymised(row: DigitalAssessment, index: int) -> dict[str, Any]:
    answers = row.answers or {}
    points = row.dimension_points or {}
    return {
        "alias": f"同行企业 {chr(ord('A') + index)}", "score": row.score, "level": row.level,
        "dimensions": [(d.label, points.get(d.id)) for d in DIMENSIONS if d.id in points],
        "scenes": [(s.label, answers.get(s.field_id)) for s in SCENES],
    }  # fmt: skip
