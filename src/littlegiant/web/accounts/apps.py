"""The accounts app: roles, region scopes and enterprise bindings of the platform's users."""

from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users' roles (admin, official, enterprise user, provider, the three separated administrators),
    the permission layer, the second factor and the session policy."""

    name = "littlegiant.web.accounts"
    label = "accounts"
    verbose_name = "账户与权限"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from littlegiant.web.accounts.middleware import stamp_login
        from littlegiant.web.navigation import register_nav_entry

        user_logged_in.connect(stamp_login, dispatch_uid="littlegiant-session-stamp")
        register_nav_entry(
            "accounts:security_admin", "账号安全", order=91, roles=frozenset({"security_admin"})
        )
