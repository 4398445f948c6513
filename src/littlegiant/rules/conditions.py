"""Open conditions: how many conditions a record is away from a programme, which ones, and by how much.

This is the one definition behind "one condition away" (push lists), "close candidates" (candidate
lists) and the reason a policy verdict gives. The conditions of a pack are read from its status rule
as a tree: an ``and`` needs every operand (their open conditions add up); an ``or`` needs one (the
operand with the fewest open conditions counts: fewest in total, then fewest failing, then smallest
miss); a reference to a rule that is itself an ``and``/``or`` (or names another rule) is opened, and
so is an ``and``/``or`` written inline. Any other boolean expression — a comparison, a boolean field,
a ``not``, ``is_known``, a ``cases`` rule — is one condition, open unless it is true: *failing* when
false, *unknown* when null (a missing value is a question to ask the firm, not a failure).

A failing comparison also says by how much it misses: the distance to the threshold as a share of the
threshold (``relative``), so two firms one condition away are ranked by how far they are.

The tree is built once per program (:attr:`littlegiant.rules.program.Program.conditions`) and runs two
ways from the same leaves: in Python over one evaluation's values (:func:`open_conditions`) and in SQL
over the batch engine's columns (:func:`compile_with_count`), so a list computed one record at a time
and a list computed in SQL over a whole pool agree by construction.

Examples:
    >>> import datetime as dt
    >>> from littlegiant.rules import evaluate, policy_pack
    >>> pack = policy_pack("zjtx_loan@2025")  # qualified = tier_title and profitable and no_violation
    >>> verdict = evaluate(pack, {"specialized_sme": True, "net_profit_y1": -5, "major_violation": False},
    ...                    dt.date(2025, 6, 30))
    >>> shortfall = verdict.open_conditions
    >>> shortfall.total, shortfall.failing, [c.rule_id for c in shortfall.conditions]
    (1, 1, ['profitable'])
    >>> shortfall.labels
    ('上年度净利润为正',)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

from sqlglot import exp

from littlegiant.rules import ir
from littlegiant.rules.closures import Closure, compile_node
from littlegiant.rules.missing import Decider, missing_fields
from littlegiant.rules.pack import Pack
from littlegiant.rules.sql import CompiledPack, compile_pack

__all__ = [
    "OPEN_CONDITIONS",
    "AllOf",
    "AnyOf",
    "Condition",
    "Leaf",
    "Miss",
    "Shortfall",
    "Tree",
    "compile_with_count",
    "condition_tree",
    "count_column",
    "leaves",
    "open_conditions",
    "open_leaf_masks",
    "route",
]

OPEN_CONDITIONS = "open_conditions"
"""The output column holding the count of open conditions (:func:`compile_with_count`)."""

_ORDERED = frozenset({">=", ">", "<=", "<"})
MAX_RELATIVE = 1e6


@dataclass(frozen=True, slots=True)
class Condition:
    """One open condition: the rule it belongs to, its rendered label, failing or unknown, and by how much.

    ``fields`` are, for an unknown condition, the null record fields that would decide it.
    """

    rule_id: str
    label: str
    unknown: bool
    relative: float = 0.0
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Shortfall:
    """The open conditions of one record (none when it qualifies)."""

    conditions: tuple[Condition, ...] = ()

    @property
    def failing(self) -> int:
        """How many open conditions are false."""
        return sum(1 for c in self.conditions if not c.unknown)

    @property
    def unknown(self) -> int:
        """How many open conditions are undecided (data missing)."""
        return sum(1 for c in self.conditions if c.unknown)

    @property
    def total(self) -> int:
        """Failing plus unknown conditions."""
        return len(self.conditions)

    @property
    def relative(self) -> float:
        """The summed relative miss of the failing comparisons (1 for a failing non-comparison)."""
        return sum(c.relative for c in self.conditions)

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels of the open conditions, each once, in order."""
        return tuple(dict.fromkeys(c.label for c in self.conditions))

    def sort_key(self) -> tuple[int, int, float]:
        """Fewest conditions first, then fewest failing (unknown may turn out fine), then smallest miss."""
        return (self.total, self.failing, self.relative)

    def __add__(self, other: Shortfall) -> Shortfall:
        return Shortfall(self.conditions + other.conditions)


_NONE = Shortfall()


@dataclass(frozen=True, slots=True)
class Miss:
    """A comparison's two sides, to measure how far a failing value is from its threshold."""

    left: Closure
    right: Closure
    op: str

    def relative(self, env: dict[str, Any]) -> float:
        """``|threshold - value| / |threshold|`` (capped), 1 when either side is not a number or 0."""
        left, right = self.left(env), self.right(env)
        if not isinstance(left, float | int) or not isinstance(right, float | int) or not right:
            return 1.0
        miss = (right - left) if self.op in {">=", ">"} else (left - right)
        return min(max(miss, 0.0) / abs(right), MAX_RELATIVE)


