"""An enterprise's consents to service providers (PIPL Art. 13, 14, 23): grant and revoke.

Only the enterprise's own users may grant or revoke (``permissions.can_manage_consents``); a consent
names one provider account, the scopes it may see (``ConsentScope``; the basic scope always), a purpose
and an optional end date. Revoking takes effect at once: the permission layer reads active consents on
every request. Every change keeps a history row with the acting user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from littlegiant.errors import LittleGiantError
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import can_manage_consents, role_of
from littlegiant.web.enterprises.models import Consent, ConsentScope, Enterprise

__all__ = ["ConsentError", "grant_consent", "revoke_consent"]

_PURPOSE_MAX = 200


class ConsentError(LittleGiantError):
    """A consent that cannot be granted as asked (message in Chinese, naming the field)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def _require_manage(user: Any, enterprise: Enterprise) -> None:
    if not can_manage_consents(user, enterprise):
        raise PermissionDenied("只有该企业的企业用户可以授权或撤回授权")


def _stamp(obj: Consent, user: Any) -> None:
    obj._history_user = user  # type: ignore[attr-defined]


def _provider(provider: Any) -> Any:
    user_model = get_user_model()
    if not isinstance(provider, user_model):
        provider = user_model.objects.filter(pk=provider).first()
    if provider is None or role_of(provider) is not Role.PROVIDER:
        raise ConsentError("被授权方必须是平台上的服务机构账号", "provider")
    return provider


def _scopes(scopes: Iterable[str]) -> list[str]:
    chosen = set(scopes)
    unknown = sorted(chosen - set(ConsentScope.values))
    if unknown:
        raise ConsentError(f"未知的授权范围：{'、'.join(unknown)}", "scopes")
    chosen.add(ConsentScope.BASIC.value)
    return [scope.value for scope in ConsentScope if scope.value in chosen]


def grant_consent(
    *,
    user: Any,
    enterprise: Enterprise,
    provider: Any,
    scopes: Iterable[str],
    purpose: str,
    expires_on: dt.date | None = None,
) -> Consent:
    """Grant one provider a view of the chosen parts of the enterprise's archive.

    Raises:
        PermissionDenied: the user is not one of the enterprise's own users.
        ConsentError: the provider is not a provider account, an unknown scope, an empty or too long
            purpose, or an end date in the past.
    """
    _require_manage(user, enterprise)
    provider = _provider(provider)
    purpose = (purpose or "").strip()
    if not purpose:
        raise ConsentError("请填写授权用途（例如：申请贷款授信评估）", "purpose")
    if len(purpose) > _PURPOSE_MAX:
        raise ConsentError(f"授权用途最多 {_PURPOSE_MAX} 个字", "purpose")
    if expires_on is not None and expires_on < timezone.localdate():
        raise ConsentError("有效期不能早于今天", "expires_on")
    consent = Consent(
        enterprise=enterprise,
        provider=provider,
        scopes=_scopes(scopes),
        purpose=purpose,
        expires_on=expires_on,
        granted_by=user,
    )
    _stamp(consent, user)
    with transaction.atomic():
        consent.save()
    return consent


def revoke_consent(*, user: Any, consent: Consent) -> Consent:
    """Revoke a consent now (the provider loses the view at its next request); revoking twice is a no-op.

    Raises:
        PermissionDenied: the user is not one of the consenting enterprise's own users.
    """
    _require_manage(user, consent.enterprise)
    if consent.revoked_at is not None:
        return consent
    consent.revoked_at = timezone.now()
    consent.revoked_by = user
    _stamp(consent, user)
    with transaction.atomic():
        consent.save(update_fields=["revoked_at", "revoked_by"])
    return consent
