"""Each user's role on the platform, with the regions or enterprises it reaches."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from littlegiant.web.accounts.regions import region_prefix

__all__ = ["Membership", "Role"]


class Role(models.TextChoices):
    """What a user is on the platform; the permission layer reads nothing else."""

    ADMIN = "admin", "管理员"
    OFFICIAL = "official", "主管部门工作人员"
    ENTERPRISE = "enterprise", "企业用户"
    PROVIDER = "provider", "服务机构"


class Membership(models.Model):
    """A user's role: officials are scoped to GB/T 2260 region codes, enterprise users to enterprises.

    A region code covers its sub-regions (``330100`` covers ``330106``). Superusers are admins
    whatever their membership says; a user without a membership sees no enterprise.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name="用户",
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    region_codes = models.JSONField(
        "管辖地区代码",
        default=list,
        blank=True,
        help_text="GB/T 2260 六位代码列表；上级代码包含下级地区",
    )
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise", blank=True, related_name="members", verbose_name="绑定企业"
    )
    organization = models.CharField("所属单位", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        ordering: ClassVar[list[str]] = ["user__username"]
        permissions = [  # noqa: RUF012 - Django reads it once
            ("view_personal_info", "可查看联系人个人信息（完整电话、邮箱、证件号）"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def region_prefixes(self) -> list[str]:
        """The significant prefixes of this member's region codes (see ``regions.region_prefix``)."""
        return [region_prefix(code) for code in self.region_codes]
