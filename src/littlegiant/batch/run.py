"""Run compiled packs over a table on DuckDB: one output row per input row.

Examples:
    >>> import datetime as dt
    >>> import pyarrow as pa
    >>> from littlegiant.rules.registry import pack_for
    >>> table = pa.table({"uscc": ["A"], "industry_code": ["C3985"], "employees_y1": [10.0],
    ...                   "revenue_y1": [5000.0]})
    >>> result = run(table, [pack_for("sme_size", dt.date(2025, 6, 30))], dt.date(2025, 6, 30))
    >>> result.to_pylist()
    [{'uscc': 'A', 'sme_size__status': 'qualified', 'sme_size__class': 'micro'}]
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from littlegiant.errors import LittleGiantError
from littlegiant.rules.pack import Pack
from littlegiant.rules.sql import build_select, compile_packs

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

__all__ = ["BatchError", "batch_query", "run"]

Source = str | Path | Any  # a file path, a pyarrow.Table, or the name of a table in ``con``


class BatchError(LittleGiantError):
    """A batch source cannot be read."""


def _connect(threads: int | None) -> duckdb.DuckDBPyConnection:
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    # Spill to Python's temporary folder (a private one during `littlegiant evaluate`), not `.tmp` in
    # whatever the working directory is.
    spill = str(Path(tempfile.gettempdir()) / "duckdb-spill").replace("'", "''")
    con.execute(f"SET temp_directory = '{spill}'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


ROW_NUMBER = "lg_row"
"""The column that numbers the input rows, so the result comes back in input order."""


def _register(con: duckdb.DuckDBPyConnection, source: Source) -> str:
    """Make ``source`` queryable as the view ``lg_source`` (with ``lg_row``); return its name."""
    import pyarrow as pa

    if isinstance(source, pa.Table):
        con.register("lg_source", _numbered(_flatten_lists(source)))
        return "lg_source"
    if isinstance(source, str | Path) and Path(source).suffix.lower() in {
        ".csv",
        ".parquet",
        ".xlsx",
    }:
        return _register_file(con, Path(source))
    if isinstance(source, str):
        return source
    raise BatchError(f"不支持的批量数据来源：{type(source).__name__}")


def _register_file(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    if not path.exists():
        raise BatchError(f"文件不存在：{path}")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        relation = con.read_parquet(str(path), file_row_number=True)
        relation.project(
            f"* EXCLUDE (file_row_number), file_row_number AS {ROW_NUMBER}"
        ).create_view("lg_source", replace=True)
        return "lg_source"
    if suffix == ".csv":
        table = con.read_csv(str(path), header=True, all_varchar=True).to_arrow_table()
    else:
        from littlegiant.batch.xlsx import read_xlsx

        table = read_xlsx(path)
    con.register("lg_source", _numbered(table))
    return "lg_source"


def _numbered(table: pa.Table) -> pa.Table:
    import pyarrow as pa

    return table.append_column(ROW_NUMBER, pa.array(range(table.num_rows), type=pa.int64()))


def _flatten_lists(table: pa.Table) -> pa.Table:
    """Multi-choice columns given as lists become comma-joined text, as in flat files."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for index, column in enumerate(table.schema):
        if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
            joined = pc.binary_join(table.column(index), ",")
            table = table.set_column(index, column.name, joined)
    return table


def _source_types(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, str]:
    relation = con.table(name)
    return {
        column: str(kind) for column, kind in zip(relation.columns, relation.types, strict=True)
    }


_QUERY_CACHE: dict[tuple[Any, ...], str] = {}
_QUERY_CACHE_SIZE = 64


def batch_query(
    packs: Sequence[Pack],
    as_of: dt.date,
    source: str,
    source_types: dict[str, str],
    dialect: str = "duckdb",
    reasons: bool = False,
) -> str:
    """The SQL text (rendered from sqlglot expressions) computing ``packs`` over ``source``.

    Rendered queries are cached by pack hashes, parameter values, source schema and dialect.
    """
    params = tuple(tuple(sorted(pack.parameter_values(as_of).items())) for pack in packs)
    key = (
        tuple((p.key, p.sha256) for p in packs),
        params,
        source,
        tuple(sorted(source_types.items())),
        dialect,
        reasons,
    )
    sql = _QUERY_CACHE.get(key)
    if sql is None:
        order_by = ROW_NUMBER if ROW_NUMBER in source_types else None
        if reasons:
            from littlegiant.batch.reasons import compile_with_reasons

            compiled = [compile_with_reasons(pack, as_of) for pack in packs]
        else:
            compiled = compile_packs(packs, as_of)
        select = build_select(
            compiled,
            source,
            source_types,
            order_by=order_by,
            fence=dialect != "duckdb",
        )
        sql = select.sql(dialect=dialect)
        if len(_QUERY_CACHE) >= _QUERY_CACHE_SIZE:
            _QUERY_CACHE.pop(next(iter(_QUERY_CACHE)))
        _QUERY_CACHE[key] = sql
    return sql


def run(
    source: Source,
    packs: Sequence[Pack],
    as_of: dt.date,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    threads: int | None = None,
    reasons: bool = False,
) -> pa.Table:
    """Evaluate ``packs`` at ``as_of`` over every row of ``source``.

    Returns:
        A pyarrow Table: ``uscc``, ``<programme>__status``, ``<programme>__score`` (scored packs) and
        ``<programme>__class`` (packs with a class), in input order; with ``reasons``, also
        ``<programme>__failing``, ``__failing_labels`` and ``__missing`` (see :mod:`littlegiant.batch.reasons`).

    Raises:
        BatchError: the source cannot be read.
    """
    connection = con if con is not None else _connect(threads)
    name = _register(connection, source)
    sql = batch_query(packs, as_of, name, _source_types(connection, name), reasons=reasons)
    try:
        table = connection.sql(sql).to_arrow_table()
    finally:
        if con is None:
            connection.close()
    if reasons:
        from littlegiant.batch.reasons import add_reasons

        table = add_reasons(table, packs, as_of)
    return table
