"""The audit log's tables: one row per event, chained by SHA-256, and the chain's head.

``AuditEvent`` rows are never changed: the model refuses ``save()`` on an existing row and
``delete()``; database triggers (migration ``0002``) refuse UPDATE always and DELETE of rows younger
than the legal retention floor (180 days). ``ChainHead`` is the one row that serialises writers
(it is updated first in every writing transaction, which takes the write lock on both SQLite and
PostgreSQL) and remembers the last hash.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

__all__ = ["AuditEvent", "ChainHead", "EventKind", "Outcome"]


class EventKind(models.TextChoices):
    """What happened."""

    LOGIN = "login", "登录成功"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "账号锁定"
    LOGOUT = "logout", "退出登录"
    SESSION_EXPIRED = "session_expired", "会话超时"
    MFA = "mfa", "双因素认证"
    PASSWORD = "password", "修改密码"
    DENIED = "denied", "越权访问被拒绝"
    WRITE = "write", "数据写入"
    EXPORT = "export", "数据导出"
    VIEW_SENSITIVE = "view_sensitive", "查看敏感信息"
    SECURITY = "security", "安全管理操作"
    AUDIT = "audit", "审计操作"


class Outcome(models.TextChoices):
    """How it ended."""

    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"


class AuditEvent(models.Model):
    """One audited event: who (user name and role at that moment), when, from where, what, outcome."""

    at = models.DateTimeField("时间", db_index=True)
    username = models.CharField("用户", max_length=150, blank=True, default="", db_index=True)
    user_id_value = models.BigIntegerField("用户编号", null=True, blank=True)
    role = models.CharField("角色", max_length=32, blank=True, default="")
    ip = models.CharField("来源地址", max_length=64, blank=True, default="")
    user_agent = models.CharField("客户端", max_length=200, blank=True, default="")
    kind = models.CharField("事件", max_length=32, choices=EventKind.choices, db_index=True)
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices)
    method = models.CharField("请求方法", max_length=8, blank=True, default="")
    path = models.CharField("请求路径", max_length=300, blank=True, default="")
    object_type = models.CharField("对象类型", max_length=100, blank=True, default="")
    object_id = models.CharField("对象", max_length=100, blank=True, default="", db_index=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering: ClassVar[list[str]] = ["-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '—'} {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("审计记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计记录只能按保留期限整批清理（littlegiant audit purge）")


class ChainHead(models.Model):
    """The chain's head: the last record's id and hash, and the anchor left by purges."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    anchor_id = models.BigIntegerField(
        default=0, help_text="清理后保留的第一条记录之前那条记录的编号"
    )
    anchor_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"#{self.last_id} {self.last_hash[:12]}"
