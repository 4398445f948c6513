"""Creating platform users is an administrator's write; the system user is one."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import role_of
from littlegiant.web.accounts.services import SYSTEM_USERNAME, create_platform_user, system_user

pytestmark = pytest.mark.django_db


def test_the_system_user_is_an_administrator_nobody_logs_in_as(db):
    user = system_user()
    assert user.username == SYSTEM_USERNAME and role_of(user) is Role.ADMIN
    assert not user.has_usable_password() and not user.is_staff
    assert system_user().pk == user.pk  # created once


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("admin", True),
        ("official", False),
        ("official_outside", False),
        ("enterprise", False),
        ("provider", False),
        ("anonymous", False),
    ],
)
def test_only_administrators_create_platform_users(roles, actor, allowed):
    def create():
        return create_platform_user(
            user=roles[actor], username="new1", password="x-New-pw-42", role=Role.PROVIDER
        )

    if allowed:
        assert role_of(create()) is Role.PROVIDER
    else:
        with pytest.raises(PermissionDenied):
            create()
