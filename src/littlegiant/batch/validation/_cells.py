"""What the column kernels of the vectorised validator share: cell states, input kinds, output types.

Each kernel decides, in Arrow/numpy, the cells whose outcome it knows for certain, with the same result as
:func:`littlegiant.records.values.parse_value`: ``OK`` (the clean value is set), ``BAD`` (parse_value raises;
the value is null) or ``EMPTY``. Every other cell is ``ASK``: an unusual form (Excel serial dates, accounting
negatives, exotic Unicode ...) that the caller hands to ``parse_value`` itself, once per distinct value. Clean
values use the representation of :func:`littlegiant.batch.arrow.records_to_arrow` (numbers float64, booleans
bool, dates ``YYYY-MM-DD`` text, multiple choices as sorted ids joined by commas).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from littlegiant.batch.validation import _text
from littlegiant.records.fields import Field, FieldKind

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "ASK",
    "BAD",
    "EMPTY",
    "OK",
    "Cells",
    "decide",
    "input_kind",
    "lookup",
    "masked",
    "output_type",
    "present_cells",
]

EMPTY, OK, BAD, ASK = 0, 1, 2, 3

_NUMERIC_KINDS = frozenset({FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT})


@dataclass(slots=True)
class Cells:
    """One column's clean values (in the output type, null unless OK) and a state per cell."""

    values: pa.Array
    state: np.ndarray


def output_type(field: Field) -> pa.DataType:
    """The Arrow type of a field's clean column (records_to_arrow's choice for its values)."""
    import pyarrow as pa

    if field.kind in _NUMERIC_KINDS:
        return pa.float64()
    return pa.bool_() if field.kind is FieldKind.BOOLEAN else pa.string()


def input_kind(data_type: pa.DataType) -> str:
    """How a raw column is read: string, float, int, bool, date, timestamp, list, null or other."""
    import pyarrow.types as t

    checks: tuple[tuple[str, Callable[[Any], bool]], ...] = (
        ("string", t.is_string),
        ("float", t.is_floating),
        ("int", t.is_integer),
        ("bool", t.is_boolean),
        ("date", t.is_date),
        ("list", lambda kind: t.is_list(kind) or t.is_large_list(kind)),
        ("null", t.is_null),
    )
    for name, check in checks:
        if check(data_type):
            return name
    if t.is_timestamp(data_type) and data_type.tz is None:
        return "timestamp"
    return "other"


def present_cells(raw: pa.Array, kind: str) -> np.ndarray:
    """The cells ``is_empty`` does not call empty: not null, not blank text, not NaN."""
    import pyarrow.compute as pc

    present = ~_text.mask_of(pc.is_null(raw))
    if kind == "string":
        present &= _text.mask_of(pc.greater(pc.utf8_length(_text.strip(raw)), 0))
    elif kind == "float":
        present &= ~np.isnan(np.asarray(raw.to_numpy(zero_copy_only=False), dtype=np.float64))
    return present


def decide(state: np.ndarray, decided: np.ndarray, good: np.ndarray) -> None:
    """Mark the present cells that a kernel decided: OK where ``good``, else BAD."""
    mine = decided & (state == ASK)
    state[mine & good] = OK
    state[mine & ~good] = BAD


def masked(values: Any, state: np.ndarray, data_type: pa.DataType) -> pa.Array:
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, np.ndarray):
        return pa.array(values, type=data_type, mask=state != OK)
    return pc.if_else(pa.array(state == OK), values, pa.scalar(None, data_type))


def lookup(text: pa.Array, keys: list[str]) -> np.ndarray:
    """Position of each cell in ``keys`` as is, else lower-cased when ASCII (Python's lookup); -1: none."""
    import pyarrow as pa
    import pyarrow.compute as pc

    value_set = pa.array(keys, pa.string())
    exact = pc.index_in(text, value_set=value_set)
    lower = pc.if_else(pa.array(_text.is_ascii(text)), pc.ascii_lower(text), None)
    found = pc.coalesce(exact, pc.index_in(lower, value_set=value_set))
    return np.asarray(pc.fill_null(found, -1).to_numpy(zero_copy_only=False))
