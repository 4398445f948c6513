"""Batch scoring of an uploaded answer sheet (the layout of ``littlegiant digital template``).

Flow: upload → every row scored and checked (answers, firm in scope, repeats) and shown with its problems
located by row, column and value → the results as .xlsx → "确认保存" submits the storable rows in one
transaction. Nothing is stored before the confirmation. The upload and its job file (owner, date, campaign,
whether it was stored) live under ``UPLOADS_DIR/digital/``, so any server process can serve the next step.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from littlegiant.errors import LittleGiantError
from littlegiant.io.digital_sheets import (
    AnswerRow,
    CellProblem,
    RowResult,
    read_answer_sheet,
    score_rows,
    with_problems,
    write_results,
    write_template,
)
from littlegiant.web.accounts.permissions import is_bureau
from littlegiant.web.digital import services
from littlegiant.web.digital.models import Campaign
from littlegiant.web.digital.queries.campaigns import campaigns_visible_to
from littlegiant.web.digital.queries.sheets import sheet_row_problems

__all__ = [
    "MAX_ROWS", "SHOWN_ROWS", "upload", "upload_confirm", "upload_preview", "upload_results", "upload_template",
]  # fmt: skip

MAX_ROWS = 5000
SHOWN_ROWS = 500
_SUFFIXES = (".xlsx", ".xlsm", ".csv")
_JOB_ID = re.compile(r"[0-9a-f]{32}")
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_KEEP_SECONDS = 2 * 24 * 3600


@dataclass(frozen=True, slots=True)
class _Checked:
    """An uploaded sheet scored and checked: every row's result, and the rows that can be stored."""

    results: list[RowResult]
    storable: list[AnswerRow]


def _jobs_dir() -> Path:
    folder = Path(settings.UPLOADS_DIR) / "digital"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _job(request: HttpRequest, job_id: str) -> dict[str, Any]:
    meta = _jobs_dir() / f"{job_id}.json"
    if not _JOB_ID.fullmatch(job_id) or not meta.is_file():
        raise Http404("上传的答卷不存在或已过期")
    job: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
    if job.get("user_id") != request.user.pk:
        raise Http404("上传的答卷不存在或已过期")
    return job


def _forget_old_jobs() -> None:
    """Delete uploads (and their job files) older than two days; a stale preview link then reads 404."""
    limit = time.time() - _KEEP_SECONDS
    for path in _jobs_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def _save_job(job_id: str, job: dict[str, Any]) -> None:
    (_jobs_dir() / f"{job_id}.json").write_text(
        json.dumps(job, ensure_ascii=False), encoding="utf-8"
    )


def _campaigns(request: HttpRequest) -> Any:
    if not is_bureau(request.user):
        return Campaign.objects.none()
    return campaigns_visible_to(request.user)


def _campaign(request: HttpRequest, job: dict[str, Any]) -> Campaign | None:
    if not job.get("campaign_id"):
        return None
    campaign = _campaigns(request).filter(pk=job["campaign_id"]).first()
    if campaign is None:
        raise Http404("未找到该评测活动，或您无权查看")
    return campaign


def _scope_problem(
    row: AnswerRow, message: str, columns: dict[str, tuple[str, str]]
) -> CellProblem:
    letter, header = columns.get("uscc", ("", "统一社会信用代码"))
    return CellProblem(row.row, letter, header, row.uscc, message)


def _check(request: HttpRequest, job: dict[str, Any]) -> _Checked:
    sheet = read_answer_sheet(job["path"])
    if len(sheet.rows) > MAX_ROWS:
        raise PermissionDenied(
            f"答卷表共 {len(sheet.rows)} 行，超过单次上限 {MAX_ROWS} 行，请拆分后上传"
        )
    as_of = dt.date.fromisoformat(job["as_of"])
    campaign = _campaign(request, job)
    scope = sheet_row_problems(user=request.user, rows=sheet.rows, campaign=campaign)
    results, storable = [], []
    for item in score_rows(sheet.rows, as_of, sheet.columns):
        extra = (
            [_scope_problem(item.row, scope[item.row.row], sheet.columns)]
            if item.row.row in scope
            else []
        )
        item = with_problems(item, extra)
        results.append(item)
        if not item.problems and item.result is not None and item.result.level is not None:
            storable.append(item.row)
    return _Checked(results, storable)


