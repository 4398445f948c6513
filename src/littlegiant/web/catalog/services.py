"""Every write to the catalogs, the search indexes and the matches (pages, API and CLI call these)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from littlegiant import rules
from littlegiant.batch.arrow import records_to_arrow
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
from littlegiant.matching.push import near_reason
from littlegiant.matching.ranking import Verdict
from littlegiant.rules import Pack, evaluate, policy_pack
from littlegiant.web.catalog.models import (
    Achievement,
    CatalogEntry,
    Need,
    Policy,
    PolicyPush,
    Product,
)
from littlegiant.web.catalog.push import PushResult, compute_push
from littlegiant.web.enterprises.flat_records import enterprise_record, enterprise_records
from littlegiant.web.enterprises.models import Enterprise

__all__ = [
    "MODELS",
    "PUSH_COLUMNS",
    "Opportunity",
    "PushList",
    "PushRow",
    "closed_reason",
    "delete_entry",
    "entry_values",
    "entry_verdict",
    "get_index",
    "import_entries",
    "opportunities_for",
    "push_list",
    "push_rows",
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
_IN_CHUNK = 5000
_REF_PREFIX = {"achievements": "CG", "needs": "XQ", "policies": "ZC", "products": "JR"}


class _DatabaseSource:
    """The catalog table as an index source: fingerprints from ``index_hash``, texts on demand."""

    def __init__(self, model: type[CatalogEntry]) -> None:
        self.model = model

    def fingerprints(self) -> Mapping[str, str]:
        return {
            str(pk): digest for pk, digest in self.model.objects.values_list("pk", "index_hash")
        }

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
    return {
        k: (v.isoformat() if isinstance(v, dt.date) else (None if v in ("", []) else v))
        for k, v in row.items()
    }


def _apply(entry: CatalogEntry, values: Mapping[str, Any]) -> None:
    catalog = CATALOGS_BY_ID[entry.catalog_id]
    for field_id, value in values.items():
        if field_id not in catalog.field_ids:
            continue
        column = entry._meta.get_field(field_id)
        if not isinstance(column, models.Field):
            continue
        setattr(entry, field_id, column.get_default() if value is None else column.to_python(value))
    if isinstance(entry, Need) and entry.uscc:
        entry.enterprise = Enterprise.objects.filter(uscc=entry.uscc).first()


def save_entry(
    *,
    catalog_id: str,
    values: Mapping[str, Any],
    user: Any = None,
    entry: CatalogEntry | None = None,
) -> tuple[CatalogEntry, bool]:
    """Create or update one entry and update the index after commit; returns (entry, created).

    ``entry`` is the row to update (the admin's edit form); without it the entry is found by
    ``ref`` (imports: the same file twice updates the same rows) or created.
    """
    model = MODELS[catalog_id]
    ref = values.get("ref") or (entry.ref if entry is not None else "")
    ref = ref or f"{_REF_PREFIX[catalog_id]}-{uuid.uuid4().hex[:10].upper()}"
    if entry is None or entry.pk is None:
        entry = model.objects.filter(ref=ref).first() or entry
    created = entry is None or entry.pk is None
    if entry is None:
        entry = model(ref=ref)
    if created:
        entry.published_by = user if getattr(user, "is_authenticated", False) else None
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
def import_entries(
    *, catalog_id: str, rows: Iterable[Mapping[str, Any]], user: Any = None
) -> tuple[int, int]:
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
    """Rank a catalog for a query (and an enterprise's profile and eligibility, when given)."""
    as_of = as_of or timezone.localdate()
    model = MODELS[catalog_id]
    allowed = queryset if queryset is not None else model.objects.all()
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


@dataclass(frozen=True, slots=True)
class PushRow:
    """One firm of a push list, with its verdict (reason, amount) and, one condition away, what it lacks."""

    enterprise: Enterprise
    verdict: Verdict
    gap: str = ""


@dataclass(frozen=True, slots=True)
class PushList:
    """A policy's push list: the batch result over the pool, and the first firms of each group explained."""

    policy: Policy
    as_of: dt.date
    result: PushResult
    qualified: list[PushRow]
    near: list[PushRow]
    closed: str = ""  # why nothing can be pushed (expired, no pack); '' when the list is live


def _gap(pack: Pack, record: Mapping[str, Any], as_of: dt.date) -> str:
    """What a firm one condition away lacks: the engine's one-field gap (``rules.gaps``), else the open
    condition (when that condition needs more than one field to change)."""
    found = rules.gaps(pack, record, as_of, max_fields=1)
    if found:
        return found[0].message
    return near_reason(evaluate(pack, record, as_of))


def push_list(
    *, policy: Policy, enterprises: QuerySet[Enterprise], as_of: dt.date, shown: int = 200
) -> PushList:
    """Every firm of ``enterprises`` that qualifies for the policy and those one condition away.

    The groups come from the batch engine over the pool's flat records; only the ``shown`` first
    firms of each group are evaluated one by one, for their reasons and gaps.
    """
    closed = closed_reason(policy, as_of) or (
        "" if policy.pack_id else "未配置申报条件规则包，无法生成推送名单"
    )
    if closed:
        return PushList(policy, as_of, PushResult(policy.pack_id, as_of, 0, (), ()), [], [], closed)
    pack = policy_pack(policy.pack_id)
    records = {str(r["uscc"]): r for r in enterprise_records(enterprises, as_of)}
    if records:
        result = compute_push(
            records_to_arrow(list(records.values())), pack, as_of, region=policy.region_code
        )
    else:
        result = PushResult(pack.key, as_of, 0, (), ())
    firms = enterprises.in_bulk(
        [*result.qualified[:shown], *result.near[:shown]], field_name="uscc"
    )
    qualified = [
        PushRow(firms[u], entry_verdict(policy, records[u], as_of))
        for u in result.qualified[:shown]
    ]
    near = [
        PushRow(firms[u], entry_verdict(policy, records[u], as_of), _gap(pack, records[u], as_of))
        for u in result.near[:shown]
    ]
    return PushList(policy, as_of, result, qualified, near)


PUSH_COLUMNS = (("uscc", "统一社会信用代码"), ("name", "企业名称"), ("region_code", "地区代码"),
                ("group", "分组"), ("estimated_amount", "预计金额（万元）"), ("gap", "差距"))  # fmt: skip
"""The columns of an exported push list: id and Chinese label."""


def push_rows(push: PushList, enterprises: QuerySet[Enterprise]) -> list[dict[str, Any]]:
    """Every firm of the push list (not only those shown) as export rows, qualified first."""
    names = {u: (n, r) for u, n, r in enterprises.values_list("uscc", "name", "region_code")}
    pack = policy_pack(push.policy.pack_id) if push.policy.pack_id else None
    records: dict[str, dict[str, Any]] = {}
    for start in range(
        0, len(push.result.near) if pack is not None else 0, _IN_CHUNK
    ):  # SQLite's variable limit
        chunk = enterprises.filter(uscc__in=push.result.near[start : start + _IN_CHUNK])
        records.update((str(r["uscc"]), r) for r in enterprise_records(chunk, push.as_of))
    rows = [
        {"uscc": u, "name": names.get(u, ("", ""))[0], "region_code": names.get(u, ("", ""))[1],
         "group": "符合条件", "estimated_amount": push.result.amounts.get(u), "gap": ""}
        for u in push.result.qualified
    ]  # fmt: skip
    for u in push.result.near:
        gap = _gap(pack, records[u], push.as_of) if pack is not None and u in records else ""
        rows.append({"uscc": u, "name": names.get(u, ("", ""))[0], "region_code": names.get(u, ("", ""))[1],
                     "group": "差一项", "estimated_amount": None, "gap": gap})  # fmt: skip
    return rows


def record_push(*, push: PushList, user: Any) -> PolicyPush:
    """Keep a record of when the push list was sent, and to whom (every firm, not only those shown)."""
    return PolicyPush.objects.create(
        policy=push.policy,
        pushed_by=user if getattr(user, "is_authenticated", False) else None,
        as_of=push.as_of,
        pack=push.result.pack_key,
        pack_sha256=push.result.pack_sha256,
        qualified=list(push.result.qualified),
        near=list(push.result.near),
    )
