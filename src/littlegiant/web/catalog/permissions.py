"""Who sees and who may publish which catalog entries (on top of the accounts permission layer).

- Achievements, policies and products are public to every signed-in user; needs follow the
  enterprise they belong to (``filter_rows_visible_to``): an enterprise user sees its own only,
  officials those of their regions; service providers see every need (they answer them with
  achievements and products), but never the enterprises' archives.
- Publishing: admins everything; officials policies, achievements, products and the needs of
  enterprises in their regions; providers achievements and products; enterprise users their own needs.
  A need names its enterprise (``uscc``); only an administrator may file one without.
- Push lists are for admins and officials, over the enterprises they may see.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import (
    enterprises_visible_to,
    filter_rows_visible_to,
    get_enterprise_for,
    is_bureau,
    role_of,
)
from littlegiant.web.catalog.models import MODELS, CatalogEntry
from littlegiant.web.enterprises.models import Enterprise

__all__ = [
    "PUBLISHERS",
    "can_change_entry",
    "can_push",
    "check_publish",
    "ranking_enterprise",
    "visible_entries",
]

PUBLISHERS: dict[Role, frozenset[str]] = {
    Role.ADMIN: frozenset(MODELS),
    Role.OFFICIAL: frozenset({"achievements", "needs", "policies", "products"}),
    Role.PROVIDER: frozenset({"achievements", "products"}),
    Role.ENTERPRISE: frozenset({"needs"}),
}


def visible_entries(user: Any, catalog_id: str) -> QuerySet[CatalogEntry]:
    """The entries of one catalog the user may see."""
    queryset: QuerySet[CatalogEntry] = MODELS[catalog_id].objects.all()
    if catalog_id == "needs" and role_of(user) is not Role.PROVIDER:
        return filter_rows_visible_to(user, queryset, "enterprise")
    return queryset


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


def can_change_entry(user: Any, entry: CatalogEntry) -> bool:
    """Whether the user may overwrite an existing entry: admins and officials any they see, others
    what they published themselves (an enterprise user also its enterprise's needs)."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.OFFICIAL):
        return visible_entries(user, entry.catalog_id).filter(pk=entry.pk).exists()
    if entry.published_by_id is not None and entry.published_by_id == getattr(user, "pk", None):
        return True
    return (
        role is Role.ENTERPRISE
        and visible_entries(user, entry.catalog_id).filter(pk=entry.pk).exists()
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
