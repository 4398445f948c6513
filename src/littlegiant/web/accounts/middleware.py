"""Session policy and the second factor, enforced server-side on every request.

``SessionPolicyMiddleware``: a session idle for 30 minutes (15 for administrators) or older than
12 hours is ended (等保 2.0 §8.1.4.1 b; ASVS 7.3.1/7.3.2). Pages redirect to the login page with a
message, the API answers 401.

``SecondFactorMiddleware``: a user who must pass a second factor (``permissions.requires_mfa``) and
has not yet done so in this session reaches nothing but the second-factor pages and logout: pages
redirect there, the API answers 401 — the step cannot be skipped by calling later URLs directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from littlegiant.web.accounts.permissions import (
    STAFF_ROLES,
    is_administrator,
    requires_mfa,
    role_of,
)
from littlegiant.web.accounts.session_keys import LOGIN_AT, MFA_REQUIRED, SEEN_AT

__all__ = [
    "SecondFactorMiddleware",
    "SessionPolicyMiddleware",
    "stamp_login",
]

_SEEN_RESOLUTION = 30  # seconds: the last-seen stamp is rewritten at most this often
_OPEN_PREFIXES = ("/static/", "/favicon.ico")


def stamp_login(sender: object, request: HttpRequest | None, user: object, **_: object) -> None:
    """At login (``user_logged_in``): the session's start and last activity are now."""
    session = getattr(request, "session", None)
    if session is not None:
        now = time.time()
        session[LOGIN_AT] = now
        session[SEEN_AT] = now
        session[MFA_REQUIRED] = requires_mfa(user)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _to_login(request: HttpRequest, message: str) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": message}, status=401)
    messages.warning(request, message)
    query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
    return HttpResponseRedirect(reverse(settings.LOGIN_URL) + (f"?{query}" if query else ""))


class SessionPolicyMiddleware:
    """Ends idle (30 / 15 min) and old (12 h) sessions; put it after the authentication middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = float(session.setdefault(LOGIN_AT, now))
            seen_at = float(session.get(SEEN_AT, now))
            idle_minutes = (
                settings.LITTLEGIANT_ADMIN_IDLE_MINUTES
                if is_administrator(user)
                else settings.LITTLEGIANT_IDLE_MINUTES
            )
            idle = now - seen_at > idle_minutes * 60
            expired = now - login_at > settings.LITTLEGIANT_SESSION_HOURS * 3600
            if idle or expired:
                _record_expiry(user, "idle" if idle else "absolute", idle_minutes)
                logout(request)
                text = (
                    f"您已 {idle_minutes} 分钟未操作，为保护数据安全已自动退出，请重新登录。"
                    if idle
                    else f"登录已超过 {settings.LITTLEGIANT_SESSION_HOURS} 小时，请重新登录。"
                )
                return _to_login(request, text)
            if SEEN_AT not in session or now - seen_at >= _SEEN_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)


def _record_expiry(user: object, reason: str, idle_minutes: int) -> None:
    from littlegiant.web.audit.models import EventKind
    from littlegiant.web.audit.services import record

    record(
        EventKind.SESSION_EXPIRED,
        user=user,
        detail={"reason": reason, "idle_minutes": idle_minutes},
    )


class SecondFactorMiddleware:
    """Only the second-factor pages until the user has passed the second factor in this session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not request.path.startswith(_second_factor_prefix())
            and request.path != reverse("accounts:logout")
            and not _verified(user)
            and _must_pass(request, user)
        ):
            from django_otp import user_has_device

            if _is_api(request):
                return JsonResponse({"detail": "请先完成双因素认证（动态口令）"}, status=401)
            target = "accounts:mfa_verify" if user_has_device(user) else "accounts:mfa_setup"
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return HttpResponseRedirect(reverse(target) + (f"?{query}" if query else ""))
        return self.get_response(request)


def _must_pass(request: HttpRequest, user: object) -> bool:
    """Staff always; others as decided at login (an enterprise that enrols passes it at once)."""
    if role_of(user) in STAFF_ROLES:
        return True
    required = request.session.get(MFA_REQUIRED)
    if required is None:
        required = request.session[MFA_REQUIRED] = requires_mfa(user)
    return bool(required)


def _verified(user: object) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def _second_factor_prefix() -> str:
    return reverse("accounts:mfa_verify").rsplit("verify/", 1)[0]
