"""A pack compiled for one parameter set, and the one place compiled programs are kept.

A :class:`Program` holds the closures of every rule with the parameters bound, and everything else
derived from the pack and those parameters (labels rendered with the thresholds in force, what each
rule reads, the deciders of missing data, the trace templates, the gap search's edges, the condition
tree), each computed on first use. Packs with the same parameter values at two dates share one program.

Engine state lives only here (:data:`PROGRAMS`); a :class:`~littlegiant.rules.pack.Pack` never changes
after loading, and no code outside ``rules`` writes engine state.

Examples:
    >>> import datetime as dt
    >>> from littlegiant.rules.registry import pack_for
    >>> pack = pack_for("specialized_sme_guangdong", dt.date(2025, 6, 30))
    >>> program = program_for(pack, dt.date(2025, 6, 30))
    >>> program.params["pass_score"], program.labels["score_passes"]
    (70.0, '评分达到通过线（70分）')
    >>> program_for(pack, dt.date(2025, 7, 1)) is program  # same parameter values, same program
    True
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from littlegiant.rules import edges as edge_search
from littlegiant.rules import ir, missing, trace
from littlegiant.rules.closures import Closure, compile_node
from littlegiant.rules.conditions import (
    Leaf,
    Shortfall,
    Tree,
    condition_tree,
    open_conditions,
    route,
)
from littlegiant.rules.labels import render_label
from littlegiant.rules.pack import Pack
from littlegiant.rules.semantics import normalize_record

__all__ = ["PROGRAMS", "Program", "ProgramCache", "program_for"]


@dataclass(frozen=True, eq=False)
class Program:
    """``pack`` compiled for the parameter values ``params``; derived data is computed on first use."""

    pack: Pack
    params: dict[str, Any]

    @cached_property
    def steps(self) -> tuple[tuple[str, Closure], ...]:
        """Every rule's closure, in evaluation order."""
        return tuple(
            (rule_id, compile_node(rule.expr, self.params))
            for rule_id, rule in self.pack.rules.items()
        )

    @cached_property
    def labels(self) -> dict[str, str]:
        """Every rule's label, rendered with the parameter values of this program."""
        return {rid: render_label(rule.label, self.params) for rid, rule in self.pack.rules.items()}

    @cached_property
    def reads(self) -> dict[str, ir.Refs]:
        """Per rule: the fields, other rules and parameters it reads directly."""
        return {rule_id: ir.refs_of(rule.expr) for rule_id, rule in self.pack.rules.items()}

    @cached_property
    def deciders(self) -> dict[str, missing.Decider]:
        """Per rule: what decides its value (for the missing fields behind an unknown)."""
        return missing.deciders(self.pack.rules, self.params)

    @cached_property
    def trace_templates(self) -> tuple[trace.StepTemplate, ...]:
        """Per rule, what its trace step needs that does not depend on the record."""
        return trace.step_templates(self.pack.rules, self.params, self.labels, self.reads)

    @cached_property
    def field_deps(self) -> dict[str, frozenset[str]]:
        """Per rule: every record field it depends on, directly or through other rules."""
        return edge_search.field_deps(self.pack.rules)

    @cached_property
    def edges(self) -> tuple[edge_search.Edge, ...]:
        """Every numeric comparison and band bound, for the gap search."""
        return edge_search.edges(self.pack.rules, self.params, self.field_deps)

    @cached_property
    def _steps_by_fields(self) -> dict[frozenset[str], tuple[tuple[str, Closure], ...]]:
        return {}

    def steps_reading(self, fields: frozenset[str]) -> tuple[tuple[str, Closure], ...]:
        """The steps of the rules that depend on any of ``fields``, in evaluation order (for re-evaluating a
        change of those fields only)."""
        found = self._steps_by_fields.get(fields)
        if found is None:
            deps = self.field_deps
            found = tuple((rid, step) for rid, step in self.steps if deps[rid] & fields)
            self._steps_by_fields[fields] = found
        return found

    @cached_property
    def conditions(self) -> Tree:
        """The status rule's conditions (see :mod:`littlegiant.rules.conditions`)."""
        status = self.pack.outputs.status or ""
        return condition_tree(self.pack.rules, status, self.params, self.labels)

    def run(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """The values of every field the pack reads (normalized) and of every rule, for ``record``."""
        return self.run_env(normalize_record(record, self.pack.fields))

    def run_env(self, env: dict[str, Any]) -> dict[str, Any]:
        """Compute every rule into ``env`` (which holds the normalized fields) and return it."""
        for rule_id, closure in self.steps:
            env[rule_id] = closure(env)
        return env

    def route(self, env: dict[str, Any]) -> tuple[Leaf, ...]:
        """The conditions by which one evaluation qualified (see :func:`littlegiant.rules.conditions.route`)."""
        return route(self.conditions, env)

    def open_conditions(self, env: dict[str, Any]) -> Shortfall:
        """The open conditions of one evaluation whose values are ``env`` (see :meth:`run`)."""
        return open_conditions(self.conditions, env, self.deciders)


@dataclass(eq=False)
class _PackPrograms:
    by_date: dict[dt.date, Program] = field(default_factory=dict)
    by_params: dict[tuple[tuple[str, Any], ...], Program] = field(default_factory=dict)


class ProgramCache:
    """Programs per pack and parameter values; a pack's programs go when the pack does."""

    def __init__(self) -> None:
        self._packs: weakref.WeakKeyDictionary[Pack, _PackPrograms] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, pack: Pack, as_of: dt.date) -> Program:
        """The program of ``pack`` at ``as_of``.

        Raises:
            ParameterError: a parameter has no value at ``as_of``.
        """
        known = self._packs.get(pack)
        program = known.by_date.get(as_of) if known is not None else None
        if program is None:
            program = self._add(pack, as_of)
        return program

    def _add(self, pack: Pack, as_of: dt.date) -> Program:
        params = pack.parameter_values(as_of)
        key = tuple(sorted(params.items()))
        with self._lock:
            known = self._packs.setdefault(pack, _PackPrograms())
            program = known.by_params.setdefault(key, Program(pack, params))
            known.by_date[as_of] = program
        return program

    def clear(self) -> None:
        """Forget every program (they are rebuilt on demand)."""
        with self._lock:
            self._packs.clear()


PROGRAMS = ProgramCache()
"""The process's programs: the only engine state kept between evaluations."""


def program_for(pack: Pack, as_of: dt.date) -> Program:
    """The compiled program of ``pack`` at ``as_of`` (cached per pack and parameter values).

    Raises:
        ParameterError: a parameter has no value at ``as_of``.
    """
    return PROGRAMS.get(pack, as_of)
