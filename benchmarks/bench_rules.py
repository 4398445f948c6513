"""Rules-engine benchmark: batch (DuckDB) vs the one-record Python path vs an off-the-shelf engine.

Run:  .venv/bin/python benchmarks/bench_rules.py [--rows 1000000] [--threads 2] [--sample 20000]

All three run on the same synthetic records (fixed seed). The batch engine runs every pack in force at the
as-of date, end to end from Parquet. The Python path and rule-engine are timed on a sample and extrapolated
(said so in the output). rule-engine encodes sme_size + innovative_sme only, on complete records.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from littlegiant.batch import run
from littlegiant.rules import all_packs, evaluate, gaps, pack_for, packs_in_force

AS_OF = dt.date(2025, 6, 30)
CODES = [
    "C3985",
    "C2710",
    "I6510",
    "F5110",
    "F5211",
    "G5430",
    "E4710",
    "K7010",
    "L7211",
    "M7320",
    "A0111",
    "H6210",
]
MONEY = ["revenue", "main_revenue", "total_assets", "total_liabilities", "rd_expense", "equity_financing",
         "total_cost", "net_profit"]  # fmt: skip


def synthetic(rows: int, seed: int = 7) -> pa.Table:
    """Plausible SME records: log-normal money, correlated ratios, about 3% of values missing."""
    rng = np.random.default_rng(seed)
    cols: dict[str, np.ndarray] = {"uscc": np.char.add("R", np.arange(rows).astype(str))}
    cols["industry_code"] = rng.choice(CODES, rows)
    for y in ("y1", "y2", "y3"):
        revenue = np.round(rng.lognormal(8.0, 1.3, rows), 2)
        cols[f"revenue_{y}"] = revenue
        cols[f"main_revenue_{y}"] = np.round(revenue * rng.uniform(0.4, 1.0, rows), 2)
        cols[f"total_assets_{y}"] = np.round(revenue * rng.uniform(0.5, 2.0, rows), 2)
        cols[f"total_liabilities_{y}"] = np.round(
            cols[f"total_assets_{y}"] * rng.uniform(0.1, 0.9, rows), 2
        )
        cols[f"rd_expense_{y}"] = np.round(revenue * rng.uniform(0.0, 0.09, rows), 2)
        cols[f"equity_financing_{y}"] = np.round(
            rng.exponential(150, rows) * (rng.random(rows) < 0.2), 2
        )
        cols[f"total_cost_{y}"] = np.round(revenue * rng.uniform(0.6, 1.0, rows), 2)
        cols[f"net_profit_{y}"] = np.round(revenue * rng.uniform(-0.05, 0.15, rows), 2)
        employees = np.maximum(1, rng.lognormal(4.0, 1.0, rows)).round()
        cols[f"employees_{y}"] = employees
        cols[f"tech_staff_{y}"] = np.round(employees * rng.uniform(0, 0.5, rows))
        cols[f"rd_staff_{y}"] = np.round(employees * rng.uniform(0, 0.3, rows))
    for name in (
        "ip_class1_count",
        "ip_class1_self_developed_count",
        "ip_class1_high_value_count",
        "ip_class2_count",
    ):
        cols[name] = rng.poisson(0.8, rows).astype(float)
    for name in ("high_tech_enterprise", "tech_innovation_demo_enterprise", "ip_advantage_enterprise",
                 "restricted_industry", "major_violation", "led_standard_setting", "quality_cert", "own_brand",
                 "tech_sme", "innovative_sme", "specialized_sme", "core_business_info_system"):  # fmt: skip
        cols[name] = rng.random(rows) < 0.15
    cols["rd_institution_level"] = rng.choice(
        ["national", "provincial", "municipal", "below", "none"], rows
    )
    cols["main_product_field"] = rng.choice(
        ["strategic_emerging", "other", "six_foundations,key_chain_link"], rows
    )
    cols["niche_years"] = np.round(rng.uniform(0, 15, rows), 1)
    cols["market_share"] = np.round(rng.uniform(0, 30, rows), 2)
    cols["development_score"] = np.round(rng.uniform(30, 90, rows), 1)
    cols["digital_level"] = rng.integers(1, 5, rows).astype(float)
    cols["standards_count"] = rng.poisson(0.5, rows).astype(float)
    arrays = {}
    for name, values in cols.items():
        mask = (rng.random(rows) < 0.03) if name not in ("uscc", "industry_code") else None
        arrays[name] = pa.array(values, mask=mask)
    return pa.table(arrays)


def time_batch(
    path: Path, threads: int, packs: list | None = None
) -> tuple[float, float, int, int]:
    packs = packs if packs is not None else packs_in_force(AS_OF)
    start = time.perf_counter()
    result = run(path, packs, AS_OF, threads=threads)  # cold: compiles and renders the SQL
    cold = time.perf_counter() - start
    start = time.perf_counter()
    result = run(path, packs, AS_OF, threads=threads)  # warm: SQL from the cache
    warm = time.perf_counter() - start
    return cold, warm, result.num_rows, len(packs)


def time_python(records: list[dict], tracer: bool, materialize: bool = False) -> list[float]:
    """CPU time per record through every pack (process time: robust to other load on the machine)."""
    packs = packs_in_force(AS_OF)
    times = []
    for record in records:
        start = time.process_time()
        for pack in packs:
            verdict = evaluate(pack, record, AS_OF, tracer=tracer)
            if materialize:
                _ = verdict.trace
        times.append(time.process_time() - start)
    return times


def time_own_packs(records: list[dict], materialize: bool) -> list[float]:
    packs = [pack_for(p, AS_OF) for p in ("sme_size", "innovative_sme", "tech_sme")]
    times = []
    for record in records:
        start = time.process_time()
        for pack in packs:
            verdict = evaluate(pack, record, AS_OF)
            if materialize:
                _ = verdict.trace
        times.append(time.process_time() - start)
    return times


def time_gaps(records: list[dict]) -> list[float]:
    packs = [pack_for(p, AS_OF) for p in ("innovative_sme", "tech_sme", "sme_size")]
    times = []
    for record in records:
        for pack in packs:
            start = time.process_time()
            gaps(pack, record, AS_OF)
            times.append(time.process_time() - start)
    return times


def rule_engine_rules() -> dict[str, object]:
    """sme_size (工业/软件/批发 groups) and innovative_sme in rule-engine's expression language."""
    import rule_engine

    def tier(x: str, t: tuple[int, int, int]) -> str:
        return f"({x} >= {t[0]} ? 1 : ({x} >= {t[1]} ? 2 : ({x} >= {t[2]} ? 3 : 4)))"

    def worst(a: str, b: str) -> str:
        return f"({a} > {b} ? {a} : {b})"

    size = {
        "C": worst(tier("employees_y1", (1000, 300, 20)), tier("revenue_y1", (40000, 2000, 300))),
        "I65": worst(tier("employees_y1", (300, 100, 10)), tier("revenue_y1", (10000, 1000, 50))),
        "F51": worst(tier("employees_y1", (200, 20, 5)), tier("revenue_y1", (40000, 5000, 1000))),
    }
    rd = "(revenue_y1 == 0 ? 0 : rd_expense_y1 / revenue_y1 * 100)"
    growth = (
        "(main_revenue_y2 == 0 ? 0 : (main_revenue_y1 - main_revenue_y2) / main_revenue_y2 * 100)"
    )
    debt = "(total_assets_y1 == 0 ? 100 : total_liabilities_y1 / total_assets_y1 * 100)"
    share = "(revenue_y1 == 0 ? 0 : main_revenue_y1 / revenue_y1 * 100)"
    ip = ("(ip_class1_high_value_count >= 1 ? 20 : (ip_class1_self_developed_count >= 1 ? 15 : "
          "(ip_class1_count >= 1 ? 10 : (ip_class2_count >= 1 ? 5 : 0))))")  # fmt: skip
    rdp = f"({rd} >= 5 ? 20 : ({rd} >= 3 ? 15 : ({rd} >= 2 ? 10 : ({rd} >= 1 ? 5 : 0))))"
    grp = f"({growth} >= 15 ? 20 : ({growth} >= 10 ? 15 : ({growth} >= 5 ? 10 : ({growth} >= 0 ? 5 : 0))))"
    dbp = f"({debt} <= 55 ? 10 : ({debt} <= 75 ? 5 : 0))"
    shp = f"({share} >= 70 ? 20 : ({share} >= 60 ? 15 : ({share} >= 55 ? 10 : ({share} >= 50 ? 5 : 0))))"
    fld = "(main_product_field == 'strategic_emerging' ? 10 : 5)"
    direct = ("(high_tech_enterprise or tech_innovation_demo_enterprise or ip_advantage_enterprise or "
              "rd_institution_level in ['national', 'provincial'] or "
              "equity_financing_y1 + equity_financing_y2 + equity_financing_y3 >= 500)")  # fmt: skip
    qualified = (f"{direct} or (({ip} + {rdp} + {grp} + {dbp} + {fld} + {shp}) >= 60 and ({ip} + {rdp}) >= 20 "
                 f"and ({grp} + {dbp}) >= 15 and ({fld} + {shp}) >= 15)")  # fmt: skip
    rules: dict[str, object] = {k: rule_engine.Rule(v) for k, v in size.items()}
    rules["innovative"] = rule_engine.Rule(qualified)
    return rules


