"""Benchmark: import a template with a 100,000-row 年度数据 sheet into a fresh SQLite archive.

Run:  .venv/bin/python benchmarks/bench_import.py [--rows 100000] [--years 5]

Prints the time of each phase: writing the .xlsx, reading + validating it, writing the database
(``load_archive_rows``), and a second import of the same file (which must change nothing).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from stdnum.cn import uscc as stdnum_uscc


def make_uscc(serial: int) -> str:
    """A valid USCC (GB 32100 check digit) for a running number."""
    body = f"91330106{serial:09d}"
    return body + stdnum_uscc.calc_check_digit(body)


def make_rows(rows: int, years: int, seed: int = 7) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    firms = -(-rows // years)
    enterprises, yearly = [], []
    for serial in range(firms):
        uscc = make_uscc(serial)
        enterprises.append(
            {
                "uscc": uscc,
                "name": f"基准测试企业{serial}",
                "region_code": "330106",
                "industry_code": "C3985",
                "established_on": "2010-05-01",
            }
        )
        for offset in range(years):
            if len(yearly) == rows:
                break
            revenue = round(rng.uniform(100, 50_000), 2)
            yearly.append(
                {
                    "uscc": uscc,
                    "fiscal_year": 2024 - offset,
                    "employees": rng.randint(5, 900),
                    "revenue": revenue,
                    "main_revenue": round(revenue * 0.9, 2),
                    "rd_expense": round(revenue * 0.05, 2),
                    "net_profit": round(revenue * 0.08, 2),
                }
            )
    return {"enterprise": enterprises, "yearly": yearly}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="littlegiant-bench-"))
    os.environ["LITTLEGIANT_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlegiant.web.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from littlegiant.io.export import write_archive
    from littlegiant.io.importing import plan_import, run_import
    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.enterprises.models import Enterprise, YearlyFigure
    from littlegiant.web.enterprises.queries.archive_rows import known_usccs
    from littlegiant.web.enterprises.services import load_archive_rows

    call_command("migrate", interactive=False, verbosity=0)
    path = home / "bench.xlsx"
    started = time.perf_counter()
    tables = make_rows(args.rows, args.years)
    write_archive(tables, path)
    print(
        f"wrote {path.name}: {len(tables['enterprise'])} enterprises + {len(tables['yearly'])} yearly rows, "
        f"{path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    plan = plan_import(path, known_usccs=known_usccs)
    validated = time.perf_counter() - started
    print(
        f"read + validate: {validated:.1f} s ({plan.report.total_rows / validated:,.0f} rows/s), "
        f"issues: {plan.report.error_count}"
    )

    started = time.perf_counter()
    result = run_import(
        path,
        write=lambda tables: load_archive_rows(tables=tables, user=system_user()),
        known_usccs=known_usccs,
    )
    first = time.perf_counter() - started
    print(
        f"first import (read + validate + write): {first:.1f} s; written={result.written}; "
        f"enterprises={Enterprise.objects.count()}, yearly={YearlyFigure.objects.count()}"
    )

    history = YearlyFigure.history.count()
    started = time.perf_counter()
    again = run_import(
        path,
        write=lambda tables: load_archive_rows(tables=tables, user=system_user()),
        known_usccs=known_usccs,
    )
    second = time.perf_counter() - started
    changed = again.write_result.changed if again.write_result else None
    print(
        f"second import of the same file: {second:.1f} s; rows changed: {changed}; "
        f"history rows added: {YearlyFigure.history.count() - history}"
    )


if __name__ == "__main__":
    main()
