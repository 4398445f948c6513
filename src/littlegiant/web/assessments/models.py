"""Stored assessments (one programme, one enterprise, one as-of date) and batch re-evaluation runs.

Every stored verdict keeps the pack id, version, file hash and as-of date it was computed with,
and the flat record it read, so an old verdict can be reproduced. Writes go through ``services``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from littlegiant.records.labels import STATUS_LABELS
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.jobs.models import Job

__all__ = ["Assessment", "EvaluationRun", "VerdictStatus"]


class VerdictStatus(models.TextChoices):
    """The three values of a verdict (the engine's ``Status``)."""

    QUALIFIED = "qualified", STATUS_LABELS["qualified"]
    NOT_QUALIFIED = "not_qualified", STATUS_LABELS["not_qualified"]
    UNKNOWN = "unknown", STATUS_LABELS["unknown"]


class Assessment(models.Model):
    """A saved evaluation of one enterprise against one programme's pack, as of a date."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="assessments", verbose_name="企业"
    )
    programme = models.CharField("培育项目", max_length=64, db_index=True)
    programme_title = models.CharField("项目名称", max_length=200, blank=True, default="")
    pack_id = models.CharField("规则包", max_length=64)
    pack_version = models.CharField("规则包版本", max_length=32)
    pack_sha256 = models.CharField("规则包文件哈希（SHA-256）", max_length=64)
    as_of = models.DateField("评价基准日")
    status = models.CharField("结论", max_length=16, choices=VerdictStatus.choices)
    score = models.FloatField("得分", null=True, blank=True)
    classification = models.CharField("类别", max_length=32, blank=True, default="")
    trace = models.JSONField("逐条说明", default=list, encoder=DjangoJSONEncoder)
    gaps = models.JSONField("差距", default=list, encoder=DjangoJSONEncoder)
    missing = models.JSONField("缺失数据项", default=list)
    record = models.JSONField("评价所用数据", default=dict, encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="保存人",
    )
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "评价结果"
        verbose_name_plural = "评价结果"
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=["enterprise", "programme", "-created_at"], name="assessment_latest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_title or self.programme} {self.pack_version} · {self.get_status_display()}"


class EvaluationRun(models.Model):
    """A re-evaluation of every enterprise in a user's scope under two versions of one programme.

    ``gained`` lists the enterprises qualified under the new version but not the base one,
    ``lost`` the reverse; each item is ``{uscc, name, region_code, before, after, score_before,
    score_after}``. ``transitions`` counts every ``before→after`` pair of statuses. Who started it,
    its state and progress are those of its ``job``.
    """

    job = models.OneToOneField(
        Job, on_delete=models.CASCADE, related_name="evaluation_run", verbose_name="后台任务"
    )
    programme = models.CharField("培育项目", max_length=64)
    as_of = models.DateField("评价基准日")
    base_version = models.CharField("原版本", max_length=32)
    new_version = models.CharField("新版本", max_length=32)
    base_sha256 = models.CharField("原版本哈希", max_length=64, blank=True, default="")
    new_sha256 = models.CharField("新版本哈希", max_length=64, blank=True, default="")
    gained_count = models.PositiveIntegerField("新增符合", default=0)
    lost_count = models.PositiveIntegerField("不再符合", default=0)
    unchanged_count = models.PositiveIntegerField("结论不变", default=0)
    other_changed_count = models.PositiveIntegerField("其他变化", default=0)
    size_classes_updated = models.PositiveIntegerField("更新企业规模数", default=0)
    transitions = models.JSONField("结论变化统计", default=dict)
    gained = models.JSONField("新增符合名单", default=list, encoder=DjangoJSONEncoder)
    lost = models.JSONField("不再符合名单", default=list, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = "批量重评"
        verbose_name_plural = "批量重评"
        ordering: ClassVar[list[str]] = ["-job__created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.programme} {self.base_version}→{self.new_version}（{self.as_of}）"
