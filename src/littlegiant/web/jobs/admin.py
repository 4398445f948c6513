"""Read-only admin of background jobs (they are written by ``services`` only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from littlegiant.web.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Every job with its owner, status and progress; nothing is edited here."""

    list_display = (
        "kind", "owner", "status", "progress_done", "progress_total", "attempts", "created_at",
    )  # fmt: skip
    list_filter = ("kind", "status")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
