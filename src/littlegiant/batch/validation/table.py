"""Validate a whole table of flat records at once, with the same outcome as the per-row path.

:func:`validate_table` gives what :func:`littlegiant.batch.rows.clean_rows` followed by
:func:`littlegiant.batch.arrow.records_to_arrow` gives (the clean table, and one :class:`RowProblem` per bad
value, numbered and worded alike), but works column by column in Arrow and numpy: numbers, percentages,
booleans, dates, choices and codes are read with vectorised kernels (region and industry codes by hash joins
with the code tables, the USCC check digit with numpy). The rare cells the kernels cannot decide (Excel serial
dates, accounting negatives, exotic Unicode ...) go to :func:`littlegiant.records.values.parse_value`, once
per distinct value. Problem messages are built, when read, by the record's own error class and rules, so
they are word for word the per-row path's.

Examples:
    >>> import datetime as dt
    >>> import pyarrow as pa
    >>> raw = pa.table({"uscc": ["91110000600037341L", "X1"], "revenue_y1": ["1,234.5", "-5"]})
    >>> clean, problems = validate_table(raw, today=dt.date(2025, 6, 30))
    >>> clean.column("revenue_y1").to_pylist()
    [1234.5, None]
    >>> [(p.row, p.field) for p in problems]
    [(2, 'uscc'), (2, 'revenue_y1')]
    >>> problems[1].message
    '字段「营业收入（上年度）」的值 -5 不符合规则：不得小于 0'
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from littlegiant.batch.run import BatchError
from littlegiant.batch.validation import _cells as cells
from littlegiant.batch.validation import _codes, _text, _values
from littlegiant.batch.validation._problems import CROSS_PAIRS, RowProblems, Source
from littlegiant.records.fields import FLAT_FIELDS_BY_ID, Field, FieldKind
from littlegiant.records.values import FieldValueError, parse_value, today_in_china

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["RowProblems", "read_table", "validate_table"]

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while a table is validated."""

Kernel = Callable[[Field, Any, str, np.ndarray, dt.date], cells.Cells]
_KERNELS: dict[FieldKind, Kernel] = {
    FieldKind.TEXT: _codes.text,
    FieldKind.CODE: _codes.text,
    FieldKind.INTEGER: _values.numbers,
    FieldKind.NUMBER: _values.numbers,
    FieldKind.PERCENT: _values.numbers,
    FieldKind.BOOLEAN: _values.booleans,
    FieldKind.DATE: _values.dates,
    FieldKind.CHOICE: _codes.choice,
    FieldKind.CHOICES: _codes.choices,
}
_CODE_KERNELS: dict[str, Kernel] = {
    "uscc": _codes.uscc,
    "region_code": _codes.region_code,
    "industry_code": _codes.industry_code,
}
_DICTIONARY_MIN_ROWS = 10_000
# --- reading --------------------------------------------------------------------------------


def read_table(path: Path) -> pa.Table:
    """The cells of a CSV, XLSX or Parquet file as an Arrow table, as ``read_rows`` sees them.

    CSV cells are text (read by Arrow; by Python's csv module when Arrow refuses the file, e.g. ragged rows),
    Parquet columns keep their types, XLSX is read with calamine.

    Raises:
        BatchError: the file does not exist or its type is not supported.
    """
    suffix = path.suffix.lower()
    if not path.exists():
        raise BatchError(f"文件不存在：{path}")
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path)
    if suffix == ".xlsx":
        from littlegiant.batch.xlsx import read_xlsx

        return read_xlsx(path)
    raise BatchError(f"不支持的文件类型 {suffix}（支持 .csv .xlsx .parquet）")


def _read_csv(path: Path) -> pa.Table:
    import csv

    import pyarrow as pa
    import pyarrow.csv as pacsv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    options = pacsv.ConvertOptions(
        column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
    )
    parse = pacsv.ParseOptions(newlines_in_values=True)
    try:
        return pacsv.read_csv(path, parse_options=parse, convert_options=options)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return _read_csv_rows(path)


def _read_csv_rows(path: Path) -> pa.Table:
    """Python's csv module, exactly as ``read_rows``: missing cells are None, extra cells dropped."""
    import pyarrow as pa

    from littlegiant.batch.rows import read_rows

    rows = list(read_rows(path))
    names = list(dict.fromkeys(name for row in rows[:1] for name in row if name is not None))
    return pa.table(
        {name: pa.array([row.get(name) for row in rows], pa.string()) for name in names}
    )


