"""The validation report of an import: one issue per bad cell or row, as the user sees it in Excel.

Examples:
    >>> report = Report()
    >>> report.add(Issue("年度数据", 5, "D", "revenue", "营业收入", -5, "不得小于 0"))
    >>> report.error_count, report.issues[0].where
    (1, '「年度数据」第 5 行 D 列')
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from littlegiant.records.cells import spreadsheet_row

__all__ = ["REPORT_COLUMNS", "Issue", "Report"]

REPORT_COLUMNS: tuple[tuple[str, int], ...] = (
    ("工作表", 16),
    ("行号", 8),
    ("列", 6),
    ("字段代码", 24),
    ("字段名称", 28),
    ("填写的值", 24),
    ("问题", 80),
)
"""The report's columns (Chinese header, Excel width), the same on the page and in the .xlsx."""

_MAX_SHOWN_VALUE = 200


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: where it is (sheet, Excel row, column letter), which field, what value, which rule."""

    sheet: str
    row: int | None
    column: str | None
    field_id: str
    label: str
    value: object
    message: str

    @property
    def where(self) -> str:
        """Where the problem is, in words (「年度数据」第 5 行 D 列)."""
        text = f"「{self.sheet}」"
        if self.row is not None:
            text += f"第 {self.row} 行"
        if self.column:
            text += f" {self.column} 列"
        return text

    @property
    def shown_value(self) -> str:
        """The value as text, shortened for display; empty when there was none."""
        if self.value is None:
            return ""
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        text = str(self.value)
        return text if len(text) <= _MAX_SHOWN_VALUE else text[:_MAX_SHOWN_VALUE] + "…"

    def as_row(self) -> tuple[str, int | str, str, str, str, str, str]:
        """The issue's cells, in :data:`REPORT_COLUMNS` order."""
        return (
            self.sheet,
            self.row if self.row is not None else "",
            self.column or "",
            self.field_id,
            self.label,
            self.shown_value,
            self.message,
        )

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


@dataclass
class Report:
    """Every issue found in one file, plus how many rows each sheet had and how many were valid."""

    issues: list[Issue] = field(default_factory=list)
    rows_read: dict[str, int] = field(default_factory=dict)
    rows_valid: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        """Record one issue."""
        self.issues.append(issue)

    @property
    def error_count(self) -> int:
        """How many issues there are."""
        return len(self.issues)

    @property
    def ok(self) -> bool:
        """Whether the file had no issue at all."""
        return not self.issues

    @property
    def total_rows(self) -> int:
        """Data rows read over all sheets."""
        return sum(self.rows_read.values())

    @property
    def total_valid(self) -> int:
        """Rows that passed every check over all sheets."""
        return sum(self.rows_valid.values())

    def rows_with_issues(self) -> int:
        """How many distinct (sheet, row) pairs have at least one issue."""
        return len({(issue.sheet, issue.row) for issue in self.issues if issue.row is not None})

    def first(self, limit: int) -> list[Issue]:
        """The first ``limit`` issues, in file order."""
        return self.issues[:limit]

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def summary(self) -> str:
        """One line in Chinese: rows read, valid, issues."""
        return (
            f"共读取 {self.total_rows} 行，有效 {self.total_valid} 行，"
            f"发现 {self.error_count} 个问题（涉及 {self.rows_with_issues()} 行）"
        )

    def to_xlsx(self, target: str | Path | IO[bytes]) -> None:
        """Write the full report as an .xlsx (write-only, so 100,000 issues stay fast)."""
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("校验报告")
        for index, (_, width) in enumerate(REPORT_COLUMNS):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.freeze_panes = "A2"
        sheet.append([_header_cell(sheet, title) for title, _ in REPORT_COLUMNS])
        for issue in self.issues:
            sheet.append(spreadsheet_row(issue.as_row()))
        summary = workbook.create_sheet("汇总")
        summary.append(spreadsheet_row([self.summary()]))
        for note in self.notes:
            summary.append(spreadsheet_row([note]))
        for sheet_name, count in self.rows_read.items():
            summary.append(spreadsheet_row([sheet_name, count, self.rows_valid.get(sheet_name, 0)]))
        workbook.save(target)


def _header_cell(sheet: object, title: str) -> object:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=title)
    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", fgColor="B91C1C")
    cell.alignment = Alignment(vertical="center")
    return cell
