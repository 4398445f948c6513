"""Catalog files in and out: CSV or XLSX whose header row holds the catalog's column ids.

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

__all__ = ["parse_row", "parse_value", "read_catalog_file", "write_catalog_xlsx"]

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


def _header(catalog: Catalog, header: Sequence[object]) -> list[str]:
    columns = [str(h or "").strip() for h in header]
    unknown = [c for c in columns if c and c not in catalog.field_ids]
    if unknown:
        raise CatalogImportError(
            f"第 1 行有未知的列：{'、'.join(unknown)}（{catalog.label}的列为：{'、'.join(catalog.field_ids)}）",
            row=1,
        )
    missing = [c for c in catalog.required if c not in columns]
    if missing:
        raise CatalogImportError(f"第 1 行缺少必填列：{'、'.join(missing)}", row=1)
    return columns


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
    parsed = []
    for number, cells in enumerate(rows[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        parsed.append(parse_row(catalog, dict(zip(columns, cells, strict=False)), number))
    return parsed


def _cell(value: object) -> object:
    return spreadsheet_cell("，".join(map(str, value)) if isinstance(value, list) else value)


def write_catalog_xlsx(catalog: Catalog, rows: Sequence[dict[str, Any]], path: Path) -> None:
    """An XLSX with the column ids on row 1 (re-importable as is) and the Chinese labels as comments."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = catalog.label
    sheet.append(list(catalog.field_ids))
    for cell, field in zip(sheet[1], catalog.fields, strict=True):
        cell.comment = Comment(field.label_with_unit(), "LittleGiant")
    for row in rows:
        sheet.append([_cell(row.get(fid)) for fid in catalog.field_ids])
    workbook.save(path)