# --- validating -----------------------------------------------------------------------------


def validate_table(
    table: pa.Table, *, today: dt.date | None = None, progress: Progress | None = None
) -> tuple[pa.Table, RowProblems]:
    """Validate every row of ``table`` (flat field ids as column names) with the record's rules.

    Args:
        table: the raw cells, e.g. from :func:`read_table`.
        today: the reference date for "not in the future" (default: today in China).
        progress: called with the stage, the columns done and the columns given (field columns only).

    Returns:
        The clean table, equal to ``records_to_arrow(clean_rows(rows)[0])``, and the problems, equal to
        ``clean_rows(rows)[1]`` (rows numbered from 1).
    """
    import pyarrow as pa

    today = today or today_in_china()
    report = progress or (lambda _stage, _done, _total: None)
    if table.num_rows == 0:
        return pa.table({}), RowProblems.none()
    raw = _columns(table)
    clean = dict.fromkeys(FLAT_FIELDS_BY_ID, pa.nulls(table.num_rows, pa.string()))
    found: list[tuple[np.ndarray, int]] = []
    for flat_id, column, position in _clean_columns(raw, today, report):
        clean[flat_id] = _typed_like_records(column.values)
        found.append((np.flatnonzero(column.state == cells.BAD), position))
    report("交叉校验", len(raw), len(raw))
    found.extend(_cross_problems(clean))
    clean["uscc"] = _uscc_as_given(clean["uscc"], raw.get("uscc"))
    result = pa.table(clean)
    return result, RowProblems(found, Source(raw, result, today))


def _clean_columns(
    raw: dict[str, pa.Array], today: dt.date, report: Progress
) -> Iterator[tuple[str, cells.Cells, int]]:
    """Clean the given columns on a thread per core (Arrow and numpy release the GIL), as they finish."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    positions = {flat_id: index for index, flat_id in enumerate(FLAT_FIELDS_BY_ID)}
    report("逐列校验", 0, len(raw))
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        futures = {
            pool.submit(_clean_column, FLAT_FIELDS_BY_ID[flat_id], flat_id, column, today): flat_id
            for flat_id, column in raw.items()
        }
        for done, future in enumerate(as_completed(futures), start=1):
            flat_id = futures[future]
            yield flat_id, future.result(), positions[flat_id]
            report("逐列校验", done, len(raw))


def _columns(table: pa.Table) -> dict[str, pa.Array]:
    """Each column as one array, dictionaries decoded, large text as text; a repeated name: the last wins."""
    import pyarrow as pa
    import pyarrow.types as t

    columns: dict[str, pa.Array] = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        if name not in FLAT_FIELDS_BY_ID:
            continue
        array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        if t.is_dictionary(array.type):
            array = array.dictionary_decode()
        if t.is_large_string(array.type) or t.is_string_view(array.type):
            array = array.cast(pa.string())
        columns[name] = array
    return columns


def _clean_column(field: Field, flat_id: str, raw: pa.Array, today: dt.date) -> cells.Cells:
    """One column's clean values and cell states; text of few distinct values is cleaned per value."""
    import pyarrow.compute as pc

    kind = cells.input_kind(raw.type)
    if kind != "string" or len(raw) < _DICTIONARY_MIN_ROWS or _mostly_distinct(raw):
        return _clean_values(field, flat_id, raw, kind, today)
    encoded = pc.dictionary_encode(raw)
    if len(encoded.dictionary) == 0:  # every cell empty: nothing to look up per value
        return _clean_values(field, flat_id, raw, kind, today)
    distinct = _clean_values(field, flat_id, encoded.dictionary, kind, today)
    missing = _text.mask_of(pc.is_null(encoded.indices))
    state = distinct.state[np.asarray(pc.fill_null(encoded.indices, 0).to_numpy())]
    state[missing] = cells.EMPTY
    return cells.Cells(pc.take(distinct.values, encoded.indices), state)


def _mostly_distinct(raw: pa.Array) -> bool:
    import pyarrow.compute as pc

    sample = raw.slice(0, _DICTIONARY_MIN_ROWS)
    return bool(pc.count_distinct(sample).as_py() * 4 > len(sample))


