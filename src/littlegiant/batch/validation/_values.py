"""Column kernels for numbers, booleans and dates (see :mod:`littlegiant.batch.validation._cells`)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import numpy as np

from littlegiant.batch.validation import _cells as cells
from littlegiant.batch.validation import _text
from littlegiant.records.fields import Field, FieldKind
from littlegiant.records.labels import FALSE_WORDS, TRUE_WORDS

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["booleans", "dates", "numbers"]

_NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_GROUPED = r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$"
_SPACE = r"[\t\n\x0c\r ]*"  # a subset of Python's \s: what it accepts, Python accepts too
_DATE = (
    rf"^(?P<y>[0-9]{{4}}){_SPACE}[-/.年]{_SPACE}(?P<m>[0-9]{{1,2}}){_SPACE}[-/.月]{_SPACE}"
    rf"(?P<d>[0-9]{{1,2}}){_SPACE}日?(?:[ T][0-9:.]*)?$"
)
_EARLIEST = dt.date(1900, 1, 1)
_EPOCH = dt.date(1970, 1, 1)


# --- numbers --------------------------------------------------------------------------------


def _floats(raw: pa.Array) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.compute as pc

    return np.asarray(pc.cast(raw, pa.float64(), safe=False).to_numpy(zero_copy_only=False))


def _number_ok(field: Field, numbers: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        good = np.isfinite(numbers)
        if field.minimum is not None:
            good &= ~(numbers < field.minimum)
        if field.maximum is not None:
            good &= ~(numbers > field.maximum)
        if field.kind is FieldKind.INTEGER:
            good &= np.floor(numbers) == numbers
    return good


def _number_text(field: Field, raw: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Numbers read from text the way ``_number_from_text`` reads them; (values, which were read)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.replace_substring(_text.fold_fullwidth(raw), " ", "")
    if field.unit:
        text = pc.replace_substring_regex(text, re.escape(field.unit) + "$", "", max_replacements=1)
    if field.kind is FieldKind.PERCENT:
        text = pc.replace_substring_regex(text, "%$", "", max_replacements=1)
    grouped = _text.mask_of(pc.match_substring_regex(text, _GROUPED))
    read = _text.mask_of(pc.match_substring_regex(text, _NUMBER)) | grouped
    text = pc.if_else(pa.array(grouped), pc.replace_substring(text, ",", ""), text)
    text = pc.if_else(pa.array(read), text, pa.scalar(None, pa.string()))
    return _floats(text), read


def numbers(
    field: Field, raw: pa.Array, kind: str, state: np.ndarray, _today: dt.date
) -> cells.Cells:
    import pyarrow as pa

    figures = np.full(len(raw), np.nan)
    if kind in ("float", "int"):
        figures, decided = _floats(raw), np.ones(len(raw), dtype=bool)
    elif kind == "string":
        figures, decided = _number_text(field, raw)
    else:  # booleans are refused ("不能是是/否"); other types are asked about
        decided = np.full(len(raw), kind == "bool")
    cells.decide(state, decided, _number_ok(field, figures))
    return cells.Cells(cells.masked(figures, state, pa.float64()), state)


# --- booleans -------------------------------------------------------------------------------


def booleans(
    _field: Field, raw: pa.Array, kind: str, state: np.ndarray, _today: dt.date
) -> cells.Cells:
    import pyarrow as pa

    values = np.zeros(len(raw), dtype=bool)
    everywhere = np.ones(len(raw), dtype=bool)
    if kind == "bool":
        values = _text.mask_of(raw)
        cells.decide(state, everywhere, everywhere)
    elif kind in ("float", "int"):  # 0 and 1 only; any other number is refused
        figures = _floats(raw)
        values = figures == 1
        cells.decide(state, everywhere, values | (figures == 0))
    elif kind == "string":
        keys = [*TRUE_WORDS, *FALSE_WORDS]
        found = cells.lookup(_text.strip(raw), keys)
        values = np.isin(found, np.arange(len(TRUE_WORDS)))
        cells.decide(state, found >= 0, found >= 0)
    return cells.Cells(cells.masked(values, state, pa.bool_()), state)


# --- dates ----------------------------------------------------------------------------------


def _date_days(raw: pa.Array, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days since 1970 of the dates read, which cells were read, and which of those exist."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if kind in ("date", "timestamp"):
        days = pc.cast(pc.cast(raw, pa.date32()), pa.int32())
        read = ~_text.mask_of(pc.is_null(days))
        return np.asarray(pc.fill_null(days, 0).to_numpy()).astype(np.int64), read, read
    parts = pc.extract_regex(_text.strip(raw), _DATE)
    read = ~_text.mask_of(pc.is_null(parts))
    year, month, day = (
        np.asarray(pc.cast(pc.fill_null(pc.struct_field(parts, name), "0"), pa.int64()).to_numpy())
        for name in ("y", "m", "d")
    )
    return _days_from_parts(year, month, day, read)


def _days_from_parts(
    year: np.ndarray, month: np.ndarray, day: np.ndarray, read: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    months = (year - 1970) * 12 + np.clip(month, 1, 12) - 1
    first = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    following = (months + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    exists = read & (month >= 1) & (month <= 12) & (day >= 1) & (day <= following - first)
    return first + day - 1, read, exists


def dates(
    _field: Field, raw: pa.Array, kind: str, state: np.ndarray, today: dt.date
) -> cells.Cells:
    import pyarrow as pa
    import pyarrow.compute as pc

    if kind not in ("date", "timestamp", "string"):
        return cells.Cells(pa.nulls(len(raw), pa.string()), state)
    days, read, exists = _date_days(raw, kind)
    earliest, latest = (_EARLIEST - _EPOCH).days, (today - _EPOCH).days
    cells.decide(state, read, exists & (days >= earliest) & (days <= latest))
    found = pa.array(np.where(state == cells.OK, days, 0).astype(np.int32), pa.date32())
    return cells.Cells(cells.masked(pc.cast(found, pa.string()), state, pa.string()), state)
