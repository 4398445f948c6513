"""Catalog files in and out: CSV or XLSX whose header row holds the catalog's column ids or Chinese labels.

The export puts the Chinese labels on row 1 and the column ids on a muted row 2; reading accepts that
layout (the ids row is skipped), a single row of ids, or a single row of labels, so an export re-imports as is.
Choice values are written as their Chinese labels and read back from a label or an id.

Reading validates every cell by its column's kind and stops at the first bad cell with a message
naming the row, column and value; nothing is returned half-read.

Examples:
    >>> from littlegiant.matching.catalogs import CATALOGS_BY_ID
    >>> parse_value(CATALOGS_BY_ID["products"].field("amount_max"), "500")
    500.0
    >>> parse_value(CATALOGS_BY_ID["achievements"].field("transfer_modes"), "转让, 许可")
    ['transfer', 'license']
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from littlegiant.matching._errors import CatalogImportError
from littlegiant.matching.catalogs import Catalog
from littlegiant.records.cells import spreadsheet_cell
from littlegiant.records.fields import Field, FieldKind

__all__ = ["export_table", "parse_row", "parse_value", "read_catalog_file"]

_SPLIT = re.compile(r"[,，;；、\s]+")


def _choice(field: Field, raw: str) -> str:
    for choice_id, label in field.choices:
        if raw in (choice_id, label) or raw == label.split("（")[0]:
            return choice_id
    allowed = "、".join(label for _, label in field.choices)
    raise ValueError(f"应为 {allowed} 之一")


def parse_value(field: Field, raw: object) -> Any:
    """One cell read by its column's kind; empty cells are None (never 0)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    text = raw.isoformat() if isinstance(raw, dt.date) else str(raw).strip()
    kind = field.kind
    if kind in (FieldKind.NUMBER, FieldKind.PERCENT, FieldKind.INTEGER):
        try:
            value: Any = float(text.replace(",", ""))
        except ValueError:
            raise ValueError("应为数字") from None
        if kind is FieldKind.INTEGER:
            value = int(value)
        if (field.minimum is not None and value < field.minimum) or (
            field.maximum is not None and value > field.maximum
        ):
            raise ValueError(f"应在 {field.minimum:g} 到 {field.maximum:g} 之间")
        return value
    if kind is FieldKind.DATE:
        try:
            return dt.date.fromisoformat(text[:10].replace("/", "-")).isoformat()
        except ValueError:
            raise ValueError("应为日期，如 2025-06-30") from None
    if kind is FieldKind.CHOICE:
        return _choice(field, text)
    if kind is FieldKind.CHOICES:
        return [_choice(field, part) for part in _SPLIT.split(text) if part]
    return text


def parse_row(catalog: Catalog, row: dict[str, Any], row_number: int) -> dict[str, Any]:
    """A validated row: known columns only, required ones present."""
    values: dict[str, Any] = {}
    for field in catalog.fields:
        try:
            values[field.id] = parse_value(field, row.get(field.id))
        except ValueError as error:
            message = f"第 {row_number} 行「{field.label}」({field.id}) 的值「{row.get(field.id)}」无效：{error}"
            raise CatalogImportError(message, row=row_number, column=field.id) from error
    for required in catalog.required:
        if values.get(required) is None:
            label = catalog.field(required).label
            raise CatalogImportError(
                f"第 {row_number} 行缺少必填列「{label}」({required})",
                row=row_number,
                column=required,
            )
    return values


def _column_id(catalog: Catalog, cell: str) -> str | None:
    if cell in catalog.field_ids:
        return cell
    for field in catalog.fields:
        if cell in (field.label, field.label_with_unit()):
            return field.id
    return None


def _header(catalog: Catalog, header: Sequence[object]) -> list[str]:
    cells = [str(h or "").strip() for h in header]
    columns = [_column_id(catalog, c) or c for c in cells]
    unknown = [
        c for c, column in zip(cells, columns, strict=True) if c and column not in catalog.field_ids
    ]
    if unknown:
        known = "、".join(f.label for f in catalog.fields)
        raise CatalogImportError(
            f"第 1 行有未知的列：{'、'.join(unknown)}（{catalog.label}的列为：{known}）", row=1
        )
    missing = [c for c in catalog.required if c not in columns]
    if missing:
        labels = "、".join(f"「{catalog.field(c).label}」({c})" for c in missing)
        raise CatalogImportError(f"第 1 行缺少必填列：{labels}", row=1)
    return columns


def _is_ids_row(columns: Sequence[str], cells: Sequence[object]) -> bool:
    """Row 2 of an export: each labelled column's own id under it."""
    texts = [str(c or "").strip() for c in cells]
    return any(texts) and all(
        text == column for column, text in zip(columns, texts, strict=False) if column or text
    )


def _raw_rows(path: Path) -> list[list[object]]:
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [list(r) for r in csv.reader(handle)]
    if path.suffix.lower() in (".xlsx", ".xls", ".xlsm"):
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
        return [list(r) for r in workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)]
    raise CatalogImportError(f"不支持的文件类型：{path.name}（应为 .csv 或 .xlsx）")


def read_catalog_file(catalog: Catalog, path: Path) -> list[dict[str, Any]]:
    """Every data row of the file, validated (row numbers as a spreadsheet shows them)."""
    rows = _raw_rows(path)
    if not rows:
        raise CatalogImportError(f"文件为空：{path.name}", row=1)
    columns = _header(catalog, rows[0])
    first = 3 if len(rows) > 1 and _is_ids_row(columns, rows[1]) else 2
    parsed = []
    for number, cells in enumerate(rows[first - 1 :], start=first):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        parsed.append(parse_row(catalog, dict(zip(columns, cells, strict=False)), number))
    return parsed


def _cell(field: Field, value: object) -> object:
    labels = dict(field.choices)
    if isinstance(value, list):
        return spreadsheet_cell("，".join(str(labels.get(v, v)) for v in value))
    if field.kind is FieldKind.CHOICE and isinstance(value, str):
        return labels.get(value, value)
    return spreadsheet_cell(value)


def export_table(
    catalog: Catalog, rows: Sequence[dict[str, Any]]
) -> tuple[list[str], list[str], list[list[object]]]:
    """The export of ``rows``: Chinese labels (with units), column ids, and the cells (choices as labels).

    Written as a sheet (labels on row 1, ids on a muted row 2), it reads back with ``read_catalog_file``.
    """
    labels = [field.label_with_unit() for field in catalog.fields]
    cells = [[_cell(field, row.get(field.id)) for field in catalog.fields] for row in rows]
    return labels, list(catalog.field_ids), cells
