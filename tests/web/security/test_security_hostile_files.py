"""The hostile-file corpus (``hostile_files.corpus``) through both upload pages, as an official: every
file refused with a Chinese message, no server error, no row written, peak memory bounded.

Run with ``-s`` to print the figures (files, rejected, rows written, peak memory, slowest rejection).
"""

from __future__ import annotations

import contextlib
import re
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hostile_files import corpus, valid_xlsx  # this folder (pytest puts it on sys.path)

from littlegiant.io.guard import UploadRejectedError, check_upload
from littlegiant.web.digital.models import DigitalAssessment
from littlegiant.web.enterprises.models import TABLE_MODELS
from littlegiant.web.jobs.models import Job, JobStatus

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CORPUS = corpus()
PEAK_BOUND = 96 * 1024 * 1024  # bytes of Python allocations while one upload is handled
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _rows() -> dict[str, int]:
    counts = {table: model._default_manager.count() for table, model in TABLE_MODELS.items()}
    counts["digital"] = DigitalAssessment.objects.count()
    return counts


def _refusal(client, user, url_name: str, filename: str, data: bytes) -> tuple[int, str]:
    """Upload; return the status and the message the user reads (the page's error, or the job's)."""
    before = Job.objects.filter(owner=user).count()
    post = {"file": SimpleUploadedFile(filename, data)}
    if url_name == "digital:upload":
        post["as_of"] = "2026-06-30"
    response = client.post(reverse(url_name), post)
    if response.status_code != 302:
        return response.status_code, response.content.decode()
    job = Job.objects.filter(owner=user).order_by("-created_at").first()
    assert Job.objects.filter(owner=user).count() == before + 1 and job is not None
    if job.status == JobStatus.FAILED:
        return 302, job.error
    result = job.result
    assert not result.get("written") and not result.get("stored"), result
    summary = result.get("summary")
    if url_name == "digital:upload":  # checked, nothing storable
        assert summary and summary["storable"] == 0, summary
        return 302, str(result["rows"][:1]) or "没有可保存的行"
    assert result.get("error_count"), result
    return 302, str(result.get("issues"))


def test_the_corpus_is_large_and_a_valid_file_passes():
    assert len(CORPUS) >= 25
    check_upload(valid_xlsx(), "正常.xlsx")


GUARD_PEAK_BOUND = 8 * 1024 * 1024  # the check itself streams: a few MiB whatever the file claims


@pytest.mark.parametrize("label,filename,data", CORPUS, ids=[c[0] for c in CORPUS])
def test_the_guard_or_the_reader_refuses_each_file(label, filename, data):
    from littlegiant.io.importing import plan_import
    from littlegiant.io.reader import ReadError

    tracemalloc.start()
    started = time.perf_counter()
    with contextlib.suppress(UploadRejectedError):
        check_upload(data, filename)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"\n{label}: guard {elapsed * 1000:.0f} ms, peak {peak / 2**20:.1f} MiB", end="")
    assert peak < GUARD_PEAK_BOUND + len(data) and elapsed < 2.0
    try:
        plan = plan_import(data, filename=filename)
    except (UploadRejectedError, ReadError) as error:
        assert CHINESE.search(str(error)), str(error)
        return
    assert not plan.report.ok and plan.report.issues, label


@pytest.mark.parametrize("url_name", ["enterprises:import", "digital:upload"])
def test_every_hostile_upload_is_refused_with_nothing_written(login, users, url_name, inline_jobs):
    client = login(users["official"])
    before = _rows()
    figures = {"files": 0, "rejected": 0, "peak": 0, "slowest": 0.0}
    failures = []
    for label, filename, data in CORPUS:
        tracemalloc.start()
        started = time.perf_counter()
        status, message = _refusal(client, users["official"], url_name, filename, data)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        figures["files"] += 1
        figures["peak"] = max(figures["peak"], peak)
        figures["slowest"] = max(figures["slowest"], elapsed)
        if status >= 500 or not CHINESE.search(message):
            failures.append(f"{label}: {status} {message[:200]}")
        else:
            figures["rejected"] += 1
        assert peak < PEAK_BOUND + len(data) * 3, f"{label}: peak {peak / 2**20:.0f} MiB"
    written = {k: v - before[k] for k, v in _rows().items() if v != before[k]}
    print(f"\n{url_name}: {figures['files']} files, {figures['rejected']} refused, rows written "
          f"{sum(written.values())}, peak {figures['peak'] / 2**20:.1f} MiB, slowest {figures['slowest']:.2f} s")  # fmt: skip
    assert failures == []
    assert written == {}
