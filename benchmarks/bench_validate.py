"""Row validation before `littlegiant evaluate`: the vectorised validator vs the per-row path.

Run:  .venv/bin/python benchmarks/bench_validate.py [--path /tmp/littlegiant_bench_records.parquet] [--sample 20000]

The input is the synthetic file of bench_rules.py (written there with --rows 1000000; 58 columns, invalid
"R<n>" codes in every row, so every row has at least one problem). The vectorised validator runs on the whole
file; the per-row path on a sample, extrapolated (said so in the output), after checking that both give the
same clean table and the same problems on that sample.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pyarrow.parquet as pq

from littlegiant.batch.arrow import records_to_arrow
from littlegiant.batch.rows import clean_rows
from littlegiant.batch.validation import read_table, validate_table
from littlegiant.records.values import today_in_china


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", type=Path, default=Path("/tmp/littlegiant_bench_records.parquet"))
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--all-messages", action="store_true", help="also word every problem")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    today = today_in_china()
    start = time.perf_counter()
    table = read_table(args.path)
    print(
        f"read {table.num_rows:,} rows, {table.num_columns} columns: {time.perf_counter() - start:.2f} s"
    )
    for run in ("cold", "warm"):
        start = time.perf_counter()
        _clean, problems = validate_table(table, today=today)
        print(
            f"vectorised validation ({run}): {time.perf_counter() - start:.2f} s, {len(problems):,} problems"
        )
    start = time.perf_counter()
    _first = problems[:50]
    print(f"wording the first 50 problems: {(time.perf_counter() - start) * 1000:.1f} ms")
    if args.all_messages:
        start = time.perf_counter()
        _all = list(problems)
        print(f"wording all {len(problems):,} problems: {time.perf_counter() - start:.1f} s")
    sample = pq.read_table(args.path).slice(0, args.sample)
    start = time.perf_counter()
    rows_clean, rows_problems = clean_rows(sample.to_pylist())
    per_row = time.perf_counter() - start
    expected = records_to_arrow(rows_clean)
    sample_clean, sample_problems = validate_table(sample, today=today)
    same = sample_clean.equals(expected) and list(sample_problems) == rows_problems
    print(f"per-row path on {args.sample:,} rows: {per_row:.2f} s = {per_row / args.sample * 1e6:.0f} µs/row "
          f"→ extrapolated to {table.num_rows:,} rows: {per_row / args.sample * table.num_rows:.0f} s")  # fmt: skip
    print(f"same clean table and problems on the sample: {same}")


if __name__ == "__main__":
    main()
