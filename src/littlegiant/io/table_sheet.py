"""One sheet of a results workbook: a bold header row, frozen under the header, columns sized to the headers.

Examples:
    >>> from openpyxl import Workbook
    >>> book = Workbook()
    >>> sheet = add_table_sheet(book, "结果", ("统一社会信用代码", "结论"), [("91330106MA27U0LX5H", "符合")])
    >>> [cell.value for cell in sheet[1]], sheet.max_row, sheet.freeze_panes
    (['统一社会信用代码', '结论'], 2, 'A2')
    >>> book.sheetnames
    ['结果']
    >>> sheet = add_table_sheet(book, "名单", ("统一社会信用代码",), [("X",)], ids=("uscc",))
    >>> [sheet["A1"].value, sheet["A2"].value, sheet["A3"].value, sheet.freeze_panes]
    ['统一社会信用代码', 'uscc', 'X', 'A3']

Users read the Chinese header; when a sheet is also read back by programs, the column ids go on a second,
small grey row under it (``ids``), never in place of the labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from littlegiant.records.cells import spreadsheet_row

__all__ = ["add_table_sheet"]


def add_table_sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]] = (),
    *,
    ids: Sequence[str] | None = None,
) -> Worksheet:
    """Add a sheet of ``rows`` under ``headers`` (and the column ``ids`` on a muted second row); a new
    workbook's empty default sheet is replaced."""
    default = workbook.active
    if (
        len(workbook.worksheets) == 1
        and isinstance(default, Worksheet)
        and default.max_row == 1
        and default["A1"].value is None
    ):
        workbook.remove(default)
    sheet = workbook.create_sheet(title)
    sheet.append(spreadsheet_row(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if ids is not None:
        sheet.append(list(ids))
        for cell in sheet[2]:
            cell.font = Font(size=8, color="888888")
    for row in rows:
        sheet.append(spreadsheet_row(row))
    sheet.freeze_panes = "A3" if ids is not None else "A2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(
            12, len(str(header)) * 2 + 2
        )
    return sheet
