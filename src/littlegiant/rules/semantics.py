"""The pinned value semantics shared by the Python path (and mirrored exactly by the SQL compiler).

Examples:
    >>> ratio(30.0, 1000.0)
    3.0
    >>> round_half_away(2.00005, 4), round_half_away(-2.00005, 4)
    (2.0001, -2.0001)
    >>> ratio(1.0, 0.0) is None
    True
    >>> industry_section("C3985"), industry_section("39"), industry_digits("C3985")
    ('C', 'C', '3985')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from littlegiant.records.fields import FLAT_FIELDS_BY_ID, FieldKind
from littlegiant.records.labels import FALSE_WORDS, TRUE_WORDS, read_boolean

__all__ = [
    "DIVISION_SECTIONS",
    "FALSE_WORDS",
    "RATIO_DECIMALS",
    "TRUE_WORDS",
    "industry_digits",
    "industry_section",
    "normalize_record",
    "normalize_value",
    "ratio",
    "round_half_away",
]

RATIO_DECIMALS = 4
"""Percentages are rounded to this many decimals (of a percent) before any comparison."""


# GB/T 4754-2017: 门类 letter -> first and last 2-digit 大类 (inclusive).
DIVISION_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("A", "01", "05"), ("B", "06", "12"), ("C", "13", "43"), ("D", "44", "46"), ("E", "47", "50"),
    ("F", "51", "52"), ("G", "53", "60"), ("H", "61", "62"), ("I", "63", "65"), ("J", "66", "69"),
    ("K", "70", "70"), ("L", "71", "72"), ("M", "73", "75"), ("N", "76", "79"), ("O", "80", "82"),
    ("P", "83", "83"), ("Q", "84", "85"), ("R", "86", "90"), ("S", "91", "96"), ("T", "97", "97"),
)  # fmt: skip


def round_half_away(value: float, decimals: int) -> float:
    """Round half away from zero, with the same float operations the SQL path uses."""
    scale = 10.0**decimals
    sign = -1.0 if value < 0 else 1.0
    return sign * math.floor(abs(value) * scale + 0.5) / scale


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator * 100`` rounded to :data:`RATIO_DECIMALS`; None if undefined."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    value = numerator / denominator * 100.0
    if not math.isfinite(value):
        return None
    return round_half_away(value, RATIO_DECIMALS)


def industry_section(code: str | None) -> str | None:
    """The GB/T 4754-2017 门类 letter of an industry code; None if it cannot be told."""
    if code is None:
        return None
    code = code.strip().upper()
    if not code:
        return None
    if "A" <= code[0] <= "Z":
        return code[0]
    division = code[:2]
    for section, first, last in DIVISION_SECTIONS:
        if first <= division <= last and len(division) == 2:
            return section
    return None


def industry_digits(code: str | None) -> str | None:
    """The digits of an industry code without its 门类 letter (``C3985`` → ``3985``)."""
    if code is None:
        return None
    code = code.strip().upper()
    if code and "A" <= code[0] <= "Z":
        return code[1:]
    return code


def _number(value: Any) -> float | None:
    if isinstance(value, str):
        value = value.strip().replace(",", "")
        if not value:
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if not math.isnan(number) else None


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    return read_boolean(str(value))


def _choice_set(value: Any) -> frozenset[str] | None:
    if isinstance(value, str):
        parts = [part.strip() for part in value.split(",")]
    elif isinstance(value, list | tuple | set | frozenset):
        parts = [str(part).strip() for part in value]
    else:
        return None
    items = frozenset(part for part in parts if part)
    return items or None


def _text(value: Any) -> str | None:
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return text or None


_NUMERIC_KINDS = {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT}


def normalize_value(flat_id: str, value: Any) -> Any:
    """One record value as the rules see it (float, bool, str, frozenset or None).

    This is not :func:`littlegiant.records.values.parse_value`, on purpose: values people type are
    read there, at the edge (imports, forms, what-if inputs, batch validation), with Chinese error
    messages. Here a stored value only takes the rule's type, and an unreadable one is missing
    (unknown), exactly as the compiled SQL reads a column (``rules.sql.normalize_column``), so the
    Python and SQL paths agree. Both read booleans with the record's words
    (:data:`littlegiant.records.labels.TRUE_WORDS`).
    """
    if value is None:
        return None
    field = FLAT_FIELDS_BY_ID.get(flat_id)
    kind = field.kind if field is not None else FieldKind.TEXT
    if kind in _NUMERIC_KINDS:
        return _number(value)
    if kind is FieldKind.BOOLEAN:
        return _boolean(value)
    if kind is FieldKind.CHOICES:
        return _choice_set(value)
    return _text(value)


def _normalizer(flat_id: str) -> Callable[[Any], Any]:
    field = FLAT_FIELDS_BY_ID.get(flat_id)
    kind = field.kind if field is not None else FieldKind.TEXT
    if kind in _NUMERIC_KINDS:
        return _number
    if kind is FieldKind.BOOLEAN:
        return _boolean
    return _choice_set if kind is FieldKind.CHOICES else _text


_NORMALIZERS: dict[tuple[str, ...], tuple[tuple[str, Callable[[Any], Any]], ...]] = {}


def normalize_record(record: Mapping[str, Any], field_ids: tuple[str, ...]) -> dict[str, Any]:
    """The normalized values of ``field_ids`` (absent = None)."""
    plan = _NORMALIZERS.get(field_ids)
    if plan is None:
        plan = _NORMALIZERS[field_ids] = tuple((f, _normalizer(f)) for f in field_ids)
    get = record.get
    result: dict[str, Any] = {}
    for flat_id, normalize in plan:
        value = get(flat_id)
        if value is None:
            result[flat_id] = None
        elif type(value) is float:
            result[flat_id] = value if value == value and normalize is _number else normalize(value)
        else:
            result[flat_id] = normalize(value)
    return result
