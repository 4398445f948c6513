"""Reading a job: administrators every job, everyone else their own; pages about a file: its owner only."""

from __future__ import annotations

import pytest
from django.http import Http404

from littlegiant.web.jobs.models import Job
from littlegiant.web.jobs.queries import job_for, jobs_visible_to

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "sees_officials_job"),
    [
        ("admin", True),
        ("official", True),
        ("official_outside", False),
        ("enterprise", False),
        ("provider", False),
        ("anonymous", False),
    ],
)
def test_who_reads_a_job(roles, actor, sees_officials_job):
    job = Job.objects.create(kind="test", owner=roles["official"])
    Job.objects.create(kind="test", owner=roles["provider"])
    assert (job in jobs_visible_to(roles[actor])) is sees_officials_job
    if sees_officials_job:
        assert job_for(roles[actor], job.public_id, kind="test") == job
    else:
        with pytest.raises(Http404):
            job_for(roles[actor], job.public_id, kind="test")


def test_owner_only_pages_are_closed_to_administrators_too(roles):
    job = Job.objects.create(kind="test", owner=roles["official"])
    assert job_for(roles["official"], job.public_id, kind="test", owner_only=True) == job
    with pytest.raises(Http404, match="上传的答卷"):
        job_for(roles["admin"], job.pk, kind="test", owner_only=True, missing="上传的答卷不存在")


def test_a_malformed_id_or_another_kind_is_404(roles):
    job = Job.objects.create(kind="test", owner=roles["official"])
    for job_id, kind in (("abc", "test"), (job.public_id, "other")):
        with pytest.raises(Http404):
            job_for(roles["official"], job_id, kind=kind)
