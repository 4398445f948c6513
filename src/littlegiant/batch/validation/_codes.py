"""Column kernels for codes (USCC, GB/T 2260, GB/T 4754), text and choices (see ``_cells``).

The code tables are the ones :mod:`littlegiant.records.codes` reads; lookups are hash joins over the whole
column (``index_in``), the USCC check digit is computed with numpy over the column.

Examples:
    >>> import pyarrow as pa
    >>> uscc_check_digits_valid(pa.array(["91110000600037341L", "91110000600037341A"]))
    array([ True, False])
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from littlegiant.batch.validation import _cells as cells
from littlegiant.batch.validation import _text
from littlegiant.records import codes, values
from littlegiant.records.fields import Field

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "choice",
    "choices",
    "industry_code",
    "region_code",
    "text",
    "uscc",
    "uscc_check_digits_valid",
]

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015, as stdnum.cn.uscc
_USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
_TEXT_MAX_LENGTH = 500
_CHOICES_SEPARATORS = "、,;；|/"


def _integers_as_text(raw: pa.Array, kind: str) -> pa.Array | None:
    """Integer cells (ints, or floats with no fraction, as parse_code makes them) as text; else None."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if kind == "int":
        return pc.cast(raw, pa.string())
    if kind != "float":
        return None
    whole = pc.and_(pc.is_finite(raw), pc.equal(pc.floor(raw), raw))
    integers = pc.cast(pc.if_else(whole, raw, None), pa.int64(), safe=False)
    return pc.cast(integers, pa.string())


# --- USCC -----------------------------------------------------------------------------------


@cache
def _uscc_values() -> np.ndarray:
    values = np.full(256, -1, dtype=np.int64)
    for position, char in enumerate(_USCC_ALPHABET):
        values[ord(char)] = position
    return values


def uscc_check_digits_valid(codes_18: pa.Array) -> np.ndarray:
    """For 18-character ASCII codes (no nulls): alphabet, leading 8 digits and GB 32100 check digit all right."""
    import pyarrow as pa

    array = pa.array(codes_18, pa.string()) if not isinstance(codes_18, pa.Array) else codes_18
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[
        array.offset : array.offset + len(array) + 1
    ]
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    chars = data.reshape(len(array), 18)
    values = _uscc_values()[chars]
    digits = ((chars[:, :8] >= ord("0")) & (chars[:, :8] <= ord("9"))).all(axis=1)
    expected = np.mod(31 - (values[:, :17] * _USCC_WEIGHTS).sum(axis=1), 31)
    return (values >= 0).all(axis=1) & digits & (values[:, 17] == expected)


def uscc(
    _field: Field, raw: pa.Array, kind: str, state: np.ndarray, _today: dt.date
) -> cells.Cells:
    """ASCII text is normalised (spaces and hyphens dropped, upper case) and checked; the rest is asked."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if kind != "string":
        return cells.Cells(pa.nulls(len(raw), pa.string()), state)
    ascii_cells = _text.is_ascii(raw)
    normal = pc.ascii_upper(pc.replace_substring_regex(raw, f"{_text.ASCII_SPACE_CLASS}|-", ""))
    full = _text.mask_of(pc.equal(pc.binary_length(normal), 18)) & ascii_cells
    good = np.zeros(len(raw), dtype=bool)
    if full.any():
        good[full] = uscc_check_digits_valid(normal.filter(pa.array(full)))
    cells.decide(state, ascii_cells, good)
    return cells.Cells(cells.masked(normal, state, pa.string()), state)


# --- regions --------------------------------------------------------------------------------


@cache
def _region_codes() -> pa.Array:
    import pyarrow as pa

    return pa.array(sorted(codes.regions()), pa.string())


def region_code(
    _field: Field, raw: pa.Array, kind: str, state: np.ndarray, _today: dt.date
) -> cells.Cells:
    """Six digits (``320506`` or ``320506.0``) looked up in GB/T 2260; other forms are asked."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = _integers_as_text(raw, kind) if kind != "string" else _text.strip(raw)
    if text is None:
        return cells.Cells(pa.nulls(len(raw), pa.string()), state)
    six = _text.mask_of(pc.match_substring_regex(text, r"^[0-9]{6}(\.0+)?$"))
    code = pc.utf8_slice_codeunits(text, 0, 6)
    known = _text.mask_of(pc.is_in(code, value_set=_region_codes()))
    cells.decide(state, six, known)
    return cells.Cells(cells.masked(code, state, pa.string()), state)


# --- industries -----------------------------------------------------------------------------


@cache
def _industry_table() -> tuple[pa.Array, pa.Array, pa.Array]:
    """Official codes (``C``, ``39``, ``3985``), their record form (``C3985``) and their section."""
    import pyarrow as pa

    rows = list(codes.industries().values())
    return (
        pa.array([item.code for item in rows], pa.string()),
        pa.array([item.full_code for item in rows], pa.string()),
        pa.array([item.section for item in rows], pa.string()),
    )


def _industry_text(raw: pa.Array, kind: str) -> pa.Array | None:
    """``normalize_industry_code``'s text before the lookup: stripped, ``39.0`` → ``39``, no spaces, upper."""
    import pyarrow.compute as pc

    text = _integers_as_text(raw, kind) if kind != "string" else _text.strip(raw)
    if text is None:
        return None
    text = pc.replace_substring_regex(text, r"^([0-9]+)\.0+$", r"\1")
    return pc.ascii_upper(pc.replace_substring_regex(text, _text.ASCII_SPACE_CLASS, ""))


