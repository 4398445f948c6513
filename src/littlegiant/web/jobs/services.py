"""Starting, running and finishing jobs: the one API every long job of the platform goes through.

A job's work is a *task*: ``task(job, progress) -> result`` (a JSON-ready dict, or None), reading its
inputs from ``job.params``; it may set ``job.result_file`` to a file it wrote (a report). ``progress(done,
total)`` stores how far it got and beats the heartbeat; ``progress.step("…")`` names the current step. A
task that raises ends the job ``failed`` with the error's (Chinese) message.

Background work goes through the task queue (django-tasks, database backend: ``docs/decisions``): the
queue carries only the job's id, a worker (``littlegiant worker``) imports the job's ``task`` by its dotted
path and runs it here, in :func:`run_job`. A task must therefore be a module-level function, and it must be
*atomic or idempotent*: its writes happen in one transaction, and running it again on the same inputs
gives the same archive. That is what makes a killed job safe: a running job whose heartbeat stops (its
worker died) is queued again by :func:`recover_stale_jobs` and run from the start, up to
``LITTLEGIANT_JOB_MAX_ATTEMPTS`` times, then marked failed — never left "进行中", never half-applied.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task as queue_task

from littlegiant.files import remove_stale_temps, written_atomically
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import role_of
from littlegiant.web.jobs.models import Job, JobStatus
from littlegiant.web.jobs.queries import jobs_visible_to

__all__ = [
    "Progress",
    "Task",
    "background_threshold",
    "cleanup_uploads",
    "execute_job",
    "heartbeat_seconds",
    "launch_job",
    "max_attempts",
    "queue_job",
    "record_result",
    "recover_stale_jobs",
    "require_signed_in",
    "rerun_job",
    "retention_days",
    "run_job",
    "stale_minutes",
    "start_job",
]

logger = logging.getLogger(__name__)


def stale_minutes() -> float:
    """How long a running job may go without a heartbeat before it counts as dead (default 3)."""
    return float(getattr(settings, "LITTLEGIANT_JOB_STALE_MINUTES", 3))


def heartbeat_seconds() -> float:
    """How often a running job beats its heartbeat while its task works (default every 20 s)."""
    return float(getattr(settings, "LITTLEGIANT_JOB_HEARTBEAT_SECONDS", 20))


def max_attempts() -> int:
    """How many times a job is started before a dead run marks it failed (default 3)."""
    return int(getattr(settings, "LITTLEGIANT_JOB_MAX_ATTEMPTS", 3))


def retention_days() -> float:
    """How many days uploaded files and the reports made from them are kept (default 7)."""
    return float(getattr(settings, "LITTLEGIANT_UPLOAD_RETENTION_DAYS", 7))


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
    with written_atomically(path) as temp, temp.open("wb") as handle:
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


def _task_path(task: Task) -> str:
    """The dotted path a worker imports ``task`` by; empty when it has none (a lambda, a closure)."""
    path = f"{getattr(task, '__module__', '')}.{getattr(task, '__qualname__', '')}"
    try:
        return path if import_string(path) is task else ""
    except ImportError:
        return ""


def launch_job(*, user: Any, job: Job, task: Task, background: bool | None = None) -> Job:
    """Run ``task`` on a queued job of ``user``: through the task queue, or here and now (then the job
    is refreshed). ``background`` defaults to: a kept upload larger than :func:`background_threshold`,
    or always without one. A background task must be a module-level function (the worker imports it).

    Raises:
        PermissionDenied: the job is not the user's own.
        TypeError: a background ``task`` cannot be imported by a worker.
    """
    _require_owner(user, job)
    if background is None:
        path = Path(str(job.params.get("path") or ""))
        background = not path.is_file() or path.stat().st_size > background_threshold()
    task_path = _task_path(task)
    if background and not task_path:
        raise TypeError(f"a background job's task must be a module-level function: {task!r}")
    _update(job, task=task_path)
    if background:
        execute_job.enqueue(job.public_id)
    else:
        run_job(job.pk, task=task)
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
        heartbeat_at=timezone.now(), attempts=0,
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


class _Heartbeat:
    """Beats a running job's heartbeat every :func:`heartbeat_seconds` from a thread of its own (with
    its own database connection), so a long step without progress reports never reads as dead."""

    def __init__(self, job_id: uuid.UUID) -> None:
        self.job_id = job_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id.hex[:8]}",
                                       daemon=True)  # fmt: skip

    def _beat(self) -> None:
        try:
            while not self.stop.wait(heartbeat_seconds()):
                try:
                    Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:  # a busy database: the next beat tries again
                    logger.warning("heartbeat of job %s skipped", self.job_id, exc_info=True)
        finally:
            connection.close()

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def run_job(job_id: uuid.UUID, *, task: Task) -> None:
    """Run a queued job to its end: claim it (``running``, one more attempt) with a heartbeat, then
    ``done`` with the result or ``failed`` with the error. A job that is not queued is left alone (a
    queue may deliver it twice; a recovered job is run by one worker only)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return
    job = Job.objects.select_related("owner").get(pk=job_id)
    mine = Job.objects.filter(pk=job_id, status=JobStatus.RUNNING, attempts=job.attempts)
    inline = connection.in_atomic_block  # inside a request's (or a test's) transaction
    try:
        # Inline, a savepoint keeps a failed task from breaking the surrounding transaction.
        with (
            transaction.atomic() if inline else nullcontext(),
            nullcontext() if inline else _Heartbeat(job.pk),
        ):
            result = task(job, Progress(job))
    except Exception as error:  # a job must end with a visible state whatever went wrong
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        mine.update(status=JobStatus.FAILED, error=str(error) or type(error).__name__,
                    finished_at=timezone.now())  # fmt: skip
        job.refresh_from_db()
        return
    mine.update(
        status=JobStatus.DONE, result=dict(result or {}), result_file=job.result_file,
        finished_at=timezone.now(), heartbeat_at=timezone.now(),
    )  # fmt: skip


