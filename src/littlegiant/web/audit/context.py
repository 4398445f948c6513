"""The request being served (who, from where), for audit records written deep inside a call.

The audit middleware sets it for each request; background jobs and commands have none, so their
writes are attributed to the acting user the service recorded (``_history_user``) or to 系统.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

__all__ = ["RequestContext", "current", "set_current"]


@dataclass(frozen=True, slots=True)
class RequestContext:
    """What the audit log keeps about the request being served."""

    user: Any
    ip: str
    user_agent: str
    method: str
    path: str


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