def industry_code(
    _field: Field, raw: pa.Array, kind: str, state: np.ndarray, _today: dt.date
) -> cells.Cells:
    """A 门类 letter and/or 2-4 digits, looked up in GB/T 4754-2017 (the digits must be in the letter's section)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = _industry_text(raw, kind)
    if text is None:
        return cells.Cells(pa.nulls(len(raw), pa.string()), state)
    parts = pc.extract_regex(text, r"^(?P<letter>[A-T]?)(?P<digits>(?:[0-9]{2,4})?)$")
    letter, digits = pc.struct_field(parts, "letter"), pc.struct_field(parts, "digits")
    key = pc.if_else(pc.equal(digits, ""), letter, digits)
    official, full_codes, sections = _industry_table()
    position = pc.index_in(key, value_set=official)
    section = pc.take(sections, position)
    consistent = pc.or_(pc.equal(letter, ""), pc.equal(letter, section))
    good = _text.mask_of(pc.and_(pc.is_valid(position), consistent))
    cells.decide(state, _text.is_ascii(text), good)
    return cells.Cells(cells.masked(pc.take(full_codes, position), state, pa.string()), state)


# --- text -----------------------------------------------------------------------------------


def text(
    _field: Field, raw: pa.Array, kind: str, state: np.ndarray, _today: dt.date
) -> cells.Cells:
    """Text is stripped and may not exceed 500 characters; integers read as their digits."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if kind not in ("string", "int"):
        return cells.Cells(pa.nulls(len(raw), pa.string()), state)
    value = _text.strip(raw) if kind == "string" else pc.cast(raw, pa.string())
    short = _text.mask_of(pc.less_equal(pc.utf8_length(value), _TEXT_MAX_LENGTH))
    cells.decide(state, np.ones(len(raw), dtype=bool), short)
    return cells.Cells(cells.masked(value, state, pa.string()), state)


# --- choices --------------------------------------------------------------------------------


def _choice_lookup(field: Field) -> tuple[list[str], list[str]]:
    """``choice_lookup`` of records.values as two lists: keys and the choice id of each."""
    table = values.choice_lookup(field)
    return list(table), list(table.values())


def choice(
    field: Field, raw: pa.Array, kind: str, state: np.ndarray, _today: dt.date
) -> cells.Cells:
    """One choice, by id (any case) or by its Chinese label; other spellings are asked."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if kind != "string":
        return cells.Cells(pa.nulls(len(raw), pa.string()), state)
    keys, ids = _choice_lookup(field)
    found = cells.lookup(_text.strip(raw), keys)
    cells.decide(state, found >= 0, found >= 0)
    picked = pc.take(pa.array(ids, pa.string()), pa.array(np.where(found >= 0, found, 0)))
    return cells.Cells(cells.masked(picked, state, pa.string()), state)


def _choice_items(field: Field, raw: pa.Array, kind: str) -> pa.Array | None:
    """Each cell's items: a list column as is, text split the way ``_split_choices`` splits it."""
    import pyarrow.compute as pc
    import pyarrow.types

    if kind == "list":
        return raw if pyarrow.types.is_string(raw.type.value_type) else None
    if kind != "string":
        return None
    text = _text.strip(raw)
    for choice_id, label in sorted(field.choices, key=lambda item: -len(item[1])):
        text = pc.replace_substring(text, label, f"、{choice_id}、")
    separators = f"[{_CHOICES_SEPARATORS}{_text.space_class()[1:-1]}]+"
    return pc.split_pattern_regex(text, separators)


def _choice_masks(
    field: Field, items: pa.Array, rows: int, *, split: bool
) -> tuple[np.ndarray, np.ndarray]:
    """A bit mask of the choices picked per row, and the rows with an item that is not a choice.

    Splitting text leaves empty items, which ``_split_choices`` drops; in a list every item counts (a null
    item reads as "None", which is left to the per-value path).
    """
    import pyarrow.compute as pc

    flat, parents = pc.list_flatten(items), np.asarray(pc.list_parent_indices(items).to_numpy())
    keys, ids = _choice_lookup(field)
    found = cells.lookup(_text.strip(flat), keys)
    blank = _text.mask_of(pc.equal(flat, "")) if split else np.zeros(len(flat), dtype=bool)
    bits = np.array([1 << field.choice_ids.index(choice_id) for choice_id in ids], dtype=np.uint64)
    usable = found >= 0
    masks = np.zeros(rows, dtype=np.uint64)
    np.bitwise_or.at(masks, parents[usable], bits[found[usable]])
    unknown = np.zeros(rows, dtype=bool)
    unknown[parents[~usable & ~blank]] = True
    return masks, unknown


def choices(
    field: Field, raw: pa.Array, kind: str, state: np.ndarray, _today: dt.date
) -> cells.Cells:
    """A set of choices (ids or labels, separated by 、,;；|/ or spaces, or a list); stored as sorted ids."""
    import pyarrow as pa

    items = _choice_items(field, raw, kind)
    if items is None:
        return cells.Cells(pa.nulls(len(raw), pa.string()), state)
    masks, unknown = _choice_masks(field, items, len(raw), split=kind == "string")
    cells.decide(state, ~unknown, ~unknown)
    distinct, inverse = np.unique(masks, return_inverse=True)
    names = [
        ",".join(sorted(c for i, c in enumerate(field.choice_ids) if int(mask) >> i & 1)) or None
        for mask in distinct
    ]
    picked = pa.array(names, pa.string()).take(pa.array(inverse.ravel()))
    return cells.Cells(cells.masked(picked, state, pa.string()), state)
