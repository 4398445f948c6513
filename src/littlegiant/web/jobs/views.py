"""How every app's pages show a job: the one progress partial (htmx polls it) and the job a page is about."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from littlegiant.web.jobs.models import Job
from littlegiant.web.jobs.queries import job_for
from littlegiant.web.jobs.services import recover_stale_jobs

__all__ = ["job_progress", "page_job"]


def page_job(
    request: HttpRequest,
    job_id: uuid.UUID | str,
    *,
    kind: str,
    owner_only: bool = False,
    missing: str = "任务不存在或已过期",
) -> Job:
    """The job a page shows, after the stale check (a dead job reads ``failed``); ``Http404`` when the
    user may not read it (see ``queries.job_for``)."""
    recover_stale_jobs(user=request.user)
    return job_for(request.user, job_id, kind=kind, owner_only=owner_only, missing=missing)


def job_progress(
    request: HttpRequest, job: Job, *, poll_url: str, unit: str = "行", **context: Any
) -> HttpResponse:
    """The progress partial of an unfinished job; once the job has ended, the page is told to reload
    (``HX-Refresh``) and shows the result."""
    response = render(
        request, "jobs/_progress.html", {"job": job, "poll_url": poll_url, "unit": unit, **context}
    )
    if job.finished:
        response["HX-Refresh"] = "true"
    return response
