"""The kill -9 harness (benchmarks/kill_jobs.py), bounded for CI: one kill of each kind of job and of
`littlegiant evaluate` on a small archive; nothing partial, lost or stuck. The figures for ≥ 20 kills
each are in benchmarks/README.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="the harness empties its database: it runs on a SQLite file of its own",
    ),
]

HARNESS = Path(__file__).resolve().parents[3] / "benchmarks" / "kill_jobs.py"


def test_jobs_killed_with_sigkill_are_never_half_applied_and_always_finish():
    env = {k: v for k, v in os.environ.items() if k not in {"LITTLEGIANT_HOME", "DATABASE_URL"}}
    done = subprocess.run(
        [sys.executable, str(HARNESS), "--kills", "1", "--firms", "300", "--evaluate-rows", "6000",
         "--json"],
        capture_output=True, text=True, timeout=900, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    for kind in ("import", "upload", "re-evaluation", "evaluate"):
        row = figures[kind]
        assert row["kills"] == 1, (kind, row)
        assert (row["partial"], row["lost"], row["stuck"]) == (0, 0, 0), (kind, row)
    assert figures["evaluate"]["temp_files_left"] == 0
