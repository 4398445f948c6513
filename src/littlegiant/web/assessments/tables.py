"""Flat records as a typed Arrow table, the input the batch engine reads.

Columns follow ``flat_field_ids()`` with one Arrow type per field kind (numbers float64, booleans
bool, multi-choice fields as comma-separated text, dates as date32), so an all-missing column keeps
its type instead of becoming Arrow's ``null`` type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from littlegiant.records.fields import FLAT_FIELDS_BY_ID, FieldKind, flat_field_ids

__all__ = ["records_table"]


def _arrow_type(kind: FieldKind) -> Any:
    import pyarrow as pa

    if kind in {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT}:
        return pa.float64()
    if kind is FieldKind.BOOLEAN:
        return pa.bool_()
    if kind is FieldKind.DATE:
        return pa.date32()
    return pa.string()


def _cell(kind: FieldKind, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind is FieldKind.CHOICES:
        return (
            ",".join(sorted(str(item) for item in value)) if not isinstance(value, str) else value
        )
    if kind in {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT}:
        return float(value)
    return value


def records_table(records: Iterable[Mapping[str, Any]]) -> Any:
    """A ``pyarrow.Table`` of flat records (one row each, columns ``flat_field_ids()``)."""
    import pyarrow as pa

    rows = list(records)
    columns = {}
    fields = []
    for flat_id in flat_field_ids():
        kind = FLAT_FIELDS_BY_ID[flat_id].kind
        columns[flat_id] = [_cell(kind, row.get(flat_id)) for row in rows]
        fields.append(pa.field(flat_id, _arrow_type(kind)))
    return pa.table(columns, schema=pa.schema(fields))
