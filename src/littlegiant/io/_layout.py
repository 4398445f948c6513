"""The sheet layout shared by the import template and the export (so export → import round-trips).

Row 1 holds the Chinese header with its unit, row 2 the field ids, data starts on row 3.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill

from littlegiant.records.fields import Field, FieldKind
from littlegiant.records.labels import yes_no
from littlegiant.records.tables import Table

__all__ = [
    "DATA_START_ROW",
    "HEADER_ALIGNMENT",
    "HEADER_FILL",
    "HEADER_FONT",
    "ID_FONT",
    "KEY_FILL",
    "cell_value",
    "column_width",
    "number_format",
    "required_columns",
]

DATA_START_ROW = 3
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1D4ED8")
KEY_FILL = PatternFill("solid", fgColor="B91C1C")  # key columns: required
ID_FONT = Font(italic=True, color="6B7280", size=9)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TEXT_FORMAT = "@"  # text cells: an 18-character USCC typed as digits must not become a float
_TEXT_KINDS = frozenset({FieldKind.TEXT, FieldKind.CODE, FieldKind.PERCENT, FieldKind.CHOICES})


def required_columns(table: Table) -> frozenset[str]:
    """Columns every row of the table must fill (``Table.required_columns``: its key but the optional
    key columns, and for the enterprise table the name)."""
    return frozenset(table.required_columns)


def number_format(field: Field) -> str | None:
    """The Excel number format of a column; text for codes and percentages (so 12.5% stays 12.5)."""
    if field.kind in _TEXT_KINDS:
        return _TEXT_FORMAT
    if field.kind is FieldKind.DATE:
        return "yyyy-mm-dd"
    return None


def column_width(field: Field) -> float:
    """A width that shows the Chinese header (CJK characters count double)."""
    header = field.label_with_unit()
    wide = sum(2 if ord(char) > 0x2E80 else 1 for char in header)
    minimum = 22 if field.id == "uscc" else 12 if field.kind is not FieldKind.DATE else 14
    return float(min(max(wide + 2, minimum), 40))


def cell_value(field: Field, value: Any) -> Any:
    """A stored value as written into a cell: 是/否, Chinese choice labels, dates as dates."""
    if value is None:
        return None
    if field.kind is FieldKind.BOOLEAN:
        return yes_no(value)
    if field.kind is FieldKind.CHOICE:
        return dict(field.choices).get(str(value), value)
    if field.kind is FieldKind.CHOICES:
        labels = dict(field.choices)
        items = value if isinstance(value, list | tuple | set | frozenset) else [value]
        return "、".join(labels.get(str(item), str(item)) for item in items)
    if field.kind is FieldKind.DATE and isinstance(value, datetime):
        return value.date()
    if field.kind is FieldKind.DATE and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if field.kind in (FieldKind.TEXT, FieldKind.CODE):
        return str(value)
    return value
