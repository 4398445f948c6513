"""Batch re-evaluation: every enterprise in a user's scope under two versions of one programme.

A run is a row (``EvaluationRun``) filled in chunks by a job (``jobs``): progress after each chunk
(the page polls it), then who gained and who lost a ``qualified`` verdict between the base and the
new version. The run also refreshes ``Enterprise.size_class`` from the ``sme_size`` pack. Everything
is computed first (read only, with progress); the writes happen at the end in one transaction, so a
killed run is safe to run again (``jobs`` queues it again).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from littlegiant import rules
from littlegiant.errors import LittleGiantError
from littlegiant.web.accounts.permissions import enterprises_visible_to, is_bureau
from littlegiant.web.assessments.models import EvaluationRun
from littlegiant.web.assessments.queries.candidates import pool_verdicts
from littlegiant.web.assessments.queries.evaluation import resolve_pack
from littlegiant.web.enterprises.queries.records import enterprise_records
from littlegiant.web.enterprises.services import store_size_classes
from littlegiant.web.jobs.models import Job
from littlegiant.web.jobs.services import Progress, launch_job, queue_job

__all__ = ["CHUNK_SIZE", "RUN_JOB", "RunInputError", "run_evaluation", "start_evaluation_run"]

CHUNK_SIZE = 2000
RUN_JOB = "evaluation_run"
SIZE_PROGRAMME = "sme_size"


class RunInputError(LittleGiantError):
    """A batch run was asked with versions that cannot be compared."""


def start_evaluation_run(
    *,
    user: Any,
    programme: str,
    base_version: str,
    new_version: str,
    as_of: dt.date,
    background: bool = True,
) -> EvaluationRun:
    """Create a run over ``user``'s scope and start its job (in the background unless ``background=False``).

    Raises:
        PermissionDenied: the user is neither an official nor an admin.
        UnknownProgrammeError: a version does not exist.
        RunInputError: the two versions are the same.
    """
    if not is_bureau(user):
        raise PermissionDenied("只有主管部门工作人员或管理员可以发起批量重评")
    if base_version == new_version:
        raise RunInputError(f"原版本与新版本相同（{base_version}），请选择两个不同的版本")
    base = resolve_pack(programme, as_of, base_version)
    new = resolve_pack(programme, as_of, new_version)
    params = {"programme": programme, "base_version": base.version,
              "new_version": new.version, "as_of": as_of.isoformat()}  # fmt: skip
    job = queue_job(user=user, kind=RUN_JOB, params=params)
    run = EvaluationRun.objects.create(
        job=job, programme=programme, as_of=as_of, base_version=base.version,
        new_version=new.version, base_sha256=base.sha256, new_sha256=new.sha256,
    )  # fmt: skip
    launch_job(user=user, job=job, task=run_evaluation, background=background)
    run.refresh_from_db()
    return run


@dataclass(slots=True)
class _Tally:
    transitions: Counter[str] = field(default_factory=Counter)
    gained: list[dict[str, Any]] = field(default_factory=list)
    lost: list[dict[str, Any]] = field(default_factory=list)
    sizes: dict[str, str | None] = field(default_factory=dict)
    sizes_updated: int = 0

    def add(self, record: dict[str, Any], before: tuple[Any, ...], after: tuple[Any, ...]) -> None:
        self.transitions[f"{before[0]}→{after[0]}"] += 1
        entry = {
            "uscc": record["uscc"], "name": record.get("name") or "",
            "region_code": record.get("region_code") or "", "before": before[0], "after": after[0],
            "score_before": before[1], "score_after": after[1],
        }  # fmt: skip
        if after[0] == "qualified" and before[0] != "qualified":
            self.gained.append(entry)
        elif before[0] == "qualified" and after[0] != "qualified":
            self.lost.append(entry)


def changed_clauses(pack: rules.Pack, record: dict[str, Any], as_of: dt.date) -> str:
    """The conditions ``record`` does not meet under ``pack`` (labels with that version's thresholds):
    for a firm that gained, those of the base version; for one that lost, those of the new version."""
    shortfall = rules.evaluate(pack, record, as_of).open_conditions
    parts = [
        f"{condition.label}（缺少数据）" if condition.unknown else condition.label
        for condition in shortfall.conditions
    ]
    return f"{pack.version} 版未满足：" + "；".join(dict.fromkeys(parts)) if parts else ""


def _size_pack(as_of: dt.date) -> rules.Pack | None:
    try:
        return rules.pack_for(SIZE_PROGRAMME, as_of)
    except rules.UnknownProgrammeError:
        return None


def _process_chunk(
    run: EvaluationRun,
    packs: tuple[rules.Pack, rules.Pack, rules.Pack | None],
    chunk: list[dict[str, Any]],
    tally: _Tally,
) -> None:
    base, new, size = packs
    before = pool_verdicts(chunk, base, run.as_of)
    after = pool_verdicts(chunk, new, run.as_of)
    for record in chunk:
        counted = len(tally.gained), len(tally.lost)
        tally.add(record, before[record["uscc"]], after[record["uscc"]])
        if len(tally.gained) > counted[0]:  # the base version's open conditions are what changed
            tally.gained[-1]["clauses"] = changed_clauses(base, record, run.as_of)
        elif len(tally.lost) > counted[1]:  # the new version's open conditions made it lose
            tally.lost[-1]["clauses"] = changed_clauses(new, record, run.as_of)
    if size is not None:
        tally.sizes.update(
            (uscc, verdict[2]) for uscc, verdict in pool_verdicts(chunk, size, run.as_of).items()
        )


def _finish(run: EvaluationRun, tally: _Tally) -> None:
    """Write what the run found — the size classes and the run's tallies — in one transaction: a run
    killed before it leaves the archive as it was (and is run again from the start), never half-written."""
    with transaction.atomic():
        tally.sizes_updated = (
            store_size_classes(user=run.job.owner, classes=tally.sizes) if tally.sizes else 0
        )
        _save_tally(run, tally)


def _save_tally(run: EvaluationRun, tally: _Tally) -> None:
    changed = sum(
        n for key, n in tally.transitions.items() if key.split("→")[0] != key.split("→")[1]
    )
    run.transitions = dict(tally.transitions)
    run.gained, run.lost = tally.gained, tally.lost
    run.gained_count, run.lost_count = len(tally.gained), len(tally.lost)
    run.unchanged_count = sum(tally.transitions.values()) - changed
    run.other_changed_count = changed - run.gained_count - run.lost_count
    run.size_classes_updated = tally.sizes_updated
    run.save()


def run_evaluation(job: Job, progress: Progress) -> None:
    """The run's job: evaluate the owner's pool chunk by chunk, reporting progress after each chunk."""
    run = EvaluationRun.objects.get(job=job)
    run.job = job  # progress reports update this instance
    packs = (resolve_pack(run.programme, run.as_of, run.base_version),
             resolve_pack(run.programme, run.as_of, run.new_version), _size_pack(run.as_of))  # fmt: skip
    pool = enterprises_visible_to(job.owner).order_by("pk")
    total, done = pool.count(), 0
    progress(done, total)
    tally = _Tally()
    for start in range(0, total, CHUNK_SIZE):
        chunk = list(enterprise_records(pool[start : start + CHUNK_SIZE], run.as_of))
        _process_chunk(run, packs, chunk, tally)
        done += len(chunk)
        progress(done, total)
    _finish(run, tally)
