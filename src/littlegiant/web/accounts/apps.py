"""The accounts app: roles, region scopes and enterprise bindings of the platform's users."""

from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users' roles (admin, official, enterprise user, provider) and the permission layer."""

    name = "littlegiant.web.accounts"
    label = "accounts"
    verbose_name = "账户与权限"
