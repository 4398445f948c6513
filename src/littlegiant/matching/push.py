"""How far a firm is from an eligibility pack: the open conditions, one record at a time or in SQL.

A push list names every firm that qualifies for a policy and those **one condition away**. The
conditions of a pack are read from its status rule: a rule that is an ``and`` / ``or`` of other
rules is opened (``and`` adds its operands' open conditions, ``or`` takes the fewest); any other
rule is one condition, open unless it is true (false or unknown: a missing value is a question to
ask the firm). The same definition runs in Python (:func:`open_conditions`, over a verdict's rule
values) and in SQL (:func:`open_conditions_column`, over the batch engine's rule columns), so the
batch push list and the one-record path agree.

Examples:
    >>> import datetime as dt
    >>> from littlegiant.matching.eligibility import policy_pack
    >>> from littlegiant.rules import evaluate
    >>> pack = policy_pack("zjtx_loan@2025")
    >>> verdict = evaluate(pack, {"specialized_sme": True, "net_profit_y1": -5, "major_violation": False},
    ...                    dt.date(2025, 6, 30))
    >>> open_conditions(pack, verdict.values)
    ('profitable',)
    >>> near_reason(pack, verdict)
    '差一项：上年度净利润为正'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from functools import reduce
from typing import Any

from sqlglot import exp

from littlegiant.records.fields import FLAT_FIELDS_BY_ID
from littlegiant.rules import Pack, ir
from littlegiant.rules import Verdict as RulesVerdict
from littlegiant.rules.sql import build_select, compile_pack

__all__ = [
    "OPEN_CONDITIONS",
    "near_query",
    "near_reason",
    "open_conditions",
    "open_conditions_column",
]

OPEN_CONDITIONS = "open_conditions"
"""The column name of the open-condition count in :func:`near_query`."""


def _opened(pack: Pack, rule_id: str) -> ir.BoolOp | None:
    """The rule's ``and``/``or`` when every operand is another rule (then it is opened), else None."""
    expr = pack.rules[rule_id].expr
    if isinstance(expr, ir.BoolOp) and all(isinstance(o, ir.RuleRef) for o in expr.operands):
        return expr
    return None


def _operand_ids(node: ir.BoolOp) -> list[str]:
    return [o.name for o in node.operands if isinstance(o, ir.RuleRef)]


def open_conditions(
    pack: Pack, values: Mapping[str, Any], rule_id: str | None = None
) -> tuple[str, ...]:
    """The rule ids of the conditions still open for a record whose rule values are ``values``.

    Empty when the status rule is true; ``and`` concatenates, ``or`` takes the shortest (first on ties).
    """
    rule_id = rule_id or pack.outputs.status or ""
    if values.get(rule_id) is True:
        return ()
    node = _opened(pack, rule_id)
    if node is None:
        return (rule_id,)
    parts = [open_conditions(pack, values, operand) for operand in _operand_ids(node)]
    if node.op == "and":
        return tuple(rule for part in parts for rule in part)
    return min(parts, key=len)


def open_conditions_column(pack: Pack, rule_id: str | None = None) -> exp.Expression:
    """The SQL count of open conditions over the rule columns ``<pack>__<rule>`` (same definition)."""
    rule_id = rule_id or pack.outputs.status or ""
    column = exp.column(f"{pack.id}__{rule_id}", quoted=True)
    node = _opened(pack, rule_id)
    if node is None:
        inner: exp.Expression = exp.Literal.number(1)
    else:
        parts = [open_conditions_column(pack, operand) for operand in _operand_ids(node)]
        if node.op == "and":
            inner = reduce(lambda a, b: exp.Add(this=a, expression=b), parts)
        else:
            inner = exp.Least(this=parts[0], expressions=parts[1:])
    return exp.Case(
        ifs=[exp.If(this=column, true=exp.Literal.number(0))], default=exp.Paren(this=inner)
    )


def near_query(
    pack: Pack,
    as_of: dt.date,
    source: str,
    source_types: dict[str, str],
    *,
    dialect: str = "duckdb",
) -> str:
    """SQL listing ``uscc`` and ``status`` of every row of ``source`` not qualified with exactly one open condition."""
    compiled = compile_pack(pack, as_of)
    status = f"{pack.id}__status"
    outputs = {status: compiled.outputs[status], OPEN_CONDITIONS: open_conditions_column(pack)}
    select = build_select(
        [dataclasses.replace(compiled, outputs=outputs)], source, source_types, fence=False
    )
    status_column = exp.column(status, quoted=True)
    query = (
        exp.select(
            exp.column("uscc", quoted=True), exp.alias_(status_column, "status", quoted=True)
        )
        .from_(exp.Subquery(this=select, alias=exp.TableAlias(this=exp.to_identifier("scored"))))
        .where(exp.NEQ(this=status_column, expression=exp.Literal.string("qualified")))
        .where(
            exp.EQ(this=exp.column(OPEN_CONDITIONS, quoted=True), expression=exp.Literal.number(1))
        )
    )
    return query.sql(dialect=dialect)


def _field_label(flat_id: str) -> str:
    field = FLAT_FIELDS_BY_ID.get(flat_id)
    return field.label if field else flat_id


def near_reason(pack: Pack, verdict: RulesVerdict) -> str:
    """What a firm one condition away lacks, in Chinese: the condition, and the fields it misses."""
    opened = open_conditions(pack, verdict.values)
    if len(opened) != 1:
        return f"尚有 {len(opened)} 项条件未满足" if opened else "满足全部条件"
    rule = pack.rules[opened[0]]
    if verdict.values.get(rule.id) is None:
        step = next((s for s in verdict.trace if s.rule_id == rule.id), None)
        unknown = [f for f, v in (step.reads if step else {}).items() if v is None]
        if unknown:
            return f"待补充：{rule.label}（{'、'.join(_field_label(f) for f in unknown)}）"
    return f"差一项：{rule.label}"
