"""Read-only admin pages of stored assessments and batch runs (they are written by the services only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from littlegiant.web.assessments.models import Assessment, EvaluationRun


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(_ReadOnly):
    """Stored verdicts with the pack id, version, hash and as-of date."""

    list_display = (
        "enterprise",
        "programme",
        "pack_version",
        "as_of",
        "status",
        "score",
        "created_by",
        "created_at",
    )
    list_filter = ("programme", "pack_version", "status")
    search_fields = ("enterprise__name", "enterprise__uscc")


@admin.register(EvaluationRun)
class EvaluationRunAdmin(_ReadOnly):
    """Batch re-evaluations and their gained / lost counts."""

    list_display = (
        "programme",
        "base_version",
        "new_version",
        "as_of",
        "status",
        "gained_count",
        "lost_count",
        "owner",
        "created_at",
    )
    list_filter = ("programme", "job__status")
    list_select_related = ("job__owner",)

    @admin.display(description="状态", ordering="job__status")
    def status(self, run: EvaluationRun) -> str:
        """The run's job status."""
        return run.job.get_status_display()

    @admin.display(description="发起人", ordering="job__owner")
    def owner(self, run: EvaluationRun) -> Any:
        """Who started the run."""
        return run.job.owner

    @admin.display(description="发起时间", ordering="job__created_at")
    def created_at(self, run: EvaluationRun) -> Any:
        """When the run was started."""
        return run.job.created_at
