"""Writes of the audit log: ``record`` appends one event to the chain; ``purge`` drops events past
the retention period (never younger than the legal floor of 180 days).

Any part of the platform records an event with::

    from littlegiant.web.audit.services import record
    record(EventKind.EXPORT, user=request.user, object_type="enterprises.Enterprise", detail={...})

``record`` joins the caller's transaction: if the business write rolls back, so does its record, and
if the record cannot be written the caller's operation fails (fail closed, ``AuditUnavailable``,
answered 503 by the middleware).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from littlegiant.web.accounts.permissions import role_of
from littlegiant.web.audit.chain import clean_text, link
from littlegiant.web.audit.context import current
from littlegiant.web.audit.models import AuditEvent, ChainHead, EventKind, Outcome

__all__ = [
    "RETENTION_FLOOR_DAYS",
    "AuditUnavailable",
    "purge",
    "record",
    "retention_days",
]

RETENTION_FLOOR_DAYS = 180
"""网络安全法 Art. 21(3) (Art. 23(3) as amended 2025): network logs kept at least six months."""


class AuditUnavailable(Exception):  # noqa: N818 - the name says what the user is told
    """The audit record could not be written, so the operation it describes must not happen."""


def retention_days() -> int:
    """Days the audit log is kept: ``LITTLEGIANT_AUDIT_RETENTION_DAYS`` (default 365), never < 180."""
    configured = int(getattr(settings, "LITTLEGIANT_AUDIT_RETENTION_DAYS", 365))
    return max(configured, RETENTION_FLOOR_DAYS)


def _actor(user: Any) -> tuple[str, int | None, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return "", None, ""
    role = role_of(user)
    return clean_text(user.get_username(), 150), int(user.pk), role.value if role else ""


def _head() -> ChainHead:
    """The chain head, locked for this transaction (the UPDATE takes the write lock everywhere)."""
    if ChainHead.objects.filter(pk=1).update(last_id=F("last_id")) == 0:
        ChainHead.objects.get_or_create(pk=1)
    return ChainHead.objects.select_for_update().get(pk=1)


def record(
    kind: EventKind | str,
    *,
    user: Any,
    outcome: Outcome | str = Outcome.SUCCESS,
    object_type: str = "",
    object_id: Any = "",
    detail: Mapping[str, Any] | None = None,
    username: str | None = None,
) -> AuditEvent:
    """Append one event (who: ``user``, or ``username`` for a failed login; from where: the current
    request). Never pass passwords, codes or full personal data in ``detail``.

    Raises:
        AuditUnavailable: the record could not be written (the caller's operation must fail).
    """
    name, user_id, role = _actor(user)
    if username is not None and not name:
        name = clean_text(username, 150)
    request = current()
    values: dict[str, Any] = {
        "at": timezone.now(),
        "username": name,
        "user_id_value": user_id,
        "role": role,
        "ip": clean_text(request.ip if request else "", 64),
        "user_agent": clean_text(request.user_agent if request else "", 200),
        "kind": str(EventKind(kind)),
        "outcome": str(Outcome(outcome)),
        "method": clean_text(request.method if request else "", 8),
        "path": clean_text(request.path if request else "", 300),
        "object_type": clean_text(object_type, 100),
        "object_id": clean_text(object_id, 100),
        "detail": {clean_text(k, 64): _clean_value(v) for k, v in (detail or {}).items()},
    }
    try:
        with transaction.atomic():
            head = _head()
            values["prev_hash"] = head.last_hash
            values["hash"] = link(head.last_hash, values)
            event = AuditEvent(**values)
            event.save(force_insert=True)
            ChainHead.objects.filter(pk=1).update(last_id=event.pk, last_hash=event.hash)
    except DatabaseError as error:
        raise AuditUnavailable("审计记录写入失败，操作未执行") from error
    return event


def _clean_value(value: Any) -> Any:
    if isinstance(value, bool | int) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_clean_value(item) for item in value][:200]
    if isinstance(value, dict):
        return {clean_text(k, 64): _clean_value(v) for k, v in value.items()}
    return clean_text(value, 500)


def purge(*, user: Any, now: dt.datetime | None = None) -> int:
    """Delete events older than ``retention_days()`` (≥ 180 days, whatever the setting); the chain
    stays verifiable from the anchor (the hash of the last deleted record). Returns the count.

    Raises:
        PermissionDenied: the acting user is neither the system user nor the system administrator.
    """
    from littlegiant.web.accounts.models import SYSTEM_USERNAME, Role

    is_system = user is not None and getattr(user, "username", "") == SYSTEM_USERNAME
    if not is_system and role_of(user) is not Role.SYSTEM_ADMIN:
        raise PermissionDenied("只有系统管理员可以按保留期限清理审计日志")
    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days())
    with transaction.atomic():
        _head()
        old = AuditEvent.objects.filter(at__lt=cutoff)
        last = old.order_by("-id").values("id", "hash").first()
        if last is None:
            return 0
        count = old.count()
        # QuerySet.delete() would call no model delete(); the DB trigger still refuses young rows.
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {AuditEvent._meta.db_table} WHERE id <= %s",  # noqa: S608 - table name
                [last["id"]],
            )
        ChainHead.objects.filter(pk=1).update(anchor_id=last["id"], anchor_hash=last["hash"])
    record(
        EventKind.AUDIT,
        user=user,
        detail={"action": "purge", "deleted": count, "retention_days": retention_days()},
    )
    return count
