"""Pack test cases (``criteria/**/<version>/tests/*.yaml``): strict loading and the one case runner.

A test file is a list of cases, or a mapping of named base ``records`` and the ``cases`` built on them:
a case with ``base: <name>`` lists in ``input`` only what differs from that record (``null`` removes a
value). The pytest collection, the differential tests and ``littlegiant packs validate`` all run cases
through :func:`run_case`.

Examples:
    >>> from littlegiant.rules.registry import pack_for
    >>> import datetime as dt
    >>> pack = pack_for("sme_size", dt.date(2025, 6, 30))
    >>> cases = load_cases(pack)
    >>> all(run_case(pack, case).passed for case in cases)
    True
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from littlegiant.records.fields import FLAT_FIELDS_BY_ID
from littlegiant.rules._yaml import LineDict, LineList, line_of, load_yaml
from littlegiant.rules.errors import PackLoadError
from littlegiant.rules.evaluate import Verdict, evaluate
from littlegiant.rules.load import validate_model
from littlegiant.rules.pack import Pack
from littlegiant.rules.schema import TestCase, TestFile

__all__ = [
    "CaseResult",
    "LoadedCase",
    "case_as_of",
    "check_case",
    "check_verdict",
    "format_trace",
    "load_cases",
    "run_case",
]


@dataclass(frozen=True, slots=True)
class LoadedCase:
    """A pack test case (its ``input`` already merged over its base record) and where it is written."""

    case: TestCase
    source: str  # "file:line"

    @property
    def as_of(self) -> dt.date | None:
        """The case's as-of date, if it sets one."""
        return self.case.as_of


def _file_cases(file: Path) -> tuple[dict[str, dict[str, Any]], LineList]:
    """The named base records and the raw cases of one test file."""
    data = load_yaml(file)
    if isinstance(data, LineList):
        return {}, data
    if not isinstance(data, LineDict):
        raise PackLoadError(f"{file}:1: 测试文件必须是用例列表，或含 records 与 cases 的映射")
    parsed: TestFile = validate_model(TestFile, data, file)
    cases = data["cases"]
    if not isinstance(cases, LineList):
        raise PackLoadError(f"{file}:{line_of(data, ('cases',))}: cases 必须是用例列表")
    for name, record in parsed.records.items():
        where = f"{file}:{line_of(data, ('records', name))}"
        _check_fields(record, where, f"基础记录「{name}」")
    return parsed.records, cases


def load_cases(pack: Pack) -> list[LoadedCase]:
    """Every test case of ``pack``, validated strictly, each ``input`` merged over its base record.

    Raises:
        PackLoadError: a case file is malformed or names unknown fields, rules or base records.
    """
    loaded = []
    for file in pack.test_files():
        records, data = _file_cases(file)
        for index, raw in enumerate(data):
            case: TestCase = validate_model(TestCase, raw, file, (index,))
            source = f"{file}:{data.item_lines[index]}"
            case = _merged(case, records, source)
            _check_names(pack, case, source)
            loaded.append(LoadedCase(case, source))
    return loaded


def _merged(case: TestCase, records: dict[str, dict[str, Any]], source: str) -> TestCase:
    if case.base is None:
        return case
    if case.base not in records:
        raise PackLoadError(f"{source}: 用例「{case.name}」的 base 指向不存在的记录 {case.base}")
    return case.model_copy(update={"input": {**records[case.base], **case.input}})


def _check_fields(record: dict[str, Any], source: str, what: str) -> None:
    unknown = sorted(set(record) - set(FLAT_FIELDS_BY_ID))
    if unknown:
        raise PackLoadError(f"{source}: {what}含未知字段：{', '.join(unknown)}")


def _check_names(pack: Pack, case: TestCase, source: str) -> None:
    _check_fields(case.input, source, f"用例「{case.name}」的 input ")
    unknown = sorted(set(case.output.rules) - set(pack.rules))
    if unknown:
        raise PackLoadError(
            f"{source}: 用例「{case.name}」的 output.rules 含未知规则：{', '.join(unknown)}"
        )


def case_as_of(pack: Pack, case: LoadedCase) -> dt.date:
    """The case's as-of date, defaulting to the pack's first in-force day."""
    return case.as_of or pack.in_force_from


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool) or expected is None or got is None:
        return expected is got or (expected == got and type(expected) is type(got))
    if isinstance(expected, int | float) and isinstance(got, int | float):
        return math.isclose(expected, got, rel_tol=1e-9, abs_tol=1e-9)
    return bool(expected == got)


def check_verdict(case: TestCase, verdict: Verdict) -> list[str]:
    """Human-readable mismatches between a case's expected output and ``verdict`` (empty = pass)."""
    problems = []
    expected = case.output
    if verdict.status.value != expected.status:
        problems.append(f"status: 期望 {expected.status}，实际 {verdict.status.value}")
    if "score" in expected.model_fields_set and not _same(expected.score, verdict.score):
        problems.append(f"score: 期望 {expected.score}，实际 {verdict.score}")
    if "class_" in expected.model_fields_set:
        got = verdict.classification or "unknown"
        if got != (expected.class_ or "unknown"):
            problems.append(f"class: 期望 {expected.class_}，实际 {got}")
    for rule_id, value in expected.rules.items():
        if not _same(value, verdict.values[rule_id]):
            problems.append(f"rules.{rule_id}: 期望 {value!r}，实际 {verdict.values[rule_id]!r}")
    return problems


@dataclass(frozen=True, slots=True)
class CaseResult:
    """One case run: the verdict and its mismatches with the expected output."""

    case: LoadedCase
    verdict: Verdict
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """No mismatch."""
        return not self.problems

    def report(self) -> str:
        """The failure message: where the case is, what differs, and the trace."""
        lines = [f"{self.case.source}: {self.case.case.name}", *(f"  {p}" for p in self.problems)]
        return "\n".join([*lines, format_trace(self.verdict)])


def run_case(pack: Pack, case: LoadedCase) -> CaseResult:
    """Evaluate one case at its as-of date and compare with its expected output."""
    verdict = evaluate(pack, case.case.input, case_as_of(pack, case))
    return CaseResult(case, verdict, tuple(check_verdict(case.case, verdict)))


def check_case(pack: Pack, case: LoadedCase) -> list[str]:
    """Evaluate one case and return its mismatches (empty = pass)."""
    return list(run_case(pack, case).problems)


def format_trace(verdict: Verdict) -> str:
    """The trace as plain text lines, for failure messages."""
    lines = [
        f"{verdict.programme}@{verdict.version} {verdict.as_of}: {verdict.status.value} score={verdict.score}"
    ]
    for step in verdict.trace:
        lines.append(
            f"  {step.rule_id} = {step.value!r}  [{step.clause}] {step.label}"
            f"  reads={step.reads} thresholds={step.thresholds}"
        )
    return "\n".join(lines)
