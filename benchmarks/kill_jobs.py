"""kill -9 harness: background jobs and `littlegiant evaluate` killed at random moments, never half-applied.

For each kind of job — an archive import, a 数字化 answer-sheet check, a batch re-evaluation — every round
queues one job, lets a real `littlegiant worker` process pick it up, kills the worker with SIGKILL at a
random moment of the job's run (uniform over 0 to 1.1 times its measured duration), then checks the frozen state:

- partial: the archive is neither as before nor as after the job (an import's firms, yearly rows and their
  size classes all or none; a re-evaluation's size classes and its run's tallies all or none; an answer
  sheet's results workbook absent or whole);
- then a new worker starts, which must find the dead job (its heartbeat stops), queue it again and finish
  it: stuck = a job not finished within the time limit, lost = a job that ended failed or whose writes are
  not all there.

`littlegiant evaluate` is killed the same way (a subprocess over a Parquet file of N firms, output .xlsx):
partial = an output file that exists but is not the whole result, and after the next run to completion
the scratch files of the killed runs must be gone (temp files left).

Run (figures in README.md, section "Kill -9 harness"):

    .venv/bin/python benchmarks/kill_jobs.py --kills 20            # ≥ 20 kills of each kind
    .venv/bin/python benchmarks/kill_jobs.py --kills 2 --json      # what the CI test runs

`DATABASE_URL=postgres://…` runs the web jobs on PostgreSQL instead of SQLite (a database of its own:
the harness migrates it and empties the archive tables first).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HOME = Path(tempfile.mkdtemp(prefix="lg-kill-"))
ENV = {
    "LITTLEGIANT_HOME": str(HOME),
    "DJANGO_SETTINGS_MODULE": "littlegiant.web.config.settings",
    "LITTLEGIANT_JOB_STALE_MINUTES": "0.2",  # 12 s without a heartbeat = dead
    "LITTLEGIANT_JOB_HEARTBEAT_SECONDS": "0.5",
    "LITTLEGIANT_JOB_MAX_ATTEMPTS": "10",
}
os.environ.update(ENV)
AS_OF = "2026-06-30"
PYTHON = sys.executable
CLI = [PYTHON, "-c", "from littlegiant.cli.main import app; app()"]


def _setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from django.conf import settings

    settings.LITTLEGIANT_JOB_BACKGROUND_BYTES = 0  # every upload goes to the worker


def _worker(log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    return subprocess.Popen(
        [*CLI, "worker", "--interval", "0.1", "--maintenance", "0.5"],
        stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **ENV},
    )  # fmt: skip


def _wait(predicate: Any, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


class Scenario:
    """One kind of job: make a round's job, check the state after a kill and at the end."""

    name = ""

    def prepare(self) -> None: ...

    def start(self, round_no: int) -> Any:
        raise NotImplementedError

    def partial(self, job: Any) -> bool:
        raise NotImplementedError

    def complete(self, job: Any) -> bool:
        raise NotImplementedError


def _admin() -> Any:
    from django.contrib.auth import get_user_model

    from littlegiant.web.accounts.models import Role
    from littlegiant.web.accounts.services import create_platform_user, system_user

    found = get_user_model().objects.filter(username="kill-admin").first()
    return found or create_platform_user(
        user=system_user(), username="kill-admin", password="Harness#Sigkill-2026", role=Role.ADMIN
    )


def _renumbered(rows: dict[str, list[dict[str, Any]]], prefix: str) -> dict[str, list[dict]]:
    """The same firms under new USCCs (``prefix`` + a serial, valid check digit)."""
    from stdnum.cn import uscc as stdnum_uscc

    mapping: dict[str, str] = {}
    for index, row in enumerate(rows["enterprise"]):
        body = f"91{prefix}{index:06d}"[:17].ljust(17, "0")
        mapping[row["uscc"]] = body + stdnum_uscc.calc_check_digit(body)
    return {
        table: [{**row, "uscc": mapping[row["uscc"]]} for row in table_rows]
        for table, table_rows in rows.items()
        if table_rows and "uscc" in table_rows[0]
    }


