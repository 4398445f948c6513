"""Checking and converting archive values against the record definitions, with Chinese messages.

Each value is read by its record field's kind (text, code, integer, number, percent, boolean,
date, choice, choices), checked against the field's bounds, and identity codes are checked:
USCC (GB 32100 check digit), region code (6 digits), industry code (GB/T 4754 form).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumValidationError

from littlegiant.errors import LittleGiantError
from littlegiant.records.fields import Field, FieldKind
from littlegiant.records.tables import TABLES_BY_ID

__all__ = ["ArchiveValidationError", "clean_row", "clean_value"]

_TRUE = {"true", "是", "1", "yes", "y", "t"}
_FALSE = {"false", "否", "0", "no", "n", "f"}
_INDUSTRY_CODE = re.compile(r"^[A-T](\d{2}(\d{1,2})?)?$")
_REGION_CODE = re.compile(r"^\d{6}$")
_OPTIONAL_KEYS = frozenset({"cert_name"})  # a certification may be keyed by its kind alone


class ArchiveValidationError(LittleGiantError):
    """A value of the archive breaks its field's rule; the message names table, row, field and value."""

    def __init__(self, message: str, *, table: str = "", row: int | None = None, field: str = "") -> None:
        super().__init__(message)
        self.table = table
        self.row = row
        self.field = field


def _fail(field: Field, value: Any, rule: str) -> ArchiveValidationError:
    return ArchiveValidationError(f"「{field.label}」的值“{value}”{rule}", field=field.id)


def _read_bool(field: Field, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _fail(field, value, "不是是/否（可填 是、否、true、false、1、0）")


def _read_number(field: Field, value: Any) -> float | int:
    if isinstance(value, bool):
        raise _fail(field, value, "不是数字")
    try:
        number = float(str(value).replace(",", "").strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise _fail(field, value, "不是数字") from None
    if number != number:  # NaN is not a value
        raise _fail(field, value, "不是数字")
    if field.kind is FieldKind.INTEGER:
        if not number.is_integer():
            raise _fail(field, value, "不是整数")
        return int(number)
    return number


def _read_date(field: Field, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise _fail(field, value, "不是 YYYY-MM-DD 格式的日期") from None


def _read_choice(field: Field, value: Any) -> str:
    text = str(value).strip()
    by_label = {label: choice_id for choice_id, label in field.choices}
    if text in field.choice_ids:
        return text
    if text in by_label:
        return by_label[text]
    raise _fail(field, value, f"不在可选值之内（{'、'.join(field.choice_ids)}）")


def _read_choices(field: Field, value: Any) -> list[str]:
    items = re.split(r"[,，;；、]", value) if isinstance(value, str) else list(value)
    return sorted({_read_choice(field, item) for item in items if str(item).strip()})


def _check_code(field: Field, text: str) -> str:
    if field.id == "uscc":
        try:
            return str(stdnum_uscc.validate(text))
        except StdnumValidationError:
            raise _fail(field, text, "不是有效的统一社会信用代码（GB 32100 校验位不符）") from None
    if field.id == "region_code" and not _REGION_CODE.match(text):
        raise _fail(field, text, "不是 6 位 GB/T 2260 行政区划代码")
    if field.id == "industry_code" and not _INDUSTRY_CODE.match(text.upper()):
        raise _fail(field, text, "不是 GB/T 4754-2017 行业代码（如 C3985、C39 或门类字母 C）")
    return text.upper() if field.id == "industry_code" else text


def _check_bounds(field: Field, number: float | int) -> None:
    if field.minimum is not None and number < field.minimum:
        raise _fail(field, number, f"小于下限 {field.minimum:g}")
    if field.maximum is not None and number > field.maximum:
        raise _fail(field, number, f"大于上限 {field.maximum:g}")


def clean_value(field: Field, value: Any) -> Any:
    """The value converted to the field's Python type; None (or blank) stays None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = field.kind
    if kind in {FieldKind.TEXT, FieldKind.CODE}:
        text = str(value).strip()
        return _check_code(field, text) if kind is FieldKind.CODE else text
    if kind is FieldKind.BOOLEAN:
        return _read_bool(field, value)
    if kind is FieldKind.DATE:
        return _read_date(field, value)
    if kind is FieldKind.CHOICE:
        return _read_choice(field, value)
    if kind is FieldKind.CHOICES:
        return _read_choices(field, value)
    number = _read_number(field, value)
    _check_bounds(field, number)
    return number


def clean_row(table_id: str, row: dict[str, Any], row_number: int | None = None) -> dict[str, Any]:
    """A row of an archive table with every known column cleaned; unknown columns are an error.

    Raises:
        ArchiveValidationError: naming the table's sheet, the row number, the field and the value.
    """
    table = TABLES_BY_ID[table_id]
    columns = {column.id: column for column in table.columns}
    where = f"「{table.sheet}」" + (f"第 {row_number} 行" if row_number is not None else "")
    cleaned: dict[str, Any] = {}
    for column_id, value in row.items():
        column = columns.get(column_id)
        if column is None:
            raise ArchiveValidationError(
                f"{where}：未知的列“{column_id}”", table=table_id, row=row_number, field=column_id
            )
        try:
            cleaned[column_id] = clean_value(column, value)
        except ArchiveValidationError as error:
            raise ArchiveValidationError(
                f"{where}：{error}", table=table_id, row=row_number, field=column_id
            ) from None
    for key in table.key:
        if cleaned.get(key) is None and key not in _OPTIONAL_KEYS:
            raise ArchiveValidationError(
                f"{where}：缺少必填的键列「{columns[key].label}」", table=table_id, row=row_number, field=key
            )
    return cleaned
