"""Signal receivers that feed the audit log: logins, logouts, failed logins, lockouts (django-axes),
and every row written to a platform table (post_save / post_delete), attributed to the acting user.

Bulk loads write no per-row signal; their services record one summary event themselves.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save

from littlegiant.web.audit.context import current
from littlegiant.web.audit.models import EventKind, Outcome
from littlegiant.web.audit.services import record

__all__ = ["AUDITED_APPS", "connect"]

AUDITED_APPS = frozenset(
    {"auth", "accounts", "enterprises", "assessments", "catalog", "digital", "jobs"}
)
_QUIET_UPDATES = frozenset({"last_login"})  # Django updates it on every login (audited as a login)


def _audited(sender: Any) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in AUDITED_APPS:
        return False
    return not sender.__name__.startswith("Historical")  # simple_history's shadow tables


def _acting_user(instance: Any) -> Any:
    user = getattr(instance, "_history_user", None)
    if user is not None:
        return user
    request = current()
    return request.user if request is not None else None


def _on_save(
    sender: Any, instance: Any, created: bool, update_fields: Any = None, **_: Any
) -> None:
    if not _audited(sender):
        return
    if update_fields and set(update_fields) <= _QUIET_UPDATES:
        return
    record(
        EventKind.WRITE,
        user=_acting_user(instance),
        object_type=sender._meta.label,
        object_id=instance.pk,
        detail={
            "action": "create" if created else "update",
            "fields": sorted(update_fields) if update_fields else [],
        },
    )


def _on_delete(sender: Any, instance: Any, **_: Any) -> None:
    if not _audited(sender):
        return
    record(
        EventKind.WRITE,
        user=_acting_user(instance),
        object_type=sender._meta.label,
        object_id=instance.pk,
        detail={"action": "delete"},
    )


def _on_login(sender: Any, request: Any, user: Any, **_: Any) -> None:
    record(EventKind.LOGIN, user=user)


def _on_logout(sender: Any, request: Any, user: Any, **_: Any) -> None:
    if user is not None:
        record(EventKind.LOGOUT, user=user)


def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any
) -> None:
    record(
        EventKind.LOGIN_FAILED,
        user=None,
        outcome=Outcome.FAILURE,
        username=str(credentials.get("username", "")),
    )


def _on_locked_out(sender: Any, request: Any = None, username: Any = None, **_: Any) -> None:
    record(EventKind.LOCKED_OUT, user=None, outcome=Outcome.DENIED, username=str(username or ""))


def connect() -> None:
    """Connect the receivers (called once from ``AuditConfig.ready``)."""
    post_save.connect(_on_save, dispatch_uid="littlegiant-audit-save")
    post_delete.connect(_on_delete, dispatch_uid="littlegiant-audit-delete")
    user_logged_in.connect(_on_login, dispatch_uid="littlegiant-audit-login")
    user_logged_out.connect(_on_logout, dispatch_uid="littlegiant-audit-logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="littlegiant-audit-login-failed")
    if apps.is_installed("axes"):
        from axes.signals import user_locked_out

        user_locked_out.connect(_on_locked_out, dispatch_uid="littlegiant-audit-locked-out")
