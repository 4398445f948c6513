"""Push lists: the firms one condition away from a policy, in SQL over a pool, and what each one lacks.

A push list names every firm that qualifies for a policy and those **one condition away**. What a
condition is, and how many are open, is defined once in :mod:`littlegiant.rules.conditions`; this
module asks its SQL form for the firms with exactly one open condition (:func:`near_query`) and words
that condition in Chinese (:func:`near_reason`).

Examples:
    >>> import datetime as dt
    >>> from littlegiant.rules import evaluate, policy_pack
    >>> pack = policy_pack("zjtx_loan@2025")
    >>> verdict = evaluate(pack, {"specialized_sme": True, "net_profit_y1": -5, "major_violation": False},
    ...                    dt.date(2025, 6, 30))
    >>> near_reason(verdict)
    '差一项：上年度净利润为正'
"""

from __future__ import annotations

import datetime as dt

from sqlglot import exp

from littlegiant.records.fields import FLAT_FIELDS_BY_ID
from littlegiant.rules import Pack, Verdict, program_for
from littlegiant.rules.conditions import OPEN_CONDITIONS, compile_with_count
from littlegiant.rules.sql import build_select

__all__ = ["near_query", "near_reason"]


def near_query(
    pack: Pack,
    as_of: dt.date,
    source: str,
    source_types: dict[str, str],
    *,
    dialect: str = "duckdb",
) -> str:
    """SQL listing ``uscc`` and ``status`` of every row of ``source`` not qualified with exactly one open condition.

    ``OFFSET 0`` keeps the filter out of the scored rows: pushed down through the unfenced rule layers,
    DuckDB inlines every column into it and a deep pack (``sme_size``) plans for minutes.
    """
    compiled = compile_with_count(pack, as_of, program_for(pack, as_of).conditions)
    select = build_select([compiled], source, source_types, fence=False)
    status_column = exp.column(f"{pack.id}__status", quoted=True)
    query = (
        exp.select(
            exp.column("uscc", quoted=True), exp.alias_(status_column, "status", quoted=True)
        )
        .from_(
            exp.Subquery(
                this=select.offset(0), alias=exp.TableAlias(this=exp.to_identifier("scored"))
            )
        )
        .where(exp.NEQ(this=status_column, expression=exp.Literal.string("qualified")))
        .where(
            exp.EQ(this=exp.column(OPEN_CONDITIONS, quoted=True), expression=exp.Literal.number(1))
        )
    )
    return query.sql(dialect=dialect)


def _field_label(flat_id: str) -> str:
    field = FLAT_FIELDS_BY_ID.get(flat_id)
    return field.label if field else flat_id


def near_reason(verdict: Verdict) -> str:
    """What a firm one condition away lacks, in Chinese: the condition, and the fields it misses."""
    opened = verdict.open_conditions.conditions
    if len(opened) != 1:
        return f"尚有 {len(opened)} 项条件未满足" if opened else "满足全部条件"
    condition = opened[0]
    if condition.unknown and condition.fields:
        return (
            f"待补充：{condition.label}（{'、'.join(_field_label(f) for f in condition.fields)}）"
        )
    return f"差一项：{condition.label}"
