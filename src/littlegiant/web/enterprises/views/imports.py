"""Importing a filled template through the web: upload → check → write (or a full report).

The user uploads an .xlsx/.csv; the import runs as a job (``services.start_archive_import``: small
files within the request, larger ones in the background while the page polls its progress). With any
issue nothing is written and the page shows the first issues, a link to the full report (.xlsx) and a
"仅导入有效行" button that runs the import again with only the valid rows.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from littlegiant.io.guard import UploadRejectedError
from littlegiant.web.accounts.permissions import can_import
from littlegiant.web.enterprises import services
from littlegiant.web.jobs.models import Job
from littlegiant.web.jobs.views import job_progress, page_job

__all__ = ["import_confirm", "import_report", "import_status", "import_upload"]

_ALLOWED_SUFFIXES = (".xlsx", ".csv")


def _import_job(request: HttpRequest, job_id: str) -> Job:
    """The user's own import (an import acts on its owner's file: nobody else opens it)."""
    return page_job(
        request, job_id, kind=services.IMPORT_JOB, owner_only=True, missing="导入任务不存在或已过期"
    )


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """上传填好的导入模板（.xlsx 或 .csv），校验后写入企业档案。"""
    if not can_import(request.user):
        raise PermissionDenied("您的账号不能导入企业档案")
    if request.method != "POST":
        return render(request, "enterprises/import.html", {})
    upload = request.FILES.get("file")
    if upload is None or not upload.name or not upload.name.lower().endswith(_ALLOWED_SUFFIXES):
        context = {"error": "请选择 .xlsx 或 .csv 文件（可先下载导入模板）"}
        return render(request, "enterprises/import.html", context, status=400)
    try:
        job = services.start_archive_import(user=request.user, upload=upload)
    except UploadRejectedError as error:
        return render(request, "enterprises/import.html", {"error": str(error)}, status=400)
    return redirect("enterprises:import_status", job_id=job.public_id)


@login_required
def import_status(request: HttpRequest, job_id: str) -> HttpResponse:
    """导入进度与结果（htmx 轮询时只返回进度片段）。"""
    job = _import_job(request, job_id)
    poll_url = reverse("enterprises:import_status", args=[job.public_id])
    if request.headers.get("HX-Request"):
        return job_progress(request, job, poll_url=poll_url, title="正在校验和导入…")
    context = {
        "job": job,
        "result": job.result,
        "poll_url": poll_url,
        "shown_limit": services.SHOWN_ISSUES,
    }
    return render(request, "enterprises/import_result.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, job_id: str) -> HttpResponse:
    """对同一文件“仅导入有效行”。"""
    job = _import_job(request, job_id)
    if not Path(str(job.params.get("path") or "")).is_file():
        raise Http404("上传的文件已超过保留期限被删除，请重新上传")
    job = services.import_valid_rows(user=request.user, job=job)
    return redirect("enterprises:import_status", job_id=job.public_id)


@login_required
def import_report(request: HttpRequest, job_id: str) -> FileResponse:
    """下载完整的校验报告（.xlsx）。"""
    path = Path(_import_job(request, job_id).result_file)
    if not path.is_file():
        raise Http404("校验报告尚未生成，或已超过保留期限被删除")
    return FileResponse(path.open("rb"), as_attachment=True, filename="导入校验报告.xlsx")
