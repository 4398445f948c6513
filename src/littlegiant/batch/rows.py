"""Read flat-record rows (CSV/XLSX/Parquet) as dicts, validate them, and write result tables.

Examples:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "in.csv"
    >>> _ = path.write_text("uscc,revenue_y1\\nA,12.5\\n", encoding="utf-8")
    >>> list(read_rows(path))
    [{'uscc': 'A', 'revenue_y1': '12.5'}]
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from littlegiant.batch.run import BatchError
from littlegiant.records.cells import FORMULA_PATTERN, TEXT_MARK, spreadsheet_row

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["RowProblem", "clean_rows", "read_rows", "write_table"]


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A bad value: the row number (1 = first data row; the header is row 0), field and Chinese message."""

    row: int
    uscc: str
    field: str
    message: str


def read_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The data rows of a CSV, XLSX or Parquet file as dicts keyed by the header (flat field ids)."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise BatchError(f"文件不存在：{path}")
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from (dict(row) for row in csv.DictReader(handle))
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=65536):
            yield from batch.to_pylist()
    elif suffix == ".xlsx":
        from littlegiant.batch.xlsx import read_xlsx

        yield from read_xlsx(path).to_pylist()
    else:
        raise BatchError(f"不支持的文件类型 {suffix}（支持 .csv .xlsx .parquet）")


def clean_rows(
    rows: Sequence[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[RowProblem]]:
    """Validate each row with the record's own rules; bad values become None and are reported."""
    from littlegiant.records.validate import validate_flat_record

    clean: list[dict[str, Any]] = []
    problems: list[RowProblem] = []
    for number, row in enumerate(rows, start=1):
        values, errors = validate_flat_record(row)
        values["uscc"] = row.get("uscc") if values.get("uscc") is None else values["uscc"]
        clean.append(values)
        uscc = str(row.get("uscc") or "")
        problems.extend(RowProblem(number, uscc, error.field_id, str(error)) for error in errors)
    return clean, problems


def write_table(table: pa.Table, path: Path) -> None:
    """Write ``table`` by the extension of ``path``: .csv, .parquet, .xlsx or .json."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path)
    elif suffix == ".csv":
        import pyarrow.csv as pcsv

        pcsv.write_csv(_neutralised(table), path)
    elif suffix == ".json":
        import json

        path.write_text(
            json.dumps(table.to_pylist(), ensure_ascii=False, indent=1), encoding="utf-8"
        )
    elif suffix == ".xlsx":
        _write_xlsx(table, path)
    else:
        raise BatchError(f"不支持的输出类型 {suffix}（支持 .csv .xlsx .parquet .json）")


def _neutralised(table: pa.Table) -> pa.Table:
    """String columns with formula-like text marked as text (``records.cells``), vectorised."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            risky = pc.match_substring_regex(column, FORMULA_PATTERN)
            column = pc.if_else(risky, pc.binary_join_element_wise(TEXT_MARK, column, ""), column)
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def _write_xlsx(table: pa.Table, path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("评价结果")
    sheet.append(table.column_names)
    for row in table.to_pylist():
        sheet.append(spreadsheet_row(row[name] for name in table.column_names))
    workbook.save(path)