class ImportScenario(Scenario):
    name = "import"

    def __init__(self, firms: int) -> None:
        from littlegiant.demo import generate

        self.rows = generate(seed=11, n=firms)
        self.expected_sized: int | None = None

    def _usccs(self, job: Any) -> list[str]:
        return job.params["harness_usccs"]

    def start(self, round_no: int) -> Any:
        import io

        from django.core.files.uploadedfile import SimpleUploadedFile

        from littlegiant.io.export import write_archive
        from littlegiant.web.enterprises.services import imports
        from littlegiant.web.jobs.models import Job

        rows = _renumbered(self.rows, f"33{round_no:04d}")
        buffer = io.BytesIO()
        write_archive(rows, buffer)
        job = imports.start_archive_import(
            user=_admin(), upload=SimpleUploadedFile("档案.xlsx", buffer.getvalue())
        )
        usccs = sorted(row["uscc"] for row in rows["enterprise"])
        Job.objects.filter(pk=job.pk).update(params={**job.params, "harness_usccs": usccs})
        self.yearly = len(rows.get("yearly", []))
        return job

    def _state(self, job: Any) -> tuple[int, int, int]:
        from littlegiant.web.enterprises.models import Enterprise, YearlyFigure

        usccs = self._usccs(job)
        firms = Enterprise.objects.filter(uscc__in=usccs)
        yearly = YearlyFigure.objects.filter(enterprise__uscc__in=usccs).count()
        return firms.count(), yearly, firms.exclude(size_class="").count()

    def partial(self, job: Any) -> bool:
        firms, yearly, sized = self._state(job)
        if (firms, yearly, sized) == (0, 0, 0):
            return False
        if self.expected_sized is None:
            return True
        return (firms, yearly, sized) != (len(self._usccs(job)), self.yearly, self.expected_sized)

    def complete(self, job: Any) -> bool:
        firms, yearly, sized = self._state(job)
        if self.expected_sized is None:  # the calibration round sets what "all" means
            self.expected_sized = sized
        return (firms, yearly, sized) == (len(self._usccs(job)), self.yearly, self.expected_sized)


class ReevaluationScenario(Scenario):
    name = "re-evaluation"

    def __init__(self) -> None:
        self.expected_sized: int | None = None

    def start(self, round_no: int) -> Any:
        import datetime as dt

        from littlegiant.web.assessments.services import start_evaluation_run
        from littlegiant.web.enterprises.models import Enterprise

        Enterprise.objects.update(size_class="")  # the run writes them all back
        run = start_evaluation_run(
            user=_admin(), programme="specialized_sme", base_version="2022", new_version="2026",
            as_of=dt.date.fromisoformat(AS_OF),
        )  # fmt: skip
        return run.job

    def _state(self, job: Any) -> tuple[int, bool]:
        from littlegiant.web.assessments.models import EvaluationRun
        from littlegiant.web.enterprises.models import Enterprise

        run = EvaluationRun.objects.get(job=job)
        return Enterprise.objects.exclude(size_class="").count(), bool(run.transitions)

    def partial(self, job: Any) -> bool:
        sized, saved = self._state(job)
        if (sized, saved) == (0, False):
            return False
        return self.expected_sized is None or (sized, saved) != (self.expected_sized, True)

    def complete(self, job: Any) -> bool:
        sized, saved = self._state(job)
        if self.expected_sized is None:
            self.expected_sized = sized
        return saved and sized == self.expected_sized


