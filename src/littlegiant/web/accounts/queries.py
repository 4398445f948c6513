"""Reads of the accounts app: the security administrator's overview of accounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from littlegiant.web.accounts.models import Membership, Role
from littlegiant.web.accounts.permissions import can_manage_security

__all__ = ["AccountRow", "security_overview"]


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One account as the security administrator sees it (no business data)."""

    user_id: int
    username: str
    role_label: str
    is_active: bool
    locked: bool
    failures: int
    has_second_factor: bool
    last_login: Any


def security_overview(user: Any) -> list[AccountRow]:
    """Every platform account with its lock and second-factor status.

    Raises:
        PermissionDenied: the user is not the security administrator.
    """
    from axes.models import AccessAttempt
    from django.conf import settings
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not can_manage_security(user):
        raise PermissionDenied("只有安全管理员可以查看账号安全状态")
    failures: dict[str, int] = {}
    from django.utils import timezone

    recent = AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    for attempt in recent.only("username", "failures_since_start"):
        name = attempt.username or ""
        failures[name] = max(failures.get(name, 0), attempt.failures_since_start)
    with_device = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    roles = dict(Membership.objects.values_list("user_id", "role"))
    rows = []
    for account in get_user_model().objects.order_by("username"):
        role = Role.ADMIN if account.is_superuser else roles.get(account.pk)
        count = failures.get(account.get_username(), 0)
        rows.append(
            AccountRow(
                user_id=account.pk,
                username=account.get_username(),
                role_label=Role(role).label if role else "—",
                is_active=account.is_active,
                locked=count >= settings.AXES_FAILURE_LIMIT,
                failures=count,
                has_second_factor=account.pk in with_device,
                last_login=account.last_login,
            )
        )
    return rows
