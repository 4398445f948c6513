"""Every long job's page shows the one progress partial while it runs, and a dead job as failed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from littlegiant.web.assessments.models import EvaluationRun
from littlegiant.web.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def _running(owner, kind, **fields):
    return Job.objects.create(kind=kind, owner=owner, status=JobStatus.RUNNING, **fields)


def test_a_running_run_polls_the_shared_progress_partial(login, users):
    job = _running(users["official"], "evaluation_run", progress_done=3, progress_total=12)
    run = EvaluationRun.objects.create(
        job=job, programme="specialized_sme", as_of=dt.date(2026, 6, 30), base_version="2022",
        new_version="2026",
    )  # fmt: skip
    client = login(users["official"])
    detail = client.get(reverse("assessments:run", args=[run.pk])).content.decode()
    progress = client.get(reverse("assessments:run_progress", args=[run.pk]))
    for html in (detail, progress.content.decode()):
        assert 'class="panel job-progress"' in html and 'hx-trigger="every 1s"' in html
        assert "已处理 3 / 12 家（25%）" in html and 'value="25"' in html
    assert "HX-Refresh" not in progress


def test_a_running_upload_check_polls_the_same_partial(login, users, settings, tmp_path):
    sheet = tmp_path / "a.xlsx"
    sheet.write_bytes(b"x")
    job = _running(users["official"], "digital_upload", progress_total=40,
                   params={"path": str(sheet), "filename": "a.xlsx", "as_of": "2025-06-30"})  # fmt: skip
    page = login(users["official"]).get(reverse("digital:upload_preview", args=[job.public_id]))
    html = page.content.decode()
    assert 'class="panel job-progress"' in html and "已处理 0 / 40 行" in html


def test_a_job_whose_process_died_reads_failed_on_its_page(login, users, settings):
    settings.LITTLEGIANT_JOB_STALE_MINUTES = 10
    job = _running(users["admin"], "archive_import", params={"filename": "x.xlsx", "path": "/nope"})
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=30))
    page = login(users["admin"]).get(reverse("enterprises:import_status", args=[job.public_id]))
    html = page.content.decode()
    assert "无法导入" in html and "任务已中断：超过 10 分钟没有进展" in html
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED
