"""Reading an uploaded .xlsx or .csv into raw rows per archive table, streaming.

Sheets are matched to tables by sheet name (``年度数据`` or ``yearly``), or else by their header.
Columns are located by the field-id row (row 2 of the template) or by the Chinese header (row 1,
with or without the unit). .xlsx is read with python-calamine (fast; formula cells give their
computed values); openpyxl (``data_only``) is the fallback. CSV is read as UTF-8 (with or without
BOM) or, failing that, GB18030, as Excel on Chinese Windows saves it.

Examples:
    >>> import io
    >>> data = "uscc,fiscal_year,revenue\\n91110000600037341L,2024,\\"1,234.5\\"\\n".encode()
    >>> [sheet] = read_tables(io.BytesIO(data), filename="年度数据.csv")
    >>> sheet.table.id, list(sheet.rows)
    ('yearly', [(2, {'uscc': '91110000600037341L', 'fiscal_year': '2024', 'revenue': '1,234.5'})])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from littlegiant.errors import LittleGiantError
from littlegiant.records.cells import read_spreadsheet_text
from littlegiant.records.tables import TABLES, TABLES_BY_ID, Table

__all__ = ["ReadError", "SheetRows", "read_tables"]

Source = str | Path | bytes | IO[bytes]
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class ReadError(LittleGiantError):
    """The file cannot be read as a workbook or CSV of the archive (message in Chinese)."""


@dataclass
class SheetRows:
    """The data rows of one sheet, matched to a table, as ``(excel_row_number, {column_id: raw})``."""

    table: Table
    sheet: str
    columns: dict[int, str]  # 0-based position → column id
    rows: Iterator[tuple[int, dict[str, Any]]]
    total: int  # data rows in the sheet (may count trailing blank rows)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def column_letters(self) -> dict[str, str]:
        """Column id → Excel column letter, for reports."""
        from openpyxl.utils import get_column_letter

        return {
            column_id: get_column_letter(index + 1) for index, column_id in self.columns.items()
        }


def read_tables(
    source: Source, *, filename: str | None = None, table_id: str | None = None
) -> list[SheetRows]:
    """The archive sheets of an .xlsx or .csv file (rows are read lazily, as the caller iterates).

    Args:
        source: a path, the file's bytes or a binary file object.
        filename: the uploaded file's name when ``source`` is not a path (tells .csv from .xlsx).
        table_id: for CSV, the table its rows belong to (default: guessed from the name or header).

    Raises:
        ReadError: not an .xlsx/.csv, unreadable, or no sheet matches an archive table.
    """
    name = filename or (str(source) if isinstance(source, str | Path) else "")
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        sheets = [_read_csv(source, Path(name).stem, table_id)]
    elif suffix in (".xlsx", ".xlsm", ".xls", ".ods", ""):
        sheets = _read_workbook(source)
    else:
        raise ReadError(f"不支持的文件类型“{suffix}”：请上传 .xlsx 或 .csv 文件")
    if not sheets:
        names = "、".join(table.sheet for table in TABLES)
        raise ReadError(f"文件中没有可识别的工作表：工作表名称应为 {names} 之一，且保留模板的表头")
    return sheets


# --- locating tables and columns -------------------------------------------------------------


def _headers_of(table: Table) -> dict[str, str]:
    """Every accepted header text → column id: the id, the label, the label with unit."""
    headers: dict[str, str] = {}
    for column in table.columns:
        for text in (column.id, column.label, column.label_with_unit()):
            headers[_header_key(text)] = column.id
    return headers


def _header_key(text: object) -> str:
    return "".join(str(text or "").split()).replace("(", "（").replace(")", "）").lower()


def _locate(
    table: Table, header_rows: Sequence[Sequence[Any]]
) -> tuple[dict[int, str], list[str], int]:
    """Columns found (position → id), unrecognized headers, and how many header rows there are."""
    known = _headers_of(table)
    ids = {column.id for column in table.columns}
    second = header_rows[1] if len(header_rows) > 1 else []
    has_id_row = sum(1 for cell in second if str(cell or "").strip() in ids) >= 1
    first = header_rows[0] if header_rows else []
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for position in range(max(len(first), len(second) if has_id_row else 0)):
        by_id = str(second[position] or "").strip() if has_id_row and position < len(second) else ""
        label = first[position] if position < len(first) else None
        column_id = by_id if by_id in ids else known.get(_header_key(label))
        if column_id is not None and column_id not in columns.values():
            columns[position] = column_id
        elif str(label or by_id).strip():
            ignored.append(str(label or by_id).strip())
    return columns, ignored, 2 if has_id_row else 1


def _guess_table(header_rows: Sequence[Sequence[Any]], hint: str) -> Table | None:
    for table in TABLES:
        if hint in (table.sheet, table.id):
            return table
    best, best_count = None, 1
    for table in TABLES:
        columns, _, _ = _locate(table, header_rows)
        if "uscc" in columns.values() and len(columns) > best_count:
            best, best_count = table, len(columns)
    return best


def _data_rows(
    rows: Iterable[Sequence[Any]], columns: dict[int, str], first_row_number: int
) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, cells in enumerate(rows, start=first_row_number):
        values = {
            column_id: read_spreadsheet_text(cells[pos]) if pos < len(cells) else None
            for pos, column_id in columns.items()
        }
        if any(value is not None and str(value).strip() for value in values.values()):
            yield number, values


def _sheet(
    table: Table,
    name: str,
    header_rows: list[Sequence[Any]],
    rest: Iterator[Sequence[Any]],
    height: int,
) -> SheetRows:
    columns, ignored, header_count = _locate(table, header_rows)
    leftovers = header_rows[header_count:]  # a one-header-row sheet: its row 2 is data
    body: Iterator[Sequence[Any]] = _chain(leftovers, rest)
    rows = _data_rows(body, columns, header_count + 1)
    return SheetRows(table, name, columns, rows, max(height - header_count, 0), ignored)


def _chain(head: list[Sequence[Any]], rest: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    yield from head
    yield from rest


# --- xlsx --------------------------------------------------------------------------------------


def _read_workbook(source: Source) -> list[SheetRows]:
    try:
        return _read_with_calamine(source)
    except ImportError:
        return _read_with_openpyxl(source)
    except Exception as error:  # calamine raises its own error types per format problem
        try:
            return _read_with_openpyxl(source)
        except Exception:
            raise ReadError(
                f"无法读取该 Excel 文件（{type(error).__name__}）：请确认是 .xlsx 格式且未加密"
            ) from error


def _as_filelike(source: Source) -> Any:
    if isinstance(source, bytes):
        return io.BytesIO(source)
    if hasattr(source, "seek"):
        source.seek(0)
    return source


def _read_with_calamine(source: Source) -> list[SheetRows]:
    from python_calamine import CalamineWorkbook

    if isinstance(source, str | Path):
        workbook = CalamineWorkbook.from_path(str(source))
    else:
        workbook = CalamineWorkbook.from_filelike(_as_filelike(source))
    sheets: list[SheetRows] = []
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        rows = iter(sheet.iter_rows())
        header_rows = [next(rows, []), next(rows, [])]
        table = _guess_table(header_rows, name)
        if table is not None:
            sheets.append(
                _sheet(table, name, [list(row) for row in header_rows], rows, sheet.height)
            )
    return sheets


def _read_with_openpyxl(source: Source) -> list[SheetRows]:
    from openpyxl import load_workbook

    workbook = load_workbook(_as_filelike(source), read_only=True, data_only=True)
    sheets: list[SheetRows] = []
    for worksheet in workbook.worksheets:
        rows = iter(worksheet.iter_rows(values_only=True))
        header_rows: list[Sequence[Any]] = [next(rows, ()), next(rows, ())]
        table = _guess_table(header_rows, worksheet.title)
        if table is not None:
            height = worksheet.max_row or 0
            sheets.append(_sheet(table, worksheet.title, header_rows, rows, height))
    return sheets


# --- csv ---------------------------------------------------------------------------------------


def _csv_text(source: Source) -> str:
    if isinstance(source, str | Path):
        data = Path(source).read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        data = _as_filelike(source).read()
    for encoding in _CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别 CSV 文件的编码：请保存为 UTF-8 或 GB18030（GBK）编码")


def _read_csv(source: Source, stem: str, table_id: str | None) -> SheetRows:
    text = _csv_text(source)
    height = text.count("\n") + (0 if text.endswith("\n") else 1)
    rows = iter(csv.reader(io.StringIO(text)))
    header_rows: list[Sequence[Any]] = [next(rows, []), next(rows, [])]
    table = TABLES_BY_ID.get(table_id or "") or _guess_table(header_rows, stem)
    if table is None:
        raise ReadError(
            "无法判断 CSV 文件对应的档案表：请使用模板的表头（字段代码或中文表头），并包含统一社会信用代码列"
        )
    return _sheet(table, stem or table.sheet, header_rows, rows, height)
