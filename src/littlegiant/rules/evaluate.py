"""Evaluate one record against one pack: status, score, class and a per-clause trace.

Examples:
    >>> import datetime as dt
    >>> from littlegiant.rules.registry import pack_for
    >>> pack = pack_for("sme_size", dt.date(2025, 6, 30))
    >>> verdict = evaluate(pack, {"industry_code": "C3985", "employees_y1": 1500, "revenue_y1": 30000},
    ...                    dt.date(2025, 6, 30))
    >>> verdict.status.value, verdict.classification
    ('qualified', 'medium')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from littlegiant.rules import ir
from littlegiant.rules.closures import Closure, compile_node
from littlegiant.rules.pack import Pack
from littlegiant.rules.semantics import normalize_record

__all__ = ["Program", "Status", "TraceStep", "Verdict", "evaluate", "program_for", "what_if"]


class Status(StrEnum):
    """A programme verdict: qualified, not qualified, or unknown (data missing or needs review)."""

    QUALIFIED = "qualified"
    NOT_QUALIFIED = "not_qualified"
    UNKNOWN = "unknown"

    @classmethod
    def of(cls, value: Any) -> Status:
        """The status for a three-valued boolean."""
        if value is None:
            return cls.UNKNOWN
        return cls.QUALIFIED if value else cls.NOT_QUALIFIED


class TraceStep:
    """One clause of the trace: what it read, the thresholds it used, its band, points and value.

    Built cheaply (the rule, the evaluation's values and precomputed names are shared); ``reads`` is
    assembled on access. Treat every attribute as read-only.
    """

    __slots__ = ("_env", "_names", "_rule", "band", "document", "points", "thresholds", "value")

    def __init__(
        self,
        rule: ir.Rule,
        document: str,
        env: dict[str, Any],
        names: tuple[str, ...],
        thresholds: dict[str, Any],
        band: Any = None,
        points: Any = None,
    ) -> None:
        self._rule, self.document, self._env, self._names = rule, document, env, names
        self.value = env[rule.id]
        self.thresholds, self.band, self.points = thresholds, band, points

    rule_id = property(lambda self: self._rule.id, doc="The rule's id.")
    label = property(lambda self: self._rule.label, doc="The rule's Chinese label.")
    clause = property(lambda self: self._rule.clause, doc="The document clause the rule encodes.")
    unit = property(lambda self: self._rule.unit, doc="The unit of the value.")

    @property
    def reads(self) -> dict[str, Any]:
        """The fields and other rules this clause read, with their values."""
        env = self._env
        return {name: env[name] for name in self._names}

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
            "value": _jsonable(self.value),
            "unit": self.unit,
            "verdict": self.verdict,
            "reads": {k: _jsonable(v) for k, v in self.reads.items()},
            "thresholds": {k: _jsonable(v) for k, v in self.thresholds.items()},
            "band": _jsonable(self.band),
            "points": _jsonable(self.points),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(value)
    return value


@dataclass(frozen=True)
class Verdict:
    """The result of evaluating one record against one pack at one as-of date.

    ``trace`` is built on first access from the evaluation's own values (nothing is recomputed).
    """

    programme: str
    version: str
    sha256: str
    as_of: dt.date
    status: Status
    score: float | None
    classification: str | None
    values: dict[str, Any]
    missing: tuple[str, ...]
    trace_source: tuple[Program, dict[str, Any]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def trace(self) -> tuple[TraceStep, ...]:
        """Per clause: label, clause, value, the fields and rules read, thresholds, band and points."""
        cached: tuple[TraceStep, ...] | None = self.__dict__.get("_trace")
        if cached is None:
            cached = _trace(*self.trace_source) if self.trace_source is not None else ()
            object.__setattr__(self, "_trace", cached)
        return cached

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (what the API returns and an assessment stores)."""
        return {
            "programme": self.programme,
            "version": self.version,
            "sha256": self.sha256,
            "as_of": self.as_of.isoformat(),
            "status": self.status.value,
            "score": self.score,
            "class": self.classification,
            "missing": list(self.missing),
            "values": {k: _jsonable(v) for k, v in self.values.items()},
            "trace": [step.to_dict() for step in self.trace],
        }


@dataclass(frozen=True, slots=True)
class Program:
    """A pack compiled for one parameter set: closures in evaluation order."""

    pack: Pack
    params: dict[str, Any]
    steps: tuple[tuple[str, Closure], ...]


def program_for(pack: Pack, as_of: dt.date) -> Program:
    """The compiled program of ``pack`` at ``as_of`` (cached per pack and parameter values)."""
    cached = pack.cache.get(("program", as_of))
    if cached is not None:
        return cached
    params = pack.parameter_values(as_of)
    key = ("program-params", tuple(sorted(params.items())))
    program = pack.cache.get(key)
    if program is None:
        steps = tuple(
            (rule_id, compile_node(rule.expr, params)) for rule_id, rule in pack.rules.items()
        )
        program = Program(pack, params, steps)
        pack.cache[key] = program
    pack.cache[("program", as_of)] = program
    return program


def run_program(program: Program, env: dict[str, Any]) -> dict[str, Any]:
    """Compute every rule into ``env`` (which holds the normalized record) and return it."""
    for rule_id, closure in program.steps:
        env[rule_id] = closure(env)
    return env


def evaluate(pack: Pack, record: Mapping[str, Any], as_of: dt.date, tracer: bool = True) -> Verdict:
    """Evaluate ``record`` (flat field ids → values; absent = None) against ``pack`` at ``as_of``.

    Raises:
        ParameterError: a parameter has no value at ``as_of``.
    """
    program = program_for(pack, as_of)
    env = run_program(program, normalize_record(record, pack.fields))
    return _verdict(program, env, as_of, tracer)


def what_if(
    pack: Pack, record: Mapping[str, Any], changes: Mapping[str, Any], as_of: dt.date
) -> Verdict:
    """Evaluate ``record`` with ``changes`` applied (nothing is stored)."""
    return evaluate(pack, {**record, **changes}, as_of)


def _verdict(program: Program, env: dict[str, Any], as_of: dt.date, tracer: bool) -> Verdict:
    pack = program.pack
    outputs = pack.outputs
    score = env[outputs.score] if outputs.score else None
    values = {rule_id: env[rule_id] for rule_id in pack.rules}
    return Verdict(
        programme=pack.id, version=pack.version, sha256=pack.sha256, as_of=as_of,
        status=Status.of(env[outputs.status or ""]), score=score,
        classification=env[outputs.class_] if outputs.class_ else None, values=values,
        missing=_missing(program, env), trace_source=(program, env) if tracer else None,
    )  # fmt: skip


def _reads(pack: Pack) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """Per rule: the fields, the other rules and the parameters it reads directly."""
    cached = pack.cache.get("reads")
    if cached is None:
        cached = {
            rule_id: (
                tuple(sorted(ir.fields_of(rule.expr))),
                tuple(sorted(ir.rules_of(rule.expr))),
                tuple(sorted(ir.params_of(rule.expr))),
            )
            for rule_id, rule in pack.rules.items()
        }
        pack.cache["reads"] = cached
    return cached


_Refs = tuple[tuple[str, ...], tuple[str, ...]]  # (fields, rules) an expression reads directly


def _refs(node: ir.Node) -> _Refs:
    return tuple(sorted(ir.fields_of(node))), tuple(sorted(ir.rules_of(node)))


def _deciders(program: Program) -> dict[str, Any]:
    """Per rule: its refs, or for ``cases`` the compiled conditions with the refs of each part."""
    key = ("deciders", id(program))
    cached = program.pack.cache.get(key)
    if cached is None:
        cached = {}
        for rule_id, rule in program.pack.rules.items():
            node = rule.expr
            if isinstance(node, ir.Cases):
                branches = tuple(
                    (compile_node(when, program.params), _refs(when), _refs(then))
                    for when, then in node.branches
                )
                cached[rule_id] = ("cases", branches, _refs(node.default))
            else:
                cached[rule_id] = ("plain", _refs(node))
        program.pack.cache[key] = cached
    return cached


def _deciding_refs(decider: Any, env: dict[str, Any]) -> _Refs:
    """For ``cases``: the refs of the first unknown ``when`` (or the taken branch); else all refs."""
    if decider[0] == "plain":
        return decider[1]
    _, branches, default = decider
    for when, when_refs, then_refs in branches:
        hit = when(env)
        if hit is None:
            return when_refs
        if hit:
            return then_refs
    return default


def _missing(program: Program, env: dict[str, Any]) -> tuple[str, ...]:
    """Null fields behind the unknown outputs, found by walking down through unknown rules only.

    Inside ``cases``, only the branches up to the first unknown ``when`` matter.
    """
    outputs = program.pack.outputs
    todo = [
        rid for rid in (outputs.status, outputs.score, outputs.class_) if rid and env[rid] is None
    ]
    if not todo:
        return ()
    deciders = _deciders(program)
    seen: set[str] = set()
    missing: dict[str, None] = {}
    while todo:
        rule_id = todo.pop()
        if rule_id in seen:
            continue
        seen.add(rule_id)
        fields, rules = _deciding_refs(deciders[rule_id], env)
        missing.update((name, None) for name in fields if env[name] is None)
        todo.extend(name for name in rules if env[name] is None)
    return tuple(missing)


_TraceTemplate = tuple[str, ir.Rule, tuple[str, ...], dict[str, Any], Any]


def _templates(program: Program) -> list[_TraceTemplate]:
    """What each trace step needs that does not depend on the record (built once per program).

    The thresholds dict is shared between verdicts: treat ``TraceStep.thresholds`` as read-only.
    """
    key = ("trace", id(program))
    cached = program.pack.cache.get(key)
    if cached is None:
        reads, params = _reads(program.pack), program.params
        cached = []
        for rule_id, rule in program.pack.rules.items():
            fields, rules, used = reads[rule_id]
            band = _static_bands(rule.expr, params) if isinstance(rule.expr, ir.Bands) else None
            cached.append((rule_id, rule, (*fields, *rules), {n: params[n] for n in used}, band))
        program.pack.cache[key] = cached
    return cached


def _static_bands(node: ir.Bands, params: dict[str, Any]) -> Any:
    """(of rule/field name, at_least?, ((bound, points), ...), default) when all parts are static."""
    parts = [(_static(b, params), _static(p, params)) for b, p in node.bands]
    static = all(b is not None for b, _ in parts) and isinstance(node.of, ir.Field | ir.RuleRef)
    if not static or not isinstance(node.of, ir.Field | ir.RuleRef):
        return None
    return node.of.name, node.direction == "at_least", tuple(parts), _static(node.default, params)


def _trace(program: Program, env: dict[str, Any]) -> tuple[TraceStep, ...]:
    document = program.pack.document
    steps = []
    for _, rule, names, thresholds, band in _templates(program):
        if band is None:
            steps.append(TraceStep(rule, document, env, names, thresholds))
        else:
            steps.append(TraceStep(rule, document, env, names, thresholds, *_band_hit(band, env)))
    return tuple(steps)


def _band_hit(band: Any, env: dict[str, Any]) -> tuple[Any, Any]:
    """The bound of the band that matched and its points (None and the default when none matched)."""
    name, at_least, parts, default = band
    value = env[name]
    if value is None:
        return None, None
    for limit, points in parts:
        if (value >= limit) if at_least else (value <= limit):
            return limit, points
    return None, default


def _static(node: ir.Node, params: dict[str, Any]) -> Any:
    if isinstance(node, ir.Const):
        return node.value
    if isinstance(node, ir.Param):
        return params[node.name]
    return None
