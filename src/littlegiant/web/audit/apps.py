"""The audit app: the append-only, hash-chained audit log (等保 2.0 §8.1.4.3, §8.1.5.3)."""

from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who did what, when, from where: logins, denials, writes, exports, views of sensitive data."""

    name = "littlegiant.web.audit"
    label = "audit"
    verbose_name = "安全审计"

    def ready(self) -> None:
        from littlegiant.web.audit import receivers
        from littlegiant.web.navigation import register_nav_entry

        receivers.connect()
        register_nav_entry("audit:log", "审计日志", order=90, roles=frozenset({"audit_admin"}))