@queue_task()
def execute_job(job_id: str) -> None:
    """The task queue's one task: run the job ``job_id`` (hex) by its recorded ``task`` in this worker."""
    job = Job.objects.filter(pk=uuid.UUID(hex=job_id)).only("task").first()
    if job is None or not job.task:
        logger.warning("job %s cannot be run: it is gone or has no task", job_id)
        return
    run_job(job.pk, task=import_string(job.task))


def recover_stale_jobs(*, user: Any, now: dt.datetime | None = None) -> int:
    """Deal with the running jobs ``user`` may read whose heartbeat is older than :func:`stale_minutes`
    (their process died: a restart, a crash, ``kill -9``): queued again while attempts remain and the
    worker can import their task, otherwise marked failed. Returns how many were dealt with.

    The web pages call it for their user; the worker for everyone (as the system user)."""
    now = now or timezone.now()
    minutes = stale_minutes()
    stale = jobs_visible_to(user).filter(
        status=JobStatus.RUNNING, heartbeat_at__lt=now - dt.timedelta(minutes=minutes)
    )
    dealt = 0
    for job in stale.only("pk", "task", "attempts", "heartbeat_at"):
        still = Job.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
        )
        if job.task and job.attempts < max_attempts():
            with transaction.atomic():
                if still.update(status=JobStatus.QUEUED, heartbeat_at=now, progress_done=0,
                                message="上次运行中断，已重新排队"):  # fmt: skip
                    execute_job.enqueue(job.public_id)
                    dealt += 1
            continue
        dealt += still.update(
            status=JobStatus.FAILED, finished_at=now,
            error=f"任务已中断：超过 {minutes:g} 分钟没有进展（服务可能已重启），"
            f"已尝试 {job.attempts} 次，请重新发起。",
        )  # fmt: skip
    return dealt


def cleanup_uploads(*, user: Any, now: dt.datetime | None = None) -> list[Path]:
    """Apply the retention rule to ``UPLOADS_DIR``: files older than :func:`retention_days` are deleted
    unless their job is still unfinished, and so are temporary files of dead processes; the jobs stay
    (their pages then say the file has expired). Administrators only; returns the deleted paths.

    Raises:
        PermissionDenied: ``user`` is not an administrator.
    """
    if role_of(user) is not Role.ADMIN:
        raise PermissionDenied("只有管理员可以清理上传文件")
    now = now or timezone.now()
    limit = (now - dt.timedelta(days=retention_days())).timestamp()
    root = Path(settings.UPLOADS_DIR)
    if not root.is_dir():
        return []
    busy = {
        job.public_id
        for job in Job.objects.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).only("pk")
    }
    removed: list[Path] = []
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        removed += remove_stale_temps(folder)
        for path in folder.iterdir():
            if not path.is_file() or path.name.split(".", 1)[0] in busy:
                continue
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed
