"""Who sees and who may publish which catalog entries (on top of the accounts permission layer).

- Achievements, policies and products are public to every signed-in user; needs follow the
  enterprise they belong to (``filter_rows_visible_to``): an enterprise user sees its own only,
  officials those of their regions; service providers see every need (they answer them with
  achievements and products), but never the enterprises' archives.
- Publishing: admins everything; officials policies, achievements, products and the needs of
  enterprises in their regions; providers achievements and products; enterprise users their own needs.
  A need names its enterprise (``uscc``); only an administrator may file one without.
- Review: what a service provider publishes (achievements, products, and every change to them) is
  public only once the bureau approved it (``needs_review``); admins review everything, officials
  the entries of their regions and those without a region.
- Only published entries are public (``visible_entries``); publishers see their own entries in
  every state (``own_entries``).
- Push lists are for admins and officials, over the enterprises they may see.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import (
    enterprises_visible_to,
    filter_rows_visible_to,
    get_enterprise_for,
    is_bureau,
    membership_of,
    role_of,
)
from littlegiant.web.catalog.models import MODELS, CatalogEntry, EntryStatus
from littlegiant.web.enterprises.models import Enterprise

__all__ = [
    "PUBLISHERS",
    "REVIEWED",
    "can_change_entry",
    "can_push",
    "can_review",
    "check_publish",
    "needs_review",
    "own_entries",
    "public_entries",
    "publishable_catalogs",
    "ranking_enterprise",
    "reviewable_entries",
    "visible_entries",
]

PUBLISHERS: dict[Role, frozenset[str]] = {
    Role.ADMIN: frozenset(MODELS),
    Role.OFFICIAL: frozenset({"achievements", "needs", "policies", "products"}),
    Role.PROVIDER: frozenset({"achievements", "products"}),
    Role.ENTERPRISE: frozenset({"needs"}),
}


REVIEWED: dict[Role, frozenset[str]] = {Role.PROVIDER: frozenset({"achievements", "products"})}
"""What a role publishes only after the bureau's approval."""


def public_entries(catalog_id: str) -> QuerySet[CatalogEntry]:
    """The published entries of one catalog (before any per-user narrowing)."""
    return MODELS[catalog_id].objects.filter(status=EntryStatus.PUBLISHED)


def visible_entries(user: Any, catalog_id: str) -> QuerySet[CatalogEntry]:
    """The published entries of one catalog the user may see."""
    queryset = public_entries(catalog_id)
    if catalog_id == "needs" and role_of(user) is not Role.PROVIDER:
        return filter_rows_visible_to(user, queryset, "enterprise")
    return queryset


def publishable_catalogs(user: Any) -> list[str]:
    """The catalogs the user may publish in, in catalog order."""
    role = role_of(user)
    allowed = PUBLISHERS.get(role, frozenset()) if role is not None else frozenset()
    return [catalog_id for catalog_id in MODELS if catalog_id in allowed]


def needs_review(user: Any, catalog_id: str) -> bool:
    """Whether what ``user`` publishes in the catalog waits for the bureau's approval."""
    role = role_of(user)
    return role is not None and catalog_id in REVIEWED.get(role, frozenset())


def own_entries(user: Any, catalog_id: str) -> QuerySet[CatalogEntry]:
    """The entries of one catalog the user published (an enterprise user: also its firms' needs),
    in every state."""
    queryset: QuerySet[CatalogEntry] = MODELS[catalog_id].objects.all()
    if getattr(user, "pk", None) is None:
        return queryset.none()
    mine = queryset.filter(published_by=user)
    if catalog_id == "needs" and role_of(user) is Role.ENTERPRISE:
        return mine | filter_rows_visible_to(user, queryset, "enterprise")
    return mine


def _in_regions(user: Any, region_code: str) -> bool:
    membership = membership_of(user)
    prefixes = membership.region_prefixes() if membership is not None else []
    return not region_code or any(region_code.startswith(prefix) for prefix in prefixes)


def can_review(user: Any, entry: CatalogEntry) -> bool:
    """Whether the user may approve or reject the entry: admins any, officials those of their
    regions (or without a region)."""
    role = role_of(user)
    if role is Role.ADMIN:
        return True
    return role is Role.OFFICIAL and _in_regions(user, str(getattr(entry, "region_code", "") or ""))


def reviewable_entries(user: Any, catalog_id: str) -> QuerySet[CatalogEntry]:
    """The entries of one catalog waiting for approval that the user may review, oldest first."""
    queryset = MODELS[catalog_id].objects.filter(status=EntryStatus.PENDING)
    role = role_of(user)
    if role is Role.ADMIN:
        return queryset.order_by("updated_at", "pk")
    if role is not Role.OFFICIAL:
        return queryset.none()
    membership = membership_of(user)
    prefixes = membership.region_prefixes() if membership is not None else []
    region = Q(region_code="")
    for prefix in prefixes:
        region |= Q(region_code__startswith=prefix)
    return queryset.filter(region).order_by("updated_at", "pk")


def check_publish(user: Any, catalog_id: str, uscc: str | None = None) -> None:
    """Raise ``PermissionDenied`` unless the user may publish in the catalog (a need: for its enterprise).

    Raises:
        PermissionDenied: the role may not publish there.
        Http404: a need names an enterprise the user may not see.
    """
    role = role_of(user)
    if role is None or catalog_id not in PUBLISHERS.get(role, frozenset()):
        raise PermissionDenied("您无权在该目录发布条目")
    if catalog_id == "needs":
        if uscc:
            get_enterprise_for(user, uscc, write=True)
        elif role is not Role.ADMIN:
            raise PermissionDenied("技术需求须注明企业的统一社会信用代码（uscc）")


def _scoped(user: Any, catalog_id: str) -> QuerySet[CatalogEntry]:
    """Entries of one catalog in every state, needs narrowed to the user's enterprises."""
    queryset: QuerySet[CatalogEntry] = MODELS[catalog_id].objects.all()
    if catalog_id == "needs":
        return filter_rows_visible_to(user, queryset, "enterprise")
    return queryset


def can_change_entry(user: Any, entry: CatalogEntry) -> bool:
    """Whether the user may overwrite or withdraw an existing entry: admins and officials any they
    see, others what they published themselves (an enterprise user also its enterprise's needs)."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.OFFICIAL):
        return _scoped(user, entry.catalog_id).filter(pk=entry.pk).exists()
    if role is None:
        return False
    if entry.published_by_id is not None and entry.published_by_id == getattr(user, "pk", None):
        return True
    return (
        role is Role.ENTERPRISE
        and entry.catalog_id == "needs"
        and _scoped(user, "needs").filter(pk=entry.pk).exists()
    )


def ranking_enterprise(user: Any, uscc: str = "") -> Enterprise | None:
    """The enterprise whose profile ranks a search: the one named by ``uscc`` (within the user's
    scope, else Http404), or an enterprise user's own; None for others without ``uscc``."""
    if uscc.strip():
        return get_enterprise_for(user, uscc.strip())
    if role_of(user) is Role.ENTERPRISE:
        return enterprises_visible_to(user).order_by("pk").first()
    return None


def can_push(user: Any) -> bool:
    """Whether the user may see and record policy push lists."""
    return is_bureau(user)
