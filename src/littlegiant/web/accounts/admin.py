"""Admin of users' roles, region scopes and enterprise bindings."""

from __future__ import annotations

from django.contrib import admin

from littlegiant.web.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Who is what: role, regions (officials), enterprises (enterprise users)."""

    list_display = ("user", "role", "organization")
    list_filter = ("role",)
    search_fields = ("user__username", "organization")
    raw_id_fields = ("enterprises",)

    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return bool(request.user.is_superuser)

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return bool(request.user.is_superuser)


def _unregister_second_factor_devices() -> None:
    """django-otp registers its devices (with their TOTP secrets and backup codes) in the admin: the
    platform administrator must not read them. Second factors are reset on the security
    administrator's page only (三员分立)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_second_factor_devices()
