"""The trace of one evaluation: per clause the value read, thresholds, band, points, verdict and clause.

What a step needs that does not depend on the record (its rendered label, the names it reads, the
thresholds in force, static bands) is a :class:`StepTemplate`, built once per program; a
:class:`TraceStep` joins a template with one evaluation's values.

Examples:
    >>> import datetime as dt
    >>> from littlegiant.rules import evaluate, pack_for
    >>> as_of = dt.date(2025, 6, 30)
    >>> verdict = evaluate(pack_for("innovative_sme", as_of), {"revenue_y1": 1000, "rd_expense_y1": 30}, as_of)
    >>> step = next(s for s in verdict.trace if s.rule_id == "rd_points")
    >>> step.reads, step.band, step.points
    ({'rd_ratio': 3.0}, 3.0, 15.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from littlegiant.rules import ir

__all__ = [
    "Band",
    "StaticBands",
    "StepTemplate",
    "TraceStep",
    "build_trace",
    "jsonable",
    "static_bands",
    "step_templates",
]


@dataclass(frozen=True, slots=True)
class Band:
    """One band of a ``bands`` rule with static bound and points."""

    bound: Any
    points: Any


@dataclass(frozen=True, slots=True)
class StaticBands:
    """A ``bands`` rule whose bounds are constants or parameters: which band a value falls in."""

    of: str  # the field or rule the bands read
    at_least: bool
    bands: tuple[Band, ...]
    default: Any

    def hit(self, env: Mapping[str, Any]) -> tuple[Any, Any]:
        """The bound of the band that matched and its points (None and the default when none did)."""
        value = env[self.of]
        if value is None:
            return None, None
        for band in self.bands:
            if (value >= band.bound) if self.at_least else (value <= band.bound):
                return band.bound, band.points
        return None, self.default


def _static(node: ir.Node, params: Mapping[str, Any]) -> Any:
    if isinstance(node, ir.Const):
        return node.value
    if isinstance(node, ir.Param):
        return params[node.name]
    return None


def static_bands(node: ir.Bands, params: Mapping[str, Any]) -> StaticBands | None:
    """The bands of ``node`` when its value is a field or rule and every bound is static, else None."""
    bands = tuple(Band(_static(b, params), _static(p, params)) for b, p in node.bands)
    if not isinstance(node.of, ir.Field | ir.RuleRef) or any(b.bound is None for b in bands):
        return None
    default = _static(node.default, params)
    return StaticBands(node.of.name, node.direction == "at_least", bands, default)


@dataclass(frozen=True, slots=True)
class StepTemplate:
    """What a trace step needs that does not depend on the record.

    ``thresholds`` and ``labels`` are shared between verdicts: treat them as read-only.
    """

    rule: ir.Rule
    label: str  # rendered with the parameters in force
    names: tuple[str, ...]  # the fields and rules read
    thresholds: Mapping[str, Any]  # parameter id -> value in force
    bands: StaticBands | None
    labels: Mapping[str, str]  # every rule's rendered label, for the rules a step reads


def step_templates(
    rules: Mapping[str, ir.Rule],
    params: Mapping[str, Any],
    labels: Mapping[str, str],
    reads: Mapping[str, ir.Refs],
) -> tuple[StepTemplate, ...]:
    """One template per rule, in evaluation order."""
    templates = []
    for rule_id, rule in rules.items():
        read = reads[rule_id]
        bands = static_bands(rule.expr, params) if isinstance(rule.expr, ir.Bands) else None
        thresholds = {name: params[name] for name in read.params}
        names = (*read.fields, *read.rules)
        templates.append(StepTemplate(rule, labels[rule_id], names, thresholds, bands, labels))
    return tuple(templates)


class TraceStep:
    """One clause of the trace: what it read, the thresholds it used, its band, points and value.

    Built cheaply (the template and the evaluation's values are shared); ``reads`` is assembled on
    access. Treat every attribute as read-only.
    """

    __slots__ = ("_env", "_template", "band", "document", "points", "value")

    def __init__(
        self, template: StepTemplate, document: str, env: Mapping[str, Any], band: Any = None,
        points: Any = None,
    ) -> None:  # fmt: skip
        self._template, self.document, self._env = template, document, env
        self.value = env[template.rule.id]
        self.band, self.points = band, points

    rule_id = property(lambda self: self._template.rule.id, doc="The rule's id.")
    label = property(
        lambda self: self._template.label,
        doc="The rule's Chinese label, with the thresholds in force.",
    )
    clause = property(
        lambda self: self._template.rule.clause, doc="The document clause the rule encodes."
    )
    unit = property(lambda self: self._template.rule.unit, doc="The unit of the value.")
    thresholds = property(
        lambda self: self._template.thresholds,
        doc="The parameters read, with their values in force.",
    )

    @property
    def reads(self) -> dict[str, Any]:
        """The fields and other rules this clause read, with their values."""
        env = self._env
        return {name: env[name] for name in self._template.names}

    def label_of(self, name: str) -> str | None:
        """The rendered label of a rule this step reads (None for a record field)."""
        return self._template.labels.get(name)

    @property
    def verdict(self) -> str:
        """``true`` / ``false`` / ``unknown`` for boolean clauses, else ``value``/``unknown``."""
        if self.value is None:
            return "unknown"
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return "value"

    def __repr__(self) -> str:
        return f"TraceStep({self.rule_id}={self.value!r})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "rule": self.rule_id,
            "label": self.label,
            "clause": self.clause,
            "document": self.document,
            "value": jsonable(self.value),
            "unit": self.unit,
            "verdict": self.verdict,
            "reads": {k: jsonable(v) for k, v in self.reads.items()},
            "thresholds": {k: jsonable(v) for k, v in self.thresholds.items()},
            "band": jsonable(self.band),
            "points": jsonable(self.points),
        }


def jsonable(value: Any) -> Any:
    """A rule value as JSON carries it (sets as sorted lists)."""
    if isinstance(value, frozenset | set):
        return sorted(value)
    return value


def build_trace(
    templates: tuple[StepTemplate, ...], document: str, env: Mapping[str, Any]
) -> tuple[TraceStep, ...]:
    """The trace of one evaluation whose values (fields and rules) are ``env``."""
    steps = []
    for template in templates:
        if template.bands is None:
            steps.append(TraceStep(template, document, env))
        else:
            steps.append(TraceStep(template, document, env, *template.bands.hit(env)))
    return tuple(steps)
