"""Edges: every comparison and band bound of a pack, as closures the gap search solves for a field.

Examples:
    >>> import datetime as dt
    >>> from littlegiant.rules import pack_for
    >>> from littlegiant.rules.program import program_for
    >>> program = program_for(pack_for("tech_sme", dt.date(2025, 6, 30)), dt.date(2025, 6, 30))
    >>> sorted(program.field_deps["rd_ratio_revenue"])
    ['rd_expense_y1', 'revenue_y1']
    >>> any("rd_expense_y1" in edge.fields for edge in program.edges)
    True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from littlegiant.rules import ir
from littlegiant.rules.closures import Closure, compile_node

__all__ = ["Edge", "edges", "field_deps"]


@dataclass(frozen=True, slots=True)
class Edge:
    """``left`` against ``right`` (a comparison, or a band's value against its bound) and the fields behind them."""

    left: Closure
    right: Closure
    fields: frozenset[str]
    rule: str = ""  # the rule whose expression holds the comparison


def field_deps(rules: Mapping[str, ir.Rule]) -> dict[str, frozenset[str]]:
    """Per rule: every record field it depends on, directly or through other rules."""
    deps: dict[str, frozenset[str]] = {}
    for rule_id, rule in rules.items():
        deps[rule_id] = _deps_of(rule.expr, deps)
    return deps


def _deps_of(node: ir.Node, deps: Mapping[str, frozenset[str]]) -> frozenset[str]:
    found = set(ir.fields_of(node))
    for ref in ir.rules_of(node):
        found |= deps[ref]
    return frozenset(found)


def _sides(node: ir.Node) -> Iterator[tuple[ir.Node, ir.Node]]:
    if isinstance(node, ir.Compare) and node.left.type is ir.Type.NUMBER:
        yield node.left, node.right
    elif isinstance(node, ir.Bands):
        for bound, _ in node.bands:
            yield node.of, bound


def edges(
    rules: Mapping[str, ir.Rule], params: dict[str, Any], deps: Mapping[str, frozenset[str]]
) -> tuple[Edge, ...]:
    """Every numeric comparison and band bound that depends on some field, compiled for ``params``."""
    found = []
    for rule in rules.values():
        for node in ir.walk(rule.expr):
            for left, right in _sides(node):
                fields = _deps_of(left, deps) | _deps_of(right, deps)
                if left.type is ir.Type.NUMBER and fields:
                    found.append(
                        Edge(
                            compile_node(left, params), compile_node(right, params), fields, rule.id
                        )
                    )
    return tuple(found)
