"""Scoring many firms' answers at once (an answer sheet, an upload): each row's result and its problems.

A row is one firm's canonical answers plus the problems its cells had (see
:func:`littlegiant.digital.answers.parse_answers`); scoring a row gives the engine's result, or the
problems that keep it from being scored, each located in its sheet column when the column is known.
Reading and writing the sheets themselves is :mod:`littlegiant.io.digital_sheets`.

Examples:
    >>> import datetime as dt
    >>> row = AnswerRow(2, "91110000600037341L", "甲公司", {"dq_scene_quality": 3})
    >>> (item,) = score_rows([row], dt.date(2025, 6, 30))
    >>> item.result.level is None, item.messages[0].split("（")[0]
    (True, '第 2 行：答卷不完整，等级待定')
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from littlegiant.digital.answers import AnswerProblem, answer_label, missing_answers
from littlegiant.digital.scoring import DigitalResult, assess

__all__ = ["AnswerRow", "CellProblem", "RowResult", "score_rows", "with_problems"]


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One row of an answer sheet: the firm, its canonical answers and the problems of its cells."""

    row: int
    uscc: str
    name: str
    answers: dict[str, Any]
    problems: list[AnswerProblem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CellProblem:
    """One problem of a sheet row, located: row, column (letter and header), the value and the rule broken."""

    row: int
    column: str
    header: str
    value: Any
    message: str

    def text(self) -> str:
        """``第 3 行 D 列：「题目」没有选项“x”`` (the column is left out when the problem is the row's)."""
        where = f"第 {self.row} 行" + (f" {self.column} 列" if self.column else "")
        return f"{where}：{self.message}"


@dataclass(frozen=True, slots=True)
class RowResult:
    """One scored row: the result when the answers could be scored, and every problem (Chinese)."""

    row: AnswerRow
    result: DigitalResult | None
    messages: tuple[str, ...]
    problems: tuple[CellProblem, ...] = ()


def _located(row: AnswerRow, columns: Mapping[str, tuple[str, str]]) -> list[CellProblem]:
    found = []
    for problem in row.problems:
        letter, header = columns.get(problem.field_id, ("", answer_label(problem.field_id)))
        found.append(CellProblem(row.row, letter, header, problem.value, problem.message))
    return found


def score_rows(
    rows: list[AnswerRow], as_of: dt.date, columns: Mapping[str, tuple[str, str]] | None = None
) -> list[RowResult]:
    """Score each row; a row with bad cells is reported, a row with blanks is scored (level may be unknown).

    ``columns`` (from :func:`littlegiant.io.digital_sheets.read_answer_sheet`) locates each problem in its Excel column.
    """
    results = []
    for row in rows:
        problems = _located(row, columns or {})
        result = None if row.problems else assess(row.answers, as_of, tracer=False)
        if result is not None and result.level is None:
            missing = missing_answers(row.answers)
            blanks = "、".join(answer_label(fid) for fid in missing[:5])
            more = f"等 {len(missing)} 项" if len(missing) > 5 else ""
            problems.append(
                CellProblem(row.row, "", "", None, f"答卷不完整，等级待定（未答：{blanks}{more}）")
            )
        results.append(with_problems(RowResult(row, result, ()), problems))
    return results


def with_problems(item: RowResult, problems: Iterable[CellProblem]) -> RowResult:
    """The row result with more problems (its messages follow)."""
    merged = (*item.problems, *problems)
    return dataclasses.replace(
        item,
        problems=merged,
        messages=(*item.messages, *(p.text() for p in merged[len(item.problems) :])),
    )