def _upload_form(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    context = {"campaigns": _campaigns(request), "today": timezone.localdate(), "error": error}
    return render(request, "digital/upload.html", context, status=status)


def _as_of(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        raise PermissionDenied(f"评测日期须为 YYYY-MM-DD，填写的是“{text}”") from None


@login_required
def upload_template(request: HttpRequest) -> HttpResponse:
    """下载空白答卷表（与 ``littlegiant digital template`` 相同）。"""
    buffer = io.BytesIO()
    write_template(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=_XLSX)
    response["Content-Disposition"] = 'attachment; filename="digital-answer-sheet.xlsx"'
    return response


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """上传答卷表（每行一家企业）批量评测；确认前不保存任何数据。"""
    if request.method != "POST":
        return _upload_form(request)
    file = request.FILES.get("file")
    if file is None or not file.name or not file.name.lower().endswith(_SUFFIXES):
        return _upload_form(request, "请选择 .xlsx 或 .csv 答卷表（可先下载答卷模板）", status=400)
    try:
        as_of = _as_of(request.POST.get("as_of", "").strip())
    except PermissionDenied as error:
        return _upload_form(request, str(error), status=400)
    campaign_id = request.POST.get("campaign") or None
    if campaign_id and (
        not campaign_id.isdigit() or not _campaigns(request).filter(pk=campaign_id).exists()
    ):
        raise Http404("未找到该评测活动，或您无权查看")
    _forget_old_jobs()
    job_id = uuid.uuid4().hex
    path = _jobs_dir() / f"{job_id}{Path(file.name).suffix.lower()}"
    with path.open("wb") as handle:
        for chunk in file.chunks():
            handle.write(chunk)
    _save_job(job_id, {"user_id": request.user.pk, "filename": file.name, "path": str(path),
                       "as_of": as_of.isoformat(), "campaign_id": campaign_id and int(campaign_id),
                       "stored": None})  # fmt: skip
    return redirect("digital:upload_preview", job_id=job_id)


def _summary(checked: _Checked) -> dict[str, Any]:
    levels: dict[str, int] = {}
    for item in checked.results:
        label = item.result.level_label if item.result else "无法评测"
        levels[label] = levels.get(label, 0) + 1
    with_problems_count = sum(1 for item in checked.results if item.problems)
    return {"rows": len(checked.results), "storable": len(checked.storable),
            "problems": with_problems_count, "levels": sorted(levels.items())}  # fmt: skip


@login_required
def upload_preview(request: HttpRequest, job_id: str) -> HttpResponse:
    """逐行评测结果与问题（行、列、填写值、规则），下载结果，确认后保存。"""
    job = _job(request, job_id)
    try:
        checked = _check(request, job)
    except (LittleGiantError, PermissionDenied) as error:
        return _upload_form(request, str(error), status=400)
    storable = {row.row for row in checked.storable}
    return render(request, "digital/upload_result.html", {
        "job": job, "job_id": job_id, "results": checked.results[:SHOWN_ROWS], "storable": storable,
        "summary": _summary(checked), "shown": SHOWN_ROWS, "campaign": _campaign(request, job),
    })  # fmt: skip


@login_required
def upload_results(request: HttpRequest, job_id: str) -> HttpResponse:
    """下载逐行评测结果（.xlsx，问题列含行、列、填写值与规则）。"""
    job = _job(request, job_id)
    try:
        checked = _check(request, job)
    except (LittleGiantError, PermissionDenied) as error:
        raise Http404(str(error)) from None
    buffer = io.BytesIO()
    write_results(checked.results, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=_XLSX)
    response["Content-Disposition"] = f'attachment; filename="digital-results-{job_id[:8]}.xlsx"'
    return response


@login_required
@require_POST
def upload_confirm(request: HttpRequest, job_id: str) -> HttpResponse:
    """保存可保存的行（全部成功或全部不保存）；同一上传只能确认一次。"""
    job = _job(request, job_id)
    if job.get("stored") is not None:
        messages.info(request, "该答卷表已保存过，未重复保存")
        return redirect("digital:upload_preview", job_id=job_id)
    try:
        checked = _check(request, job)
        outcome = services.store_sheet_rows(
            user=request.user, rows=checked.storable, as_of=dt.date.fromisoformat(job["as_of"]),
            campaign=_campaign(request, job),
        )  # fmt: skip
    except (LittleGiantError, PermissionDenied) as error:
        messages.error(request, f"未保存：{error}")
        return redirect("digital:upload_preview", job_id=job_id)
    job["stored"] = {"created": outcome.created, "unchanged": outcome.unchanged}
    _save_job(job_id, job)
    messages.success(
        request,
        f"已保存 {outcome.created} 家企业的评测结果，{outcome.unchanged} 家与已有结果相同未重复保存",
    )
    return redirect("digital:upload_preview", job_id=job_id)
