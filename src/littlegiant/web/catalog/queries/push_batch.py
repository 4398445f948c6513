"""A policy's (or product's) push list over a pool of firms, on the batch engine (DuckDB).

Every firm's status and estimated amount come from :func:`littlegiant.batch.run` over the pool's flat
records; the firms one condition away come from one more query over the same pool
(:func:`littlegiant.matching.push.near_query`). Nothing here imports Django: the service feeds it the
archive's records, the benchmark a Parquet file of a million synthetic firms.

Examples:
    >>> import datetime as dt
    >>> import pyarrow as pa
    >>> from littlegiant.rules import policy_pack
    >>> pool = pa.table({"uscc": ["A", "B", "C"], "region_code": ["440305", "440305", "330106"],
    ...                  "little_giant": [True, True, True], "major_violation": [False, None, False]})
    >>> result = compute_push(pool, policy_pack("zjtx_reward@2025"), dt.date(2025, 6, 30), region="440300")
    >>> result.qualified, result.near, result.total
    (('A',), ('B',), 2)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from littlegiant import batch
from littlegiant.matching import MatchingError
from littlegiant.matching.fit import region_prefix
from littlegiant.matching.push import near_query
from littlegiant.rules import Pack

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

__all__ = ["PushResult", "compute_push"]

_SOURCE, _POOL = "push_source", "push_pool"


@dataclass(frozen=True, slots=True)
class PushResult:
    """The pool's verdicts for one pack: who qualifies (with the amount), who is one condition away."""

    pack_key: str
    as_of: dt.date
    total: int
    qualified: tuple[str, ...]
    near: tuple[str, ...]
    amounts: dict[str, float | None] = field(
        default_factory=dict
    )  # uscc -> score (万元), qualified firms
    counts: dict[str, int] = field(default_factory=dict)  # status -> number of firms
    pack_sha256: str = ""  # the pack's file hash, so a recorded push can be reproduced


def _register(con: duckdb.DuckDBPyConnection, source: Any) -> None:
    import pyarrow as pa

    if isinstance(source, pa.Table):
        con.register(_SOURCE + "_arrow", source)
        con.execute(f"CREATE OR REPLACE TEMP VIEW {_SOURCE} AS SELECT * FROM {_SOURCE}_arrow")  # noqa: S608 - constant names
        return
    path = Path(source)
    reader = {".parquet": "read_parquet", ".csv": "read_csv_auto"}.get(path.suffix.lower())
    if reader is None or not path.exists():
        raise MatchingError(f"推送名单的企业数据应为存在的 Parquet 或 CSV 文件：{path}")
    literal = exp.Literal.string(str(path)).sql(dialect="duckdb")
    con.execute(f"CREATE OR REPLACE TEMP VIEW {_SOURCE} AS SELECT * FROM {reader}({literal})")  # noqa: S608 - quoted literal


def _types(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, str]:
    return {row[0]: str(row[1]) for row in con.execute(f"DESCRIBE SELECT * FROM {name}").fetchall()}  # noqa: S608


def _restrict(con: duckdb.DuckDBPyConnection, region: str | None) -> None:
    """The pool: the source, narrowed to the policy's region (a GB/T 2260 prefix) when it has one."""
    prefix = region_prefix(region)
    select = exp.select("*").from_(_SOURCE)
    if prefix:
        if "region_code" not in _types(con, _SOURCE):
            raise MatchingError("企业数据缺少 region_code 列，无法按政策适用地区筛选")
        code = exp.cast(exp.column("region_code", quoted=True), "VARCHAR")
        select = select.where(exp.StartsWith(this=code, expression=exp.Literal.string(prefix)))
    con.execute(f"CREATE OR REPLACE TEMP VIEW {_POOL} AS {select.sql(dialect='duckdb')}")


def compute_push(
    source: pa.Table | str | Path,
    pack: Pack,
    as_of: dt.date,
    *,
    region: str | None = None,
    threads: int | None = None,
) -> PushResult:
    """Evaluate ``pack`` over every firm of ``source`` (flat records) within ``region``.

    Raises:
        MatchingError: the source cannot be read or lacks the region column.
    """
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(
            "SET enable_progress_bar = false"
        )  # the CLI and the web show their own progress
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        _register(con, source)
        _restrict(con, region)
        statuses = batch.run(_POOL, [pack], as_of, con=con)
        near = con.sql(near_query(pack, as_of, _POOL, _types(con, _POOL))).fetchall()
    finally:
        con.close()
    return _result(pack, as_of, statuses, tuple(str(row[0]) for row in near))


def _result(pack: Pack, as_of: dt.date, statuses: pa.Table, near: tuple[str, ...]) -> PushResult:
    import pyarrow.compute as pc

    status = statuses.column(f"{pack.id}__status")
    chosen = statuses.filter(pc.equal(status, "qualified"))
    qualified = tuple(chosen.column("uscc").to_pylist())
    score_column = f"{pack.id}__score"
    scores = (
        chosen.column(score_column).to_pylist()
        if score_column in chosen.column_names
        else [None] * len(qualified)
    )
    counts = {str(row["values"]): int(row["counts"]) for row in pc.value_counts(status).to_pylist()}
    amounts = dict(zip(qualified, scores, strict=True))
    return PushResult(
        pack.key, as_of, statuses.num_rows, qualified, near, amounts, counts, pack.sha256
    )
