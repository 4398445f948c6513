"""Assessments benchmark: candidate list and batch re-evaluation over a synthetic archive.

    .venv/bin/python benchmarks/bench_assessments.py --enterprises 5000

Builds a throwaway SQLite archive (through ``load_archive_rows``, the import's path), then times:
the pool's flat records (``enterprise_records``), the candidate list with statuses from the
one-record engine and from DuckDB (``batch.run``), gaps for one page of 20, and a full
2022 → 2026 specialized_sme re-evaluation run (with the sme_size refresh). Reports the number of
queries of the candidate list, which must not grow with the pool.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2026, 6, 30)


def _setup(home: Path) -> None:
    os.environ["LITTLEGIANT_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "littlegiant.web.config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _tables(n: int, seed: int) -> dict[str, list[dict]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web" / "assessments"))
    from assessments_fixtures import archive_tables, firm

    rng = random.Random(seed)
    records = []
    for i in range(n):
        revenue = round(rng.uniform(300, 20000), 2)
        records.append(
            firm(
                100_000 + i,
                f"基准企业{i:06d}有限公司",
                niche_years=rng.randint(1, 10),
                revenue_y1=revenue,
                main_revenue_y1=round(revenue * rng.uniform(0.5, 1), 2),
                rd_expense_y1=round(revenue * rng.uniform(0.005, 0.08), 2),
                development_score=rng.randint(30, 90),
                provincial_award_rank=rng.choice([None, 1, 4]),
            )
        )
    return archive_tables(records, AS_OF)


def _timed(label: str, function):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = function()
    print(f"{label:<58} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    _setup(Path(tempfile.mkdtemp(prefix="lg-bench-assessments-")))
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.assessments.queries import candidates, candidates_cache
    from littlegiant.web.assessments.queries.candidates import CandidateFilters, candidate_list
    from littlegiant.web.assessments.services.runs import start_evaluation_run
    from littlegiant.web.enterprises.models import Enterprise
    from littlegiant.web.enterprises.queries.records import enterprise_records
    from littlegiant.web.enterprises.services import load_archive_rows

    n = args.enterprises
    _timed(
        f"load {n} enterprises (load_archive_rows)",
        lambda: load_archive_rows(tables=_tables(n, args.seed), user=system_user()),
    )
    admin = User.objects.create_superuser("bench", password="x")
    _timed(
        "flat records of the pool (enterprise_records)",
        lambda: list(enterprise_records(Enterprise.objects.all(), AS_OF)),
    )
    everyone = CandidateFilters(max_conditions=None)
    candidates_cache.CACHE_SECONDS = (
        0  # time the computation, not the cache (bench_candidates_page.py times that)
    )
    for label, threshold in (("one-record engine", 10**9), ("DuckDB batch.run", 0)):
        candidates.BATCH_MIN_RECORDS = threshold
        with CaptureQueriesContext(connection) as queries:
            result = _timed(
                f"candidate list, statuses by the {label}",
                lambda: candidate_list(
                    user=admin, programme="specialized_sme", as_of=AS_OF, filters=everyone
                ),
            )
        print(
            f"{'':<4}queries: {len(queries.captured_queries)}; qualified {len(result.qualified)}, close {len(result.close)}"
        )
    _timed("gaps of one page (20 close candidates)", lambda: result.fill_gaps(result.close[:20]))
    candidates.BATCH_MIN_RECORDS = 1000
    run = _timed(
        "re-evaluation run specialized_sme 2022 → 2026 (+ sme_size)",
        lambda: start_evaluation_run(
            user=admin,
            programme="specialized_sme",
            base_version="2022",
            new_version="2026",
            as_of=AS_OF,
            background=False,
        ),
    )
    print(
        f"{'':<4}state {run.job.status}: gained {run.gained_count}, lost {run.lost_count}, unchanged {run.unchanged_count}, "
        f"sizes updated {run.size_classes_updated}"
    )


if __name__ == "__main__":
    main()