def _clean_values(
    field: Field, flat_id: str, raw: pa.Array, kind: str, today: dt.date
) -> cells.Cells:
    state = np.where(cells.present_cells(raw, kind), cells.ASK, cells.EMPTY).astype(np.int8)
    kernel = _CODE_KERNELS.get(field.id) if field.kind is FieldKind.CODE else None
    column = (kernel or _KERNELS[field.kind])(field, raw, kind, state, today)
    return _ask_parse_value(field, flat_id, raw, column, today)


def _ask_parse_value(
    field: Field, flat_id: str, raw: pa.Array, column: cells.Cells, today: dt.date
) -> cells.Cells:
    """Settle the cells the kernel left open with ``parse_value``, once per distinct value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    asked = np.flatnonzero(column.state == cells.ASK)
    if not len(asked):
        return column
    answers: dict[Any, tuple[int, Any]] = {}
    settled: list[tuple[int, Any]] = []
    for value in raw.take(pa.array(asked)).to_pylist():
        key = _hashable(value)
        if key is None or key not in answers:
            answer = _parse(field, flat_id, value, today)
            if key is None:
                settled.append(answer)
                continue
            answers[key] = answer
        settled.append(answers[key])
    column.state[asked] = [state for state, _ in settled]
    good = asked[column.state[asked] == cells.OK]
    values = [value for state, value in settled if state == cells.OK]
    mask = np.zeros(len(raw), dtype=bool)
    mask[good] = True
    replacement = pa.array(values, cells.output_type(field))
    column.values = pc.replace_with_mask(column.values, pa.array(mask), replacement)
    return column


def _hashable(value: Any) -> Any:
    """A dictionary key that tells 1, 1.0 and True apart; None when the value cannot be a key."""
    if isinstance(value, list):
        value = tuple(value)
    try:
        hash(value)
    except TypeError:
        return None
    return (type(value), value)


def _parse(field: Field, flat_id: str, value: Any, today: dt.date) -> tuple[int, Any]:
    """``parse_value``'s verdict on one cell, in the clean table's representation."""
    try:
        parsed = parse_value(field, value, field_id=flat_id, today=today)
    except FieldValueError:
        return cells.BAD, None
    if isinstance(parsed, list):  # records_to_arrow joins sets of choices, sorted; none → null
        return cells.OK, ",".join(sorted(str(item) for item in parsed)) or None
    if isinstance(parsed, dt.date):
        return cells.OK, parsed.isoformat()
    if field.kind in (FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT):
        return cells.OK, float(parsed)
    return cells.OK, None if parsed == "" else parsed


def _cross_problems(clean: dict[str, pa.Array]) -> list[tuple[np.ndarray, int]]:
    """Rows where a figure exceeds the one it may not exceed (both present), per pair."""
    import pyarrow as pa

    found = []
    for index, (small_id, large_id) in enumerate(CROSS_PAIRS):
        small, large = clean[small_id], clean[large_id]
        if not (pa.types.is_floating(small.type) and pa.types.is_floating(large.type)):
            continue  # a column with no values at all is typed as text: nothing to compare
        with np.errstate(invalid="ignore"):  # NaN (missing) compares false
            rows = np.flatnonzero(
                small.to_numpy(zero_copy_only=False) > large.to_numpy(zero_copy_only=False)
            )
        found.append((rows, len(FLAT_FIELDS_BY_ID) + index))
    return found


def _uscc_as_given(clean: pa.Array, raw: pa.Array | None) -> pa.Array:
    """clean_rows keeps the code as given when it is not valid (or empty), so the row stays recognisable."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if raw is None:
        return clean
    if not pa.types.is_string(raw.type):
        from littlegiant.batch.arrow import records_to_arrow

        given = [
            {"uscc": c if c is not None else r}
            for c, r in zip(clean.to_pylist(), raw.to_pylist(), strict=True)
        ]
        return records_to_arrow(given).column(0).combine_chunks()
    kept = pc.coalesce(clean, raw)
    return pc.if_else(pc.equal(kept, ""), pa.scalar(None, pa.string()), kept)


def _typed_like_records(column: pa.Array) -> pa.Array:
    """records_to_arrow types a column from its values: one with none at all is text."""
    import pyarrow as pa

    return pa.nulls(len(column), pa.string()) if column.null_count == len(column) else column
