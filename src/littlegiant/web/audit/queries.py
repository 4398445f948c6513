"""Reads of the audit log: the audit administrator's filtered list, and the chain verifier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from littlegiant.web.accounts.permissions import can_view_audit_log
from littlegiant.web.audit.chain import CHAINED_FIELDS, GENESIS, link
from littlegiant.web.audit.models import AuditEvent, ChainHead

__all__ = ["ChainReport", "events_for", "verify_chain"]


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What the verifier found: ``ok``, how many records it checked, and the first broken one."""

    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""
    head_hash: str = GENESIS


def verify_chain(batch: int = 2000) -> ChainReport:
    """Recompute every hash from the anchor on: an edited, deleted, inserted or reordered record
    (or a head that does not match the last record) is reported with its id."""
    head = ChainHead.objects.filter(pk=1).first()
    previous = head.anchor_hash if head else GENESIS
    last_id = head.anchor_id if head else 0
    checked = 0
    fields = ["id", "prev_hash", "hash", *CHAINED_FIELDS]
    while True:
        rows = list(
            AuditEvent.objects.filter(id__gt=last_id).order_by("id").values(*fields)[:batch]
        )
        if not rows:
            break
        for row in rows:
            if row["prev_hash"] != previous:
                return ChainReport(
                    False, checked, row["id"], "与前一条记录的哈希不相连（记录被删除、插入或调换）"
                )
            if link(previous, row) != row["hash"]:
                return ChainReport(False, checked, row["id"], "记录内容与其哈希不符（记录被篡改）")
            previous = row["hash"]
            last_id = row["id"]
            checked += 1
    if head is not None and (head.last_hash != previous or head.last_id != last_id):
        return ChainReport(
            False, checked, head.last_id, "链头与最后一条记录不符（末尾记录被删除）", previous
        )
    return ChainReport(True, checked, head_hash=previous)


def events_for(
    user: Any,
    *,
    username: str = "",
    kind: str = "",
    outcome: str = "",
    object_id: str = "",
    ip: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit log, newest first, filtered; the audit administrator only.

    Raises:
        PermissionDenied: anybody else (the platform administrator included).
    """
    if not can_view_audit_log(user):
        raise PermissionDenied("只有审计管理员可以查看审计日志")
    events = AuditEvent.objects.all()
    if username:
        events = events.filter(username__icontains=username)
    if kind:
        events = events.filter(kind=kind)
    if outcome:
        events = events.filter(outcome=outcome)
    if object_id:
        events = events.filter(Q(object_id__icontains=object_id) | Q(path__icontains=object_id))
    if ip:
        events = events.filter(ip__startswith=ip)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.order_by("-id")