@dataclass(frozen=True, slots=True)
class Leaf:
    """One condition of the tree: a boolean expression of a rule, with its closure and rendered label."""

    node: ir.Node
    rule_id: str  # the rule whose label describes the condition
    label: str
    value: Closure
    miss: Miss | None
    refs: ir.Refs  # what the expression reads directly


@dataclass(frozen=True, slots=True)
class AllOf:
    """Every part is needed: the parts' open conditions add up."""

    parts: tuple[Tree, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """One part is enough: the part with the fewest open conditions counts."""

    parts: tuple[Tree, ...]


Tree = Leaf | AllOf | AnyOf


class _Builder:
    def __init__(
        self, rules: Mapping[str, ir.Rule], params: dict[str, Any], labels: Mapping[str, str]
    ) -> None:
        self.rules, self.params, self.labels = rules, params, labels

    def expand(self, node: ir.Node, owner: str) -> Tree:
        if isinstance(node, ir.RuleRef) and isinstance(
            self.rules[node.name].expr, ir.BoolOp | ir.RuleRef
        ):
            return self.expand(self.rules[node.name].expr, node.name)
        if isinstance(node, ir.BoolOp):
            parts = tuple(self.expand(operand, owner) for operand in node.operands)
            return AllOf(parts) if node.op == "and" else AnyOf(parts)
        return self.leaf(node, node.name if isinstance(node, ir.RuleRef) else owner)

    def leaf(self, node: ir.Node, owner: str) -> Leaf:
        value = _reader(node.name) if isinstance(node, ir.RuleRef | ir.Field) else None
        return Leaf(
            node, owner, self.labels[owner], value or compile_node(node, self.params),
            self.miss(node), ir.refs_of(node),
        )  # fmt: skip

    def miss(self, node: ir.Node) -> Miss | None:
        if isinstance(node, ir.RuleRef):
            node = self.rules[node.name].expr
        if not isinstance(node, ir.Compare) or node.op not in _ORDERED:
            return None
        left, right = compile_node(node.left, self.params), compile_node(node.right, self.params)
        return Miss(left, right, node.op)


def _reader(name: str) -> Closure:
    return lambda env: env[name]


def condition_tree(
    rules: Mapping[str, ir.Rule], status: str, params: dict[str, Any], labels: Mapping[str, str]
) -> Tree:
    """The conditions of the status rule ``status``, compiled for ``params``, labelled with ``labels``."""
    return _Builder(rules, params, labels).expand(ir.RuleRef(status, ir.Type.BOOLEAN), status)


def leaves(tree: Tree) -> tuple[Leaf, ...]:
    """Every leaf of ``tree``, left to right."""
    if isinstance(tree, Leaf):
        return (tree,)
    return tuple(leaf for part in tree.parts for leaf in leaves(part))


# --- the Python form -----------------------------------------------------------------------------


def open_conditions(tree: Tree, env: dict[str, Any], decide: Mapping[str, Decider]) -> Shortfall:
    """The open conditions of one evaluation whose values (fields and rules) are ``env``.

    ``decide`` (the program's deciders) names the missing fields behind an unknown condition.
    """
    if isinstance(tree, AllOf):
        return sum((open_conditions(part, env, decide) for part in tree.parts), _NONE)
    if isinstance(tree, AnyOf):
        found = (open_conditions(part, env, decide) for part in tree.parts)
        return min(found, key=Shortfall.sort_key)
    value = tree.value(env)
    if value is True:
        return _NONE
    if value is None:
        fields = missing_fields(decide, env, tree.refs.rules, tree.refs.fields)
        return Shortfall((Condition(tree.rule_id, tree.label, True, 0.0, fields),))
    relative = tree.miss.relative(env) if tree.miss is not None else 1.0
    return Shortfall((Condition(tree.rule_id, tree.label, False, relative),))


def route(tree: Tree, env: dict[str, Any]) -> tuple[Leaf, ...]:
    """The conditions of the route by which a qualified record qualified: every part of an ``and``, the
    first satisfied part of an ``or`` (empty when ``tree`` is not satisfied)."""
    if not _satisfied(tree, env):
        return ()
    if isinstance(tree, Leaf):
        return (tree,)
    if isinstance(tree, AllOf):
        return tuple(leaf for part in tree.parts for leaf in route(part, env))
    return next(route(part, env) for part in tree.parts if _satisfied(part, env))


def _satisfied(tree: Tree, env: dict[str, Any]) -> bool:
    if isinstance(tree, Leaf):
        return tree.value(env) is True
    if isinstance(tree, AllOf):
        return all(_satisfied(part, env) for part in tree.parts)
    return any(_satisfied(part, env) for part in tree.parts)


# --- the column form ----------------------------------------------------------------------------


def open_leaf_masks(
    tree: Tree,
    failing: Sequence[Any],
    unknown: Sequence[Any],
    relative: Sequence[Any] | None = None,
) -> tuple[list[Any], list[Any]]:
    """The open conditions of many records at once, from each leaf's failing and unknown masks.

    ``failing[i]`` and ``unknown[i]`` are numpy boolean arrays (one value per record) for the ``i``-th
    leaf of :func:`leaves`; ``relative[i]`` its relative miss where it fails (:meth:`Miss.relative`).
    Returns, per leaf, whether it is an open failing (and an open unknown) condition of the record: every
    part of an ``and`` counts; of an ``or``, the part with the fewest open conditions, then the fewest
    failing, then the smallest miss (the first on a tie), as :func:`open_conditions` chooses.
    """
    import numpy as np

    index = {id(leaf): i for i, leaf in enumerate(leaves(tree))}
    size = len(failing[0]) if failing else 0
    out_failing = [np.zeros(size, dtype=bool) for _ in failing]
    out_unknown = [np.zeros(size, dtype=bool) for _ in failing]

    misses = relative if relative is not None else [f.astype(float) for f in failing]

    def counts(node: Tree) -> tuple[Any, Any, Any]:
        if isinstance(node, Leaf):
            i = index[id(node)]
            return failing[i].astype(np.int64) + unknown[i], failing[i].astype(np.int64), misses[i]
        parts = [counts(part) for part in node.parts]
        if isinstance(node, AllOf):
            return (sum(p[0] for p in parts), sum(p[1] for p in parts),
                    sum((p[2] for p in parts[1:]), parts[0][2]))  # fmt: skip
        best = choose(parts)
        return tuple(np.choose(best, [p[k] for p in parts]) for k in range(3))

    def choose(parts: list[tuple[Any, Any, Any]]) -> Any:
        best = np.zeros(size, dtype=np.int64)
        bt, bf, br = parts[0]
        for j, (t, f, r) in enumerate(parts[1:], start=1):
            better = (t < bt) | ((t == bt) & ((f < bf) | ((f == bf) & (r < br))))
            best = np.where(better, j, best)
            bt, bf, br = np.where(better, t, bt), np.where(better, f, bf), np.where(better, r, br)
        return best

    def mark(node: Tree, active: Any) -> None:
        if isinstance(node, Leaf):
            i = index[id(node)]
            out_failing[i] |= active & failing[i]
            out_unknown[i] |= active & unknown[i]
            return
        if isinstance(node, AllOf):
            for part in node.parts:
                mark(part, active)
            return
        best = choose([counts(part) for part in node.parts])
        for j, part in enumerate(node.parts):
            mark(part, active & (best == j))

    if size:
        mark(tree, np.ones(size, dtype=bool))
    return out_failing, out_unknown


# --- the SQL form --------------------------------------------------------------------------------


def count_column(tree: Tree, sql_of: Callable[[Leaf], exp.Expression]) -> exp.Expression:
    """The SQL count of open conditions of ``tree``; ``sql_of`` gives each leaf's boolean expression."""
    if isinstance(tree, Leaf):
        return exp.Case(
            ifs=[exp.If(this=sql_of(tree), true=exp.Literal.number(0))],
            default=exp.Literal.number(1),
        )
    parts = [count_column(part, sql_of) for part in tree.parts]
    if isinstance(tree, AllOf):
        return exp.Paren(this=reduce(lambda a, b: exp.Add(this=a, expression=b), parts))
    return exp.Least(this=parts[0], expressions=parts[1:]) if len(parts) > 1 else parts[0]


def compile_with_count(pack: Pack, as_of: dt.date, tree: Tree) -> CompiledPack:
    """``pack`` compiled at ``as_of`` with two outputs: its status and :data:`OPEN_CONDITIONS`.

    Leaves that are not rule columns (an inline comparison of an ``and``) are compiled by the same
    compiler as the rules, over the same columns, so both forms read the same values.
    """
    found = leaves(tree)
    compiled = compile_pack(pack, as_of, extra={f"c{i}": leaf.node for i, leaf in enumerate(found)})
    by_leaf = {id(leaf): compiled.extra[f"c{i}"] for i, leaf in enumerate(found)}
    count = count_column(tree, lambda leaf: by_leaf[id(leaf)])
    status = f"{pack.id}__status"
    outputs = {status: compiled.outputs[status], OPEN_CONDITIONS: count}
    return dataclasses.replace(compiled, outputs=outputs)
