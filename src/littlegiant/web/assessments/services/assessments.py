"""Storing a verdict: one programme, one enterprise, one as-of date, with the pack it was computed with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from littlegiant.web.assessments.models import Assessment
from littlegiant.web.assessments.queries.evaluation import (
    evaluate_programme,
    jsonable,
    resolve_pack,
)
from littlegiant.web.assessments.queries.overview import require_visible
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.records import enterprise_record

__all__ = ["save_assessment"]


def save_assessment(
    *, user: Any, enterprise: Enterprise, programme: str, as_of: dt.date, version: str | None = None
) -> Assessment:
    """Evaluate and store the verdict with the pack id, version, file hash, as-of date and inputs.

    Raises:
        Http404: ``user`` may not see the enterprise.
        UnknownProgrammeError: no such programme or version, or none in force at ``as_of``.
    """
    require_visible(user, enterprise)
    pack = resolve_pack(programme, as_of, version)
    record = enterprise_record(enterprise, as_of)
    result = evaluate_programme(pack, record, as_of)
    verdict = result.verdict
    return Assessment.objects.create(
        enterprise=enterprise,
        programme=programme,
        programme_title=pack.title,
        pack_id=pack.id,
        pack_version=pack.version,
        pack_sha256=pack.sha256,
        as_of=as_of,
        status=verdict.status.value,
        score=verdict.score,
        classification=verdict.classification or "",
        trace=jsonable([step.to_dict() for step in verdict.trace]),
        gaps=result.gaps,
        missing=list(verdict.missing),
        record=jsonable(record),
        created_by=user,
    )
