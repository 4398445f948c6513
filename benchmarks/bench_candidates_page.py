"""Candidate list page over the demo region, as the demo official sees it (2,418 firms by default).

    .venv/bin/python benchmarks/bench_candidates_page.py [--n 3000] [--repeat 3]

Loads ``littlegiant.demo.generate(n=...)`` (the ``littlegiant demo`` data) into a
throwaway SQLite archive, then times ``/assessments/candidates/`` for the official scoped to the
demo district: the flat records of the pool alone, the first request, a second page, a filter,
and — with the candidate cache switched off — an uncached request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

AS_OF = dt.date(2026, 6, 30)


def _setup(home: Path) -> None:
    os.environ["LITTLEGIANT_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "littlegiant.web.config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _median(label: str, function: Any, repeat: int) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    print(f"{label:<60} {statistics.median(times):8.3f} s  (min {min(times):.3f}, n={repeat})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20240601)  # littlegiant demo's seed
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    _setup(Path(tempfile.mkdtemp(prefix="lg-bench-candidates-")))
    from django.test import Client

    from littlegiant.demo import DISTRICT_CODE, generate
    from littlegiant.web.accounts.models import Role
    from littlegiant.web.accounts.permissions import enterprises_visible_to
    from littlegiant.web.accounts.services import create_platform_user, system_user
    from littlegiant.web.assessments.queries import candidates_cache
    from littlegiant.web.enterprises.queries.records import enterprise_records
    from littlegiant.web.enterprises.services import load_archive_rows

    load_archive_rows(tables=generate(seed=args.seed, n=args.n, as_of=AS_OF), user=system_user())
    user = create_platform_user(user=system_user(), username="official", password="x-Bench-42", role=Role.OFFICIAL,
                                region_codes=[DISTRICT_CODE])  # fmt: skip
    pool = enterprises_visible_to(user)
    print(
        f"demo region n={args.n}: the official's pool holds {pool.count()} firms; load avg {os.getloadavg()[0]:.1f}"
    )
    _median(
        "flat records of the pool (enterprise_records)",
        lambda: list(enterprise_records(pool, AS_OF)),
        args.repeat,
    )
    client = Client()
    client.force_login(user)
    url = f"/assessments/candidates/?programme=specialized_sme&as_of={AS_OF.isoformat()}"

    def get(query: str = "") -> None:
        response = client.get(url + query, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (response.status_code, response.content[:300])

    def uncached() -> None:
        candidates_cache.clear_cache()
        get()

    _median("candidate page, uncached (cache cleared before each)", uncached, args.repeat)
    get()
    _median("candidate page, page 2 (cached pool)", lambda: get("&page=2"), args.repeat)
    _median(
        "candidate page, max_conditions=1 (cached pool)",
        lambda: get("&max_conditions=1"),
        args.repeat,
    )
    candidates_cache.CACHE_SECONDS = 0
    _median("candidate page with the cache switched off", get, args.repeat)


if __name__ == "__main__":
    main()