def time_rule_engine(records: list[dict]) -> list[float]:
    rules = rule_engine_rules()
    size_key = {"C3985": "C", "C2710": "C", "I6510": "I65", "F5110": "F51"}
    times = []
    for record in records:
        start = time.process_time()
        key = size_key.get(record["industry_code"], "C")
        rules[key].evaluate(record)  # type: ignore[attr-defined]
        rules["innovative"].matches(record)  # type: ignore[attr-defined]
        times.append(time.process_time() - start)
    return times


def complete(record: dict) -> dict:
    """rule-engine has no three-valued logic: give it records without missing values."""
    return {k: (0 if v is None else v) for k, v in record.items()}


def _us(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(len(ordered) * 0.95)]
    return f"mean {statistics.fmean(values) * 1e6:8.1f} µs  p50 {ordered[len(ordered) // 2] * 1e6:8.1f} µs  p95 {p95 * 1e6:8.1f} µs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--path", type=Path, default=Path("/tmp/littlegiant_bench_records.parquet"))
    args = parser.parse_args()

    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    start = time.perf_counter()
    table = synthetic(args.rows)
    pq.write_table(
        table, args.path, row_group_size=122_880
    )  # DuckDB's own row-group size; one group = one thread
    print(f"synthetic records: {args.rows:,} rows, {table.num_columns} columns -> {args.path} "
          f"({time.perf_counter() - start:.1f} s to generate)")  # fmt: skip

    cold, warm, rows, npacks = time_batch(args.path, args.threads)
    print(f"batch (DuckDB, {args.threads} threads, {npacks} packs, Parquet -> Arrow result, {rows:,} rows): "
          f"cold {cold:.2f} s (incl. compiling the SQL), warm {warm:.2f} s")  # fmt: skip

    own = [
        p
        for p in all_packs()
        if p.in_force(AS_OF) and p.id in ("sme_size", "innovative_sme", "tech_sme")
    ]
    cold3, warm3, _, _ = time_batch(args.path, args.threads, own)
    print(
        f"batch, sme_size + innovative_sme + tech_sme only: cold {cold3:.2f} s, warm {warm3:.2f} s"
    )
    sample = table.slice(0, args.sample).to_pylist()
    lazy = time_python(sample, tracer=True)
    built = time_python(sample, tracer=True, materialize=True)
    plain = time_python(sample, tracer=False)
    n = f"all {npacks} packs"
    print(f"python one-record path, {n}, tracer on (trace built on access): {_us(lazy)}")
    print(f"python one-record path, {n}, trace materialized: {_us(built)}")
    print(f"python one-record path, {n}, tracer off: {_us(plain)}")
    print(
        f"  -> extrapolated to {args.rows:,} records (CPU time, measured on {len(sample):,}): "
        f"{statistics.fmean(plain) * args.rows:.0f} s without trace"
    )
    print(
        f"python one-record path, 3 own packs, trace materialized: {_us(time_own_packs(sample, True))}"
    )

    completes = [complete(r) for r in sample]
    mine = time_python_two(completes)
    theirs = time_rule_engine(completes)
    print(
        f"sme_size + innovative_sme only, complete records — own path (no trace): {_us(mine)}; "
        f"extrapolated {statistics.fmean(mine) * args.rows:.0f} s"
    )
    print(
        f"sme_size + innovative_sme only, complete records — rule-engine 5.x      : {_us(theirs)}; "
        f"extrapolated {statistics.fmean(theirs) * args.rows:.0f} s"
    )

    pair = [pack_for("sme_size", AS_OF), pack_for("innovative_sme", AS_OF)]
    _, warm2, _, _ = time_batch(args.path, args.threads, pair)
    theirs_total = statistics.fmean(theirs) * args.rows
    print(
        f"batch, sme_size + innovative_sme only (same two programmes as rule-engine): warm {warm2:.2f} s "
        f"for {args.rows:,} records -> {theirs_total / warm2:.0f}x rule-engine's extrapolated {theirs_total:.0f} s"
    )

    gap_times = time_gaps(sample[:2000])
    print(
        f"gaps per record and pack (innovative_sme, tech_sme, sme_size; 2,000 records): {_us(gap_times)}"
    )


def time_python_two(records: list[dict]) -> list[float]:
    packs = [pack_for("sme_size", AS_OF), pack_for("innovative_sme", AS_OF)]
    times = []
    for record in records:
        start = time.process_time()
        for pack in packs:
            evaluate(pack, record, AS_OF, tracer=False)
        times.append(time.process_time() - start)
    return times


if __name__ == "__main__":
    main()
