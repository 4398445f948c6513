"""Writes of the accounts app: platform users with a role (``littlegiant demo``, tests; the admin edits them),
and the system user that system loads act as.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction

from littlegiant.web.accounts.models import Membership, Role
from littlegiant.web.accounts.permissions import role_of
from littlegiant.web.accounts.regions import normalize_region_code

__all__ = [
    "OFFICIALS_GROUP",
    "SYSTEM_USERNAME",
    "create_platform_user",
    "set_password",
    "system_user",
]

OFFICIALS_GROUP = "主管部门工作人员"
SYSTEM_USERNAME = "littlegiant-system"
_OFFICIAL_APPS = ("enterprises",)


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


def _officials_group() -> Group:
    """The group giving officials the admin's view/add/change rights on the archive models
    (the permission layer still narrows what they see to their regions)."""
    group, _ = Group.objects.get_or_create(name=OFFICIALS_GROUP)
    wanted = Permission.objects.filter(content_type__app_label__in=_OFFICIAL_APPS).exclude(
        codename__startswith="delete_"
    )
    group.permissions.add(*wanted)
    return group


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
    """A user with a membership: admins are superusers, officials staff members of the officials group.

    Raises:
        PermissionDenied: the acting ``user`` is not an administrator.
    """
    if role_of(user) is not Role.ADMIN:
        raise PermissionDenied("只有管理员可以创建平台用户")
    role = Role(role)
    user_model = get_user_model()
    if role is Role.ADMIN:
        created = user_model.objects.create_superuser(username=username, password=password)
    else:
        created = user_model.objects.create_user(username=username, password=password)
    codes = [normalize_region_code(code) for code in region_codes]
    membership = Membership.objects.create(
        user=created, role=role, region_codes=codes, organization=organization
    )
    if role is Role.OFFICIAL:
        created.is_staff = True
        created.save(update_fields=["is_staff"])
        created.groups.add(_officials_group())
    membership.enterprises.set(list(enterprises))
    return created


def set_password(*, user: Any, username: str, password: str) -> Any:
    """Give a platform user a new password (``littlegiant password``); checked by Django's validators.

    Raises:
        PermissionDenied: the acting ``user`` is not an administrator.
        ValueError: no such user, or the password fails a validator (the message says why, in Chinese).
    """
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    if role_of(user) is not Role.ADMIN:
        raise PermissionDenied("只有管理员可以重置密码")
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
