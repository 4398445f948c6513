"""How far a record is from a programme: the fewest failing conditions that would have to change.

The status rule is walked as a tree: ``and`` adds its operands' shortfalls, ``or`` takes the
smallest, a reference to a boolean rule made of ``and``/``or``/``not`` is opened, anything else
is one condition — failing (false) or undecided (unknown). For a failing comparison the relative
shortfall (how far the value is from its threshold, as a share of the threshold) is summed, so two
firms missing one condition each are ranked by how much they miss it by.

It runs on the engine's closures (one compile per pack and parameter set), without a trace, so it
is cheap enough to rank a whole pool; gaps (``rules.gaps``) stay for the few rows shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from littlegiant import rules
from littlegiant.rules import ir
from littlegiant.rules.closures import Closure, compile_node
from littlegiant.rules.evaluate import program_for, run_program
from littlegiant.rules.semantics import normalize_record

__all__ = ["Shortfall", "shortfall_of"]

_OPENED = (ir.BoolOp, ir.Not, ir.RuleRef)


@dataclass(frozen=True, slots=True)
class Shortfall:
    """The fewest conditions to change: how many fail, how many are unknown, by how much, which."""

    failing: int = 0
    unknown: int = 0
    relative: float = 0.0
    labels: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        """Failing plus unknown conditions."""
        return self.failing + self.unknown

    def sort_key(self) -> tuple[int, int, float]:
        """Fewest conditions first, then fewest failing (unknown may turn out fine), then smallest miss."""
        return (self.total, self.failing, self.relative)

    def __add__(self, other: Shortfall) -> Shortfall:
        labels = self.labels + tuple(label for label in other.labels if label not in self.labels)
        return Shortfall(self.failing + other.failing, self.unknown + other.unknown,
                         self.relative + other.relative, labels)  # fmt: skip


_ZERO = Shortfall()


class _Walker:
    def __init__(self, pack: rules.Pack, params: dict[str, Any], env: dict[str, Any]) -> None:
        self.pack, self.params, self.env = pack, params, env
        self.compiled: dict[int, Closure] = pack.cache.setdefault(("shortfall", id(params)), {})

    def value(self, node: ir.Node) -> Any:
        if isinstance(node, ir.RuleRef | ir.Field):
            return self.env[node.name]
        closure = self.compiled.get(id(node))
        if closure is None:
            closure = self.compiled[id(node)] = compile_node(node, self.params)
        return closure(self.env)

    def walk(self, node: ir.Node, label: str) -> Shortfall:
        value = self.value(node)
        if value is True:
            return _ZERO
        if isinstance(node, ir.BoolOp):
            parts = [self.walk(operand, label) for operand in node.operands]
            if node.op == "and":
                return sum(parts, _ZERO)
            return min(parts, key=Shortfall.sort_key)
        if isinstance(node, ir.RuleRef) and isinstance(self.pack.rules[node.name].expr, _OPENED):
            rule = self.pack.rules[node.name]
            return self.walk(rule.expr, rule.label)
        if isinstance(node, ir.RuleRef):
            label = self.pack.rules[node.name].label
        if value is None:
            return Shortfall(unknown=1, labels=(label,))
        return Shortfall(failing=1, relative=self._relative(node), labels=(label,))

    def _relative(self, node: ir.Node) -> float:
        if isinstance(node, ir.RuleRef):
            node = self.pack.rules[node.name].expr
        if not isinstance(node, ir.Compare) or node.op not in {">=", ">", "<=", "<"}:
            return 1.0
        left, right = self.value(node.left), self.value(node.right)
        if not isinstance(left, float | int) or not isinstance(right, float | int):
            return 1.0
        miss = (right - left) if node.op in {">=", ">"} else (left - right)
        return min(max(miss, 0.0) / abs(right), 1e6) if right else 1.0


def shortfall_of(pack: rules.Pack, record: Mapping[str, Any], as_of: dt.date) -> Shortfall:
    """The shortfall of ``record`` from ``pack``'s status rule at ``as_of`` (zero when qualified)."""
    program = program_for(pack, as_of)
    env = run_program(program, normalize_record(record, pack.fields))
    status_rule = pack.rules[pack.outputs.status or ""]
    return _Walker(pack, program.params, env).walk(status_rule.expr, status_rule.label)
