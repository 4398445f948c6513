"""Searching the catalogs and an enterprise's opportunities, with eligibility from the rules engine.

Every function reads: the entries it is given (already narrowed by ``permissions.visible_entries``) or
the public catalogs, and an enterprise the caller may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from littlegiant.matching import CATALOGS_BY_ID, Facets, Match, Matcher, Profile
from littlegiant.matching.eligibility import check_eligibility
from littlegiant.matching.fit import region_within
from littlegiant.matching.ranking import Verdict
from littlegiant.web.catalog.models import CatalogEntry, Need
from littlegiant.web.catalog.permissions import public_entries
from littlegiant.web.catalog.queries.index import get_index
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.records import enterprise_record

__all__ = [
    "Opportunity",
    "closed_reason",
    "entry_values",
    "entry_verdict",
    "facets_of",
    "opportunities_for",
    "search_entries",
]


def entry_values(entry: CatalogEntry) -> dict[str, Any]:
    """An entry as a flat row of its catalog's column ids (what exports write)."""
    catalog = CATALOGS_BY_ID[entry.catalog_id]
    row = {fid: getattr(entry, fid, None) for fid in catalog.field_ids}
    return {
        k: (v.isoformat() if isinstance(v, dt.date) else (None if v in ("", []) else v))
        for k, v in row.items()
    }


def facets_of(entry: CatalogEntry) -> Facets:
    """The structured attributes ranking compares."""
    codes = str(getattr(entry, "industry_codes", "") or getattr(entry, "industry_code", "") or "")
    return Facets(
        industry_codes=tuple(c for c in codes.replace("，", ",").replace(" ", ",").split(",") if c),
        region_code=getattr(entry, "region_code", "") or None,
        maturity=getattr(entry, "maturity", "") or None,
        price_min=getattr(entry, "price_min", None),
    )


@dataclass(frozen=True, slots=True)
class Opportunity:
    """A ranked entry with its match explanation."""

    entry: CatalogEntry
    match: Match


def closed_reason(entry: CatalogEntry, as_of: dt.date) -> str:
    """Why an entry cannot be claimed on ``as_of`` (not yet in force, or expired); '' when it can."""
    valid_from: dt.date | None = getattr(entry, "valid_from", None)
    valid_to: dt.date | None = getattr(entry, "valid_to", None)
    if valid_from is not None and valid_from > as_of:
        return f"{valid_from:%Y-%m-%d} 起施行"
    if valid_to is not None and valid_to < as_of:
        return f"已于 {valid_to:%Y-%m-%d} 截止"
    return ""


def entry_verdict(entry: CatalogEntry, record: Mapping[str, Any], as_of: dt.date) -> Verdict:
    """Eligibility of one enterprise record for a policy or product: region, dates, then its pack."""
    if region_within(getattr(entry, "region_code", None), record.get("region_code")) is False:
        return Verdict("not_qualified", "不在政策适用地区")
    closed = closed_reason(entry, as_of)
    if closed:
        return Verdict("not_qualified", closed)
    pack_ref = getattr(entry, "pack_id", "")
    if not pack_ref:
        return Verdict("unknown", "未配置申报条件规则包，请阅读政策原文")
    return check_eligibility(pack_ref, record, as_of)


def _eligibility(
    entries: Mapping[str, CatalogEntry], record: Mapping[str, Any] | None, as_of: dt.date
) -> Callable[[str], Verdict | None]:
    def verdict(key: str) -> Verdict | None:
        entry = entries.get(key)
        return None if entry is None or record is None else entry_verdict(entry, record, as_of)

    return verdict


def search_entries(
    *,
    catalog_id: str,
    query: str,
    queryset: Any = None,
    enterprise: Enterprise | None = None,
    top: int = 20,
    as_of: dt.date | None = None,
) -> list[Opportunity]:
    """Rank a catalog for a query (and an enterprise's profile and eligibility, when given); the
    entries are ``queryset`` (already narrowed for the user) or the catalog's published ones."""
    as_of = as_of or timezone.localdate()
    allowed = queryset if queryset is not None else public_entries(catalog_id)
    index = get_index(catalog_id)
    hits = index.search(query, 200) if query else []
    pool = (
        list(allowed.values_list("pk", flat=True)[:500])
        if (not query or catalog_id in ("policies", "products"))
        else []
    )
    keys = {h.key for h in hits} | {str(pk) for pk in pool}
    entries = {str(pk): e for pk, e in allowed.in_bulk([int(k) for k in keys]).items()}
    record = enterprise_record(enterprise, as_of) if enterprise is not None else None
    profile = (
        Profile(record.get("industry_code"), record.get("region_code")) if record else Profile()
    )
    matcher = Matcher(index, facets_of=lambda k: facets_of(entries[k]) if k in entries else None)
    eligibility = (
        _eligibility(entries, record, as_of) if catalog_id in ("policies", "products") else None
    )
    ranked = matcher.rank(
        query, profile, top=top, eligibility=eligibility, pool=entries, accept=entries.__contains__
    )
    return [Opportunity(entries[m.key], m) for m in ranked]


def _need_query(enterprise: Enterprise) -> str:
    needs = Need.objects.filter(enterprise=enterprise).values_list("title", "summary")
    return " ".join(f"{t} {s}" for t, s in needs)[:2000]


def opportunities_for(
    enterprise: Enterprise, *, as_of: dt.date | None = None, top: int = 10
) -> dict[str, list[Opportunity]]:
    """An enterprise's recommended achievements (from its needs), policies and products."""
    query = _need_query(enterprise)
    return {
        "achievements": search_entries(
            catalog_id="achievements", query=query, enterprise=enterprise, top=top, as_of=as_of
        )
        if query
        else [],
        "policies": search_entries(
            catalog_id="policies", query=query, enterprise=enterprise, top=top, as_of=as_of
        ),
        "products": search_entries(
            catalog_id="products", query=query, enterprise=enterprise, top=top, as_of=as_of
        ),
    }
