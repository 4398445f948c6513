"""Batch re-evaluation runs as their pages read them: the runs a user may see (those of the jobs the user
may read: administrators all, everyone else their own)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from littlegiant.web.assessments.models import EvaluationRun
from littlegiant.web.jobs.queries import jobs_visible_to

__all__ = ["run_for", "runs_visible_to"]


def runs_visible_to(user: Any) -> QuerySet[EvaluationRun]:
    """The batch runs a user may look at: admins all, others the runs they started."""
    return EvaluationRun.objects.filter(job__in=jobs_visible_to(user)).select_related("job__owner")


def run_for(user: Any, pk: int) -> EvaluationRun:
    """One run the user may see; ``Http404`` otherwise (no existence leak)."""
    run = runs_visible_to(user).filter(pk=pk).first()
    if run is None:
        raise Http404("未找到该批量重评，或您无权查看")
    return run
