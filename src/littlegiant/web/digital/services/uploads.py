"""Storing the rows of an uploaded answer sheet: every storable row submitted as its firm's questionnaire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from littlegiant.io.digital_answers import require_complete
from littlegiant.io.digital_sheets import AnswerRow
from littlegiant.web.accounts.permissions import is_bureau
from littlegiant.web.digital.models import AssessmentStatus, Campaign, DigitalAssessment
from littlegiant.web.digital.queries.sheets import sheet_firms, sheet_row_problems
from littlegiant.web.digital.services.assessments import submit_assessment
from littlegiant.web.digital.services.campaigns import assign_enterprises
from littlegiant.web.enterprises.models import Enterprise

__all__ = ["SheetStoreOutcome", "store_sheet_rows"]


@dataclass(frozen=True, slots=True)
class SheetStoreOutcome:
    """What confirming an uploaded answer sheet wrote: new submissions, and rows already stored as they are."""

    created: int
    unchanged: int


def _sheet_assessment(user: Any, firm: Enterprise, campaign: Campaign | None) -> DigitalAssessment:
    if campaign is None:
        return DigitalAssessment.objects.create(
            enterprise=firm, filled_by=user, on_behalf=is_bureau(user)
        )
    existing = campaign.assessments.filter(enterprise=firm).first()
    if existing is not None:
        return existing
    assign_enterprises(user=user, campaign=campaign, enterprises=[firm])
    return campaign.assessments.get(enterprise=firm)


def _already_stored(firm: Enterprise, answers: Mapping[str, Any], as_of: dt.date) -> bool:
    """Whether the firm's latest self-standing submission has exactly these answers and date."""
    latest = (
        DigitalAssessment.objects.filter(enterprise=firm, campaign=None, status=AssessmentStatus.SUBMITTED)
        .order_by("-submitted_at", "-pk").first()
    )  # fmt: skip
    return latest is not None and latest.as_of == as_of and latest.answers == dict(answers)


@transaction.atomic
def store_sheet_rows(
    *, user: Any, rows: Sequence[AnswerRow], as_of: dt.date, campaign: Campaign | None = None
) -> SheetStoreOutcome:
    """Submit every row as its firm's questionnaire (in ``campaign`` when given), all or nothing.

    The rows must be complete and storable (see :func:`sheet_row_problems`); confirming the same sheet twice
    stores nothing new.

    Raises:
        PermissionDenied: a row names a firm the user may not fill for, or cannot be stored.
        AnswerError: a row's answers are incomplete or invalid.
    """
    problems = sheet_row_problems(user=user, rows=rows, campaign=campaign)
    if problems:
        number, message = min(problems.items())
        raise PermissionDenied(f"第 {number} 行：{message}（未保存任何数据）")
    firms = sheet_firms(user, (row.uscc.upper() for row in rows))
    created = unchanged = 0
    for row in rows:
        firm = firms[row.uscc.upper()]
        if campaign is None and _already_stored(firm, require_complete(row.answers), as_of):
            unchanged += 1
            continue
        assessment = _sheet_assessment(user, firm, campaign)
        submit_assessment(user=user, assessment=assessment, raw=row.answers, as_of=as_of)
        created += 1
    return SheetStoreOutcome(created, unchanged)
