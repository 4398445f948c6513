"""Every write to the catalogs, the search indexes and the matches (pages, API and CLI call these)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from littlegiant.matching import (
    CATALOGS_BY_ID,
    CatalogIndex,
    Facets,
    Match,
    Matcher,
    Profile,
    content_hash,
)
from littlegiant.matching.eligibility import check_eligibility
from littlegiant.matching.fit import region_within
from littlegiant.matching.ranking import Verdict
from littlegiant.web.catalog.models import (
    Achievement,
    CatalogEntry,
    Need,
    Policy,
    PolicyPush,
    Product,
)
from littlegiant.web.enterprises.flat_records import enterprise_record
from littlegiant.web.enterprises.models import Enterprise

__all__ = [
    "MODELS",
    "Opportunity",
    "delete_entry",
    "entry_values",
    "get_index",
    "import_entries",
    "opportunities_for",
    "push_list",
    "record_push",
    "save_entry",
    "search_entries",
]

MODELS: dict[str, type[CatalogEntry]] = {
    "achievements": Achievement,
    "needs": Need,
    "policies": Policy,
    "products": Product,
}
_INDEXES: dict[str, CatalogIndex] = {}
_INDEX_LOCK = threading.Lock()
_REF_PREFIX = {"achievements": "CG", "needs": "XQ", "policies": "ZC", "products": "JR"}


class _DatabaseSource:
    """The catalog table as an index source: fingerprints from ``index_hash``, texts on demand."""

    def __init__(self, model: type[CatalogEntry]) -> None:
        self.model = model

    def fingerprints(self) -> Mapping[str, str]:
        return {str(pk): digest for pk, digest in self.model.objects.values_list("pk", "index_hash")}

    def texts(self, keys: Sequence[str]) -> Mapping[str, str]:
        entries = self.model.objects.in_bulk([int(k) for k in keys])
        return {str(pk): entry.indexed_text() for pk, entry in entries.items()}


def get_index(catalog_id: str) -> CatalogIndex:
    """The catalog's index, opened (or rebuilt from the database) on first use in this process."""
    with _INDEX_LOCK:
        if catalog_id not in _INDEXES:
            directory = settings.INDEXES_DIR / catalog_id
            index, _ = CatalogIndex.open_or_build(directory, _DatabaseSource(MODELS[catalog_id]))
            _INDEXES[catalog_id] = index
        return _INDEXES[catalog_id]


def reset_indexes() -> None:
    """Forget the opened indexes (tests, or after LITTLEGIANT_HOME changes)."""
    with _INDEX_LOCK:
        _INDEXES.clear()


def entry_values(entry: CatalogEntry) -> dict[str, Any]:
    """An entry as a flat row of its catalog's column ids (what exports write)."""
    catalog = CATALOGS_BY_ID[entry.catalog_id]
    row = {fid: getattr(entry, fid, None) for fid in catalog.field_ids}
    return {k: (v.isoformat() if isinstance(v, dt.date) else (None if v in ("", []) else v)) for k, v in row.items()}


def _apply(entry: CatalogEntry, values: Mapping[str, Any]) -> None:
    catalog = CATALOGS_BY_ID[entry.catalog_id]
    for field_id, value in values.items():
        if field_id not in catalog.field_ids:
            continue
        default = entry._meta.get_field(field_id).get_default()
        setattr(entry, field_id, default if value is None else value)
    if isinstance(entry, Need) and entry.uscc:
        entry.enterprise = Enterprise.objects.filter(uscc=entry.uscc).first()


def save_entry(*, catalog_id: str, values: Mapping[str, Any], user: Any = None) -> tuple[CatalogEntry, bool]:
    """Create or update (by ``ref``) one entry and update the index after commit; returns (entry, created)."""
    model = MODELS[catalog_id]
    ref = values.get("ref") or f"{_REF_PREFIX[catalog_id]}-{uuid.uuid4().hex[:10].upper()}"
    entry = model.objects.filter(ref=ref).first()
    created = entry is None
    if entry is None:
        entry = model(ref=ref, published_by=user if getattr(user, "is_authenticated", False) else None)
    _apply(entry, {**values, "ref": ref})
    entry.index_hash = content_hash(entry.indexed_text())
    entry.save()
    key, text = str(entry.pk), entry.indexed_text()
    transaction.on_commit(lambda: get_index(catalog_id).upsert(key, text))
    return entry, created


def delete_entry(*, entry: CatalogEntry) -> None:
    """Delete one entry and drop it from the index after commit."""
    catalog_id, key = entry.catalog_id, str(entry.pk)
    entry.delete()
    transaction.on_commit(lambda: get_index(catalog_id).delete(key))


