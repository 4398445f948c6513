"""One row per long job: who started it, what it does, where it is, what it produced.

Writes go through ``services`` (start, progress, finish, the stale check).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

__all__ = ["Job", "JobStatus"]


class JobStatus(models.TextChoices):
    """Where a job is."""

    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    """A long piece of work (an import, an answer-sheet check, a re-evaluation) and its progress.

    ``params`` are the job's inputs (JSON), ``result`` what it produced (JSON) and ``result_file`` a file
    it wrote (a report); ``heartbeat_at`` moves with every progress report and every few seconds while the
    job runs, so a job whose process died can be told from one that is still working. ``task`` is the
    dotted path of the work (what the task queue's worker imports; empty for work run inline that has
    none) and ``attempts`` how many times a worker started it (a dead job is queued again until
    ``LITTLEGIANT_JOB_MAX_ATTEMPTS``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("任务类型", max_length=64, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发起人",
    )
    status = models.CharField(
        "状态", max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress_done = models.PositiveIntegerField("已处理", default=0)
    progress_total = models.PositiveIntegerField("总数", default=0)
    message = models.CharField("当前步骤", max_length=200, blank=True, default="")
    params = models.JSONField("参数", default=dict, blank=True, encoder=DjangoJSONEncoder)
    result = models.JSONField("结果", default=dict, blank=True, encoder=DjangoJSONEncoder)
    result_file = models.CharField("结果文件", max_length=500, blank=True, default="")
    error = models.TextField("错误信息", blank=True, default="")
    task = models.CharField("任务函数", max_length=200, blank=True, default="")
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", default=timezone.now)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering: ClassVar[list[str]] = ["-created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "heartbeat_at"], name="job_unfinished"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        """Whether the job has ended (done or failed)."""
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    @property
    def percent(self) -> int:
        """Progress in whole percent (100 once done; 0 before the total is known)."""
        if self.status == JobStatus.DONE:
            return 100
        return int(self.progress_done * 100 / self.progress_total) if self.progress_total else 0

    @property
    def public_id(self) -> str:
        """The id as URLs carry it (32 hex digits)."""
        return self.pk.hex
