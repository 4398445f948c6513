"""Importing a filled template through the web: upload → validate → write (or a full report).

Flow: the user uploads an .xlsx/.csv; the file is checked and, when every row is clean, written in
one transaction through ``loading.load_archive_rows``. With any issue nothing is written and the
page shows the first 200 issues, a link to the full report (.xlsx) and a "仅导入有效行" button that
runs the import again with ``only_valid``. Rows of enterprises outside the user's scope are issues.

Small files run within the request; larger ones in a background thread whose progress the page
polls (htmx) from the cache.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import close_old_connections
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from littlegiant.errors import LittleGiantError
from littlegiant.io.importing import run_import
from littlegiant.io.reader import ReadError
from littlegiant.web.accounts.permissions import can_create_in, enterprises_visible_to
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.archive_rows import known_usccs
from littlegiant.web.enterprises.services import load_archive_rows

__all__ = [
    "SHOWN_ISSUES",
    "import_confirm",
    "import_report",
    "import_status",
    "import_upload",
    "scope_check_for",
]

SHOWN_ISSUES = 200
_ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".csv")
_JOB_TIMEOUT = 6 * 3600
_OUT_OF_SCOPE = "您无权导入该企业的数据（不在您管辖的地区，或不是您所在的企业）"


def _background_threshold() -> int:
    """Files larger than this many bytes are imported in a background thread."""
    return int(getattr(settings, "LITTLEGIANT_IMPORT_BACKGROUND_BYTES", 512 * 1024))


def _jobs_dir() -> Path:
    folder = Path(settings.UPLOADS_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _key(job_id: str) -> str:
    return f"littlegiant:import:{job_id}"


def _job(request: HttpRequest, job_id: str) -> dict[str, Any]:
    job: dict[str, Any] | None = cache.get(_key(job_id))
    if job is None or job.get("user_id") != request.user.pk:
        raise Http404("导入任务不存在或已过期")
    return job


def _save_job(job_id: str, job: dict[str, Any]) -> None:
    cache.set(_key(job_id), job, _JOB_TIMEOUT)


# --- scope ---------------------------------------------------------------------------------------


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


# --- running a job -------------------------------------------------------------------------------


def _run_job(job_id: str, user: Any, only_valid: bool) -> None:
    job: dict[str, Any] = cache.get(_key(job_id)) or {}
    job.update(state="running", done=0, total=0)
    _save_job(job_id, job)

    def progress(done: int, total: int) -> None:
        job.update(done=done, total=total)
        _save_job(job_id, job)

    try:
        result = run_import(
            Path(job["path"]), filename=job["filename"], only_valid=only_valid,
            write=lambda tables: load_archive_rows(tables, user=user),
            check_scope=scope_check_for(user), known_usccs=known_usccs, on_progress=progress,
        )  # fmt: skip
    except (ReadError, LittleGiantError) as error:
        job.update(state="failed", message=str(error))
        _save_job(job_id, job)
        return
    _store_result(job_id, job, result, only_valid)


def _store_result(job_id: str, job: dict[str, Any], result: Any, only_valid: bool) -> None:
    report = result.report
    report_path = _jobs_dir() / f"{job_id}.report.xlsx"
    report.to_xlsx(report_path)
    changed = getattr(result.write_result, "tables", {}) if result.written else {}
    job.update(
        state="done",
        only_valid=only_valid,
        written=result.written,
        summary=report.summary(),
        error_count=report.error_count,
        valid_rows=result.plan.row_count,
        issues=[issue.as_row() for issue in report.first(SHOWN_ISSUES)],
        notes=list(report.notes),
        report_path=str(report_path),
        counts={table_id: vars(counts) for table_id, counts in changed.items()},
    )
    _save_job(job_id, job)


def _start(job_id: str, user: Any, only_valid: bool, size: int) -> None:
    if size <= _background_threshold():
        _run_job(job_id, user, only_valid)
        return

    def target() -> None:
        try:
            _run_job(job_id, user, only_valid)
        finally:
            close_old_connections()

    threading.Thread(target=target, name=f"import-{job_id}", daemon=True).start()


# --- views -----------------------------------------------------------------------------------------


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """上传填好的导入模板（.xlsx 或 .csv），校验后写入企业档案。"""
    if request.method != "POST":
        return render(request, "enterprises/import.html", {})
    upload = request.FILES.get("file")
    if upload is None or not upload.name or not upload.name.lower().endswith(_ALLOWED_SUFFIXES):
        context = {"error": "请选择 .xlsx 或 .csv 文件（可先下载导入模板）"}
        return render(request, "enterprises/import.html", context, status=400)
    job_id = uuid.uuid4().hex
    suffix = Path(upload.name).suffix.lower()
    path = _jobs_dir() / f"{job_id}{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    _save_job(
        job_id,
        {"user_id": request.user.pk, "filename": upload.name, "path": str(path), "state": "queued"},
    )
    _start(job_id, request.user, only_valid=False, size=upload.size or 0)
    return redirect("enterprises:import_status", job_id=job_id)


@login_required
def import_status(request: HttpRequest, job_id: str) -> HttpResponse:
    """导入进度与结果（htmx 轮询时只返回结果片段）。"""
    job = _job(request, job_id)
    context = {"job": job, "job_id": job_id, "shown_limit": SHOWN_ISSUES, "percent": _percent(job)}
    if request.headers.get("HX-Request"):
        return render(request, "enterprises/import_status.html", context)
    return render(request, "enterprises/import_result.html", context)


def _percent(job: dict[str, Any]) -> int:
    total = job.get("total") or 0
    return int(100 * job.get("done", 0) / total) if total else 0


@login_required
@require_POST
def import_confirm(request: HttpRequest, job_id: str) -> HttpResponse:
    """对同一文件“仅导入有效行”。"""
    job = _job(request, job_id)
    if job.get("state") != "done" or job.get("written"):
        return redirect("enterprises:import_status", job_id=job_id)
    _start(job_id, request.user, only_valid=True, size=Path(job["path"]).stat().st_size)
    return redirect("enterprises:import_status", job_id=job_id)


@login_required
def import_report(request: HttpRequest, job_id: str) -> FileResponse:
    """下载完整的校验报告（.xlsx）。"""
    job = _job(request, job_id)
    path = Path(job.get("report_path") or "")
    if not path.is_file():
        raise Http404("校验报告尚未生成")
    return FileResponse(path.open("rb"), as_attachment=True, filename="导入校验报告.xlsx")
