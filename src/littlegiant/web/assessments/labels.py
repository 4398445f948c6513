"""How the engine's values read on a page: field labels with their year, units, verdict words.

The words themselves (statuses, clause verdicts, years, 是/否) are the record's
(:mod:`littlegiant.records.labels`); this module formats values for the pages.

Examples:
    >>> field_label("rd_expense_y1")
    '研发费用（上年度）'
    >>> format_value("rd_expense_y1", 120.5)
    '120.50 万元'
    >>> format_value("market_share", None)
    '—（缺失）'
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from littlegiant.records.fields import FLAT_FIELDS_BY_ID, FieldKind
from littlegiant.records.labels import (
    INDUSTRY_GROUP_LABELS,
    STATUS_LABELS,
    VERDICT_LABELS,
    YEAR_LABELS,
    field_label,
    yes_no,
)
from littlegiant.records.number_format import format_quantity

__all__ = [
    "STATUS_CSS",
    "STATUS_LABELS",
    "YEAR_LABELS",
    "field_label",
    "field_unit",
    "format_number",
    "format_value",
    "verdict_word",
]

STATUS_CSS = {"qualified": "ok", "not_qualified": "fail", "unknown": "unknown"}
_VERDICT_WORDS = {**VERDICT_LABELS, "value": "—"}


def field_unit(flat_id: str) -> str:
    """The unit of a flat field id ('' when dimensionless or unknown)."""
    field = FLAT_FIELDS_BY_ID.get(flat_id)
    return field.unit if field is not None else ""


def format_number(value: float | int, unit: str = "", *, decimals: int = 2) -> str:
    """A number and its unit by the one rule of its kind (:mod:`littlegiant.records.number_format`);
    ``decimals=4`` marks an exact threshold.

    Examples:
        >>> format_number(19.9364, "%"), format_number(0.3634, "%"), format_number(3.5, "%")
        ('19.94%', '0.36%', '3.50%')
        >>> format_number(2.9961, "%"), format_number(1500, "万元"), format_number(0.0125, decimals=4)
        ('2.9961%', '1,500.00 万元', '0.0125')
        >>> format_number(58.775, "分"), format_number(3, "%", decimals=4)
        ('58.78 分', '3.00%')
    """
    return format_quantity(value, unit, decimals=decimals)


def _choice_labels(flat_id: str) -> dict[str, str]:
    field = FLAT_FIELDS_BY_ID.get(flat_id)
    return dict(field.choices) if field is not None else {}


def format_value(flat_id: str, value: Any, unit: str | None = None) -> str:
    """A record or rule value as shown in a trace table; missing is an em dash, never 0."""
    if value is None:
        return "—（缺失）"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set | list | tuple):
        labels = _choice_labels(flat_id)
        return "、".join(labels.get(str(item), str(item)) for item in sorted(value)) or "—"
    if isinstance(value, int | float):
        return format_number(value, field_unit(flat_id) if unit is None else unit)
    field = FLAT_FIELDS_BY_ID.get(flat_id)
    if field is not None and field.kind is FieldKind.CHOICE:
        return _choice_labels(flat_id).get(str(value), str(value))
    if flat_id == "industry_group":
        return INDUSTRY_GROUP_LABELS.get(str(value), str(value))
    return str(value)


def verdict_word(verdict: str) -> str:
    """满足 / 不满足 / 待定 for a trace step's verdict (— for value rules)."""
    return _VERDICT_WORDS.get(verdict, verdict)
