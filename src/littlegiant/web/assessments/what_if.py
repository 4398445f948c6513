"""What-if inputs: the few fields a user changes on the evaluation tab, parsed strictly.

The engine reads unparseable numbers as missing; a what-if form must instead say which input is
wrong, so each input is read by :func:`littlegiant.records.values.parse_value` (the reader of the
import and the forms), whose Chinese message names the field, the value and the rule.

Examples:
    >>> parse_changes({"rd_expense_y1": "150", "own_brand": "是", "market_share": ""})
    {'rd_expense_y1': 150.0, 'own_brand': True}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from littlegiant.errors import LittleGiantError
from littlegiant.records import values
from littlegiant.records.fields import FLAT_FIELDS_BY_ID

__all__ = ["WhatIfInputError", "parse_changes", "parse_value"]


class WhatIfInputError(LittleGiantError):
    """A what-if input names an unknown field or holds a value the field cannot take."""


def parse_value(flat_id: str, raw: Any) -> Any:
    """One what-if input as the record value (None when left empty), read by the record's one reader.

    Raises:
        WhatIfInputError: unknown field, or a value the field cannot take (message names both).
    """
    field = FLAT_FIELDS_BY_ID.get(flat_id)
    if field is None or flat_id in {"uscc", "name"}:
        raise WhatIfInputError(f"“{flat_id}”不是可测算的数据项")
    if isinstance(raw, list | tuple):
        raw = [item for item in raw if str(item).strip()] or None
    try:
        return values.parse_value(field, raw, field_id=flat_id)
    except values.FieldValueError as error:
        raise WhatIfInputError(str(error)) from None


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
