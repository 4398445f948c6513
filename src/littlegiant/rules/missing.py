"""Missing data: the null fields behind an unknown value, found by walking down through unknown rules only.

Each rule has a decider: a plain rule is decided by everything it reads; a ``cases`` rule only by the
branches up to its first unknown ``when`` (or the branch taken).

Examples:
    >>> import datetime as dt
    >>> from littlegiant.rules import evaluate, pack_for
    >>> as_of = dt.date(2025, 6, 30)
    >>> verdict = evaluate(pack_for("sme_size", as_of), {"industry_code": "C3985"}, as_of)
    >>> verdict.missing
    ('revenue_y1', 'employees_y1')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from littlegiant.rules import ir
from littlegiant.rules.closures import Closure, compile_node

__all__ = [
    "Branch",
    "CasesDecider",
    "Decider",
    "PlainDecider",
    "deciders",
    "missing_fields",
]


@dataclass(frozen=True, slots=True)
class PlainDecider:
    """A rule decided by everything it reads."""

    refs: ir.Refs

    def deciding(self, env: dict[str, Any]) -> ir.Refs:
        """The reads that decide the rule's value in ``env``."""
        return self.refs


@dataclass(frozen=True, slots=True)
class Branch:
    """One branch of ``cases``: the compiled condition and what each part reads."""

    when: Closure
    when_refs: ir.Refs
    then_refs: ir.Refs


@dataclass(frozen=True, slots=True)
class CasesDecider:
    """A ``cases`` rule: decided by the branches up to the first unknown ``when`` (or the branch taken)."""

    branches: tuple[Branch, ...]
    default: ir.Refs

    def deciding(self, env: dict[str, Any]) -> ir.Refs:
        """The reads of the first unknown ``when``, of the branch taken, or of the default."""
        for branch in self.branches:
            hit = branch.when(env)
            if hit is None:
                return branch.when_refs
            if hit:
                return branch.then_refs
        return self.default


Decider = PlainDecider | CasesDecider


def deciders(rules: Mapping[str, ir.Rule], params: dict[str, Any]) -> dict[str, Decider]:
    """The decider of every rule, with ``cases`` conditions compiled for ``params``."""
    result: dict[str, Decider] = {}
    for rule_id, rule in rules.items():
        node = rule.expr
        if isinstance(node, ir.Cases):
            branches = tuple(
                Branch(compile_node(when, params), ir.refs_of(when), ir.refs_of(then))
                for when, then in node.branches
            )
            result[rule_id] = CasesDecider(branches, ir.refs_of(node.default))
        else:
            result[rule_id] = PlainDecider(ir.refs_of(node))
    return result


def missing_fields(
    decide: Mapping[str, Decider],
    env: dict[str, Any],
    rules: Iterable[str],
    fields: Iterable[str] = (),
) -> tuple[str, ...]:
    """The null fields among ``fields`` and behind the unknown ones of ``rules``, in order of discovery."""
    missing: dict[str, None] = {name: None for name in fields if env[name] is None}
    todo = [rule_id for rule_id in rules if env[rule_id] is None]
    seen: set[str] = set()
    while todo:
        rule_id = todo.pop()
        if rule_id in seen:
            continue
        seen.add(rule_id)
        refs = decide[rule_id].deciding(env)
        missing.update((name, None) for name in refs.fields if env[name] is None)
        todo.extend(name for name in refs.rules if env[name] is None)
    return tuple(missing)
