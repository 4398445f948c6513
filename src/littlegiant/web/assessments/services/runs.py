"""Batch re-evaluation: every enterprise in a user's scope under two versions of one programme.

A run is a row (``EvaluationRun``) that a background thread fills in chunks: progress after each
chunk (the page polls it), then who gained and who lost a ``qualified`` verdict between the base
and the new version. The run also refreshes ``Enterprise.size_class`` from the ``sme_size`` pack.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection
from django.utils import timezone

from littlegiant import rules
from littlegiant.errors import LittleGiantError
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import enterprises_visible_to, role_of
from littlegiant.web.assessments.models import EvaluationRun, RunState
from littlegiant.web.assessments.queries.candidates import pool_verdicts
from littlegiant.web.assessments.queries.evaluation import resolve_pack
from littlegiant.web.enterprises.queries.records import enterprise_records
from littlegiant.web.enterprises.services import store_size_classes

__all__ = ["CHUNK_SIZE", "RunInputError", "execute_evaluation_run", "start_evaluation_run"]

CHUNK_SIZE = 2000
SIZE_PROGRAMME = "sme_size"
logger = logging.getLogger(__name__)


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
    """Create a run over ``user``'s scope and start it (in a thread unless ``background=False``).

    Raises:
        PermissionDenied: the user is neither an official nor an admin.
        UnknownProgrammeError: a version does not exist.
        RunInputError: the two versions are the same.
    """
    if role_of(user) not in {Role.ADMIN, Role.OFFICIAL}:
        raise PermissionDenied("只有主管部门工作人员或管理员可以发起批量重评")
    if base_version == new_version:
        raise RunInputError(f"原版本与新版本相同（{base_version}），请选择两个不同的版本")
    base = resolve_pack(programme, as_of, base_version)
    new = resolve_pack(programme, as_of, new_version)
    run = EvaluationRun.objects.create(
        started_by=user, programme=programme, as_of=as_of, base_version=base.version,
        new_version=new.version, base_sha256=base.sha256, new_sha256=new.sha256,
        progress_total=enterprises_visible_to(user).count(),
    )  # fmt: skip
    if background:
        threading.Thread(
            target=_run_in_thread, args=(run.pk,), daemon=True, name=f"run-{run.pk}"
        ).start()
    else:
        execute_evaluation_run(run.pk)
        run.refresh_from_db()
    return run


def _run_in_thread(run_id: int) -> None:
    close_old_connections()
    try:
        execute_evaluation_run(run_id)
    finally:
        connection.close()


@dataclass(slots=True)
class _Tally:
    transitions: Counter[str] = field(default_factory=Counter)
    gained: list[dict[str, Any]] = field(default_factory=list)
    lost: list[dict[str, Any]] = field(default_factory=list)
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
        tally.add(record, before[record["uscc"]], after[record["uscc"]])
    if size is not None:
        classes = {
            uscc: verdict[2] for uscc, verdict in pool_verdicts(chunk, size, run.as_of).items()
        }
        tally.sizes_updated += store_size_classes(user=run.started_by, classes=classes)


def _finish(run: EvaluationRun, tally: _Tally) -> None:
    changed = sum(
        n for key, n in tally.transitions.items() if key.split("→")[0] != key.split("→")[1]
    )
    run.transitions = dict(tally.transitions)
    run.gained, run.lost = tally.gained, tally.lost
    run.gained_count, run.lost_count = len(tally.gained), len(tally.lost)
    run.unchanged_count = sum(tally.transitions.values()) - changed
    run.other_changed_count = changed - run.gained_count - run.lost_count
    run.size_classes_updated = tally.sizes_updated
    run.state, run.finished_at = RunState.DONE, timezone.now()
    run.save()


def execute_evaluation_run(run_id: int) -> None:
    """Run a created run to its end, saving progress after each chunk; failures are stored on it."""
    run = EvaluationRun.objects.select_related("started_by").get(pk=run_id)
    try:
        packs = (resolve_pack(run.programme, run.as_of, run.base_version),
                 resolve_pack(run.programme, run.as_of, run.new_version), _size_pack(run.as_of))  # fmt: skip
        pool = enterprises_visible_to(run.started_by).order_by("pk")
        run.state, run.progress_total, run.progress_done = RunState.RUNNING, pool.count(), 0
        run.save(update_fields=["state", "progress_total", "progress_done"])
        tally = _Tally()
        for start in range(0, run.progress_total, CHUNK_SIZE):
            chunk = list(enterprise_records(pool[start : start + CHUNK_SIZE], run.as_of))
            _process_chunk(run, packs, chunk, tally)
            run.progress_done += len(chunk)
            run.save(update_fields=["progress_done"])
        _finish(run, tally)
    except Exception as error:  # a run must end with a visible state whatever went wrong
        logger.exception("batch run %s failed", run_id)
        run.state, run.error, run.finished_at = RunState.FAILED, str(error), timezone.now()
        run.save(update_fields=["state", "error", "finished_at"])
