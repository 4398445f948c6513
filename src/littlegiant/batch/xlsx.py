"""Read a flat-record XLSX (first sheet, header row of flat field ids, or Chinese labels over a row of ids)
into an Arrow table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["read_xlsx", "rows_to_arrow"]


def rows_to_arrow(header: list[str], rows: list[list[Any]]) -> pa.Table:
    """Columns of only numbers become float64, of only booleans bool, anything else text."""
    import pyarrow as pa

    columns: dict[str, Any] = {}
    for index, name in enumerate(header):
        values = [row[index] if index < len(row) else None for row in rows]
        values = [None if value == "" else value for value in values]
        present = [value for value in values if value is not None]
        if present and all(isinstance(v, bool) for v in present):
            columns[name] = pa.array(values, type=pa.bool_())
        elif present and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in present
        ):
            columns[name] = pa.array(
                [None if v is None else float(v) for v in values], type=pa.float64()
            )
        else:
            columns[name] = pa.array(
                [None if v is None else str(v) for v in values], type=pa.string()
            )
    return pa.table(columns)


def read_xlsx(path: Path) -> pa.Table:
    """The first sheet of ``path`` as an Arrow table (header = first row)."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    sheet = workbook.get_sheet_by_index(0).to_python(skip_empty_area=True)
    if not sheet:
        import pyarrow as pa

        return pa.table({})
    header = [str(cell).strip() for cell in sheet[0]]
    if len(sheet) > 1 and _is_ids_row(header, sheet[1]):
        # Chinese labels on row 1, the ids on row 2 (the results and archive exports): row 2 is the header.
        return rows_to_arrow([str(cell).strip() for cell in sheet[1]], [list(r) for r in sheet[2:]])
    return rows_to_arrow(header, [list(row) for row in sheet[1:]])


_ID = re.compile(r"[a-z][a-z0-9_]*")


def _is_ids_row(header: list[str], row: list[Any]) -> bool:
    """Row 2 holds the column ids when row 1 is not ids (labels) and every cell of row 2 is an id."""
    cells = [str(cell).strip() for cell in row]
    return (
        not all(_ID.fullmatch(h) for h in header if h)
        and any(cells)
        and all(_ID.fullmatch(c) for c in cells if c)
    )
