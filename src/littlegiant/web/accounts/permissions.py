"""The one permission layer: which enterprises a user sees and may edit. Every page, the admin, the
API and the exports go through these functions — never filter enterprises by role anywhere else.

Stable API (other apps call these; do not rename):

``role_of(user) -> Role | None``
    The user's role: superusers are ``Role.ADMIN``; anonymous users and users without a
    membership get ``None`` (they see nothing).
``enterprises_visible_to(user) -> QuerySet[Enterprise]``
    Admins: all. Officials: enterprises whose ``region_code`` lies in one of their regions (a code
    covers its sub-regions: ``330100`` covers ``330106``; ``330000`` all of Zhejiang). Enterprise
    users: the enterprises bound to them. Providers and everybody else: none.
``get_enterprise_for(user, pk_or_uscc, write=False) -> Enterprise``
    One enterprise by primary key (int or digit string shorter than 18) or USCC; raises
    ``Http404`` when it does not exist *or* is out of the user's scope (no existence leak), and
    ``PermissionDenied`` when ``write=True`` and the user may see but not edit it.
``can_edit(user, enterprise) -> bool``
    Admins, officials within their regions and users bound to the enterprise may edit it.
``can_create_in(user, region_code) -> bool``
    Admins anywhere; officials within their regions.
``can_import(user) -> bool``
    Admins, officials and enterprise users may import archive files (each row is still checked
    against ``can_edit`` / ``can_create_in``).
``is_bureau(user) -> bool``
    Admins and officials: the bureau's work (candidate lists, re-evaluation runs, campaigns, push lists).
``filter_rows_visible_to(user, queryset, enterprise_field="enterprise") -> QuerySet``
    Any queryset of rows that point to an enterprise, narrowed to the visible enterprises.
``may_use_admin(user) -> bool``
    Only active administrators enter the Django admin (every admin view: lists, change and history
    pages, add-form lookups, popups, autocomplete). Officials edit on the platform's own pages.

Personal information and consent (PIPL):

``personal_info_visible_to(user) -> QuerySet[Enterprise]``
    The enterprises whose contacts' phone numbers, e-mails and ID numbers the user sees unmasked:
    admins all; enterprise users their own; officials only with the permission
    ``accounts.view_personal_info`` (``PERSONAL_INFO_PERMISSION``), within their regions; providers
    those whose active consent to them includes the ``contacts`` scope. Everybody else sees them
    masked (``littlegiant.records.personal``) on screen, in exports and in logs.
``sees_personal_info(user, enterprise) -> bool``
    The same for one enterprise.
``enterprises_shared_with(user) -> QuerySet[Enterprise]``
    Providers: the enterprises whose consent to them is in force today; nobody else (a provider never
    reaches an enterprise through ``enterprises_visible_to``).
``consented_scopes(user, enterprise) -> frozenset[str]``
    The ``ConsentScope`` values the user may see of the enterprise through active consents.
``get_shared_enterprise_for(user, uscc) -> tuple[Enterprise, frozenset[str]]``
    One enterprise shared with a provider and its consented scopes; ``Http404`` otherwise.
``can_manage_consents(user, enterprise) -> bool``
    Only the enterprise's own users grant and revoke its consents.
``can_view_consents(user, enterprise) -> bool``
    Whoever sees the enterprise sees its consents (read-only unless ``can_manage_consents``).

Separated administration (三员分立, GB/T 22239-2019 §8.1.5): the system, security and audit
administrators see no enterprise data and each holds one right that nobody else holds:

``can_manage_accounts(user)``
    The system administrator (and the platform administrator): open platform accounts.
``can_manage_security(user)``
    The security administrator only: unlock locked accounts, reset a user's second factor,
    end a user's sessions.
``can_view_audit_log(user)``
    The audit administrator only: read (and filter) the audit log. Nobody may change it.
``is_administrator(user)`` / ``requires_mfa(user)``
    Administrators (the platform administrator and the three above) get the shorter idle timeout;
    staff (administrators and officials) must pass a second factor (TOTP), enterprises may opt in.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from littlegiant.web.accounts.models import Membership, Role
from littlegiant.web.enterprises.models import ConsentScope, Enterprise, active_consents

__all__ = [
    "ADMINISTRATOR_ROLES",
    "PERSONAL_INFO_PERMISSION",
    "STAFF_ROLES",
    "can_create_in",
    "can_edit",
    "can_import",
    "can_manage_accounts",
    "can_manage_consents",
    "can_manage_security",
    "can_view_audit_log",
    "can_view_consents",
    "consented_scopes",
    "enterprises_shared_with",
    "enterprises_visible_to",
    "filter_rows_visible_to",
    "get_enterprise_for",
    "get_shared_enterprise_for",
    "is_administrator",
    "is_bureau",
    "may_use_admin",
    "membership_of",
    "personal_info_visible_to",
    "requires_mfa",
    "role_of",
    "sees_personal_info",
]

PERSONAL_INFO_PERMISSION = "accounts.view_personal_info"
"""The Django permission that lets an official see contacts' personal information unmasked."""

