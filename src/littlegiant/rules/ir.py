"""The typed intermediate representation of pack rules: frozen dataclasses, one per construct.

Expressions are parsed from pack YAML (:mod:`littlegiant.rules.parse`) into these nodes; the Python
evaluator (:mod:`littlegiant.rules.closures`) and the SQL compiler (:mod:`littlegiant.rules.sql`)
both walk them, so the two paths share one meaning.

Examples:
    >>> node = Compare(">=", Field("revenue_y1", Type.NUMBER), Const(1000.0, Type.NUMBER))
    >>> node.type
    <Type.BOOLEAN: 'boolean'>
    >>> sorted(fields_of(node))
    ['revenue_y1']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "Bands",
    "Binary",
    "BoolOp",
    "Call",
    "Cases",
    "Compare",
    "Const",
    "Field",
    "In",
    "Node",
    "Not",
    "Param",
    "Refs",
    "Rule",
    "RuleRef",
    "Type",
    "children",
    "fields_of",
    "params_of",
    "refs_of",
    "rules_of",
    "walk",
]


class Type(StrEnum):
    """The static type of an expression; ``NULL`` is the type of the constant ``null`` only."""

    NUMBER = "number"
    BOOLEAN = "boolean"
    TEXT = "text"
    SET = "set"
    NULL = "null"


@dataclass(frozen=True, slots=True)
class Const:
    """A constant: float, bool, str or None."""

    value: Any
    type: Type


@dataclass(frozen=True, slots=True)
class Field:
    """A record field by flat id (``revenue_y1``)."""

    name: str
    type: Type


@dataclass(frozen=True, slots=True)
class Param:
    """A pack parameter; its value is the one in force at the as-of date."""

    name: str
    type: Type


@dataclass(frozen=True, slots=True)
class RuleRef:
    """The value of another rule of the same pack."""

    name: str
    type: Type


@dataclass(frozen=True, slots=True)
class Not:
    """Kleene negation."""

    operand: Node
    type: Type = Type.BOOLEAN


@dataclass(frozen=True, slots=True)
class Binary:
    """Arithmetic: ``+ - * /`` (``neg`` is ``0 - x``); null propagates, ``/ 0`` is null."""

    op: str
    left: Node
    right: Node
    type: Type = Type.NUMBER


@dataclass(frozen=True, slots=True)
class Compare:
    """A comparison ``< <= > >= == !=``; null if either side is null."""

    op: str
    left: Node
    right: Node
    type: Type = Type.BOOLEAN


@dataclass(frozen=True, slots=True)
class BoolOp:
    """Kleene ``and`` / ``or`` over two or more operands."""

    op: str
    operands: tuple[Node, ...]
    type: Type = Type.BOOLEAN


@dataclass(frozen=True, slots=True)
class In:
    """Membership of a value in a tuple of constants (``negate`` for ``not in``)."""

    operand: Node
    options: tuple[Any, ...]
    negate: bool = False
    type: Type = Type.BOOLEAN


@dataclass(frozen=True, slots=True)
class Call:
    """A built-in function (see ``FUNCTIONS`` in :mod:`littlegiant.rules.parse`)."""

    func: str
    args: tuple[Node, ...]
    type: Type


@dataclass(frozen=True, slots=True)
class Cases:
    """First true ``when`` wins; an unknown ``when`` makes the whole value unknown."""

    branches: tuple[tuple[Node, Node], ...]
    default: Node
    type: Type


@dataclass(frozen=True, slots=True)
class Bands:
    """Points by bands of one value: ``at_least`` (of >= bound) or ``at_most`` (of <= bound)."""

    of: Node
    direction: str
    bands: tuple[tuple[Node, Node], ...]
    default: Node
    type: Type = Type.NUMBER


Node = Const | Field | Param | RuleRef | Not | Binary | Compare | BoolOp | In | Call | Cases | Bands


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a pack: its id, Chinese label, clause and expression."""

    id: str
    label: str
    clause: str
    expr: Node
    unit: str = ""
    description: str = ""
    source: str = field(default="", compare=False)  # "file:line" where the rule is defined


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of a node."""
    if isinstance(node, Not):
        return (node.operand,)
    if isinstance(node, Binary | Compare):
        return (node.left, node.right)
    if isinstance(node, BoolOp):
        return node.operands
    if isinstance(node, In):
        return (node.operand,)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Cases):
        return (*(part for branch in node.branches for part in branch), node.default)
    if isinstance(node, Bands):
        return (node.of, *(part for band in node.bands for part in band), node.default)
    return ()


def walk(node: Node) -> Iterator[Node]:
    """Every node of an expression, depth first, the node itself first."""
    yield node
    for child in children(node):
        yield from walk(child)


def fields_of(node: Node) -> set[str]:
    """The record fields an expression reads directly (not through other rules)."""
    return {n.name for n in walk(node) if isinstance(n, Field)}


def params_of(node: Node) -> set[str]:
    """The parameters an expression reads directly."""
    return {n.name for n in walk(node) if isinstance(n, Param)}


def rules_of(node: Node) -> set[str]:
    """The other rules an expression reads."""
    return {n.name for n in walk(node) if isinstance(n, RuleRef)}


@dataclass(frozen=True, slots=True)
class Refs:
    """What an expression reads directly: record fields, other rules and parameters (each sorted)."""

    fields: tuple[str, ...]
    rules: tuple[str, ...]
    params: tuple[str, ...]


def refs_of(node: Node) -> Refs:
    """The direct reads of an expression."""
    return Refs(
        tuple(sorted(fields_of(node))),
        tuple(sorted(rules_of(node))),
        tuple(sorted(params_of(node))),
    )
