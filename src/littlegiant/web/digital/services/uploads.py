"""Uploaded answer sheets: checked as a job (every row scored, problems located, nothing stored), then on
confirmation every storable row submitted as its firm's questionnaire, all or nothing, once.

The upload is a job of kind ``UPLOAD_JOB`` whose file lives under ``UPLOADS_DIR/digital/``; the upload
retention rule (``jobs.services.cleanup_uploads``) deletes it after ``LITTLEGIANT_UPLOAD_RETENTION_DAYS``
(the page then says so).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from littlegiant.digital.answers import require_complete
from littlegiant.digital.rows import AnswerRow, RowResult
from littlegiant.files import written_atomically
from littlegiant.io.digital_sheets import write_results
from littlegiant.io.guard import check_upload
from littlegiant.web.accounts.permissions import is_bureau
from littlegiant.web.digital.models import AssessmentStatus, Campaign, DigitalAssessment
from littlegiant.web.digital.queries.campaigns import visible_campaign
from littlegiant.web.digital.queries.sheets import (
    CheckedSheet,
    check_sheet,
    sheet_firms,
    sheet_row_problems,
)
from littlegiant.web.digital.services.assessments import submit_assessment
from littlegiant.web.digital.services.campaigns import assign_enterprises
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.jobs.models import Job
from littlegiant.web.jobs.services import Progress, record_result, require_signed_in, start_job

__all__ = [
    "SHOWN_ROWS",
    "UPLOAD_JOB",
    "SheetStoreOutcome",
    "confirm_sheet",
    "start_sheet_check",
    "store_sheet_rows",
]

UPLOAD_JOB = "digital_upload"
SHOWN_ROWS = 500
"""Rows of a checked sheet shown on its page (the results workbook has them all)."""
_FOLDER = "digital"


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


# --- the upload as a job -------------------------------------------------------------------------


def _row_view(item: RowResult, storable: set[int]) -> dict[str, Any]:
    """One checked row as its page shows it (JSON-ready)."""
    result = item.result
    return {
        "row": item.row.row, "uscc": item.row.uscc, "name": item.row.name,
        "score": result.score if result is not None else None,
        "scored": result is not None,
        "level_label": result.level_label if result is not None else "",
        "storable": item.row.row in storable,
        "problems": [{"row": p.row, "column": p.column, "header": p.header, "message": p.message}
                     for p in item.problems],
    }  # fmt: skip


def _summary(checked: CheckedSheet) -> dict[str, Any]:
    levels: dict[str, int] = {}
    for item in checked.results:
        label = item.result.level_label if item.result else "无法评测"
        levels[label] = levels.get(label, 0) + 1
    with_problems = sum(1 for item in checked.results if item.problems)
    return {"rows": len(checked.results), "storable": len(checked.storable),
            "problems": with_problems, "levels": sorted(levels.items())}  # fmt: skip


def _check_upload(job: Job, progress: Progress) -> dict[str, Any]:
    """The job's work: score and check the kept sheet as its owner; keep the results workbook next to it."""
    params = job.params
    progress.step("逐行评测")
    checked = check_sheet(user=job.owner, path=params["path"], as_of=dt.date.fromisoformat(params["as_of"]),
                          campaign=visible_campaign(job.owner, params.get("campaign_id")))  # fmt: skip
    progress(len(checked.results), len(checked.results))
    results_path = Path(params["path"]).with_name(f"{job.public_id}.results.xlsx")
    with written_atomically(results_path) as temp:
        write_results(checked.results, temp)
    job.result_file = str(results_path)
    storable = {row.row for row in checked.storable}
    return {"summary": _summary(checked), "stored": None,
            "rows": [_row_view(item, storable) for item in checked.results[:SHOWN_ROWS]]}  # fmt: skip


def start_sheet_check(
    *, user: Any, upload: UploadedFile, as_of: dt.date, campaign: Campaign | None = None
) -> Job:
    """Keep an uploaded answer sheet and check it as ``user`` (large files in the background); nothing is stored.

    Raises:
        PermissionDenied: ``user`` is not signed in.
        UploadRejectedError: the file fails ``io.guard.check_upload`` (nothing is kept or queued).
    """
    require_signed_in(user)
    check_upload(upload, upload.name or "")
    params = {"as_of": as_of.isoformat(), "campaign_id": campaign.pk if campaign else None}
    return start_job(user=user, kind=UPLOAD_JOB, task=_check_upload, params=params, upload=upload,
                     folder=_FOLDER)  # fmt: skip


@transaction.atomic
def confirm_sheet(*, user: Any, job: Job) -> SheetStoreOutcome | None:
    """Store the storable rows of ``user``'s checked upload, checked again now; None when it was stored
    already (an upload is stored once).

    Raises:
        PermissionDenied: the upload is not ``user``'s, or a row cannot be stored (nothing is).
        AnswerError: a row's answers are incomplete or invalid (nothing is stored).
    """
    if job.result.get("stored") is not None:
        return None
    params, campaign = job.params, visible_campaign(user, job.params.get("campaign_id"))
    as_of = dt.date.fromisoformat(params["as_of"])
    checked = check_sheet(user=user, path=params["path"], as_of=as_of, campaign=campaign)
    outcome = store_sheet_rows(user=user, rows=checked.storable, as_of=as_of, campaign=campaign)
    record_result(
        user=user,
        job=job,
        values={"stored": {"created": outcome.created, "unchanged": outcome.unchanged}},
    )
    return outcome
