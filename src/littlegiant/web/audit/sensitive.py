"""Which pages and API operations show sensitive data (financials, tax, IP, contacts' phones):
every successful GET of one of them is audited as a view of sensitive information.

Exports need no list: every response sent as an attachment (``Content-Disposition: attachment``)
is audited as an export.
"""

from __future__ import annotations

__all__ = ["SENSITIVE_VIEWS", "SENSITIVE_VIEW_PREFIXES", "is_sensitive_view"]

SENSITIVE_VIEWS = frozenset(
    {
        "enterprises:profile",  # the archive: yearly figures, titles, IP, contacts
        "api:get_enterprise",
        "api:evaluate_enterprise",
        "assessments:what_if",
        "digital:result",
    }
)
SENSITIVE_VIEW_PREFIXES = ("admin:enterprises_",)  # the admin's archive tables and their history


def is_sensitive_view(view_name: str | None) -> bool:
    """Whether a successful GET of ``view_name`` is a view of sensitive information."""
    if not view_name:
        return False
    return view_name in SENSITIVE_VIEWS or view_name.startswith(SENSITIVE_VIEW_PREFIXES)
