"""The audit middleware: remembers who is asking (for records written deeper down) and records
what the response itself shows — a denial (403), an export (an attachment), a view of sensitive
information (``sensitive.py``). A record that cannot be written fails the request with 503.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from littlegiant.web.audit import context
from littlegiant.web.audit.models import EventKind, Outcome
from littlegiant.web.audit.sensitive import is_sensitive_view
from littlegiant.web.audit.services import AuditUnavailable, record

__all__ = ["AuditMiddleware", "client_ip"]


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR`` only (a client-sent X-Forwarded-For is not trusted)."""
    return str(request.META.get("REMOTE_ADDR", ""))


class AuditMiddleware:
    """Put it right after the authentication middleware (it reads ``request.user`` lazily)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = context.set_current(
            context.RequestContext(
                user=_LazyUser(request),
                ip=client_ip(request),
                user_agent=str(request.META.get("HTTP_USER_AGENT", "")),
                method=request.method or "",
                path=request.get_full_path()[:300],
            )
        )
        try:
            response = self.get_response(request)
            try:
                self._record_response(request, response)
            except AuditUnavailable:
                return _unavailable()
            return response
        finally:
            context.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, AuditUnavailable):
            return _unavailable()
        return None

    @staticmethod
    def _record_response(request: HttpRequest, response: HttpResponse) -> None:
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        view_name = match.view_name if match is not None else ""
        request_context = context.current()
        for object_type, object_id in request_context.denials if request_context else []:
            record(
                EventKind.DENIED,
                user=user,
                outcome=Outcome.DENIED,
                object_type=object_type,
                object_id=object_id,
                detail={"reason": "out_of_scope", "status": response.status_code},
            )
        if response.status_code == 403:
            record(
                EventKind.DENIED,
                user=user,
                outcome=Outcome.DENIED,
                object_type=view_name,
                object_id=_object_of(match),
            )
        elif response.status_code == 200 and "attachment" in response.get(
            "Content-Disposition", ""
        ):
            record(
                EventKind.EXPORT,
                user=user,
                object_type=view_name,
                object_id=_object_of(match),
                detail={"bytes": _size(response), "query": request.GET.urlencode()[:300]},
            )
        elif (
            response.status_code == 200 and request.method == "GET" and is_sensitive_view(view_name)
        ):
            record(
                EventKind.VIEW_SENSITIVE,
                user=user,
                object_type=view_name,
                object_id=_object_of(match),
            )


class _LazyUser:
    """``request.user`` read when a record is written (authentication runs after this is built)."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    def __getattr__(self, name: str) -> Any:
        return getattr(self._request.user, name)


def _object_of(match: Any) -> str:
    if match is None:
        return ""
    for key in ("uscc", "pk", "object_id", "job_id", "kind"):
        if key in match.kwargs:
            return str(match.kwargs[key])
    return ",".join(str(value) for value in match.args)[:100]


def _size(response: HttpResponse) -> int:
    if getattr(response, "streaming", False):
        return -1
    return len(response.content)


def _unavailable() -> HttpResponse:
    body = render_to_string("audit/unavailable.html")
    return HttpResponse(body, status=503)
