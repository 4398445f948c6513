"""Checking rows of the enterprise record: every value read, required columns filled, cross-field rules kept.

Each cell is read by :func:`littlegiant.records.values.parse_value`; a row reports every error found,
not just the first.

Examples:
    >>> clean, errors = validate_flat_record({"rd_staff_y1": 30, "employees_y1": "25"})
    >>> [str(error) for error in errors]
    ['字段「研发人员（上年度）」的值 30 不符合规则：研发人员不得多于从业人员（25）']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from littlegiant.records.fields import FLAT_FIELDS_BY_ID, YEAR_OFFSETS, Field
from littlegiant.records.tables import Table
from littlegiant.records.values import FieldValueError, format_bound, label_of, parse_value

__all__ = [
    "CROSS_FIELD_CHECKS",
    "FLAT_SUFFIXES",
    "cross_checks",
    "validate_flat_record",
    "validate_row",
]

CROSS_FIELD_CHECKS: tuple[tuple[str, str, str], ...] = (
    # (field that must be <= the other, the other, the rule's wording)
    ("main_revenue", "revenue", "主营业务收入不得大于营业收入"),
    ("rd_staff", "employees", "研发人员不得多于从业人员"),
    ("tech_staff", "employees", "科技人员不得多于从业人员"),
    (
        "ip_class1_self_developed_count",
        "ip_class1_count",
        "自主研发Ⅰ类知识产权不得多于Ⅰ类知识产权总数",
    ),
    ("ip_class1_high_value_count", "ip_class1_count", "Ⅰ类高价值知识产权不得多于Ⅰ类知识产权总数"),
)
"""Pairs checked on every row and flat record: the first may not exceed the second."""

FLAT_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("", ""),
    *((f"_{offset}", f"_{offset}") for offset in YEAR_OFFSETS),
)
"""The column suffixes the cross-field checks of a flat record pair up (facts, then each year)."""


def _required_columns(table: Table) -> tuple[str, ...]:
    return table.required_columns


def validate_row(
    table_or_fields: Table | Mapping[str, Field] | Iterable[Field],
    mapping: Mapping[str, object],
    *,
    today: date | None = None,
) -> tuple[dict[str, Any], list[FieldValueError]]:
    """Parse every column of one row; return the clean values and every error found (not just the first).

    Columns missing from ``mapping`` are None; keys not in the table are ignored. For a
    :class:`~littlegiant.records.tables.Table`, its key columns (and the enterprise name) are required.

    Examples:
        >>> from littlegiant.records.tables import TABLES_BY_ID
        >>> clean, errors = validate_row(
        ...     TABLES_BY_ID["yearly"],
        ...     {"uscc": "91110000600037341L", "fiscal_year": "2024", "revenue": "100", "main_revenue": "120"},
        ... )
        >>> clean["fiscal_year"], [str(error) for error in errors]
        (2024, ['字段「主营业务收入」的值 120 不符合规则：主营业务收入不得大于营业收入（100）'])
    """
    fields, required = _fields_of(table_or_fields)
    clean: dict[str, Any] = {}
    errors: list[FieldValueError] = []
    for column_id, field in fields.items():
        raw = mapping.get(column_id)
        try:
            clean[column_id] = parse_value(field, raw, field_id=column_id, today=today)
        except FieldValueError as error:
            clean[column_id] = None
            errors.append(error)
            continue
        if clean[column_id] is None and column_id in required:
            errors.append(
                FieldValueError(column_id, raw, "不能为空（本表必填列）", label=field.label)
            )
    errors.extend(cross_checks(clean, fields))
    return clean, errors


def _fields_of(
    table_or_fields: Table | Mapping[str, Field] | Iterable[Field],
) -> tuple[dict[str, Field], tuple[str, ...]]:
    if isinstance(table_or_fields, Table):
        fields = {column.id: column for column in table_or_fields.columns}
        return fields, _required_columns(table_or_fields)
    if isinstance(table_or_fields, Mapping):
        return dict(table_or_fields), ()
    return {field.id: field for field in table_or_fields}, ()


def validate_flat_record(
    mapping: Mapping[str, object], *, today: date | None = None
) -> tuple[dict[str, Any], list[FieldValueError]]:
    """Validate a flat record (``uscc``, ``revenue_y1`` ... as in CSV/XLSX/Parquet rule inputs).

    Examples:
        >>> clean, errors = validate_flat_record({"rd_staff_y1": 30, "employees_y1": "25"})
        >>> [error.field_id for error in errors]
        ['rd_staff_y1']
        >>> clean["employees_y2"] is None
        True
    """
    clean: dict[str, Any] = {}
    errors: list[FieldValueError] = []
    for flat_id, field in FLAT_FIELDS_BY_ID.items():
        try:
            clean[flat_id] = parse_value(field, mapping.get(flat_id), field_id=flat_id, today=today)
        except FieldValueError as error:
            clean[flat_id] = None
            errors.append(error)
    errors.extend(cross_checks(clean, FLAT_FIELDS_BY_ID, FLAT_SUFFIXES))
    return clean, errors


def cross_checks(
    clean: Mapping[str, Any],
    fields: Mapping[str, Field],
    suffixes: Sequence[tuple[str, str]] = (("", ""),),
) -> list[FieldValueError]:
    """The cross-field rules ``clean`` breaks (``CROSS_FIELD_CHECKS`` per suffix pair, certificate dates).

    Only pairs whose both columns are in ``fields`` are checked; a missing value is never an error.
    """
    errors: list[FieldValueError] = []
    for smaller, larger, rule in CROSS_FIELD_CHECKS:
        for small_suffix, large_suffix in suffixes:
            small_id, large_id = smaller + small_suffix, larger + large_suffix
            if small_id not in fields or large_id not in fields:
                continue
            small, large = clean.get(small_id), clean.get(large_id)
            if small is not None and large is not None and small > large:
                label = label_of(small_id, fields[small_id])
                errors.append(
                    FieldValueError(
                        small_id, small, f"{rule}（{format_bound(large)}）", label=label
                    )
                )
    issued, expires = clean.get("issued_on"), clean.get("expires_on")
    if "expires_on" in fields and issued is not None and expires is not None and expires < issued:
        rule = f"有效期至不得早于发证/认定日期（{issued.isoformat()}）"
        errors.append(
            FieldValueError("expires_on", expires, rule, label=fields["expires_on"].label)
        )
    return errors
