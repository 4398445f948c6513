"""The keys this platform keeps in a user's session (the session policy and the second factor)."""

from __future__ import annotations

__all__ = ["LOGIN_AT", "MFA_REQUIRED", "SEEN_AT"]

LOGIN_AT = "littlegiant_login_at"
"""When the user logged in (epoch seconds): the 12-hour limit counts from here."""
SEEN_AT = "littlegiant_seen_at"
"""The user's last request (epoch seconds, rewritten at most every 30 s): the idle timeout."""
MFA_REQUIRED = "littlegiant_mfa_required"
"""``permissions.requires_mfa(user)``, decided at login so that no request pays a query for it."""
