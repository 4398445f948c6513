"""The one job API: start, progress, result or error, rerun, the stale check — and who may do what."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

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


def test_large_uploads_go_to_the_background_small_ones_run_here(users, settings, monkeypatch):
    submitted = []
    monkeypatch.setattr(services.runner, "submit", lambda job_id, execute: submitted.append(job_id))
    settings.LITTLEGIANT_JOB_BACKGROUND_BYTES = 5
    small = services.start_job(user=users["admin"], kind="test", task=lambda j, p: None,
                               upload=SimpleUploadedFile("a.csv", b"1234"))  # fmt: skip
    large = services.start_job(user=users["admin"], kind="test", task=lambda j, p: None,
                               upload=SimpleUploadedFile("b.csv", b"123456"))  # fmt: skip
    assert small.status == JobStatus.DONE and submitted == [large.pk]
    assert large.status == JobStatus.QUEUED


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
    assert services.fail_stale_jobs(user=users["official"]) == 1
    stale.refresh_from_db()
    alive.refresh_from_db()
    assert stale.status == JobStatus.FAILED and "超过 10 分钟没有进展" in stale.error
    assert alive.status == JobStatus.RUNNING


@pytest.mark.parametrize(
    ("actor", "marked"),
    [("official", 1), ("admin", 1), ("official_outside", 0), ("enterprise", 0), ("anonymous", 0)],
)
def test_the_stale_check_touches_only_jobs_the_user_may_read(roles, actor, marked):
    job = services.queue_job(user=roles["official"], kind="test")
    _aged(job, 60)
    assert services.fail_stale_jobs(user=roles[actor]) == marked


@pytest.mark.django_db(transaction=True)
def test_a_background_job_finishes_in_its_thread(users):
    job = services.start_job(user=users["official"], kind="test", task=counting,
                             params={"word": "线程"})  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not job.finished:
        time.sleep(0.05)
        job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result == {"echo": "线程"}
