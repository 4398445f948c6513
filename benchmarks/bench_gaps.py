"""Gaps: latency per programme, and how valid, complete and minimal they are against a brute force.

Run:  .venv/bin/python benchmarks/bench_gaps.py [--records 1000] [--checked 300] [--evaluate-rows 1000000]

* latency: ``gaps()`` on ``--records`` random records per programme (the packs' test cases with one to three
  values disturbed, as in ``tests/rules/test_gaps_brute_force.py``), after one warm-up call per record;
  mean, p50, p95 and max per programme, and over the 3,000 firms of the demo region (2026-06-30).
* quality: the brute force of that test on ``--checked`` records per programme: proposed changes that
  qualify (valid), one-field-fixable (record, field) pairs that get a gap (complete), one-field targets
  with no closer qualifying value (minimal), and "not found" claims where a fix exists.
* ``--compare REF``: the latency of the ``gaps()`` of git revision ``REF`` (``rules/gaps.py`` at that
  commit, loaded beside the current one) and of the current one, timed alternately on the same records
  in the same run (the shared machine is noisy: the ratio is the figure to compare), with the
  re-evaluations per record (``evals``, machine-independent).
* ``--evaluate-rows N``: ``littlegiant evaluate`` end to end (read, validate, evaluate every programme,
  write) on N synthetic rows from Parquet (bench_rules.py's generator) with an all-empty optional text
  column (the file that used to crash the validator).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "rules"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from test_gaps_brute_force import random_records, run_programme  # noqa: E402

from littlegiant.rules import all_packs, gaps, pack_for  # noqa: E402


def _ms(values: list[float]) -> str:
    array = np.array(values) * 1000
    return (
        f"mean {array.mean():.2f} ms, p50 {np.percentile(array, 50):.2f} ms, "
        f"p95 {np.percentile(array, 95):.2f} ms, max {array.max():.1f} ms"
    )


def latency(count: int) -> None:
    print(f"gaps() latency, {count} random records per programme")
    for pack in all_packs():
        times = []
        for as_of, record in random_records(pack, count, seed=9):
            gaps(pack, record, as_of)
            start = time.perf_counter()
            gaps(pack, record, as_of)
            times.append(time.perf_counter() - start)
        print(f"  {pack.key:32s} {_ms(times)}")


def _module_at(ref: str) -> Any:
    """``littlegiant.rules.gaps`` as it is at git revision ``ref`` (loaded as a separate module)."""
    source = subprocess.run(
        ["git", "show", f"{ref}:src/littlegiant/rules/gaps.py"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    spec = importlib.util.spec_from_loader(f"gaps_at_{ref}", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    exec(compile(source, f"{ref}:gaps.py", "exec"), module.__dict__)  # our own file, at a commit
    return module


def _counted(module: Any) -> list[Any]:
    """Record every search ``module`` starts (for its ``evaluations``)."""
    started: list[Any] = []
    init = module._Search.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        started.append(self)

    module._Search.__init__ = counting
    return started


def compare(ref: str, count: int) -> None:
    old, new = _module_at(ref), importlib.import_module("littlegiant.rules.gaps")
    searches = {"old": _counted(old), "new": _counted(new)}
    print(
        f"gaps() at {ref} (old) against the working tree (new), {count} random records per programme"
    )
    print(
        "  programme | old p95 | new p95 | new/old p95 | old mean | new mean | evals p95 old → new"
    )
    for pack in all_packs():
        times: dict[str, list[float]] = {"old": [], "new": []}
        evals: dict[str, list[int]] = {"old": [], "new": []}
        for as_of, record in random_records(pack, count, seed=9):
            for name, module in (("old", old), ("new", new)):
                module.gaps(pack, record, as_of)
                searches[name].clear()
                start = time.perf_counter()
                module.gaps(pack, record, as_of)
                times[name].append(time.perf_counter() - start)
                evals[name].append(sum(search.evaluations for search in searches[name]))
        p95 = {name: np.percentile(np.array(values) * 1000, 95) for name, values in times.items()}
        mean = {name: np.mean(values) * 1000 for name, values in times.items()}
        ev = {name: np.percentile(values, 95) for name, values in evals.items()}
        print(
            f"  {pack.key} | {p95['old']:.2f} ms | {p95['new']:.2f} ms | {p95['new'] / p95['old']:.2f} | "
            f"{mean['old']:.2f} ms | {mean['new']:.2f} ms | {ev['old']:.0f} → {ev['new']:.0f}",
            flush=True,
        )


def demo_latency() -> None:
    from littlegiant.demo.region import generate
    from littlegiant.records.derive import flat_records

    as_of = dt.date(2026, 6, 30)
    records = list(flat_records(generate(), as_of).values())
    print(f"gaps() latency over the demo region ({len(records)} firms, {as_of})")
    for programme in ("tech_sme", "innovative_sme", "specialized_sme", "little_giant", "sme_size"):
        pack = pack_for(programme, as_of)
        times = []
        for record in records:
            start = time.perf_counter()
            gaps(pack, record, as_of)
            times.append(time.perf_counter() - start)
        print(f"  {pack.key:32s} {_ms(times)}")


def quality(count: int) -> None:
    print(f"gaps against the brute force, {count} random records per programme")
    totals = np.zeros(7, dtype=int)
    for pack in all_packs():
        f = run_programme(pack, count, seed=11)
        row = [f.not_qualified, f.proposed, f.valid, f.fixable, f.found, f.targets, f.minimal]
        totals += row
        print(
            f"  {pack.key:32s} not qualified {f.not_qualified}, valid {f.valid}/{f.proposed}, "
            f"complete {f.found}/{f.fixable}, minimal {f.minimal}/{f.targets}, "
            f"false 'not found' {f.false_not_found}"
        )
    nq, proposed, valid, fixable, found, targets, minimal = totals
    print(f"  total: not qualified {nq}, valid {valid}/{proposed}, complete {found}/{fixable}, "
          f"minimal {minimal}/{targets}")  # fmt: skip


def evaluate_end_to_end(rows: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from bench_rules import synthetic

    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "firms.parquet", Path(folder) / "out.parquet"
        table = synthetic(rows)
        table = table.append_column("name", pa.nulls(rows, pa.string()))
        pq.write_table(table, source, row_group_size=100_000)
        print(f"littlegiant evaluate: {rows:,} rows, {table.num_columns} columns (name all empty)")
        start = time.perf_counter()
        result = subprocess.run(
            [str(ROOT / ".venv/bin/littlegiant"), "evaluate", str(source), "-o", str(out),
             "--as-of", "2025-06-30"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        elapsed = time.perf_counter() - start
        print(f"  exit {result.returncode}, {elapsed:.1f} s end to end (validation on)")
        if result.returncode:
            print(result.stderr[-2000:])
        else:
            print(f"  {pq.read_metadata(out).num_rows:,} result rows")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--checked", type=int, default=300)
    parser.add_argument("--evaluate-rows", type=int, default=0)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument(
        "--compare", metavar="REF", help="time the gaps() of git revision REF beside this one"
    )
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    if args.compare:
        compare(args.compare, args.records or 300)
    elif args.records:
        latency(args.records)
    if not args.skip_demo:
        demo_latency()
    if args.checked:
        quality(args.checked)
    if args.evaluate_rows:
        evaluate_end_to_end(args.evaluate_rows)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
