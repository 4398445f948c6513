"""Schemathesis over the whole API for every role, at a chosen size: the larger run of
``tests/web/security/test_security_fuzz.py`` (which CI runs with 4 examples per operation, role and mode).

Run:  .venv/bin/python benchmarks/fuzz_api.py [--examples 25] [--workers 2]

Prints the requests sent, the status codes seen, server errors (must be 0) and the pytest outcome
(a schema violation or a server error fails the run).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=25)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        reports = Path(folder)
        env = {**os.environ, "LITTLEGIANT_FUZZ_EXAMPLES": str(args.examples),
               "LITTLEGIANT_FUZZ_REPORT": str(reports / "fuzz-{worker}.json")}  # fmt: skip
        started = time.perf_counter()
        outcome = subprocess.run(
            [sys.executable, "-m", "pytest", "tests/web/security/test_security_fuzz.py", "-q",
             "-n", str(args.workers), "-p", "no:cacheprovider"],
            cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        totals: dict[str, int] = {}
        for report in reports.glob("fuzz-*.json"):
            for key, value in json.loads(report.read_text(encoding="utf-8")).items():
                totals[key] = totals.get(key, 0) + value
    print(json.dumps({"examples": args.examples, "seconds": round(elapsed), **dict(sorted(totals.items()))},
                     indent=1))  # fmt: skip
    print(
        "server errors:", totals.get("server_errors", 0), "· pytest exit code:", outcome.returncode
    )
    return outcome.returncode


if __name__ == "__main__":
    raise SystemExit(main())
