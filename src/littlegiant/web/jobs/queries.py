"""Which jobs a user may read: administrators every job, everyone else (officials too) their own."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import role_of
from littlegiant.web.jobs.models import Job

__all__ = ["job_for", "jobs_visible_to"]


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    """Administrators: every job; other signed-in users: the jobs they started; anonymous users: none."""
    if role_of(user) is Role.ADMIN:
        return Job.objects.all()
    if user is None or not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(owner=user)


def job_for(
    user: Any,
    job_id: uuid.UUID | str,
    *,
    kind: str,
    owner_only: bool = False,
    missing: str = "任务不存在或已过期",
) -> Job:
    """One job of ``kind`` the user may read; ``Http404`` with ``missing`` otherwise (no existence leak).

    ``owner_only`` narrows to the user's own jobs even for administrators: an uploaded file's pages act
    on the file (confirm, store), which only its owner may do.
    """
    try:
        key = job_id if isinstance(job_id, uuid.UUID) else uuid.UUID(hex=str(job_id))
    except ValueError:
        raise Http404(missing) from None
    jobs = Job.objects.filter(owner=user) if owner_only else jobs_visible_to(user)
    job = jobs.select_related("owner").filter(pk=key, kind=kind).first()
    if job is None:
        raise Http404(missing)
    return job
