"""The rules engine as the web uses it: which packs apply, one evaluation with its trace, gaps and
ladder turned into rows a page shows and JSON the API returns.

This module only reads (no database); ``services`` stores what it computes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from littlegiant import rules
from littlegiant.records.fields import FLAT_FIELDS_BY_ID, FieldKind
from littlegiant.records.labels import yes_no
from littlegiant.web.assessments.labels import (
    STATUS_CSS,
    STATUS_LABELS,
    field_label,
    format_number,
    format_value,
    verdict_word,
)
from littlegiant.web.enterprises.models import SizeClass

__all__ = [
    "ProgrammeResult",
    "TraceRow",
    "evaluate_programme",
    "gap_dicts",
    "jsonable",
    "packs_for_region",
    "programme_versions",
    "resolve_pack",
]


@dataclass(frozen=True, slots=True)
class TraceRow:
    """One clause of a verdict as the trace table shows it."""

    rule_id: str
    clause: str
    label: str
    value: str
    reads: list[str]
    thresholds: list[str]
    points: str
    verdict: str
    verdict_css: str
    uncertain: bool


UNUSED = "未采用（已由其他路径满足）"
"""The verdict word of a false clause on a qualified card."""

CLASS_LABELS: dict[str, str] = {**dict(SizeClass.choices), "unknown": "未能判定"}


@dataclass(slots=True)
class ProgrammeResult:
    """One programme evaluated for one record: the pack, the verdict, its gaps, rows to show."""

    pack: rules.Pack
    verdict: rules.Verdict
    gaps: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> str:
        """``qualified`` / ``not_qualified`` / ``unknown``."""
        return self.verdict.status.value

    @property
    def status_label(self) -> str:
        """符合 / 不符合 / 待定."""
        return STATUS_LABELS[self.status]

    @property
    def status_css(self) -> str:
        """The badge's CSS modifier."""
        return STATUS_CSS[self.status]

    @property
    def classification_label(self) -> str:
        """The class result in Chinese (sme_size: 大型/中型/小型/微型; 未能判定 when unknown)."""
        value = self.verdict.classification or ""
        return CLASS_LABELS.get(value, value)

    @property
    def score_text(self) -> str:
        """The score with its unit, or '' for programmes without a score."""
        score = self.verdict.score
        return format_number(score, "分") if score is not None else ""

    @property
    def missing(self) -> list[tuple[str, str]]:
        """(flat id, label) of every field read as missing by a clause that came out unknown."""
        return [(flat_id, field_label(flat_id)) for flat_id in self.verdict.missing]

    @property
    def rows(self) -> list[TraceRow]:
        """The trace table, in the pack's evaluation order.

        On a qualified card a clause that came out false was not needed (a route not taken, a branch flag,
        an unused direct path): it reads "未采用", not "不满足".
        """
        rows = [trace_row(self.pack, step) for step in self.verdict.trace]
        if self.status == "qualified":
            rows = [
                dataclasses.replace(row, verdict=UNUSED, verdict_css="unused")
                if row.verdict_css == "fail"
                else row
                for row in rows
            ]
        return rows

    @property
    def failing_rows(self) -> list[TraceRow]:
        """The clauses that came out not met (shown open on the card; the full table is collapsed).

        None on a qualified card: routes not taken, branch flags and unused direct paths did not fail it.
        """
        if self.status == "qualified":
            return []
        return [row for row in self.rows if row.verdict_css == "fail"]

    @property
    def route_rows(self) -> list[TraceRow]:
        """On a qualified card, the clauses of the route that qualified (in the pack's order)."""
        taken = set(self.verdict.route)
        return [row for row in self.rows if row.rule_id in taken]

    def to_dict(self) -> dict[str, Any]:
        """JSON form: the engine's verdict dict plus title, document, status label and gaps."""
        data = self.verdict.to_dict()
        data |= {
            "title": self.pack.title,
            "pack_id": self.pack.id,
            "document": self.pack.document,
            "status_label": self.status_label,
            "gaps": jsonable(self.gaps),
        }
        result: dict[str, Any] = jsonable(data)
        return result


def jsonable(value: Any) -> Any:
    """``value`` with sets as sorted lists and dates as ISO strings, recursively."""
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(jsonable(item) for item in value)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    if hasattr(value, "value") and type(value).__module__.startswith("littlegiant"):
        return value.value  # an engine enum
    return value


