"""Read models of consents: an enterprise's consents and their history, providers to choose from, and
what a provider sees of a consenting enterprise (only the consented scopes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from littlegiant.web.accounts.models import Role
from littlegiant.web.enterprises.models import Consent, ConsentScope, Enterprise, active_consents
from littlegiant.web.enterprises.queries import profile

__all__ = [
    "BASIC_COLUMNS",
    "ConsentChange",
    "ConsentRow",
    "consent_history",
    "consent_rows",
    "provider_choices",
    "provider_label",
    "shared_enterprise_rows",
    "shared_profile",
]


BASIC_COLUMNS = frozenset({"uscc", "name", "region_code", "industry_code", "established_on"})
"""The enterprise columns of the basic consent scope (plus the size class): identity, nothing more."""


def provider_label(user: Any) -> str:
    """A provider account as people know it: its organisation, else its name, with the login."""
    membership = getattr(user, "membership", None)
    organization = getattr(membership, "organization", "") if membership is not None else ""
    name = organization or user.get_full_name()
    return f"{name}（{user.get_username()}）" if name else user.get_username()


def provider_choices() -> list[tuple[int, str]]:
    """Every active provider account as ``(pk, label)``, by label."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, membership__role=Role.PROVIDER)
        .select_related("membership")
    )
    return sorted(((user.pk, provider_label(user)) for user in users), key=lambda c: c[1])


@dataclass(frozen=True)
class ConsentRow:
    """One consent as the enterprise's consent tab lists it."""

    consent: Consent
    provider: str
    scopes: list[str]
    state: str  # "active", "revoked", "expired"
    state_label: str


def _state(consent: Consent, today: dt.date) -> tuple[str, str]:
    if consent.revoked_at is not None:
        return "revoked", "已撤回"
    if consent.expires_on is not None and consent.expires_on < today:
        return "expired", "已过期"
    return "active", "有效"


def consent_rows(enterprise: Enterprise, today: dt.date) -> list[ConsentRow]:
    """The enterprise's consents, active ones first, newest first within each state."""
    rows = []
    for consent in enterprise.consents.select_related("provider__membership"):
        state, label = _state(consent, today)
        rows.append(
            ConsentRow(
                consent, provider_label(consent.provider), consent.scope_labels(), state, label
            )
        )
    order = {"active": 0, "expired": 1, "revoked": 2}
    return sorted(rows, key=lambda row: order[row.state])


@dataclass(frozen=True)
class ConsentChange:
    """One history row of a consent: when, who, what happened, to whom, with which scopes."""

    when: dt.datetime
    who: str
    action: str
    provider: str
    scopes: list[str] = field(default_factory=list)


def consent_history(enterprise: Enterprise, limit: int = 50) -> list[ConsentChange]:
    """The latest changes of the enterprise's consents (granted, revoked...), newest first."""
    records = (
        Consent.history.filter(enterprise_id=enterprise.pk)
        .select_related("history_user", "provider__membership")
        .order_by("-history_date", "-history_id")[:limit]
    )
    changes = []
    for record in records:
        user = record.history_user
        if record.history_type == "+":
            action = "授权"
        elif record.history_type == "-":
            action = "删除"
        else:
            action = "撤回授权" if record.revoked_at is not None else "修改"
        changes.append(
            ConsentChange(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user is not None else "系统",
                action=action,
                provider=provider_label(record.provider),
                scopes=[scope.label for scope in ConsentScope if scope.value in record.scopes],
            )
        )
    return changes


def shared_enterprise_rows(
    enterprises: QuerySet[Enterprise], provider: Any, today: dt.date
) -> list[dict[str, Any]]:
    """The enterprises shared with a provider, each with its active consents' scopes, purposes and end dates."""
    consents = (
        active_consents(today)
        .filter(provider=provider, enterprise__in=enterprises)
        .select_related("enterprise")
        .order_by("enterprise__name", "-granted_at")
    )
    rows: dict[int, dict[str, Any]] = {}
    for consent in consents:
        row = rows.setdefault(
            consent.enterprise_id,
            {"enterprise": consent.enterprise, "scopes": set(), "purposes": [], "expires_on": []},
        )
        row["scopes"].update(consent.scopes)
        row["purposes"].append(consent.purpose)
        row["expires_on"].append(consent.expires_on)
    result = []
    for row in rows.values():
        ends = row["expires_on"]
        result.append(
            {
                "enterprise": row["enterprise"],
                "scopes": [s.label for s in ConsentScope if s.value in row["scopes"] | {"basic"}],
                "purposes": "；".join(dict.fromkeys(row["purposes"])),
                "expires_on": None if None in ends else max(ends),
            }
        )
    return result


def shared_profile(
    enterprise: Enterprise, scopes: frozenset[str], today: dt.date
) -> dict[str, Any]:
    """What a provider sees of a consenting enterprise: only the consented scopes' sections.

    Contacts appear only with the ``contacts`` scope, and then unmasked (the enterprise consented).
    """
    context: dict[str, Any] = {"facts": profile.facts(enterprise, BASIC_COLUMNS), "scopes": scopes}
    if ConsentScope.YEARLY in scopes:
        context["yearly"] = profile.yearly_table(list(enterprise.yearlyfigure_set.all()))
    if ConsentScope.CREDENTIALS in scopes:
        context["sections"] = [
            profile.archive_section(table_id, enterprise, today)
            for table_id in ("titles", "awards", "certifications", "standards")
        ]
    if ConsentScope.IP in scopes:
        context["ip"] = profile.ip_facts(enterprise)
    if ConsentScope.CONTACTS in scopes:
        context["contacts"] = profile.archive_section("contacts", enterprise, today)
    return context
