"""Account pages: the second factor (enrol with a QR code drawn on the server, verify), the user's
own security page, password change for every role, and the security administrator's page."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from littlegiant.web.accounts import services
from littlegiant.web.accounts.forms import PasswordChangeForm, TokenForm
from littlegiant.web.accounts.permissions import (
    STAFF_ROLES,
    can_manage_security,
    requires_mfa,
    role_of,
)
from littlegiant.web.accounts.queries import security_overview
from littlegiant.web.accounts.session_keys import MFA_REQUIRED

__all__ = [
    "mfa_disable",
    "mfa_setup",
    "mfa_verify",
    "my_security",
    "password_change",
    "security_admin",
]


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _qr_svg(text: str) -> str:
    """The QR code as inline SVG, drawn here (no CDN, no image service, no inline script)."""
    return str(segno.make(text, error="m").svg_inline(scale=5, border=2, dark="#1f2937"))


@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP authenticator: scan the QR code (or type the key), confirm with a first code.
    A user who already has a second factor must pass it first (then may replace it)."""
    from django_otp import user_has_device

    if user_has_device(request.user) and not request.user.is_verified():  # type: ignore[union-attr]
        return redirect(f"{reverse('accounts:mfa_verify')}?next={reverse('accounts:mfa_setup')}")
    device = services.totp_device_for_enrolment(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_totp(
            user=request.user, request=request, token=form.cleaned_data["token"]
        )
        if codes is not None:
            request.session[MFA_REQUIRED] = True
            return render(
                request,
                "accounts/mfa_backup_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("token", "动态口令不正确或已过期，请核对手机时间后输入最新的 6 位数字。")
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": requires_mfa(request.user) or role_of(request.user) in STAFF_ROLES,
        "next": _next_url(request),
    }
    return render(request, "accounts/mfa_setup.html", context)


@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """The second step of login: a code from the authenticator app or a backup code."""
    from django_otp import user_has_device

    if not user_has_device(request.user):
        return redirect("accounts:mfa_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_second_factor(
            user=request.user, request=request, token=form.cleaned_data["token"]
        ):
            return redirect(_next_url(request))
        form.add_error(
            "token", "动态口令不正确、已使用或已过期，请输入最新的 6 位数字或一个备用验证码。"
        )
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_POST
def mfa_disable(request: HttpRequest) -> HttpResponse:
    """An enterprise user or provider turns the optional second factor off."""
    services.disable_second_factor(user=request.user)
    request.session[MFA_REQUIRED] = False
    messages.success(request, "已关闭双因素认证。")
    return redirect("accounts:my_security")


@login_required
def my_security(request: HttpRequest) -> HttpResponse:
    """The user's own account security: second factor status, password change."""
    from django_otp import user_has_device

    context = {
        "has_device": user_has_device(request.user),
        "mfa_mandatory": role_of(request.user) in STAFF_ROLES,
        "role": role_of(request.user),
    }
    return render(request, "accounts/my_security.html", context)


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password (every role): current password, new password twice, the policy."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, form.user)  # this session goes on, the others end
        messages.success(request, "密码已修改。其他设备上的登录已失效。")
        return redirect("accounts:my_security")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def security_admin(request: HttpRequest) -> HttpResponse:
    """The security administrator's page: locked accounts, second factors, sessions."""
    if not can_manage_security(request.user):
        raise PermissionDenied("只有安全管理员可以访问此页面")
    if request.method == "POST":
        target = get_object_or_404(get_user_model(), pk=request.POST.get("user_id") or 0)
        action = request.POST.get("action", "")
        _ACTIONS.get(action, _unknown)(request, target)
        return redirect("accounts:security_admin")
    return render(
        request, "accounts/security_admin.html", {"rows": security_overview(request.user)}
    )


def _unlock(request: HttpRequest, target: Any) -> None:
    services.unlock_account(user=request.user, target=target)
    messages.success(request, f"已解除 {target.get_username()} 的登录锁定。")


def _reset_mfa(request: HttpRequest, target: Any) -> None:
    services.reset_second_factor(user=request.user, target=target)
    messages.success(
        request, f"已重置 {target.get_username()} 的双因素认证，下次登录时需重新绑定。"
    )


def _end_sessions(request: HttpRequest, target: Any) -> None:
    ended = services.end_sessions(user=request.user, target=target)
    messages.success(request, f"已结束 {target.get_username()} 的 {ended} 个会话。")


def _unknown(request: HttpRequest, target: Any) -> None:
    messages.error(request, "未知的操作。")


_ACTIONS = {"unlock": _unlock, "reset_mfa": _reset_mfa, "end_sessions": _end_sessions}
