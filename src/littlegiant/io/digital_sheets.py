"""Answer sheets of the digital-maturity questionnaire: one firm per row, one column per answer.

Headers are answer ids (``dq_network_items``) or the questions' Chinese texts; ``uscc`` / ``name`` (or
统一社会信用代码 / 企业名称) identify the firm. Multi-choice cells list option texts or ids separated by ``、``.
Row numbers are Excel's (the header is row 1). Scoring the rows read is
:func:`littlegiant.digital.rows.score_rows`.

Examples:
    >>> template_headers()[:3]
    ['统一社会信用代码', '企业名称', '企业网络建设情况（可多选）']
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from littlegiant.digital.answers import ANSWER_LABELS, answer_key, parse_answers
from littlegiant.digital.questionnaire import QUESTIONS, answer_ids
from littlegiant.digital.rows import AnswerRow, RowResult
from littlegiant.errors import LittleGiantError
from littlegiant.io.guard import UploadRejectedError, check_upload
from littlegiant.io.table_sheet import add_table_sheet
from littlegiant.records.cells import spreadsheet_row

__all__ = [
    "MULTI_ANSWER_HINT",
    "RESULT_HEADERS",
    "AnswerSheet",
    "AnswerSheetError",
    "read_answer_rows",
    "read_answer_sheet",
    "template_headers",
    "write_results",
    "write_template",
]

_IDENTITY = {"uscc": "uscc", "统一社会信用代码": "uscc", "name": "name", "企业名称": "name"}
RESULT_HEADERS = ("行号", "统一社会信用代码", "企业名称", "评测得分", "数字化水平等级", "数字化基础",
                  "数字化管理", "数字化成效", "场景平均等级", "规则包", "问题")  # fmt: skip


class AnswerSheetError(LittleGiantError):
    """The sheet cannot be read at all (missing file, wrong format, no answer columns)."""


@dataclass(frozen=True, slots=True)
class AnswerSheet:
    """A read answer sheet: its rows and where each answer (and identity) column is, by field id."""

    rows: list[AnswerRow]
    columns: dict[str, tuple[str, str]]
    """Field id (``uscc``, ``name`` or an answer id) → (Excel column letter, header text)."""


def template_headers() -> list[str]:
    """The header row of an answer sheet: identity, then each question's Chinese text."""
    return ["统一社会信用代码", "企业名称", *(ANSWER_LABELS[field_id] for field_id in answer_ids())]


MULTI_ANSWER_HINT = (
    "多选题把选中的选项原文照抄，多个选项之间用分号“；”隔开（选项本身可能含有“、”和“，”）"
)
"""How a multiple-choice answer is written in a sheet (the reader splits at ；/; and finds whole option texts)."""


def write_template(target: str | Path | IO[bytes]) -> None:
    """An empty answer sheet (.xlsx) with a guide sheet listing every question's options."""
    book = Workbook()
    add_table_sheet(book, "评测答卷", template_headers())
    guide = book.create_sheet("填写说明")
    guide.append(["题目", "题型", f"可选项（每行一项；{MULTI_ANSWER_HINT}；场景填 1-4）"])
    for question in QUESTIONS:
        kind = "多选" if question.kind == "multi" else "单选"
        guide.append(
            spreadsheet_row([question.text, kind, "\n".join(o.text for o in question.options)])
        )
        guide.cell(guide.max_row, 3).alignment = Alignment(wrap_text=True, vertical="top")
    guide.append(["数字化经营场景（16 项）", "等级", "1 / 2 / 3 / 4"])
    guide.column_dimensions["A"].width = 48
    guide.column_dimensions["C"].width = 60
    book.save(target)


def _cells(path: Path) -> Iterator[list[Any]]:
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.reader(handle)
        return
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    yield from book.get_sheet_by_index(0).to_python(skip_empty_area=False)


def read_answer_rows(path: str | Path) -> list[AnswerRow]:
    """Every non-empty row of the first sheet (or a CSV) as canonical answers plus problems.

    Raises:
        AnswerSheetError: the file cannot be read or has no answer column.
    """
    return read_answer_sheet(path).rows


def _columns(header: list[str]) -> dict[str, tuple[str, str]]:
    columns: dict[str, tuple[str, str]] = {}
    for index, text in enumerate(header, start=1):
        field_id = _IDENTITY.get(text) or answer_key(text)
        if field_id is not None and field_id not in columns:
            columns[field_id] = (get_column_letter(index), text)
    return columns


def read_answer_sheet(path: str | Path) -> AnswerSheet:
    """The rows of the first sheet (or a CSV) and the location of each known column.

    Raises:
        AnswerSheetError: the file cannot be read or has no answer column.
    """
    path = Path(path)
    try:
        check_upload(path, path.name)
    except UploadRejectedError as error:
        raise AnswerSheetError(str(error)) from error
    try:
        rows = list(_cells(path))
    except Exception as error:  # calamine raises its own error types per format problem
        raise AnswerSheetError(
            f"无法读取答卷文件 {path.name}：请确认是 .xlsx 或 UTF-8 编码的 .csv 文件"
        ) from error
    if not rows:
        raise AnswerSheetError(f"答卷文件 {path.name} 是空的")
    header = [str(cell).strip() for cell in rows[0]]
    if not any(answer_key(h) for h in header):
        raise AnswerSheetError(f"答卷文件 {path.name} 的表头没有任何评测题目列")
    answer_rows = [_answer_row(number, header, cells) for number, cells in enumerate(rows[1:], start=2)
                   if any(str(cell).strip() for cell in cells)]  # fmt: skip
    return AnswerSheet(answer_rows, _columns(header))


def _answer_row(number: int, header: list[str], cells: list[Any]) -> AnswerRow:
    raw = {key: _cell(value) for key, value in zip(header, cells, strict=False)}
    identity = {
        _IDENTITY[key]: str(value or "").strip() for key, value in raw.items() if key in _IDENTITY
    }
    answers, problems = parse_answers(raw)
    return AnswerRow(number, identity.get("uscc", ""), identity.get("name", ""), answers, problems)


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _result_line(item: RowResult) -> list[Any]:
    result = item.result
    points = {d.id: d.points for d in result.dimensions} if result else {}
    return [
        item.row.row, item.row.uscc, item.row.name,
        result.score if result else None, result.level_label if result else "无法评测",
        points.get("foundation"), points.get("management"), points.get("effectiveness"),
        points.get("operations"), f"{result.verdict.programme}@{result.verdict.version}" if result else "",
        "；".join(item.messages),
    ]  # fmt: skip


def write_results(results: list[RowResult], target: str | Path | IO[bytes]) -> None:
    """The scored rows as an .xlsx (one row per firm, the problems in the last column)."""
    book = Workbook()
    add_table_sheet(book, "评测结果", RESULT_HEADERS, map(_result_line, results))
    book.save(target)
