"""Filling a questionnaire: start (or resume) it, save a draft, submit it with its score and level.

A questionnaire may be filled by the enterprise's own users and, on its behalf, by officials whose region
covers it (``can_edit``). Submitting writes the level into the archive (``Enterprise.digital_level``)
through the enterprises service, so the 专精特新 packs read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from littlegiant.digital.answers import AnswerProblem, parse_answers, require_complete
from littlegiant.digital.scoring import DigitalResult, assess
from littlegiant.web.accounts.permissions import can_edit, is_bureau
from littlegiant.web.digital.models import AssessmentStatus, DigitalAssessment
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import update_enterprise

__all__ = ["save_draft", "start_assessment", "submit_assessment", "submit_open_assessment"]


def _require_fill(user: Any, enterprise: Enterprise) -> None:
    if not can_edit(user, enterprise):
        raise PermissionDenied("您无权填写该企业的数字化水平评测")


@transaction.atomic
def start_assessment(*, user: Any, enterprise: Enterprise) -> DigitalAssessment:
    """The enterprise's open questionnaire (assigned or draft), or a new self-initiated draft."""
    _require_fill(user, enterprise)
    open_one = (
        DigitalAssessment.objects.filter(enterprise=enterprise)
        .exclude(status=AssessmentStatus.SUBMITTED).order_by("-updated_at").first()
    )  # fmt: skip
    if open_one is not None:
        return open_one
    return DigitalAssessment.objects.create(
        enterprise=enterprise, filled_by=user, on_behalf=is_bureau(user)
    )


@transaction.atomic
def save_draft(
    *, user: Any, assessment: DigitalAssessment, raw: Mapping[str, Any]
) -> list[AnswerProblem]:
    """Keep the valid answers given so far (come back later); returns the problems of the invalid ones."""
    _require_fill(user, assessment.enterprise)
    if assessment.is_submitted:
        raise PermissionDenied("该评测已提交，不能再修改")
    answers, problems = parse_answers(raw)
    assessment.answers = answers
    assessment.status = AssessmentStatus.DRAFT
    assessment.filled_by, assessment.on_behalf = user, is_bureau(user)
    assessment.save()
    return problems


@transaction.atomic
def submit_assessment(
    *,
    user: Any,
    assessment: DigitalAssessment,
    raw: Mapping[str, Any],
    as_of: dt.date | None = None,
) -> DigitalResult:
    """Check that every answer is given, score it, store the result and write the level into the archive.

    Raises:
        AnswerError: an answer is missing or invalid (nothing is saved).
    """
    _require_fill(user, assessment.enterprise)
    if assessment.is_submitted:
        raise PermissionDenied("该评测已提交，不能重复提交")
    answers = require_complete(raw)
    day = as_of or timezone.localdate()
    result = assess(answers, day)
    assessment.answers, assessment.status, assessment.as_of = (
        answers,
        AssessmentStatus.SUBMITTED,
        day,
    )
    assessment.submitted_at, assessment.score, assessment.level = (
        timezone.now(),
        result.score,
        result.level,
    )
    assessment.dimension_points = {d.id: d.points for d in result.dimensions}
    assessment.pack_key = f"{result.verdict.programme}@{result.verdict.version}"
    assessment.pack_sha256 = result.verdict.sha256
    assessment.filled_by, assessment.on_behalf = user, is_bureau(user)
    assessment.save()
    # 0 (未达一级) is not a level of the record (1-4): the archive keeps "no level" as empty.
    update_enterprise(
        user=user,
        enterprise=assessment.enterprise,
        digital_level=result.level or None,
        digital_level_on=day,
    )
    return result


@transaction.atomic
def submit_open_assessment(
    *, user: Any, enterprise: Enterprise, raw: Mapping[str, Any], as_of: dt.date | None = None
) -> tuple[DigitalAssessment, DigitalResult]:
    """Submit the enterprise's open questionnaire (one is started if there is none), all or nothing.

    Raises:
        AnswerError: an answer is missing or invalid (nothing is saved, not even a new draft).
    """
    assessment = start_assessment(user=user, enterprise=enterprise)
    return assessment, submit_assessment(user=user, assessment=assessment, raw=raw, as_of=as_of)
