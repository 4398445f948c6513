"""Reasons in every batch result: the failing clauses and the deciding missing fields of each verdict.

The batch query computes, besides each programme's status, the value of every condition of its status
rule (the leaves of :attr:`littlegiant.rules.program.Program.conditions`) and whether each field those
conditions read is empty. :func:`add_reasons` turns them into, per programme:

* ``<programme>__failing``: the ids of the open failing conditions (the route closest to qualifying,
  as :mod:`littlegiant.rules.conditions` chooses it), comma-separated;
* ``<programme>__failing_labels``: their Chinese labels with the thresholds in force, "；"-separated;
* ``<programme>__missing``: for unknown verdicts, the empty fields read by the open undecided conditions.

:func:`summary` names the input columns that are absent and how many unknown verdicts each caused.

Examples:
    >>> import datetime as dt
    >>> import pyarrow as pa
    >>> from littlegiant.batch.run import run
    >>> from littlegiant.rules.registry import pack_for
    >>> pack = pack_for("tech_sme", dt.date(2025, 6, 30))
    >>> table = pa.table({"uscc": ["A"], "employees_y1": [100.0], "revenue_y1": [1000.0]})
    >>> row = run(table, [pack], dt.date(2025, 6, 30), reasons=True).to_pylist()[0]
    >>> row["tech_sme__status"], "restricted_industry" in row["tech_sme__missing"]
    ('unknown', True)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from littlegiant.records.labels import STATUS_LABELS, field_label
from littlegiant.rules import ir
from littlegiant.rules.conditions import MAX_RELATIVE, leaves, open_leaf_masks
from littlegiant.rules.pack import Pack
from littlegiant.rules.program import program_for
from littlegiant.rules.sql import CompiledPack, compile_pack

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["add_reasons", "chinese_statuses", "compile_with_reasons", "summary"]

_LEAF = "__lg_leaf_"
_EMPTY = "__lg_empty_"


def _read_fields(pack: Pack, as_of: dt.date) -> list[list[str]]:
    """Per leaf of the status rule's conditions: the fields it depends on (directly or through rules)."""
    program = program_for(pack, as_of)
    deps = program.field_deps
    found = []
    for leaf in leaves(program.conditions):
        fields = set(leaf.refs.fields)
        for ref in leaf.refs.rules:
            fields |= deps[ref]
        found.append(sorted(f for f in fields if f in pack.fields))
    return found


def compile_with_reasons(pack: Pack, as_of: dt.date) -> CompiledPack:
    """``pack`` compiled with, besides its outputs, every condition's value and each read field's emptiness."""
    from sqlglot import exp

    program = program_for(pack, as_of)
    found = leaves(program.conditions)
    extra = {f"c{i}": leaf.node for i, leaf in enumerate(found)}
    for i, leaf in enumerate(found):
        sides = _sides(pack, leaf.node)
        if sides is not None:
            extra[f"l{i}"], extra[f"r{i}"] = sides[1], sides[2]
    compiled = compile_pack(pack, as_of, extra=extra)
    outputs = dict(compiled.outputs)
    for name, expression in compiled.extra.items():
        outputs[f"{pack.id}{_LEAF}{name}"] = expression
    for name in sorted({f for fields in _read_fields(pack, as_of) for f in fields}):
        column = exp.column(name, quoted=True)
        outputs[f"{pack.id}{_EMPTY}{name}"] = exp.Is(this=column, expression=exp.Null())
    return dataclasses.replace(compiled, outputs=outputs)


def _sides(pack: Pack, node: ir.Node) -> tuple[str, ir.Node, ir.Node] | None:
    """The comparison behind a condition (its operator and sides), to measure how far it misses."""
    if isinstance(node, ir.RuleRef):
        node = pack.rules[node.name].expr
    if isinstance(node, ir.Compare) and node.op in {">=", ">", "<=", "<"}:
        return node.op, node.left, node.right
    return None


def _relative(op: str, left: Any, right: Any) -> Any:
    """:meth:`littlegiant.rules.conditions.Miss.relative` over columns (1 where it cannot be measured)."""
    import numpy as np

    a = np.asarray(left.to_numpy(zero_copy_only=False), dtype=float)
    b = np.asarray(right.to_numpy(zero_copy_only=False), dtype=float)
    miss = (b - a) if op in {">=", ">"} else (a - b)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.minimum(np.maximum(miss, 0.0) / np.abs(b), MAX_RELATIVE)
    return np.where(np.isnan(a) | np.isnan(b) | (b == 0), 1.0, value)


