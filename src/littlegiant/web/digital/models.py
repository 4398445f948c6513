"""Digital-maturity assessments (one questionnaire per enterprise and round) and officials' campaigns.

Writes go through ``services``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from littlegiant.web.enterprises.models import Enterprise

__all__ = ["AssessmentStatus", "Campaign", "DigitalAssessment"]


class AssessmentStatus(models.TextChoices):
    """Where a questionnaire stands."""

    ASSIGNED = "assigned", "待填写"
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"


class Campaign(models.Model):
    """An officials' assessment round: a list of firms to assess, optionally compared with an earlier round."""

    name = models.CharField("评测活动名称", max_length=200)
    round_label = models.CharField(
        "轮次", max_length=50, blank=True, default="", help_text="如：改造前、改造后"
    )
    baseline = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups",
        verbose_name="对比的上一轮",
    )  # fmt: skip
    deadline = models.DateField("截止日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="发起人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "数字化评测活动"
        verbose_name_plural = "数字化评测活动"
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.round_label}）" if self.round_label else self.name


class DigitalAssessment(models.Model):
    """One questionnaire of one enterprise: answers (draft or submitted) and, once submitted, the result."""

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="digital_assessments",
        verbose_name="企业",
    )
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="assessments",
        verbose_name="评测活动",
    )  # fmt: skip
    status = models.CharField(
        "状态",
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        db_index=True,
    )
    answers = models.JSONField("答卷", default=dict, blank=True)
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="填写人",
    )  # fmt: skip
    on_behalf = models.BooleanField("主管部门代填", default=False)
    as_of = models.DateField("评测日期", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    score = models.FloatField("评测得分", null=True, blank=True)
    level = models.PositiveSmallIntegerField("数字化水平等级", null=True, blank=True, db_index=True)
    dimension_points = models.JSONField("各维度得分", default=dict, blank=True)
    pack_key = models.CharField("规则包", max_length=64, blank=True, default="")
    pack_sha256 = models.CharField("规则包哈希", max_length=64, blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "数字化水平评测"
        verbose_name_plural = "数字化水平评测"
        ordering: ClassVar[list[str]] = ["-updated_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["campaign", "enterprise"], name="digital_one_per_campaign_firm"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.get_status_display()}"

    @property
    def is_submitted(self) -> bool:
        """Whether the questionnaire was submitted (its result is final)."""
        return self.status == AssessmentStatus.SUBMITTED