ADMINISTRATOR_ROLES = frozenset(
    {Role.ADMIN, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
)
"""Roles with the administrators' 15-minute idle timeout."""
STAFF_ROLES = ADMINISTRATOR_ROLES | {Role.OFFICIAL}
"""Roles that must pass a second factor (TOTP) before anything else."""

RowModel = TypeVar("RowModel", bound=Model)


def membership_of(user: Any) -> Membership | None:
    """The user's membership row, cached on the user object; None if anonymous or without one."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_littlegiant_membership"):
        user._littlegiant_membership = Membership.objects.filter(user=user).first()
    membership: Membership | None = user._littlegiant_membership
    return membership


def role_of(user: Any) -> Role | None:
    """The user's role (superusers are admins; None for anonymous users and users without a role)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    membership = membership_of(user)
    return Role(membership.role) if membership is not None else None


def is_bureau(user: Any) -> bool:
    """Whether the user works for the bureau: an administrator or an official."""
    return role_of(user) in {Role.ADMIN, Role.OFFICIAL}


def may_use_admin(user: Any) -> bool:
    """Whether the user may enter the Django admin: active administrators only (see the module docstring)."""
    return role_of(user) is Role.ADMIN and bool(user.is_staff)


def can_import(user: Any) -> bool:
    """Whether the user may import archive files (admins, officials, enterprise users)."""
    return role_of(user) in {Role.ADMIN, Role.OFFICIAL, Role.ENTERPRISE}


def _region_q(prefixes: list[str], field: str = "region_code") -> Q:
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(**{f"{field}__startswith": prefix})
    return condition


def enterprises_visible_to(user: Any) -> QuerySet[Enterprise]:
    """The enterprises the user may see (see the module docstring for the rules)."""
    role = role_of(user)
    if role is Role.ADMIN:
        return Enterprise.objects.all()
    membership = membership_of(user)
    if role is Role.OFFICIAL and membership is not None:
        return Enterprise.objects.filter(_region_q(membership.region_prefixes()))
    if role is Role.ENTERPRISE and membership is not None:
        return Enterprise.objects.filter(members=membership)
    return Enterprise.objects.none()


def filter_rows_visible_to(
    user: Any, queryset: QuerySet[RowModel], enterprise_field: str = "enterprise"
) -> QuerySet[RowModel]:
    """Rows of ``queryset`` whose enterprise (through ``enterprise_field``) the user may see."""
    if role_of(user) is Role.ADMIN:
        return queryset
    visible = enterprises_visible_to(user).values("pk")
    return queryset.filter(**{f"{enterprise_field}__in": visible})


_PK = re.compile(r"[0-9]{1,17}")
_USCC = re.compile(r"[0-9A-Z]{18}")


def _lookup(pk_or_uscc: int | str) -> Q:
    """A primary key (ASCII digits, shorter than a USCC) or a USCC; anything else matches nothing.

    ``"³".isdigit()`` is true but ``int("³")`` fails, a 20-digit number overflows the database's
    integers and NUL characters are refused by PostgreSQL: such text never reaches a query.
    """
    if isinstance(pk_or_uscc, int) and not isinstance(pk_or_uscc, bool):
        return Q(pk=pk_or_uscc) if 0 < pk_or_uscc < 2**63 else Q(pk__in=[])
    text = str(pk_or_uscc).strip()
    if _PK.fullmatch(text):
        return Q(pk=int(text))
    if _USCC.fullmatch(text.upper()):
        return Q(uscc=text.upper())
    return Q(pk__in=[])


def get_enterprise_for(user: Any, pk_or_uscc: int | str, write: bool = False) -> Enterprise:
    """The enterprise if the user may see it (and edit it, with ``write``); else Http404 / PermissionDenied."""
    enterprise = enterprises_visible_to(user).filter(_lookup(pk_or_uscc)).first()
    if enterprise is None:
        _audit_out_of_scope(user, pk_or_uscc)
        raise Http404("未找到该企业，或您无权查看")
    if write and not can_edit(user, enterprise):
        raise PermissionDenied("您无权修改该企业的档案")
    return enterprise


def _audit_out_of_scope(user: Any, pk_or_uscc: int | str) -> None:
    """An existing enterprise out of the user's scope: answered 404 (no existence leak) but audited
    as a denial; an enterprise that does not exist is not a denial."""
    from littlegiant.web.audit.context import current, note_denial

    if current() is None:  # outside a request (commands, jobs) there is nobody to audit
        return
    existing = Enterprise.objects.filter(_lookup(pk_or_uscc)).values_list("uscc", flat=True).first()
    if existing is not None:
        note_denial("enterprises.Enterprise", existing)


def can_edit(user: Any, enterprise: Enterprise) -> bool:
    """Whether the user may change the enterprise's archive."""
    role = role_of(user)
    if role is Role.ADMIN:
        return True
    if role is Role.OFFICIAL or role is Role.ENTERPRISE:
        return enterprises_visible_to(user).filter(pk=enterprise.pk).exists()
    return False


def can_create_in(user: Any, region_code: str) -> bool:
    """Whether the user may add an enterprise registered in ``region_code``."""
    role = role_of(user)
    if role is Role.ADMIN:
        return True
    membership = membership_of(user)
    if role is not Role.OFFICIAL or membership is None:
        return False
    return any(str(region_code).startswith(prefix) for prefix in membership.region_prefixes())


# --- Personal information and consent (PIPL) -------------------------------------------------------


def _active_consents_to(user: Any) -> QuerySet[Any]:
    return active_consents(timezone.localdate()).filter(provider=user)


def enterprises_shared_with(user: Any) -> QuerySet[Enterprise]:
    """Providers: the enterprises whose consent to them is in force today; none for anybody else."""
    if role_of(user) is not Role.PROVIDER:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(pk__in=_active_consents_to(user).values("enterprise"))


def consented_scopes(user: Any, enterprise: Enterprise) -> frozenset[str]:
    """The scopes of ``enterprise`` the user may see through consents in force today."""
    if role_of(user) is not Role.PROVIDER:
        return frozenset()
    scopes: set[str] = set()
    for granted in (
        _active_consents_to(user).filter(enterprise=enterprise).values_list("scopes", flat=True)
    ):
        scopes.update(granted)
    if scopes:
        scopes.add(ConsentScope.BASIC.value)
    return frozenset(scopes)


def get_shared_enterprise_for(user: Any, uscc: str) -> tuple[Enterprise, frozenset[str]]:
    """One enterprise shared with the (provider) user and its consented scopes; else ``Http404``."""
    enterprise = enterprises_shared_with(user).filter(_lookup(uscc)).first()
    if enterprise is None:
        raise Http404("未找到该企业，或该企业未向您授权")
    return enterprise, consented_scopes(user, enterprise)


def personal_info_visible_to(user: Any) -> QuerySet[Enterprise]:
    """The enterprises whose contacts' personal information the user sees unmasked (module doc)."""
    role = role_of(user)
    if role is Role.ADMIN or role is Role.ENTERPRISE:
        return enterprises_visible_to(user)
    if role is Role.OFFICIAL and user.has_perm(PERSONAL_INFO_PERMISSION):
        return enterprises_visible_to(user)
    if role is Role.PROVIDER:
        granted = _active_consents_to(user).values_list("enterprise", "scopes")
        ids = {pk for pk, scopes in granted if ConsentScope.CONTACTS.value in scopes}
        return Enterprise.objects.filter(pk__in=ids)
    return Enterprise.objects.none()


def sees_personal_info(user: Any, enterprise: Enterprise) -> bool:
    """Whether the user sees the enterprise's contacts' personal information unmasked."""
    role = role_of(user)
    if role is Role.ADMIN:
        return True
    if role is Role.PROVIDER:
        return ConsentScope.CONTACTS.value in consented_scopes(user, enterprise)
    return personal_info_visible_to(user).filter(pk=enterprise.pk).exists()


def can_manage_consents(user: Any, enterprise: Enterprise) -> bool:
    """Only the enterprise's own users grant and revoke its consents (the firm decides, PIPL Art. 14)."""
    return (
        role_of(user) is Role.ENTERPRISE
        and enterprises_visible_to(user).filter(pk=enterprise.pk).exists()
    )


def can_view_consents(user: Any, enterprise: Enterprise) -> bool:
    """Whoever sees the enterprise sees the list of its consents and their history."""
    return enterprises_visible_to(user).filter(pk=enterprise.pk).exists()


def is_administrator(user: Any) -> bool:
    """The platform administrator or one of the three separated administrators (三员)."""
    return role_of(user) in ADMINISTRATOR_ROLES


def requires_mfa(user: Any) -> bool:
    """Whether the user must pass a second factor: staff always; others once they enrolled a device."""
    if role_of(user) in STAFF_ROLES:
        return True
    from django_otp import user_has_device  # late: django_otp's models need the app registry

    return bool(user is not None and user.is_authenticated and user_has_device(user))


def can_manage_accounts(user: Any) -> bool:
    """Open platform accounts: the system administrator and the platform administrator."""
    return role_of(user) in {Role.ADMIN, Role.SYSTEM_ADMIN}


def can_manage_security(user: Any) -> bool:
    """Unlock accounts, reset second factors, end sessions: the security administrator only."""
    return role_of(user) is Role.SECURITY_ADMIN


def can_view_audit_log(user: Any) -> bool:
    """Read the audit log: the audit administrator only (not even the platform administrator)."""
    return role_of(user) is Role.AUDIT_ADMIN
