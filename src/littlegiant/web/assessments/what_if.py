"""What-if inputs: the few fields a user changes on the evaluation tab, parsed strictly.

The engine reads unparseable numbers as missing; a what-if form must instead say which input is
wrong, so numbers, booleans and choices are checked here with Chinese messages.

Examples:
    >>> parse_changes({"rd_expense_y1": "150", "own_brand": "是", "market_share": ""})
    {'rd_expense_y1': 150.0, 'own_brand': True}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from littlegiant.errors import LittleGiantError
from littlegiant.records.fields import FLAT_FIELDS_BY_ID, Field, FieldKind
from littlegiant.web.assessments.labels import field_label

__all__ = ["WhatIfInputError", "parse_changes", "parse_value"]

_TRUE = {"true", "1", "是", "yes", "y"}
_FALSE = {"false", "0", "否", "no", "n"}
_NUMERIC = {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT}


class WhatIfInputError(LittleGiantError):
    """A what-if input names an unknown field or holds a value the field cannot take."""


def _number(flat_id: str, field: Field, text: str) -> float:
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        raise WhatIfInputError(f"「{field_label(flat_id)}」的值“{text}”不是数字") from None
    unit = f" {field.unit}" if field.unit else ""
    if field.minimum is not None and number < field.minimum:
        raise WhatIfInputError(
            f"「{field_label(flat_id)}」的值 {text} 小于下限 {field.minimum:g}{unit}"
        )
    if field.maximum is not None and number > field.maximum:
        raise WhatIfInputError(
            f"「{field_label(flat_id)}」的值 {text} 大于上限 {field.maximum:g}{unit}"
        )
    return number


def _boolean(flat_id: str, text: str) -> bool:
    word = text.lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise WhatIfInputError(f"「{field_label(flat_id)}」的值“{text}”应为“是”或“否”")


def _choices(flat_id: str, field: Field, items: list[str]) -> list[str]:
    unknown = [item for item in items if item not in field.choice_ids]
    if unknown:
        raise WhatIfInputError(f"「{field_label(flat_id)}」没有选项“{'、'.join(unknown)}”")
    return items


def parse_value(flat_id: str, raw: Any) -> Any:
    """One what-if input as the record value (None when left empty).

    Raises:
        WhatIfInputError: unknown field, or a value the field cannot take (message names both).
    """
    field = FLAT_FIELDS_BY_ID.get(flat_id)
    if field is None or flat_id in {"uscc", "name"}:
        raise WhatIfInputError(f"“{flat_id}”不是可测算的数据项")
    if isinstance(raw, list | tuple):
        items = [str(item).strip() for item in raw if str(item).strip()]
        return _choices(flat_id, field, items) if items else None
    text = str(raw).strip() if raw is not None else ""
    if not text:
        return None
    if field.kind in _NUMERIC:
        return _number(flat_id, field, text)
    if field.kind is FieldKind.BOOLEAN:
        return _boolean(flat_id, text)
    if field.kind is FieldKind.CHOICE:
        return _choices(flat_id, field, [text])[0]
    if field.kind is FieldKind.CHOICES:
        return _choices(flat_id, field, [part.strip() for part in text.split(",") if part.strip()])
    return text


def parse_changes(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The changes a what-if form asks for: flat id → value; empty inputs are left unchanged.

    Raises:
        WhatIfInputError: see ``parse_value``.
    """
    changes = {}
    for flat_id, raw in inputs.items():
        value = parse_value(flat_id, raw)
        if value is not None:
            changes[flat_id] = value
    return changes