class UploadScenario(Scenario):
    name = "upload"

    def __init__(self, rows: int) -> None:
        self.rows = rows

    def start(self, round_no: int) -> Any:
        import datetime as dt
        import io

        from django.core.files.uploadedfile import SimpleUploadedFile
        from openpyxl import Workbook

        from littlegiant.io.digital_sheets import template_headers
        from littlegiant.web.digital.services import start_sheet_check
        from littlegiant.web.enterprises.models import Enterprise

        book = Workbook()
        sheet = book.active
        sheet.append(template_headers())
        firms = list(Enterprise.objects.order_by("pk").values_list("uscc", "name")[: self.rows])
        for uscc, name in firms:
            sheet.append([uscc, name])
        buffer = io.BytesIO()
        book.save(buffer)
        self.expected_rows = len(firms)
        return start_sheet_check(
            user=_admin(), upload=SimpleUploadedFile("答卷.xlsx", buffer.getvalue()),
            as_of=dt.date.fromisoformat(AS_OF),
        )  # fmt: skip

    def _results(self, job: Any) -> int | None:
        """Rows of the results workbook; None when there is none; -1 when it cannot be read."""
        from openpyxl import load_workbook

        path = Path(job.params["path"]).with_name(f"{job.public_id}.results.xlsx")
        if not path.exists():
            return None
        try:
            book = load_workbook(path, read_only=True)
            return sum(1 for _ in book.worksheets[0].iter_rows()) - 1
        except Exception:
            return -1

    def partial(self, job: Any) -> bool:
        found = self._results(job)
        return found is not None and found < self.expected_rows

    def complete(self, job: Any) -> bool:
        found = self._results(job)
        return found is not None and found >= self.expected_rows


def _job_round(scenario: Scenario, round_no: int, worker: Any, log: Path, duration: float,
               rng: random.Random) -> tuple[dict[str, Any], Any]:  # fmt: skip
    from littlegiant.web.jobs.models import Job, JobStatus

    job = scenario.start(round_no)
    started = _wait(lambda: Job.objects.get(pk=job.pk).status != JobStatus.QUEUED, 60)
    delay = rng.uniform(0, duration * 1.1)
    time.sleep(delay)
    status = Job.objects.get(pk=job.pk).status
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    job.refresh_from_db()
    outcome = {"round": round_no, "delay": round(delay, 2), "picked_up": started,
               "during_job": status == JobStatus.RUNNING and job.status == JobStatus.RUNNING,
               "partial": scenario.partial(job)}  # fmt: skip
    worker = _worker(log)
    finished = _wait(lambda: Job.objects.get(pk=job.pk).finished, 180, step=0.2)
    job.refresh_from_db()
    outcome["stuck"] = not finished
    outcome["lost"] = finished and not (job.status == JobStatus.DONE and scenario.complete(job))
    outcome["attempts"] = job.attempts
    return outcome, worker


def _calibrate(scenario: Scenario, log: Path) -> tuple[float, Any]:
    """One unkilled run: how long the job takes (the kills are spread over it), and what "done" is."""
    from littlegiant.web.jobs.models import Job, JobStatus

    worker = _worker(log)
    job = scenario.start(0)
    if not _wait(lambda: Job.objects.get(pk=job.pk).finished, 300):
        raise SystemExit(f"{scenario.name}: the calibration job did not finish (log: {log})")
    job.refresh_from_db()
    duration = (job.finished_at - job.started_at).total_seconds()
    if job.status != JobStatus.DONE or not scenario.complete(job):
        raise SystemExit(f"{scenario.name}: the calibration job failed: {job.error}")
    return max(duration, 0.2), worker


def run_jobs(kinds: list[str], kills: int, firms: int, seed: int) -> dict[str, Any]:
    _setup()
    from littlegiant.demo import generate
    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.enterprises.services import load_archive_rows

    if os.environ.get("DATABASE_URL"):  # a database of the harness's own: start from an empty one
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
    load_archive_rows(tables=generate(seed=seed, n=firms), user=system_user())
    rng = random.Random(seed)
    log = HOME / "worker.log"
    scenarios: dict[str, Scenario] = {
        "import": ImportScenario(firms),
        "upload": UploadScenario(firms),
        "re-evaluation": ReevaluationScenario(),
    }
    figures: dict[str, Any] = {}
    for kind in kinds:
        scenario = scenarios[kind]
        duration, worker = _calibrate(scenario, log)
        rounds = []
        for round_no in range(1, kills + 1):
            outcome, worker = _job_round(scenario, round_no, worker, log, duration, rng)
            rounds.append(outcome)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        figures[kind] = _summary(rounds, duration)
        _report(kind, figures[kind])
    return figures


