"""Recording that a policy's push list was sent (officials and administrators)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from littlegiant.web.catalog.models import PolicyPush
from littlegiant.web.catalog.permissions import can_push
from littlegiant.web.catalog.queries.push_lists import PushList

__all__ = ["record_push"]


def record_push(*, user: Any, push: PushList) -> PolicyPush:
    """Keep a record of when the push list was sent, and to whom (every firm, not only those shown).

    Raises:
        PermissionDenied: ``user`` may not push policies.
    """
    if not can_push(user):
        raise PermissionDenied("仅主管部门可推送政策")
    return PolicyPush.objects.create(
        policy=push.policy,
        pushed_by=user,
        as_of=push.as_of,
        pack=push.result.pack_key,
        pack_sha256=push.result.pack_sha256,
        qualified=list(push.result.qualified),
        near=list(push.result.near),
    )
