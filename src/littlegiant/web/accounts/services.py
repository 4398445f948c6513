"""Creating platform users with a role (used by ``littlegiant demo`` and tests; the admin edits them)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from littlegiant.web.accounts.models import Membership, Role
from littlegiant.web.accounts.regions import normalize_region_code

__all__ = ["OFFICIALS_GROUP", "create_platform_user", "officials_group"]

OFFICIALS_GROUP = "主管部门工作人员"
_OFFICIAL_APPS = ("enterprises",)


def officials_group() -> Group:
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
    username: str,
    password: str,
    role: Role | str,
    region_codes: Iterable[str] = (),
    enterprises: Iterable[Any] = (),
    organization: str = "",
) -> Any:
    """A user with a membership: admins are superusers, officials staff members of the officials group."""
    role = Role(role)
    user_model = get_user_model()
    if role is Role.ADMIN:
        user = user_model.objects.create_superuser(username=username, password=password)
    else:
        user = user_model.objects.create_user(username=username, password=password)
    codes = [normalize_region_code(code) for code in region_codes]
    membership = Membership.objects.create(
        user=user, role=role, region_codes=codes, organization=organization
    )
    if role is Role.OFFICIAL:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(officials_group())
    membership.enterprises.set(list(enterprises))
    return user
