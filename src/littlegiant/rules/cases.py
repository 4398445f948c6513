"""Pack test cases (``criteria/<programme>/<version>/tests/*.yaml``): strict loading and checking.

Examples:
    >>> from littlegiant.rules.registry import pack_for
    >>> import datetime as dt
    >>> pack = pack_for("sme_size", dt.date(2025, 6, 30))
    >>> cases = load_cases(pack)
    >>> all(check_case(pack, case) == [] for case in cases)
    True
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from littlegiant.records.fields import FLAT_FIELDS_BY_ID
from littlegiant.rules._yaml import LineList, load_yaml
from littlegiant.rules.errors import PackLoadError
from littlegiant.rules.evaluate import Verdict, evaluate
from littlegiant.rules.pack import Pack, _validate
from littlegiant.rules.schema import TestCase

__all__ = ["LoadedCase", "check_case", "check_verdict", "format_trace", "load_cases"]


@dataclass(frozen=True, slots=True)
class LoadedCase:
    """A pack test case and where it is written."""

    case: TestCase
    source: str  # "file:line"

    @property
    def as_of(self) -> dt.date | None:
        """The case's as-of date, if it sets one."""
        return self.case.as_of


def load_cases(pack: Pack) -> list[LoadedCase]:
    """Every test case of ``pack``, validated strictly.

    Raises:
        PackLoadError: a case file is malformed or names unknown fields or rules.
    """
    loaded = []
    for file in pack.test_files():
        data = load_yaml(file)
        if not isinstance(data, LineList):
            raise PackLoadError(f"{file}:1: 测试文件必须是用例列表")
        for index, raw in enumerate(data):
            case: TestCase = _validate(TestCase, raw, file, (index,))
            source = f"{file}:{data.item_lines[index]}"
            _check_names(pack, case, source)
            loaded.append(LoadedCase(case, source))
    return loaded


def _check_names(pack: Pack, case: TestCase, source: str) -> None:
    unknown = sorted(set(case.input) - set(FLAT_FIELDS_BY_ID))
    if unknown:
        raise PackLoadError(
            f"{source}: 用例「{case.name}」的 input 含未知字段：{', '.join(unknown)}"
        )
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


def check_case(pack: Pack, case: LoadedCase) -> list[str]:
    """Evaluate one case and return its mismatches (empty = pass)."""
    verdict = evaluate(pack, case.case.input, case_as_of(pack, case))
    return check_verdict(case.case, verdict)


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
