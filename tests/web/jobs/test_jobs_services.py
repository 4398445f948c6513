"""The one job API: start, progress, result or error, rerun, the stale check — and who may do what."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from littlegiant.errors import LittleGiantError
from littlegiant.web.jobs import services
from littlegiant.web.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def counting(job, progress):
    for done in range(1, 4):
        progress(done, 3)
    progress.step("收尾")
    return {"echo": job.params["word"]}


def failing(job, progress):
    progress(1, 10)
    raise LittleGiantError("第 2 行：数据有误")


def test_a_job_runs_reports_progress_and_keeps_its_result(users):
    job = services.start_job(
        user=users["official"], kind="test", task=counting, params={"word": "好"}, background=False
    )
    assert (job.status, job.result, job.owner) == (
        JobStatus.DONE,
        {"echo": "好"},
        users["official"],
    )
    assert (job.progress_done, job.progress_total, job.percent, job.message) == (3, 3, 100, "收尾")
    assert job.started_at <= job.finished_at and job.heartbeat_at >= job.started_at


@pytest.mark.django_db(
    transaction=True
)  # as in a request: no surrounding transaction to roll back to
def test_a_failing_task_ends_the_job_failed_with_its_message(users):
    job = services.start_job(
        user=users["admin"], kind="test", task=failing, params={}, background=False
    )
    assert job.status == JobStatus.FAILED and job.error == "第 2 行：数据有误"
    assert job.finished and job.finished_at is not None and job.progress_done == 1


def test_nobody_anonymous_starts_a_job(roles):
    with pytest.raises(PermissionDenied):
        services.start_job(user=roles["anonymous"], kind="test", task=counting, background=False)
    assert not Job.objects.exists()


def test_an_upload_is_kept_under_the_uploads_folder(users, settings):
    upload = SimpleUploadedFile("答卷.XLSX", b"x" * 10)
    job = services.start_job(
        user=users["official"], kind="test", task=lambda job, progress: None, upload=upload,
        folder="tests", background=False, params={"word": "x"},
    )  # fmt: skip
    assert job.params["filename"] == "答卷.XLSX" and job.params["word"] == "x"
    assert job.params["path"] == str(settings.UPLOADS_DIR / "tests" / f"{job.public_id}.xlsx")


def nothing(job, progress):
    return None


def test_large_uploads_go_to_the_task_queue_small_ones_run_here(users, settings):
    settings.LITTLEGIANT_JOB_BACKGROUND_BYTES = 5
    small = services.start_job(user=users["admin"], kind="test", task=nothing,
                               upload=SimpleUploadedFile("a.csv", b"1234"))  # fmt: skip
    large = services.start_job(user=users["admin"], kind="test", task=nothing,
                               upload=SimpleUploadedFile("b.csv", b"123456"))  # fmt: skip
    assert small.status == JobStatus.DONE and large.status == JobStatus.QUEUED
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "littlegiant.web.jobs.services.execute_job"
    assert queued.args_kwargs == {"args": [large.public_id], "kwargs": {}}
    assert large.task == f"{__name__}.nothing" and large.attempts == 0


def test_a_background_task_must_be_importable_by_the_worker(users):
    with pytest.raises(TypeError, match="module-level"):
        services.start_job(user=users["admin"], kind="test", task=lambda j, p: None)
    assert not DBTaskResult.objects.exists()


def test_a_job_runs_once_even_when_delivered_twice(users):
    calls = []
    job = services.start_job(user=users["admin"], kind="test", background=False,
                             task=lambda j, p: calls.append(j.pk))  # fmt: skip
    services.run_job(job.pk, task=lambda j, p: calls.append(j.pk))
    assert calls == [job.pk]


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("official", True),
        ("admin", False),
        ("official_outside", False),
        ("enterprise", False),
        ("provider", False),
        ("anonymous", False),
    ],
)
def test_only_the_owner_reruns_launches_or_annotates_a_job(roles, actor, allowed):
    job = services.start_job(user=roles["official"], kind="test", task=counting,
                             params={"word": "一"}, background=False)  # fmt: skip
    queued = services.queue_job(user=roles["official"], kind="test", params={"word": "三"})
    user = roles[actor]
    if allowed:
        again = services.rerun_job(user=user, job=job, task=counting, params={"word": "二"},
                                   background=False)  # fmt: skip
        assert again.pk == job.pk and again.result == {"echo": "二"}
        services.record_result(user=user, job=job, values={"stored": 1})
        assert Job.objects.get(pk=job.pk).result == {"echo": "二", "stored": 1}
        assert services.launch_job(user=user, job=queued, task=counting, background=False).finished
        return
    with pytest.raises(PermissionDenied):
        services.rerun_job(user=user, job=job, task=counting, params={"word": "二"})
    with pytest.raises(PermissionDenied):
        services.record_result(user=user, job=job, values={"stored": 1})
    with pytest.raises(PermissionDenied):
        services.launch_job(user=user, job=queued, task=counting, background=False)
    assert Job.objects.get(pk=job.pk).result == {"echo": "一"}


def test_an_unfinished_job_is_not_rerun(users):
    job = services.queue_job(user=users["official"], kind="test")
    with pytest.raises(PermissionDenied, match="尚未结束"):
        services.rerun_job(user=users["official"], job=job, task=counting, params={})


def _aged(job, minutes):
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now() - dt.timedelta(minutes=minutes)
    )


def test_a_job_without_a_heartbeat_for_too_long_is_marked_failed(users, settings):
    settings.LITTLEGIANT_JOB_STALE_MINUTES = 10
    stale = services.queue_job(user=users["official"], kind="test")
    alive = services.queue_job(user=users["official"], kind="test")
    _aged(stale, 11)
    _aged(alive, 9)
    assert services.recover_stale_jobs(user=users["official"]) == 1
    stale.refresh_from_db()
    alive.refresh_from_db()
    assert stale.status == JobStatus.FAILED and "超过 10 分钟没有进展" in stale.error
    assert not DBTaskResult.objects.exists()  # it had no task a worker can import: not queued again
    assert alive.status == JobStatus.RUNNING


@pytest.mark.parametrize(
    ("actor", "marked"),
    [("official", 1), ("admin", 1), ("official_outside", 0), ("enterprise", 0), ("anonymous", 0)],
)
def test_the_stale_check_touches_only_jobs_the_user_may_read(roles, actor, marked):
    job = services.queue_job(user=roles["official"], kind="test")
    _aged(job, 60)
    assert services.recover_stale_jobs(user=roles[actor]) == marked


def test_a_background_job_is_run_by_the_task_queue_worker(users, task_worker):
    job = services.start_job(user=users["official"], kind="test", task=counting,
                             params={"word": "线程"})  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not job.finished:
        time.sleep(0.05)
        job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result == {"echo": "线程"}


def _running(job, *, attempts, minutes):
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=attempts, task=f"{__name__}.counting",
        heartbeat_at=timezone.now() - dt.timedelta(minutes=minutes),
    )  # fmt: skip


def test_a_dead_job_is_queued_again_while_attempts_remain_then_marked_failed(users, settings):
    settings.LITTLEGIANT_JOB_STALE_MINUTES = 3
    settings.LITTLEGIANT_JOB_MAX_ATTEMPTS = 2
    job = services.queue_job(user=users["official"], kind="test", params={"word": "再"})
    _running(job, attempts=1, minutes=4)
    assert services.recover_stale_jobs(user=users["official"]) == 1
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.QUEUED, "上次运行中断，已重新排队")
    assert DBTaskResult.objects.get().args_kwargs["args"] == [job.public_id]
    services.execute_job.call(job.public_id)  # what the worker does with it
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts) == (JobStatus.DONE, {"echo": "再"}, 2)
    _running(job, attempts=2, minutes=4)
    assert services.recover_stale_jobs(user=users["official"]) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "已尝试 2 次" in job.error
    assert DBTaskResult.objects.count() == 1


def test_a_job_still_beating_is_not_recovered(users, settings):
    settings.LITTLEGIANT_JOB_STALE_MINUTES = 3
    job = services.queue_job(user=users["official"], kind="test")
    _running(job, attempts=1, minutes=2)
    assert services.recover_stale_jobs(user=users["official"]) == 0
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def slow(job, progress):
    time.sleep(0.5)
    return {}


@pytest.mark.django_db(transaction=True)
def test_a_long_step_without_progress_keeps_beating(users, settings):
    settings.LITTLEGIANT_JOB_HEARTBEAT_SECONDS = 0.05
    beats = []
    real = services.Job.objects.filter

    def spy(*args, **kwargs):
        query = real(*args, **kwargs)
        if kwargs.get("status") == JobStatus.RUNNING and "attempts" not in kwargs:
            beats.append(time.monotonic())
        return query

    job = services.queue_job(user=users["official"], kind="test")
    started = timezone.now()
    services.Job.objects.filter = spy
    try:
        services.run_job(job.pk, task=slow)
    finally:
        services.Job.objects.filter = real
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and len(beats) >= 3
    assert job.heartbeat_at > started


@pytest.mark.parametrize("actor", ["official", "official_outside", "enterprise", "provider"])
def test_only_administrators_clean_uploads(roles, actor):
    with pytest.raises(PermissionDenied):
        services.cleanup_uploads(user=roles[actor])


def test_uploads_past_their_retention_are_deleted_unless_their_job_runs(users, settings):
    import os

    settings.LITTLEGIANT_UPLOAD_RETENTION_DAYS = 7
    folder = settings.UPLOADS_DIR / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    busy = services.queue_job(user=users["admin"], kind="test")
    old_done, old_busy, fresh = (folder / ("a" * 32 + ".xlsx"), folder / f"{busy.public_id}.xlsx",
                                 folder / ("b" * 32 + ".report.xlsx"))  # fmt: skip
    dead_temp = folder / ".x.xlsx.999999999.partial.xlsx"
    for path in (old_done, old_busy, fresh, dead_temp):
        path.write_bytes(b"x")
    eight_days = time.time() - 8 * 86400
    for path in (old_done, old_busy):
        os.utime(path, (eight_days, eight_days))
    removed = services.cleanup_uploads(user=users["admin"])
    assert set(removed) == {old_done, dead_temp}
    assert old_busy.exists() and fresh.exists() and not old_done.exists()
