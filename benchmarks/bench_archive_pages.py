"""Time the archive's pages (list at 10 and 100 rows, profile, edit pages) on the demo district and
count their queries.

Run: LITTLEGIANT_HOME=$(mktemp -d) .venv/bin/python benchmarks/bench_archive_pages.py [n]
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
from littlegiant.web.enterprises.models import Enterprise  # noqa: E402
from littlegiant.web.enterprises.services import load_archive_rows  # noqa: E402


def main(n: int) -> None:
    """Load ``n`` demo firms, then time each page once warm, as a Hangzhou official."""
    call_command("migrate", verbosity=0)
    load_archive_rows(tables=generate(seed=1, n=n), user=system_user())
    user = create_platform_user(
        user=system_user(),
        username=f"bench{time.time_ns()}",
        password="x-bench-42",
        role="official",
        region_codes=["330100"],
    )
    client = Client(HTTP_HOST="localhost")  # "testserver" is not in ALLOWED_HOSTS
    client.force_login(user)
    uscc = Enterprise.objects.filter(region_code="330106").values_list("uscc", flat=True).first()
    pages = [
        ("list page_size=10", "/enterprises/", {"page_size": 10}),
        ("list page_size=100", "/enterprises/", {"page_size": 100}),
        ("profile", f"/enterprises/{uscc}/", {}),
        ("edit master data", f"/enterprises/{uscc}/edit/", {}),
        ("add fiscal year (htmx form)", f"/enterprises/{uscc}/archive/yearly/add/", {}),
        ("create enterprise", "/enterprises/new/", {}),
    ]
    for label, url, params in pages:
        client.get(url, params)
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url, params)
            took = time.perf_counter() - began
        print(
            f"{label}: HTTP {response.status_code}, {took * 1000:.0f} ms, {len(queries)} queries, "
            f"{len(response.content) // 1024} KiB"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