@transaction.atomic
def import_entries(*, catalog_id: str, rows: Iterable[Mapping[str, Any]], user: Any = None) -> tuple[int, int]:
    """Import validated rows atomically (all or nothing); returns (created, updated)."""
    created = updated = 0
    for row in rows:
        _, is_new = save_entry(catalog_id=catalog_id, values=row, user=user)
        created, updated = created + is_new, updated + (not is_new)
    return created, updated


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


def _eligibility(entries: Mapping[str, CatalogEntry], record: Mapping[str, Any] | None, as_of: dt.date) -> Any:
    def verdict(key: str) -> Verdict | None:
        entry = entries.get(key)
        pack = getattr(entry, "pack_id", "") if entry else ""
        if entry is None or record is None:
            return None
        if region_within(getattr(entry, "region_code", None), record.get("region_code")) is False:
            return Verdict("not_qualified", "不在政策适用地区")
        valid_to = getattr(entry, "valid_to", None)
        if valid_to is not None and valid_to < as_of:
            return Verdict("not_qualified", f"已于 {valid_to:%Y-%m-%d} 截止")
        if not pack:
            return Verdict("unknown", "未配置申报条件规则包，请阅读政策原文")
        return check_eligibility(pack, record, as_of)

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
    """Rank a catalog for a query (and an enterprise's profile and eligibility, when given)."""
    as_of = as_of or timezone.localdate()
    model = MODELS[catalog_id]
    allowed = queryset if queryset is not None else model.objects.all()
    index = get_index(catalog_id)
    hits = index.search(query, 200) if query else []
    pool = list(allowed.values_list("pk", flat=True)[:500]) if (not query or catalog_id in ("policies", "products")) else []
    keys = {h.key for h in hits} | {str(pk) for pk in pool}
    entries = {str(pk): e for pk, e in allowed.in_bulk([int(k) for k in keys]).items()}
    record = enterprise_record(enterprise, as_of) if enterprise is not None else None
    profile = Profile(record.get("industry_code"), record.get("region_code")) if record else Profile()
    matcher = Matcher(index, facets_of=lambda k: facets_of(entries[k]) if k in entries else None)
    eligibility = _eligibility(entries, record, as_of) if catalog_id in ("policies", "products") else None
    ranked = matcher.rank(query, profile, top=top, eligibility=eligibility, pool=entries, accept=entries.__contains__)
    return [Opportunity(entries[m.key], m) for m in ranked]


def _need_query(enterprise: Enterprise) -> str:
    needs = Need.objects.filter(enterprise=enterprise).values_list("title", "summary")
    return " ".join(f"{t} {s}" for t, s in needs)[:2000]


def opportunities_for(enterprise: Enterprise, *, as_of: dt.date | None = None, top: int = 10) -> dict[str, list[Opportunity]]:
    """An enterprise's recommended achievements (from its needs), policies and products."""
    query = _need_query(enterprise)
    return {
        "achievements": search_entries(catalog_id="achievements", query=query, enterprise=enterprise, top=top, as_of=as_of)
        if query
        else [],
        "policies": search_entries(catalog_id="policies", query=query, enterprise=enterprise, top=top, as_of=as_of),
        "products": search_entries(catalog_id="products", query=query, enterprise=enterprise, top=top, as_of=as_of),
    }


def push_list(*, policy: Policy, enterprises: Iterable[Enterprise], as_of: dt.date) -> dict[str, list[tuple[Enterprise, Verdict]]]:
    """Every firm that qualifies for the policy, those one gap away (unknown or a single failed clause), the rest."""
    groups: dict[str, list[tuple[Enterprise, Verdict]]] = {"qualified": [], "near": [], "not_qualified": []}
    for enterprise in enterprises:
        record = enterprise_record(enterprise, as_of)
        verdict = _eligibility({"p": policy}, record, as_of)("p")
        assert verdict is not None
        one_gap = verdict.status == "unknown" or (verdict.reason.startswith("不满足：") and "；" not in verdict.reason)
        group = "qualified" if verdict.status == "qualified" else ("near" if one_gap else "not_qualified")
        groups[group].append((enterprise, verdict))
    return groups


def record_push(*, policy: Policy, groups: Mapping[str, list[tuple[Enterprise, Verdict]]], as_of: dt.date, user: Any) -> PolicyPush:
    """Keep a record of when the push list was sent, and to whom."""
    return PolicyPush.objects.create(
        policy=policy,
        pushed_by=user if getattr(user, "is_authenticated", False) else None,
        as_of=as_of,
        qualified=[e.uscc for e, _ in groups["qualified"]],
        near=[e.uscc for e, _ in groups["near"]],
    )
