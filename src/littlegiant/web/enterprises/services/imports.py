"""Importing a filled template through the web, as a job: check every cell, then write all rows (or,
on request, only the valid ones) through ``load_archive_rows``.

The archive's writes (rows and the size classes they imply) are one transaction, and importing the same
file again changes nothing: a killed import job is safe to run again from the start (``jobs`` does).
With any issue nothing is written; the job's result holds the first ``SHOWN_ISSUES`` issues and its
result file the full report (.xlsx). Rows of enterprises outside the acting user's scope are issues.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from littlegiant.files import written_atomically
from littlegiant.io.guard import check_upload
from littlegiant.io.importing import ImportResult, run_import
from littlegiant.web.accounts.permissions import can_create_in, enterprises_visible_to
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.archive_rows import known_usccs
from littlegiant.web.enterprises.services.loading import load_archive_rows
from littlegiant.web.jobs.models import Job, JobStatus
from littlegiant.web.jobs.services import Progress, require_signed_in, rerun_job, start_job

__all__ = [
    "IMPORT_JOB",
    "SHOWN_ISSUES",
    "import_valid_rows",
    "scope_check_for",
    "start_archive_import",
]

IMPORT_JOB = "archive_import"
SHOWN_ISSUES = 200
_FOLDER = "imports"
_OUT_OF_SCOPE = "您无权导入该企业的数据（不在您管辖的地区，或不是您所在的企业）"


def scope_check_for(user: Any) -> Any:
    """A ``check_scope(uscc, region_code)`` for the import: None when allowed, else the reason."""
    visible: set[str] | None = None

    def check(uscc: str, region_code: str | None) -> str | None:
        nonlocal visible
        if visible is None:
            visible = set(enterprises_visible_to(user).values_list("uscc", flat=True))
        if uscc in visible:
            return None
        if Enterprise.objects.filter(uscc=uscc).exists():
            return _OUT_OF_SCOPE
        if region_code is not None and can_create_in(user, region_code):
            return None
        return (
            _OUT_OF_SCOPE
            if region_code is not None
            else "该企业不在档案中：请先在「企业基本信息」表中填写该企业"
        )

    return check


def _summary(job: Job, result: ImportResult) -> dict[str, Any]:
    report = result.report
    changed = getattr(result.write_result, "tables", {}) if result.written else {}
    return {
        "written": result.written,
        "only_valid": bool(job.params.get("only_valid")),
        "summary": report.summary(),
        "error_count": report.error_count,
        "valid_rows": result.plan.row_count,
        "issues": [list(issue.as_row()) for issue in report.first(SHOWN_ISSUES)],
        "notes": list(report.notes),
        "counts": {table_id: vars(counts) for table_id, counts in changed.items()},
    }


def _run_import(job: Job, progress: Progress) -> dict[str, Any]:
    """The job's work: check the kept file as its owner, write it, keep the full report next to it."""
    user, params = job.owner, job.params
    result = run_import(
        Path(params["path"]), filename=params["filename"], only_valid=bool(params.get("only_valid")),
        write=lambda tables: load_archive_rows(tables=tables, user=user),
        check_scope=scope_check_for(user), known_usccs=known_usccs, on_progress=progress,
    )  # fmt: skip
    report_path = Path(params["path"]).with_name(f"{job.public_id}.report.xlsx")
    with written_atomically(report_path) as temp:
        result.report.to_xlsx(temp)
    job.result_file = str(report_path)
    return _summary(job, result)


def start_archive_import(*, user: Any, upload: UploadedFile) -> Job:
    """Keep the uploaded template (.xlsx / .csv) and import it as ``user`` (large files in the background).

    Raises:
        PermissionDenied: ``user`` is not signed in.
        UploadRejectedError: the file fails ``io.guard.check_upload`` (nothing is kept or queued).
    """
    require_signed_in(user)
    check_upload(upload, upload.name or "")
    return start_job(
        user=user, kind=IMPORT_JOB, task=_run_import, upload=upload, folder=_FOLDER,
        params={"only_valid": False},
    )  # fmt: skip


def import_valid_rows(*, user: Any, job: Job) -> Job:
    """Import only the valid rows of a checked file that was not written ("仅导入有效行"), as the same job.

    A job still running, or already written, is left as it is.

    Raises:
        PermissionDenied: the job is not ``user``'s own.
    """
    if job.status != JobStatus.DONE or job.result.get("written"):
        return job
    return rerun_job(
        user=user, job=job, task=_run_import, params={**job.params, "only_valid": True}
    )
