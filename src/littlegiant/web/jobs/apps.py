"""The jobs app: one model and one API for every long job of the platform."""

from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs with their owner, status, progress, heartbeat and result."""

    name = "littlegiant.web.jobs"
    label = "jobs"
    verbose_name = "后台任务"
