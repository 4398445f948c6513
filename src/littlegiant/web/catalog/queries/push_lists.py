"""A policy's push list over the enterprises a user may see: who qualifies, who is one condition away.

The groups come from the batch engine (``push_batch.compute_push``) over the pool's flat records; only the
firms a page shows are evaluated one by one for their reasons and gaps.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from littlegiant import rules
from littlegiant.batch.arrow import records_to_arrow
from littlegiant.matching.push import near_reason
from littlegiant.matching.ranking import Verdict
from littlegiant.rules import Pack, evaluate, policy_pack
from littlegiant.web.catalog.models import Policy
from littlegiant.web.catalog.queries.push_batch import PushResult, compute_push
from littlegiant.web.catalog.queries.search import closed_reason, entry_verdict
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.records import enterprise_records

__all__ = ["PUSH_COLUMNS", "PushList", "PushRow", "push_list", "push_rows", "push_workbook"]

_IN_CHUNK = 5000


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
    qualified_page: Page | None = None  # the page of each group shown (push_list with pages)
    near_page: Page | None = None


def _gap(pack: Pack, record: Mapping[str, Any], as_of: dt.date) -> str:
    """What a firm one condition away lacks: the engine's one-field gap (``rules.gaps``), else the open
    condition (when that condition needs more than one field to change)."""
    found = rules.gaps(pack, record, as_of, max_fields=1)
    if found:
        return found[0].message
    return near_reason(evaluate(pack, record, as_of))


def push_list(
    *,
    policy: Policy,
    enterprises: QuerySet[Enterprise],
    as_of: dt.date,
    shown: int = 200,
    pages: tuple[Any, Any] | None = None,
) -> PushList:
    """Every firm of ``enterprises`` that qualifies for the policy and those one condition away.

    The groups come from the batch engine over the pool's flat records; only the ``shown`` first
    firms of each group are evaluated one by one, for their reasons and gaps — or, with ``pages``
    (the qualified and the near page numbers as requested), the ``shown`` firms of those pages.
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
    qualified_page = near_page = None
    if pages is None:
        qualified_usccs, near_usccs = list(result.qualified[:shown]), list(result.near[:shown])
    else:
        qualified_page = Paginator(result.qualified, shown).get_page(pages[0])
        near_page = Paginator(result.near, shown).get_page(pages[1])
        qualified_usccs, near_usccs = list(qualified_page.object_list), list(near_page.object_list)
    firms = enterprises.in_bulk([*qualified_usccs, *near_usccs], field_name="uscc")
    qualified = [
        PushRow(firms[u], entry_verdict(policy, records[u], as_of)) for u in qualified_usccs
    ]
    near = [
        PushRow(firms[u], entry_verdict(policy, records[u], as_of), _gap(pack, records[u], as_of))
        for u in near_usccs
    ]
    return PushList(policy, as_of, result, qualified, near, "", qualified_page, near_page)


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


def push_workbook(rows: list[dict[str, Any]]) -> bytes:
    """Chinese labels on row 1, the column ids on a muted row 2, then one row per firm."""
    from openpyxl import Workbook

    from littlegiant.io.table_sheet import add_table_sheet

    workbook = Workbook()
    add_table_sheet(
        workbook,
        "推送名单",
        [label for _, label in PUSH_COLUMNS],
        ([row[column] for column, _ in PUSH_COLUMNS] for row in rows),
        ids=[column for column, _ in PUSH_COLUMNS],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