def add_reasons(table: pa.Table, packs: Sequence[Pack], as_of: dt.date) -> pa.Table:
    """Replace the helper columns of :func:`compile_with_reasons` by the reason columns of each programme."""
    import numpy as np
    import pyarrow.compute as pc

    rows = table.num_rows
    for pack in packs:
        program = program_for(pack, as_of)
        found = leaves(program.conditions)
        fields_of = _read_fields(pack, as_of)
        values = [table.column(f"{pack.id}{_LEAF}c{i}") for i in range(len(found))]
        failing = [np.asarray(pc.fill_null(pc.invert(v), False)) for v in values]
        unknown = [np.asarray(pc.is_null(v)) for v in values]
        relative = []
        for i, leaf in enumerate(found):
            sides = _sides(pack, leaf.node)
            miss = np.ones(rows)
            if sides is not None:
                left, right = (table.column(f"{pack.id}{_LEAF}{k}{i}") for k in "lr")
                miss = _relative(sides[0], left, right)
            relative.append(np.where(failing[i], miss, 0.0))
        open_failing, open_unknown = open_leaf_masks(program.conditions, failing, unknown, relative)
        status = np.asarray(table.column(f"{pack.id}__status").to_numpy(zero_copy_only=False))
        undecided = status == "unknown"
        ids = _joined(
            rows, ((leaf.rule_id, m) for leaf, m in zip(found, open_failing, strict=True)), ","
        )
        labels = _joined(
            rows, ((leaf.label, m) for leaf, m in zip(found, open_failing, strict=True)), "；"
        )
        empty = {
            name: np.asarray(table.column(f"{pack.id}{_EMPTY}{name}").to_numpy(zero_copy_only=False))
            for fields in fields_of for name in fields
        }  # fmt: skip
        deciding = []
        for name, is_empty in empty.items():
            reads = np.zeros(rows, dtype=bool)
            for fields, mask in zip(fields_of, open_unknown, strict=True):
                if name in fields:
                    reads |= mask
            deciding.append((name, reads & is_empty.astype(bool) & undecided))
        missing = _joined(rows, iter(deciding), ",")
        helpers = [
            n
            for n in table.column_names
            if n.startswith((f"{pack.id}{_LEAF}", f"{pack.id}{_EMPTY}"))
        ]
        table = table.drop_columns(helpers)
        position = table.column_names.index(f"{pack.id}__status") + 1
        for offset, (name, column) in enumerate(
            (("failing", ids), ("failing_labels", labels), ("missing", missing))
        ):
            table = table.add_column(position + offset, f"{pack.id}__{name}", column)
    return table


def _joined(rows: int, parts: Any, separator: str) -> pa.Array:
    """Per row, the texts whose mask is true there, each once, in order, joined; null where there are none."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    masks: dict[str, Any] = {}
    for text, mask in parts:
        masks[text] = masks[text] | mask if text in masks else np.asarray(mask, dtype=bool)
    columns = [
        pc.if_else(pa.array(mask), pa.scalar(text), pa.scalar(""))
        for text, mask in masks.items()
        if mask.any()
    ]
    if not columns:
        return pa.nulls(rows, pa.string())
    joined = pc.binary_join_element_wise(*columns, separator) if len(columns) > 1 else columns[0]
    escaped = re.escape(separator)
    joined = pc.replace_substring_regex(joined, f"{escaped}{escaped}+", separator)
    joined = pc.utf8_trim(joined, characters=separator)
    return pc.if_else(pc.equal(joined, ""), pa.scalar(None, pa.string()), joined)


def chinese_statuses(table: pa.Table, packs: Sequence[Pack]) -> pa.Table:
    """The status columns as 符合 / 不符合 / 待定."""
    import pyarrow as pa

    for pack in packs:
        name = f"{pack.id}__status"
        index = table.column_names.index(name)
        values = [STATUS_LABELS.get(v, v) if v else v for v in table.column(name).to_pylist()]
        table = table.set_column(index, name, pa.array(values, pa.string()))
    return table


def summary(table: pa.Table, packs: Sequence[Pack], given: Sequence[str]) -> list[str]:
    """For each input column a programme reads that is absent from ``given``: how many verdicts it left
    unknown ("缺少列 restricted_industry（限制类产业）：405 家科技型中小企业结论为待定")."""
    present = set(given)
    lines = []
    for pack in packs:
        column = f"{pack.id}__missing"
        if column not in table.column_names:
            continue
        counts: dict[str, int] = {}
        for value in table.column(column).to_pylist():
            for name in (value or "").split(","):
                if name and name not in present:
                    counts[name] = counts.get(name, 0) + 1
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"缺少列 {name}（{field_label(name)}）：{count} 家{pack.title}结论为待定")
    return lines
