"""Checking archive rows against the record definitions, with Chinese messages naming sheet,
row, field and value. Values are read by ``littlegiant.records.values`` and ``.validate`` (the one reader of the
record: kinds, bounds, USCC check digit, GB/T 2260 / GB/T 4754 codes, and the cross-field checks
such as 主营业务收入 ≤ 营业收入): this module never re-implements a rule, it only maps the
validate module's errors to :class:`ArchiveValidationError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from littlegiant.errors import LittleGiantError
from littlegiant.records.fields import Field
from littlegiant.records.tables import TABLES_BY_ID
from littlegiant.records.validate import CROSS_FIELD_CHECKS, validate_row
from littlegiant.records.values import FieldValueError, parse_value

__all__ = [
    "ArchiveValidationError",
    "check_cross_fields",
    "clean_row",
    "clean_value",
    "cross_field_ids",
    "required_columns",
    "validate_form_row",
]

_DATE_PAIR = ("issued_on", "expires_on")


class ArchiveValidationError(LittleGiantError):
    """A value of the archive breaks its field's rule; the message names table, row, field and value.

    ``errors`` holds every ``(field id, message)`` found when more than one rule is broken (forms
    show each next to its field); ``field`` is the first one's field.
    """

    def __init__(
        self,
        message: str,
        *,
        table: str = "",
        row: int | None = None,
        field: str = "",
        errors: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.table = table
        self.row = row
        self.field = field
        self.errors = errors if errors is not None else [(field, message)]


def clean_value(field: Field, value: Any) -> Any:
    """The value converted to the field's type by ``littlegiant.records.values.parse_value``
    (None when blank); a broken rule raises :class:`ArchiveValidationError`."""
    try:
        return parse_value(field, value)
    except FieldValueError as error:
        raise ArchiveValidationError(str(error), field=field.id) from None


def _where(table_id: str, row_number: int | None) -> str:
    sheet = TABLES_BY_ID[table_id].sheet
    return f"「{sheet}」" + (f"第 {row_number} 行" if row_number is not None else "")


def required_columns(table_id: str) -> tuple[str, ...]:
    """The columns a row of the table must fill: its key (USCC included) and an enterprise's name."""
    return TABLES_BY_ID[table_id].required_columns


def clean_row(table_id: str, row: dict[str, Any], row_number: int | None = None) -> dict[str, Any]:
    """A row of an archive table with every known column cleaned; unknown columns are an error.

    The cross-field checks of ``littlegiant.records.validate`` run on the columns the row holds
    (a partial row is checked against stored values by :func:`check_cross_fields`).

    Raises:
        ArchiveValidationError: naming the table's sheet, the row number, the field and the value.
    """
    table = TABLES_BY_ID[table_id]
    columns = {column.id: column for column in table.columns}
    where = _where(table_id, row_number)
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
        if cleaned.get(key) is None and key not in table.optional_keys:
            raise ArchiveValidationError(
                f"{where}：缺少必填的键列「{columns[key].label}」",
                table=table_id,
                row=row_number,
                field=key,
            )
    check_cross_fields(table_id, cleaned, row_number=row_number)
    return cleaned


@cache
def _cross_fields(table_id: str) -> dict[str, Field]:
    wanted = {field_id for check in CROSS_FIELD_CHECKS for field_id in check[:2]} | set(_DATE_PAIR)
    return {column.id: column for column in TABLES_BY_ID[table_id].columns if column.id in wanted}


def cross_field_ids(table_id: str) -> tuple[str, ...]:
    """The columns of a table that take part in a cross-field check (stored values are merged in)."""
    return tuple(_cross_fields(table_id))


def _raise_for(table_id: str, errors: list[FieldValueError], row_number: int | None) -> None:
    if not errors:
        return
    where = _where(table_id, row_number)
    pairs = [(error.field_id, str(error)) for error in errors]
    raise ArchiveValidationError(
        f"{where}：" + "；".join(message for _, message in pairs),
        table=table_id,
        row=row_number,
        field=pairs[0][0],
        errors=pairs,
    )


def check_cross_fields(
    table_id: str, values: Mapping[str, Any], *, row_number: int | None = None
) -> None:
    """Run the record's cross-field checks (``CROSS_FIELD_CHECKS``, 有效期至 ≥ 发证日期) on a row.

    ``values`` should hold the row as it will be stored (stored values merged with the changes);
    the checks are those of :func:`littlegiant.records.validate.validate_row`.

    Raises:
        ArchiveValidationError: with every broken check in ``errors``.
    """
    fields = _cross_fields(table_id)
    present = {
        field_id: field for field_id, field in fields.items() if values.get(field_id) is not None
    }
    if len(present) < 2:
        return
    _, errors = validate_row(present, {field_id: values[field_id] for field_id in present})
    _raise_for(table_id, errors, row_number)


def validate_form_row(
    table_id: str, raw: Mapping[str, Any], *, ignore: frozenset[str] = frozenset()
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A whole row as typed into a form: the clean values and every ``(field id, message)`` error.

    Every column but those in ``ignore`` is read by ``validate_row`` (per-field rules and
    cross-field checks, all errors at once); the required columns (see :func:`required_columns`)
    must not be empty.
    """
    columns = {
        column.id: column for column in TABLES_BY_ID[table_id].columns if column.id not in ignore
    }
    clean, errors = validate_row(columns, raw)
    found = [(error.field_id, str(error)) for error in errors]
    failed = {field_id for field_id, _ in found}
    for column_id in required_columns(table_id):
        if column_id in ignore:
            continue
        if clean.get(column_id) is None and column_id not in failed:
            found.append(
                (
                    column_id,
                    str(
                        FieldValueError(
                            column_id,
                            raw.get(column_id),
                            "不能为空（必填）",
                            label=columns[column_id].label,
                        )
                    ),
                )
            )
    return clean, found
