"""The evaluation API: evaluate a posted flat record or a stored enterprise, with trace and gaps.

Mounted on the platform's NinjaAPI at ``/api/``: ``POST /api/evaluate``,
``GET /api/enterprises/{uscc}/evaluation``, ``GET|POST /api/enterprises/{uscc}/assessments``.
Domain errors become 400 at the API edge (``web/api.py``); enterprises out of scope are 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from littlegiant.errors import LittleGiantError
from littlegiant.records.fields import FLAT_FIELDS_BY_ID
from littlegiant.web.assessments import services
from littlegiant.web.assessments.queries import overview
from littlegiant.web.assessments.queries.evaluation import ProgrammeResult

__all__ = ["router"]

router = Router(tags=["评价测算"])


class RecordInputError(LittleGiantError):
    """A posted record names fields the enterprise record does not have."""


class TraceStepOut(Schema):
    """One clause of a verdict: value read, thresholds, points, verdict and the document clause."""

    rule: str
    label: str
    clause: str
    document: str
    value: Any = None
    unit: str = ""
    verdict: str
    reads: dict[str, Any]
    thresholds: dict[str, Any]
    band: Any = None
    points: Any = None


class ProgrammeVerdictOut(Schema):
    """A programme's verdict with its trace and gaps (smallest change first)."""

    programme: str
    pack_id: str
    title: str
    version: str
    sha256: str
    document: str
    as_of: dt.date
    status: str = Field(description="qualified | not_qualified | unknown")
    status_label: str
    score: float | None = None
    class_: str | None = Field(None, alias="class")
    missing: list[str]
    values: dict[str, Any]
    trace: list[TraceStepOut]
    gaps: list[dict[str, Any]]


class EvaluationOut(Schema):
    """Verdicts of every programme evaluated, as of one date."""

    as_of: dt.date
    uscc: str | None = None
    verdicts: list[ProgrammeVerdictOut]


class EvaluateIn(Schema):
    """A flat record (field ids of ``littlegiant.records.fields``; absent = missing) to evaluate."""

    record: dict[str, Any]
    as_of: dt.date | None = None
    programmes: list[str] | None = Field(
        None, description="programme ids; default: every one in force"
    )
    versions: dict[str, str] | None = Field(
        None, description="programme id → version, e.g. 复核 by 2022"
    )


class AssessmentIn(Schema):
    """Which verdict to store."""

    programme: str
    as_of: dt.date | None = None
    version: str | None = None


class AssessmentOut(Schema):
    """A stored verdict with the pack id, version and file hash it was computed with."""

    id: int
    programme: str
    pack_id: str
    pack_version: str
    pack_sha256: str
    as_of: dt.date
    status: str
    score: float | None
    classification: str
    created_at: dt.datetime


def _out(results: list[ProgrammeResult], as_of: dt.date, uscc: str | None = None) -> dict[str, Any]:
    return {"as_of": as_of, "uscc": uscc, "verdicts": [result.to_dict() for result in results]}


def _check_record(record: dict[str, Any]) -> None:
    unknown = sorted(key for key in record if key not in FLAT_FIELDS_BY_ID)
    if unknown:
        raise RecordInputError(
            f"记录中有未知数据项：{'、'.join(unknown)}（请使用企业记录的字段 id，如 revenue_y1）"
        )


@router.post("/evaluate", response=EvaluationOut, by_alias=True)
def evaluate_record(request: HttpRequest, payload: EvaluateIn) -> dict[str, Any]:
    """Evaluate a posted flat record against every programme in force (or the ones asked for)."""
    _check_record(payload.record)
    as_of = payload.as_of or timezone.localdate()
    results = overview.evaluate_record(
        payload.record, as_of, programmes=payload.programmes, versions=payload.versions
    )
    return _out(results, as_of)


@router.get("/enterprises/{uscc}/evaluation", response=EvaluationOut, by_alias=True)
def evaluate_enterprise(
    request: HttpRequest,
    uscc: str,
    as_of: dt.date | None = None,
    programme: str | None = None,
    version: str | None = None,
) -> dict[str, Any]:
    """Evaluate a stored enterprise (404 when missing or out of scope); ``version`` needs ``programme``."""
    enterprise = overview.find_enterprise(user=request.user, uscc=uscc)
    day = as_of or timezone.localdate()
    versions = {programme: version} if programme and version else None
    results = overview.evaluate_enterprise(
        user=request.user, enterprise=enterprise, as_of=day, programmes=[programme] if programme else None,
        versions=versions,
    )  # fmt: skip
    return _out(results, day, enterprise.uscc)


@router.get("/enterprises/{uscc}/assessments", response=list[AssessmentOut])
def list_assessments(request: HttpRequest, uscc: str) -> list[Any]:
    """The enterprise's stored verdicts, newest first."""
    enterprise = overview.find_enterprise(user=request.user, uscc=uscc)
    return overview.saved_assessments(user=request.user, enterprise=enterprise, limit=100)


@router.post("/enterprises/{uscc}/assessments", response={201: AssessmentOut})
def save_assessment(request: HttpRequest, uscc: str, payload: AssessmentIn) -> Status[Any]:
    """Evaluate and store one programme's verdict with its pack id, version, hash and as-of date."""
    enterprise = overview.find_enterprise(user=request.user, uscc=uscc)
    assessment = services.save_assessment(
        user=request.user, enterprise=enterprise, programme=payload.programme,
        as_of=payload.as_of or timezone.localdate(), version=payload.version,
    )  # fmt: skip
    return Status(201, assessment)
