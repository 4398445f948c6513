"""Starting, running and finishing jobs: the one API every long job of the platform goes through.

A job's work is a *task*: ``task(job, progress) -> result`` (a JSON-ready dict, or None), reading its
inputs from ``job.params``; it may set ``job.result_file`` to a file it wrote. ``progress(done, total)``
stores how far it got and beats the heartbeat; ``progress.step("…")`` names the current step. A task that
raises ends the job ``failed`` with the error's (Chinese) message.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone

from littlegiant.web.jobs import runner
from littlegiant.web.jobs.models import UNFINISHED, Job, JobStatus
from littlegiant.web.jobs.queries import jobs_visible_to

__all__ = [
    "Progress",
    "Task",
    "background_threshold",
    "fail_stale_jobs",
    "launch_job",
    "queue_job",
    "record_result",
    "require_signed_in",
    "rerun_job",
    "run_job",
    "stale_minutes",
    "start_job",
]

logger = logging.getLogger(__name__)


def stale_minutes() -> int:
    """How long an unfinished job may go without a heartbeat before it counts as dead (default 10)."""
    return int(getattr(settings, "LITTLEGIANT_JOB_STALE_MINUTES", 10))


def background_threshold() -> int:
    """Uploaded files larger than this many bytes are processed in the background (default 512 KiB)."""
    return int(getattr(settings, "LITTLEGIANT_JOB_BACKGROUND_BYTES", 512 * 1024))


def _update(job: Job, **fields: Any) -> None:
    """Write ``fields`` of one job row (and the instance) without touching its other columns."""
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


class Progress:
    """What a running task reports: rows done of total, the current step; each report beats the heartbeat."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, done: int, total: int) -> None:
        """``done`` of ``total`` processed so far."""
        _update(self.job, progress_done=done, progress_total=total, heartbeat_at=timezone.now())

    def step(self, message: str) -> None:
        """Name the step the task is in (shown under the progress bar)."""
        _update(self.job, message=message[:200], heartbeat_at=timezone.now())


Task = Callable[[Job, Progress], Mapping[str, Any] | None]


def require_signed_in(user: Any) -> None:
    """Raise ``PermissionDenied`` unless ``user`` is signed in (every job has an owner)."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise PermissionDenied("请先登录后再发起任务")


def _keep_upload(job: Job, upload: UploadedFile, folder: str) -> dict[str, Any]:
    """Write the uploaded file as ``UPLOADS_DIR/<folder>/<job id><suffix>``; its path and name are params."""
    directory = Path(settings.UPLOADS_DIR) / folder
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{job.public_id}{Path(upload.name or '').suffix.lower()}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return {"path": str(path), "filename": upload.name}


def queue_job(
    *,
    user: Any,
    kind: str,
    params: Mapping[str, Any] | None = None,
    upload: UploadedFile | None = None,
    folder: str = "",
) -> Job:
    """Record a job owned by ``user`` without running it yet (see :func:`launch_job`); an ``upload`` is
    kept under ``UPLOADS_DIR/<folder>/`` (``params`` gain ``path`` and ``filename``).

    Raises:
        PermissionDenied: ``user`` is not signed in.
    """
    require_signed_in(user)
    job = Job.objects.create(kind=kind, owner=user, params=dict(params or {}))
    if upload is not None:
        _update(job, params={**job.params, **_keep_upload(job, upload, folder or kind)})
    return job


def _require_owner(user: Any, job: Job) -> None:
    if job.owner_id is None or job.owner_id != getattr(user, "pk", None):
        raise PermissionDenied("只能操作自己发起的任务")


def launch_job(*, user: Any, job: Job, task: Task, background: bool | None = None) -> Job:
    """Run ``task`` on a queued job of ``user``, in the background or here and now (then the job is
    refreshed). ``background`` defaults to: a kept upload larger than :func:`background_threshold`, or
    always without one.

    Raises:
        PermissionDenied: the job is not the user's own.
    """
    _require_owner(user, job)
    if background is None:
        path = Path(str(job.params.get("path") or ""))
        background = not path.is_file() or path.stat().st_size > background_threshold()
    execute = functools.partial(run_job, task=task)
    if background:
        runner.submit(job.pk, execute)
    else:
        execute(job.pk)
        job.refresh_from_db()
    return job


def start_job(
    *,
    user: Any,
    kind: str,
    task: Task,
    params: Mapping[str, Any] | None = None,
    upload: UploadedFile | None = None,
    folder: str = "",
    background: bool | None = None,
) -> Job:
    """Record a job owned by ``user`` and run ``task`` on it: :func:`queue_job` then :func:`launch_job`.

    Raises:
        PermissionDenied: ``user`` is not signed in.
    """
    job = queue_job(user=user, kind=kind, params=params, upload=upload, folder=folder)
    return launch_job(user=user, job=job, task=task, background=background)


def rerun_job(
    *,
    user: Any,
    job: Job,
    task: Task,
    params: Mapping[str, Any],
    background: bool | None = None,
) -> Job:
    """Run a finished job of ``user`` again with new ``params``, under the same id (its pages stay put);
    ``background`` as in :func:`launch_job`.

    Raises:
        PermissionDenied: the job is not the user's own, or has not ended yet.
    """
    _require_owner(user, job)
    if not job.finished:
        raise PermissionDenied("任务尚未结束，不能重新运行")
    _update(
        job, status=JobStatus.QUEUED, params=dict(params), progress_done=0, progress_total=0,
        message="", result={}, result_file="", error="", started_at=None, finished_at=None,
        heartbeat_at=timezone.now(),
    )  # fmt: skip
    return launch_job(user=user, job=job, task=task, background=background)


def record_result(*, user: Any, job: Job, values: Mapping[str, Any]) -> Job:
    """Add ``values`` to a finished job's result (e.g. what confirming an upload stored); owner only.

    Raises:
        PermissionDenied: the job is not the user's own.
    """
    _require_owner(user, job)
    _update(job, result={**job.result, **values})
    return job


def run_job(job_id: uuid.UUID, *, task: Task) -> None:
    """Run a queued job to its end: ``running`` with a heartbeat, then ``done`` with the result or
    ``failed`` with the error. A job that is not queued is left alone (a queue may deliver it twice)."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return
    now = timezone.now()
    _update(job, status=JobStatus.RUNNING, started_at=now, heartbeat_at=now)
    try:
        # Inline in a request's transaction, a savepoint keeps a failed task from breaking it.
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            result = task(job, Progress(job))
    except Exception as error:  # a job must end with a visible state whatever went wrong
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _update(job, status=JobStatus.FAILED, error=str(error) or type(error).__name__,
                finished_at=timezone.now())  # fmt: skip
        return
    _update(
        job, status=JobStatus.DONE, result=dict(result or {}), result_file=job.result_file,
        finished_at=timezone.now(), heartbeat_at=timezone.now(),
    )  # fmt: skip


def fail_stale_jobs(*, user: Any, now: dt.datetime | None = None) -> int:
    """Mark failed the unfinished jobs ``user`` may read whose heartbeat is older than
    :func:`stale_minutes` (their process died: a restart, a crash); returns how many."""
    now = now or timezone.now()
    minutes = stale_minutes()
    stale = jobs_visible_to(user).filter(
        status__in=UNFINISHED, heartbeat_at__lt=now - dt.timedelta(minutes=minutes)
    )
    message = f"任务已中断：超过 {minutes} 分钟没有进展（服务可能已重启），请重新发起。"
    return stale.update(status=JobStatus.FAILED, error=message, finished_at=now)
