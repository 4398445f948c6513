"""Writes of the accounts app: platform users with a role (``littlegiant demo``, tests; the admin edits them),
and the system user that system loads act as.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction

from littlegiant.web.accounts.models import SYSTEM_USERNAME, Membership, Role
from littlegiant.web.accounts.permissions import can_manage_accounts
from littlegiant.web.accounts.regions import normalize_region_code

__all__ = [
    "SYSTEM_USERNAME",
    "change_password",
    "confirm_totp",
    "create_platform_user",
    "disable_second_factor",
    "end_sessions",
    "issue_backup_codes",
    "reset_second_factor",
    "set_password",
    "system_user",
    "totp_device_for_enrolment",
    "unlock_account",
    "verify_second_factor",
]


def system_user() -> Any:
    """The user system loads act as (the demo loader, ``littlegiant archive import``, catalog imports).

    An administrator without a usable password (nobody logs in as it), created on first use, so that
    the permission layer lets it write and the change history names it (“系统”) instead of nobody.
    """
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_superuser": True, "is_staff": False, "first_name": "系统"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def create_platform_user(
    *,
    user: Any,
    username: str,
    password: str,
    role: Role | str,
    region_codes: Iterable[str] = (),
    enterprises: Iterable[Any] = (),
    organization: str = "",
) -> Any:
    """A user with a membership: admins are superusers (the only role in the Django admin); officials,
    enterprise users and providers work on the platform's pages. The three separated administrators
    (系统/安全/审计管理员) are plain users: their rights come from the permission layer, never from
    ``is_superuser`` or the Django admin.

    Raises:
        PermissionDenied: the acting ``user`` may not open accounts (``can_manage_accounts``).
        ValidationError: the password breaks the password policy (Chinese messages).
    """
    if not can_manage_accounts(user):
        raise PermissionDenied("只有系统管理员可以创建平台用户")
    role = Role(role)
    user_model = get_user_model()
    validate_password(password, user_model(username=username))
    if role is Role.ADMIN:
        created = user_model.objects.create_superuser(username=username, password=password)
    else:
        created = user_model.objects.create_user(username=username, password=password)
    codes = [normalize_region_code(code) for code in region_codes]
    membership = Membership.objects.create(
        user=created, role=role, region_codes=codes, organization=organization
    )
    membership.enterprises.set(list(enterprises))
    return created


# --- Second factor (django-otp TOTP + single-use backup codes) ------------------------------------

BACKUP_CODES = 10


def _audit(kind: str, *, user: Any, outcome: str = "success", **detail: Any) -> None:
    from littlegiant.web.audit.services import record

    target = detail.pop("target", None)
    record(
        kind,
        user=user,
        outcome=outcome,
        object_type="auth.User" if target is not None else "",
        object_id=getattr(target, "pk", "") if target is not None else "",
        detail=detail,
    )


def _require_signed_in(user: Any) -> None:
    if user is None or not user.is_authenticated:
        raise PermissionDenied("请先登录")


def totp_device_for_enrolment(*, user: Any) -> Any:
    """The user's TOTP device waiting for confirmation (created on first call; the secret stays
    the same until the user confirms it, so reloading the page shows the same QR code)."""
    from django_otp import user_has_device
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require_signed_in(user)
    if user_has_device(user) and not _session_verified(user):
        # Only a session that passed the existing second factor may replace it: a stolen password
        # alone must not be enough to enrol the thief's phone.
        raise PermissionDenied("请先用现有的动态口令或备用验证码完成验证，再绑定新的身份验证器")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="动态口令", confirmed=False)
    return device


def _session_verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
    return bool(is_verified()) if callable(is_verified) else False


@transaction.atomic
def confirm_totp(*, user: Any, request: Any, token: str) -> list[str] | None:
    """Confirm the enrolment with a first code: the device is confirmed, the session counts as
    verified and ten single-use backup codes are returned (shown once). None if the code is wrong."""
    from django_otp import login as otp_login
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device = totp_device_for_enrolment(user=user)
    if not device.verify_token(token.strip()):
        _audit("mfa", user=user, outcome="failure", action="enrol")
        return None
    type(device).objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="备用验证码")
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    for code in codes:
        static.token_set.create(token=code)
    otp_login(request, device)
    _audit("mfa", user=user, action="enrol")
    return codes


def verify_second_factor(*, user: Any, request: Any, token: str) -> bool:
    """Check a TOTP code (each code once: django-otp keeps the last time step) or a backup code
    (deleted when used); on success the session counts as verified. Every try is audited."""
    from django_otp import login as otp_login
    from django_otp import match_token

    _require_signed_in(user)
    device = match_token(user, token.strip())
    if device is None:
        _audit("mfa", user=user, outcome="failure", action="verify")
        return False
    otp_login(request, device)
    _audit("mfa", user=user, action="verify", device=type(device).__name__)
    return True


@transaction.atomic
def issue_backup_codes(*, user: Any, target: Any, count: int = BACKUP_CODES) -> list[str]:
    """New single-use backup codes for ``target`` (the old ones stop working): the security
    administrator hands them over when a phone is lost; ``littlegiant demo`` prints them for the
    demo staff, who then log in with password + a backup code and may bind an authenticator app.

    Raises:
        PermissionDenied: the acting user is neither the security administrator nor the system user.
    """
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    if getattr(user, "username", None) != SYSTEM_USERNAME:
        _require_security_admin(user)
    StaticDevice.objects.filter(user=target).delete()
    static = StaticDevice.objects.create(user=target, name="备用验证码")
    codes = [StaticToken.random_token() for _ in range(count)]
    for code in codes:
        static.token_set.create(token=code)
    _audit("security", user=user, action="issue_backup_codes", target=target, count=count)
    return codes


def _remove_devices(target: Any) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=target).delete()
    StaticDevice.objects.filter(user=target).delete()


@transaction.atomic
def disable_second_factor(*, user: Any) -> None:
    """An enterprise user or provider turns its optional second factor off (staff may not).

    Raises:
        PermissionDenied: the user must keep a second factor (``requires_mfa`` by role).
    """
    from littlegiant.web.accounts.permissions import STAFF_ROLES, role_of

    _require_signed_in(user)
    if role_of(user) in STAFF_ROLES:
        raise PermissionDenied("工作人员和管理员必须使用双因素认证，不能关闭")
    _remove_devices(user)
    _audit("mfa", user=user, action="disable")


# --- Password -------------------------------------------------------------------------------------


@transaction.atomic
def change_password(*, user: Any, new_password: str) -> None:
    """Set the signed-in user's own password (checked against the password policy); the caller keeps
    the session with ``update_session_auth_hash``, every other session of the user ends.

    Raises:
        ValidationError: the password breaks the policy (Chinese messages).
    """
    _require_signed_in(user)
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    _audit("password", user=user, action="change")


# --- The security administrator's rights ----------------------------------------------------------


def _require_security_admin(user: Any) -> None:
    from littlegiant.web.accounts.permissions import can_manage_security

    if not can_manage_security(user):
        raise PermissionDenied("只有安全管理员可以执行此操作")


def unlock_account(*, user: Any, target: Any) -> int:
    """Lift a lockout (django-axes) before its 30 minutes are over; returns the attempts cleared."""
    from axes.utils import reset

    _require_security_admin(user)
    cleared = int(reset(username=target.get_username()))
    _audit("security", user=user, action="unlock", target=target, cleared=cleared)
    return cleared


@transaction.atomic
def reset_second_factor(*, user: Any, target: Any) -> None:
    """Remove a user's TOTP device and backup codes (lost phone): they enrol again at next login."""
    _require_security_admin(user)
    _remove_devices(target)
    _audit("security", user=user, action="reset_mfa", target=target)


def end_sessions(*, user: Any, target: Any) -> int:
    """End every session of ``target`` at once; returns how many were ended."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    _require_security_admin(user)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(target.pk):
            session.delete()
            ended += 1
    _audit("security", user=user, action="end_sessions", target=target, ended=ended)
    return ended


def set_password(*, user: Any, username: str, password: str) -> Any:
    """Give a platform user a new password (``littlegiant password``); checked by Django's validators.

    Raises:
        PermissionDenied: the acting ``user`` may not manage accounts (``can_manage_accounts``).
        ValueError: no such user, or the password fails a validator (the message says why, in Chinese).
    """
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    if not can_manage_accounts(user):
        raise PermissionDenied("只有管理员或系统管理员可以重置密码")
    target = get_user_model().objects.filter(username=username).first()
    if target is None or target.username == SYSTEM_USERNAME:
        raise ValueError(f"没有用户名为“{username}”的平台用户")
    try:
        validate_password(password, target)
    except ValidationError as error:
        raise ValueError("；".join(error.messages)) from None
    target.set_password(password)
    target.save(update_fields=["password"])
    return target
