"""Writes of the accounts app: platform users with a role (``littlegiant demo``, tests; the admin edits them),
and the system user that system loads act as.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from littlegiant.web.accounts.models import Membership, Role
from littlegiant.web.accounts.permissions import role_of
from littlegiant.web.accounts.regions import normalize_region_code

__all__ = ["SYSTEM_USERNAME", "create_platform_user", "system_user"]

SYSTEM_USERNAME = "littlegiant-system"


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
    enterprise users and providers work on the platform's pages.

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
    membership.enterprises.set(list(enterprises))
    return created
