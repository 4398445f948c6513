"""The batch result comes back in input order, whatever the engine's parallelism (one row per input row)."""

import datetime as dt

import pyarrow as pa
import pyarrow.csv
import pyarrow.parquet as pq
import pytest

from littlegiant.batch import run
from littlegiant.rules import pack_for

pytestmark = pytest.mark.duckdb
AS_OF = dt.date(2025, 6, 30)
ROWS = 300_000  # several DuckDB row groups, so two threads can finish them out of order


def _records() -> pa.Table:
    usccs = [f"R{i:07d}" for i in range(ROWS)]
    return pa.table(
        {
            "uscc": usccs,
            "industry_code": ["C3985"] * ROWS,
            "employees_y1": [float(10 + i % 2000) for i in range(ROWS)],
            "revenue_y1": [float(100 + (i * 37) % 60000) for i in range(ROWS)],
        }
    )


@pytest.mark.parametrize("kind", ["arrow", "parquet", "csv"])
def test_rows_come_back_in_input_order(tmp_path, kind):
    table = _records()
    source: object = table
    if kind == "parquet":
        source = tmp_path / "records.parquet"
        pq.write_table(table, source, row_group_size=20_000)
    elif kind == "csv":
        source = tmp_path / "records.csv"
        pa.csv.write_csv(table, source)
    result = run(source, [pack_for("sme_size", AS_OF)], AS_OF, threads=2)
    assert result.column("uscc").to_pylist() == table.column("uscc").to_pylist()
    assert "lg_row" not in result.column_names
