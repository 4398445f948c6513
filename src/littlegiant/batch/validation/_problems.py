"""The problems of a validated table: known at once, worded when read (see :mod:`littlegiant.batch.validation`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from littlegiant.batch.rows import RowProblem
from littlegiant.records.fields import FLAT_FIELDS_BY_ID, Field, FieldKind
from littlegiant.records.validate import CROSS_FIELD_CHECKS, FLAT_SUFFIXES, cross_checks
from littlegiant.records.values import FieldValueError, parse_value

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["CROSS_PAIRS", "RowProblems", "Source"]

CROSS_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (smaller + small, larger + large)
    for smaller, larger, _rule in CROSS_FIELD_CHECKS
    for small, large in FLAT_SUFFIXES
    if smaller + small in FLAT_FIELDS_BY_ID and larger + large in FLAT_FIELDS_BY_ID
)
"""The cross-field pairs of a flat record, in the order ``validate_flat_record`` checks them."""


class Source:
    """What it takes to word a problem: the raw cells, the clean table and the reference date."""

    def __init__(self, raw: dict[str, pa.Array], clean: pa.Table, today: dt.date) -> None:
        self.raw, self.clean, self.today = raw, clean, today
        self.fields = list(FLAT_FIELDS_BY_ID.items())

    def problem(self, row: int, order: int) -> RowProblem:
        uscc = self.raw["uscc"][row].as_py() if "uscc" in self.raw else None
        if order < len(self.fields):
            flat_id, field = self.fields[order]
            error = self._cell_error(field, flat_id, self.raw[flat_id][row].as_py())
        else:
            error = self._cross_error(row, *CROSS_PAIRS[order - len(self.fields)])
        return RowProblem(row + 1, str(uscc or ""), error.field_id, str(error))

    def _cell_error(self, field: Field, flat_id: str, value: Any) -> FieldValueError:
        try:
            parse_value(field, value, field_id=flat_id, today=self.today)
        except FieldValueError as error:
            return error
        raise RuntimeError(f"批量校验与逐行校验不一致：{flat_id} 的值 {value!r} 逐行校验通过")

    def _cross_error(self, row: int, small_id: str, large_id: str) -> FieldValueError:
        values = {name: self._figure(name, row) for name in (small_id, large_id)}
        (error,) = cross_checks(values, FLAT_FIELDS_BY_ID, FLAT_SUFFIXES)
        return error

    def _figure(self, name: str, row: int) -> float | int:
        value = self.clean.column(name)[row].as_py()
        return int(value) if FLAT_FIELDS_BY_ID[name].kind is FieldKind.INTEGER else value


class RowProblems(Sequence[RowProblem]):
    """The problems of a validated table, in the per-row path's order (by row, then field, then cross checks).

    Which cells are bad is known at once; each message is worded when the problem is read, so a table with
    a million bad values costs nothing until they are listed.
    """

    def __init__(self, found: list[tuple[np.ndarray, int]], source: Source | None) -> None:
        rows = np.concatenate([rows for rows, _ in found] or [np.zeros(0, np.int64)])
        orders = np.concatenate([np.full(len(rows), order) for rows, order in found] or [rows])
        sort = np.lexsort((orders, rows))
        self._rows, self._orders, self._source = rows[sort], orders[sort], source

    @classmethod
    def none(cls) -> RowProblems:
        """No problems at all."""
        return cls([], None)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> RowProblem: ...
    @overload
    def __getitem__(self, index: slice) -> list[RowProblem]: ...
    def __getitem__(self, index: int | slice) -> RowProblem | list[RowProblem]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self) or self._source is None:
            raise IndexError(index)
        return self._source.problem(int(self._rows[index]), int(self._orders[index]))

    def __iter__(self) -> Iterator[RowProblem]:
        return (self[i] for i in range(len(self)))

    def rows(self) -> np.ndarray:
        """The row number (from 1) of each problem, without wording the messages."""
        return self._rows + 1
