"""Time the audit log: appending records (one transaction each, as requests do) and verifying the
whole hash chain (``littlegiant audit verify``).

Run: LITTLEGIANT_HOME=$(mktemp -d) .venv/bin/python benchmarks/bench_audit.py [n]
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlegiant.web.config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from littlegiant.web.audit.queries import verify_chain  # noqa: E402
from littlegiant.web.audit.services import record  # noqa: E402


def main(n: int) -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    for i in range(n):
        record("write", user=None, object_type="bench.Row", object_id=i, detail={"fields": ["a"]})
    written = time.perf_counter()
    report = verify_chain()
    verified = time.perf_counter()
    assert report.ok and report.checked >= n
    print(f"load average: {os.getloadavg()[0]:.1f}")
    print(
        f"append {n} records: {written - started:.2f}s ({(written - started) / n * 1e3:.2f} ms each)"
    )
    print(f"verify {report.checked} records: {verified - written:.2f}s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