def _threshold_text(pack: rules.Pack, parameter_id: str, value: Any) -> str:
    parameter = pack.parameters.get(parameter_id)
    if parameter is None:
        return f"{parameter_id}：{value}"
    if isinstance(value, bool):
        shown = yes_no(value)
    elif isinstance(value, int | float):
        shown = format_number(value, parameter.unit, decimals=4)  # a legal threshold: exact
    else:
        shown = str(value)
    flag = "（待确认）" if parameter.confidence == "U" else ""
    return f"{parameter.label}：{shown}{flag}"


def _read_label(step: rules.TraceStep, name: str) -> str:
    return step.label_of(name) or field_label(name)


def _read_value(pack: rules.Pack, name: str, value: Any) -> str:
    rule = pack.rules.get(name)
    if rule is not None and isinstance(value, bool):
        return verdict_word("true" if value else "false")
    return format_value(name, value, rule.unit if rule is not None else None)


def trace_row(pack: rules.Pack, step: rules.TraceStep) -> TraceRow:
    """A trace step as a table row: values read with units, thresholds with labels, verdict word."""
    reads = [
        f"{_read_label(step, name)}：{_read_value(pack, name, value)}"
        for name, value in step.reads.items()
    ]
    thresholds = [_threshold_text(pack, pid, value) for pid, value in step.thresholds.items()]
    uncertain = any(
        pack.parameters[pid].confidence == "U" for pid in step.thresholds if pid in pack.parameters
    )
    verdict = step.verdict
    value = (
        format_value(step.rule_id, step.value, step.unit)
        if verdict == "value"
        else verdict_word(verdict)
    )
    points = format_number(step.points, "分") if isinstance(step.points, int | float) else ""
    css = {"true": "ok", "false": "fail", "unknown": "unknown"}.get(verdict, "value")
    return TraceRow(
        step.rule_id, step.clause, step.label, value, reads, thresholds, points,
        verdict_word(verdict), css, uncertain,
    )  # fmt: skip


def gap_dicts(gaps: Any) -> list[dict[str, Any]]:
    """The engine's gaps as JSON-ready dicts (each with ``message`` and ``changes``)."""
    result = []
    for gap in gaps or ():
        data = gap.to_dict() if hasattr(gap, "to_dict") else jsonable(gap)
        result.append(jsonable(data))
    return result


def evaluate_programme(
    pack: rules.Pack,
    record: Mapping[str, Any],
    as_of: dt.date,
    *,
    changes: Mapping[str, Any] | None = None,
    with_gaps: bool = True,
) -> ProgrammeResult:
    """Evaluate ``record`` (with optional what-if ``changes``) against ``pack``; gaps unless qualified."""
    effective = {**record, **(changes or {})}
    verdict = rules.evaluate(pack, effective, as_of)
    result = ProgrammeResult(pack, verdict)
    gaps_of = getattr(rules, "gaps", None)
    if with_gaps and gaps_of is not None and verdict.status is not rules.Status.QUALIFIED:
        result.gaps = gap_dicts(gaps_of(pack, effective, as_of))
    return result


def packs_for_region(region_code: str | None, as_of: dt.date) -> list[rules.Pack]:
    """The packs in force at ``as_of`` that apply to an enterprise of ``region_code``.

    National packs apply everywhere; a provincial overlay (``region: "44"``) only to its region.
    """
    return rules.packs_in_force(as_of, region_code=region_code)


def programme_versions() -> dict[str, tuple[str, ...]]:
    """Every programme id with its versions, oldest first."""
    return {info.id: info.versions for info in rules.programmes()}


def programme_titles() -> dict[str, str]:
    """Every programme id with its (latest) title."""
    return {info.id: info.title for info in rules.programmes()}


def resolve_pack(programme: str, as_of: dt.date, version: str | None = None) -> rules.Pack:
    """The pack of ``programme`` in force at ``as_of``, or the explicit ``version``.

    Raises:
        UnknownProgrammeError: no such programme or version, or none in force.
    """
    return rules.pack_for(programme, as_of, version=version or None)


def is_numeric(flat_id: str) -> bool:
    """Whether a field holds a number (what-if inputs are parsed strictly for these)."""
    record_field = FLAT_FIELDS_BY_ID.get(flat_id)
    return record_field is not None and record_field.kind in {
        FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT,
    }  # fmt: skip


__all__ += ["is_numeric", "programme_titles", "trace_row"]
