"""Time ``load_archive_rows`` on the demo district (first load, then the same rows again) and the
enterprise list page at page sizes 10 and 100.

Run: LITTLEGIANT_HOME=$(mktemp -d) .venv/bin/python benchmarks/bench_archive_load.py [n]
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlegiant.web.config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from littlegiant.demo import generate  # noqa: E402
from littlegiant.web.accounts.services import create_platform_user, system_user  # noqa: E402
from littlegiant.web.enterprises.services import load_archive_rows  # noqa: E402


def main(n: int) -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rows = generate(seed=1, n=n)
    generated = time.perf_counter()
    report = load_archive_rows(tables=rows, user=system_user())
    loaded = time.perf_counter()
    again = load_archive_rows(tables=rows, user=system_user())
    reloaded = time.perf_counter()
    total_rows = sum(len(table) for table in rows.values())
    print(f"generate n={n}: {generated - started:.2f}s; rows={total_rows}")
    print(f"first load: {loaded - generated:.2f}s ({report.changed} rows written)")
    print(f"same rows again: {reloaded - loaded:.2f}s ({again.changed} rows written)")
    user = create_platform_user(
        user=system_user(), username=f"bench{time.time_ns()}", password="x-bench-42", role="admin"
    )
    client = Client()
    client.force_login(user)
    for size in (10, 100):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            client.get("/enterprises/", {"page_size": size, "sort": "-updated"})
            took = time.perf_counter() - began
        print(f"list page_size={size}: {took * 1000:.0f} ms, {len(queries)} queries")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