def _report(kind: str, row: dict[str, Any]) -> None:
    """One kind's figures as soon as they are known (stderr: stdout is the JSON with --json)."""
    print(
        f"{kind:14} " + "  ".join(f"{k}={v}" for k, v in row.items()), file=sys.stderr, flush=True
    )


def _summary(rounds: list[dict[str, Any]], duration: float) -> dict[str, Any]:
    return {
        "kills": len(rounds),
        "during_job": sum(r["during_job"] for r in rounds),
        "partial": sum(r["partial"] for r in rounds),
        "lost": sum(r["lost"] for r in rounds),
        "stuck": sum(r["stuck"] for r in rounds),
        "job_seconds": round(duration, 2),
        "max_attempts": max((r["attempts"] for r in rounds), default=0),
    }


def run_evaluate(kills: int, rows: int, seed: int) -> dict[str, Any]:
    """``littlegiant evaluate`` over ``rows`` firms to .xlsx, killed ``kills`` times, then run through."""
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    from littlegiant.batch.arrow import records_to_arrow
    from littlegiant.demo import generate
    from littlegiant.records.derive import flat_records

    folder = HOME / "evaluate"
    folder.mkdir(exist_ok=True)
    records = flat_records(generate(seed=seed, n=min(rows, 3000)), dt.date.fromisoformat(AS_OF))
    table = records_to_arrow(list(records.values()))
    table = pa.concat_tables([table] * max(1, rows // max(1, table.num_rows)))
    source, output = folder / "firms.parquet", folder / "out.xlsx"
    pq.write_table(table, source)
    command = [*CLI, "evaluate", str(source), "-o", str(output), "--fast", "--as-of", AS_OF]
    began = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, **ENV})
    duration = time.monotonic() - began
    expected = table.num_rows
    output.unlink()
    rng = random.Random(seed)
    rounds = []
    for round_no in range(1, kills + 1):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env={**os.environ, **ENV})  # fmt: skip
        delay = rng.uniform(0, duration * 1.1)
        time.sleep(delay)
        alive = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = _xlsx_rows(output)
        rounds.append({"round": round_no, "during_job": alive, "attempts": 1, "stuck": False,
                       "partial": found is not None and found != expected, "lost": False})  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, **ENV})
    final = _xlsx_rows(output)
    leftovers = [p.name for p in folder.iterdir() if p.name not in {"firms.parquet", "out.xlsx"}]
    summary = _summary(rounds, duration)
    summary["lost"] = int(final != expected)
    summary["temp_files_left"] = len(leftovers)
    summary["rows"] = expected
    return summary


def _xlsx_rows(path: Path) -> int | None:
    from openpyxl import load_workbook

    if not path.exists():
        return None
    try:
        rows = sum(1 for _ in load_workbook(path, read_only=True).worksheets[0].iter_rows())
        return rows - 2  # the Chinese label row and the muted id row
    except Exception:
        return -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=20, help="kills of each kind")
    parser.add_argument(
        "--firms", type=int, default=1500, help="firms in the archive and per import"
    )
    parser.add_argument("--evaluate-rows", type=int, default=60000)
    parser.add_argument("--kinds", default="import,upload,re-evaluation,evaluate")
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = parser.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    began = time.monotonic()
    figures = run_jobs([k for k in kinds if k != "evaluate"], args.kills, args.firms, args.seed)
    if "evaluate" in kinds:
        figures["evaluate"] = run_evaluate(args.kills, args.evaluate_rows, args.seed)
        _report("evaluate", figures["evaluate"])
    shutil.rmtree(HOME, ignore_errors=True)
    figures["_seconds"] = round(time.monotonic() - began, 1)
    figures["_database"] = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    if args.json:
        print(json.dumps(figures))
        return
    print(f"load average {os.getloadavg()[0]:.1f}; {figures['_database']}; {figures['_seconds']} s")


if __name__ == "__main__":
    main()
