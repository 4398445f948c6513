"""The request being served (who, from where), for audit records written deep inside a call.

The audit middleware sets it for each request; background jobs and commands have none, so their
writes are attributed to the acting user the service recorded (``_history_user``) or to 系统.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

__all__ = ["RequestContext", "current", "note_denial", "set_current"]


@dataclass(frozen=True, slots=True)
class RequestContext:
    """What the audit log keeps about the request being served."""

    user: Any
    ip: str
    user_agent: str
    method: str
    path: str
    denials: list[tuple[str, str]] = field(default_factory=list)
    """(object type, object id) refused by the permission layer without a 403 (answered 404)."""


_CURRENT: ContextVar[RequestContext | None] = ContextVar("littlegiant_audit_request", default=None)


def current() -> RequestContext | None:
    """The request being served in this thread, if any."""
    return _CURRENT.get()


def set_current(context: RequestContext | None) -> Any:
    """Set the current request; returns the token to restore the previous one."""
    return _CURRENT.set(context)


def reset(token: Any) -> None:
    """Restore what ``set_current`` replaced."""
    _CURRENT.reset(token)


def note_denial(object_type: str, object_id: str) -> None:
    """The permission layer refused an existing object (answered 404, no existence leak): the audit
    middleware records it as a denial when the response goes out. Outside a request: nothing."""
    request = _CURRENT.get()
    if request is not None:
        request.denials.append((object_type, object_id))
