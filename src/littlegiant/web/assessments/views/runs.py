"""Batch re-evaluation pages: start a run, its polled progress, gained / lost lists and their Excel export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from littlegiant.errors import LittleGiantError
from littlegiant.web.assessments import services
from littlegiant.web.assessments.forms import parse_date
from littlegiant.web.assessments.labels import STATUS_LABELS
from littlegiant.web.assessments.models import EvaluationRun
from littlegiant.web.assessments.queries.evaluation import programme_titles, programme_versions
from littlegiant.web.assessments.queries.exports import run_workbook
from littlegiant.web.assessments.queries.runs import run_for, runs_visible_to
from littlegiant.web.assessments.views.candidates import require_official
from littlegiant.web.downloads import xlsx_response
from littlegiant.web.jobs.models import JobStatus
from littlegiant.web.jobs.services import recover_stale_jobs
from littlegiant.web.jobs.views import job_progress

__all__ = ["run_detail", "run_export", "run_progress", "runs"]

DEFAULT_RUN = ("specialized_sme", "2022", "2026")


def _start_run(request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        as_of = parse_date(post.get("as_of")) or timezone.localdate()
        run = services.start_evaluation_run(
            user=request.user, programme=post.get("programme", ""), base_version=post.get("base_version", ""),
            new_version=post.get("new_version", ""), as_of=as_of,
        )  # fmt: skip
    except LittleGiantError as error:
        messages.error(request, f"无法发起批量重评：{error}")
        return redirect("assessments:runs")
    return redirect("assessments:run", pk=run.pk)


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    """Start a batch re-evaluation (POST) or list the runs the user may see."""
    require_official(request)
    if request.method == "POST":
        return _start_run(request)
    titles = programme_titles()
    context = {
        "runs": runs_visible_to(request.user)[:50],
        "programmes": [
            (pid, titles.get(pid, pid), v) for pid, v in programme_versions().items() if len(v) > 1
        ],
        "default": DEFAULT_RUN,
        "today": timezone.localdate(),
    }
    return render(request, "assessments/runs.html", context)


def _run(request: HttpRequest, pk: int) -> EvaluationRun:
    """The run a page is about: bureau users only, its job checked for staleness, 404 out of sight."""
    require_official(request)
    recover_stale_jobs(user=request.user)
    return run_for(request.user, pk)


@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One run: progress while it runs, then gained / lost / unchanged counts and the lists."""
    run = _run(request, pk)
    lists = [("新增符合", _labelled(run.gained)), ("不再符合", _labelled(run.lost))]
    title = programme_titles().get(run.programme, run.programme)
    context = {"run": run, "job": run.job, "title": title, "run_lists": lists,
               "poll_url": reverse("assessments:run_progress", args=[run.pk])}  # fmt: skip
    return render(request, "assessments/run_detail.html", context)


def _labelled(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**e, "before_label": STATUS_LABELS.get(e["before"], e["before"]),
             "after_label": STATUS_LABELS.get(e["after"], e["after"])} for e in entries]  # fmt: skip


@login_required
@require_GET
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar (htmx polls it); once finished it tells the page to reload with results."""
    run = _run(request, pk)
    poll_url = reverse("assessments:run_progress", args=[run.pk])
    return job_progress(request, run.job, poll_url=poll_url, unit="家", title="正在重新评价…")


@login_required
@require_GET
def run_export(request: HttpRequest, pk: int) -> HttpResponse:
    """A finished run's gained and lost lists as an Excel workbook."""
    run = _run(request, pk)
    if run.job.status != JobStatus.DONE:
        return HttpResponse(
            "批量重评尚未完成，暂不能导出", status=409, content_type="text/plain; charset=utf-8"
        )
    return xlsx_response(
        run_workbook(run),
        f"run-{run.pk}-{run.programme}-{run.base_version}-{run.new_version}.xlsx",
    )
