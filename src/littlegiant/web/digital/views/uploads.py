"""Batch scoring of an uploaded answer sheet (the layout of ``littlegiant digital template``).

Flow: upload → a job scores and checks every row (answers, firm in scope, repeats) and the page shows
each with its problems located by row, column and value → the results as .xlsx → "确认保存" submits the
storable rows in one transaction. Nothing is stored before the confirmation.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from littlegiant.errors import LittleGiantError
from littlegiant.io.digital_sheets import write_template
from littlegiant.io.guard import UploadRejectedError
from littlegiant.web.accounts.permissions import is_bureau
from littlegiant.web.digital import services
from littlegiant.web.digital.models import Campaign
from littlegiant.web.digital.queries.campaigns import campaigns_visible_to, visible_campaign
from littlegiant.web.downloads import xlsx_response
from littlegiant.web.jobs.models import Job, JobStatus
from littlegiant.web.jobs.views import job_progress, page_job

__all__ = ["upload", "upload_confirm", "upload_preview", "upload_results", "upload_template"]

_SUFFIXES = (".xlsx", ".csv")
_MISSING = "上传的答卷不存在或已过期"


def _upload_job(request: HttpRequest, job_id: str) -> Job:
    """The user's own upload whose file is still kept (an upload acts on its owner's file)."""
    job = page_job(request, job_id, kind=services.UPLOAD_JOB, owner_only=True, missing=_MISSING)
    if not Path(str(job.params.get("path") or "")).is_file():
        raise Http404(_MISSING)
    return job


def _campaigns(request: HttpRequest) -> object:
    if not is_bureau(request.user):
        return Campaign.objects.none()
    return campaigns_visible_to(request.user)


def _campaign(request: HttpRequest, job: Job) -> Campaign | None:
    campaign_id = job.params.get("campaign_id")
    if not campaign_id:
        return None
    campaign = visible_campaign(request.user, campaign_id)
    if campaign is None:
        raise Http404("未找到该评测活动，或您无权查看")
    return campaign


def _upload_form(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    context = {"campaigns": _campaigns(request), "today": timezone.localdate(), "error": error}
    return render(request, "digital/upload.html", context, status=status)


def _as_of(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        raise PermissionDenied(
            f"评测日期须为“年-月-日”格式（如 2024-01-31），填写的是“{text}”"
        ) from None


@login_required
def upload_template(request: HttpRequest) -> HttpResponse:
    """下载空白答卷表（与 ``littlegiant digital template`` 相同）。"""
    buffer = io.BytesIO()
    write_template(buffer)
    return xlsx_response(buffer.getvalue(), "digital-answer-sheet.xlsx")


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
    campaign = visible_campaign(request.user, campaign_id) if campaign_id else None
    if campaign_id and campaign is None:
        raise Http404("未找到该评测活动，或您无权查看")
    try:
        job = services.start_sheet_check(
            user=request.user, upload=file, as_of=as_of, campaign=campaign
        )
    except UploadRejectedError as error:
        return _upload_form(request, str(error), status=400)
    return redirect("digital:upload_preview", job_id=job.public_id)


@login_required
def upload_preview(request: HttpRequest, job_id: str) -> HttpResponse:
    """逐行评测结果与问题（行、列、填写值、规则），下载结果，确认后保存。"""
    job = _upload_job(request, job_id)
    poll_url = reverse("digital:upload_preview", args=[job.public_id])
    if request.headers.get("HX-Request"):
        return job_progress(request, job, poll_url=poll_url, title="正在逐行评测…")
    if job.status == JobStatus.FAILED:
        return _upload_form(request, job.error, status=400)
    return render(request, "digital/upload_result.html", {
        "job": job, "result": job.result, "poll_url": poll_url, "shown": services.SHOWN_ROWS,
        "campaign": _campaign(request, job),
    })  # fmt: skip


@login_required
def upload_results(request: HttpRequest, job_id: str) -> HttpResponse:
    """下载逐行评测结果（.xlsx，问题列含行、列、填写值与规则）。"""
    job = _upload_job(request, job_id)
    path = Path(job.result_file)
    if job.status != JobStatus.DONE or not path.is_file():
        raise Http404(job.error or "评测结果尚未生成")
    return xlsx_response(path.read_bytes(), f"digital-results-{job.public_id[:8]}.xlsx")


@login_required
@require_POST
def upload_confirm(request: HttpRequest, job_id: str) -> HttpResponse:
    """保存可保存的行（全部成功或全部不保存）；同一上传只能确认一次。"""
    job = _upload_job(request, job_id)
    _campaign(request, job)
    try:
        outcome = services.confirm_sheet(user=request.user, job=job)
    except (LittleGiantError, PermissionDenied) as error:
        messages.error(request, f"未保存：{error}")
        return redirect("digital:upload_preview", job_id=job.public_id)
    if outcome is None:
        messages.info(request, "该答卷表已保存过，未重复保存")
    else:
        messages.success(
            request,
            f"已保存 {outcome.created} 家企业的评测结果，{outcome.unchanged} 家与已有结果相同未重复保存",
        )
    return redirect("digital:upload_preview", job_id=job.public_id)
