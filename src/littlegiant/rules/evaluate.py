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
from functools import cached_property
from typing import Any

from littlegiant.rules.conditions import Shortfall
from littlegiant.rules.missing import missing_fields
from littlegiant.rules.pack import Pack
from littlegiant.rules.program import Program, program_for
from littlegiant.rules.trace import TraceStep, build_trace, jsonable

__all__ = ["Status", "TraceStep", "Verdict", "evaluate", "missing_inputs", "what_if"]


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


@dataclass(frozen=True)
class Verdict:
    """The result of evaluating one record against one pack at one as-of date.

    ``trace`` and ``open_conditions`` are built on first access from the evaluation's own values
    (nothing is recomputed); ``labels`` are the rules' labels with the thresholds applied.
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
    program: Program | None = field(default=None, repr=False, compare=False)
    env: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    traced: bool = field(default=True, repr=False, compare=False)

    @cached_property
    def trace(self) -> tuple[TraceStep, ...]:
        """Per clause: label, clause, value, the fields and rules read, thresholds, band and points."""
        if self.program is None or not self.traced:
            return ()
        return build_trace(self.program.trace_templates, self.program.pack.document, self.env)

    @cached_property
    def open_conditions(self) -> Shortfall:
        """The conditions still open (see :mod:`littlegiant.rules.conditions`); none when qualified."""
        return self.program.open_conditions(self.env) if self.program else Shortfall()

    @cached_property
    def route(self) -> tuple[str, ...]:
        """The rules of the route by which a qualified record qualified (each once, in order); empty otherwise."""
        if self.program is None or self.status is not Status.QUALIFIED:
            return ()
        return tuple(dict.fromkeys(leaf.rule_id for leaf in self.program.route(self.env)))

    @property
    def labels(self) -> Mapping[str, str]:
        """Every rule's Chinese label, rendered with the parameter values applied."""
        return self.program.labels if self.program else {}

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
            "values": {k: jsonable(v) for k, v in self.values.items()},
            "trace": [step.to_dict() for step in self.trace],
        }


def evaluate(pack: Pack, record: Mapping[str, Any], as_of: dt.date, tracer: bool = True) -> Verdict:
    """Evaluate ``record`` (flat field ids → values; absent = None) against ``pack`` at ``as_of``.

    Raises:
        ParameterError: a parameter has no value at ``as_of``.
    """
    program = program_for(pack, as_of)
    return _verdict(program, program.run(record), as_of, tracer)


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
        missing=missing_inputs(program, env), program=program, env=env, traced=tracer,
    )  # fmt: skip


def missing_inputs(program: Program, env: dict[str, Any]) -> tuple[str, ...]:
    """The null fields behind the unknown outputs of one evaluation (see :mod:`littlegiant.rules.missing`)."""
    outputs = program.pack.outputs
    unknown = [
        rid for rid in (outputs.status, outputs.score, outputs.class_) if rid and env[rid] is None
    ]
    return missing_fields(program.deciders, env, unknown) if unknown else ()
