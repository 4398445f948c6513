"""Checking archive rows against the record definitions, with Chinese messages naming sheet,
row, field and value. Values are read by ``littlegiant.records.validate.parse_value`` (the one
reader of the record: kinds, bounds, USCC check digit, GB/T 2260 / GB/T 4754 codes).
"""

from __future__ import annotations

from typing import Any

from littlegiant.errors import LittleGiantError
from littlegiant.records.fields import Field
from littlegiant.records.tables import TABLES_BY_ID
from littlegiant.records.validate import FieldValueError, parse_value

__all__ = ["ArchiveValidationError", "clean_row", "clean_value"]

_OPTIONAL_KEYS = frozenset({"cert_name"})  # a certification may be keyed by its kind alone


class ArchiveValidationError(LittleGiantError):
    """A value of the archive breaks its field's rule; the message names table, row, field and value."""

    def __init__(self, message: str, *, table: str = "", row: int | None = None, field: str = "") -> None:
        super().__init__(message)
        self.table = table
        self.row = row
        self.field = field


def clean_value(field: Field, value: Any) -> Any:
    """The value converted to the field's type by ``littlegiant.records.validate.parse_value``
    (None when blank); a broken rule raises :class:`ArchiveValidationError`."""
    try:
        return parse_value(field, value)
    except FieldValueError as error:
        raise ArchiveValidationError(str(error), field=field.id) from None


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
