"""Batch re-evaluation: gained / lost between two pack versions, progress, size classes, failures."""

from __future__ import annotations

import time

import pytest
from assessments_fixtures import AS_OF, usc
from django.core.exceptions import PermissionDenied

from littlegiant import rules
from littlegiant.web.accounts.services import system_user
from littlegiant.web.assessments.models import EvaluationRun
from littlegiant.web.assessments.services import runs
from littlegiant.web.assessments.services.runs import (
    RunInputError,
    run_evaluation,
    start_evaluation_run,
)
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.records import enterprise_record
from littlegiant.web.jobs.models import JobStatus
from littlegiant.web.jobs.services import run_job


def _expected_diff(enterprises, as_of):
    old = rules.pack_for("specialized_sme", as_of, version="2022")
    new = rules.pack_for("specialized_sme", as_of, version="2026")
    gained, lost, unchanged = set(), set(), 0
    for enterprise in enterprises:
        record = enterprise_record(enterprise, as_of)
        before = rules.evaluate(old, record, as_of).status.value
        after = rules.evaluate(new, record, as_of).status.value
        if after == "qualified" and before != "qualified":
            gained.add(enterprise.uscc)
        elif before == "qualified" and after != "qualified":
            lost.add(enterprise.uscc)
        unchanged += before == after
    return gained, lost, unchanged


def test_run_lists_who_gained_and_lost_exactly_as_the_engine_says(pool, users):
    run = start_evaluation_run(
        user=users["official"],
        programme="specialized_sme",
        base_version="2022",
        new_version="2026",
        as_of=AS_OF,
        background=False,
    )
    scope = Enterprise.objects.filter(region_code__startswith="3301")
    gained, lost, unchanged = _expected_diff(scope, AS_OF)
    assert run.job.status == JobStatus.DONE and run.job.percent == 100
    assert (run.job.progress_done, run.job.progress_total) == (scope.count(), scope.count())
    assert {e["uscc"] for e in run.gained} == gained and run.gained_count == len(gained)
    assert {e["uscc"] for e in run.lost} == lost and run.lost_count == len(lost)
    assert run.unchanged_count == unchanged
    assert sum(run.transitions.values()) == scope.count()
    assert usc(102) in lost, (
        "2 years in the niche and a provincial award pass 2022, not 2026 (≥ 3 years)"
    )
    assert usc(901, "320102") not in {e["uscc"] for e in run.gained + run.lost}
    lost_entry = next(e for e in run.lost if e["uscc"] == usc(102))
    assert lost_entry["clauses"].startswith("2026 版未满足：")
    assert "细分市场" in lost_entry["clauses"]  # the niche-years clause of 2026 is what changed
    new = rules.pack_for("specialized_sme", AS_OF, version="2026")
    old = rules.pack_for("specialized_sme", AS_OF, version="2022")
    for entry, pack in [*((e, old) for e in run.gained), *((e, new) for e in run.lost)]:
        record = enterprise_record(Enterprise.objects.get(uscc=entry["uscc"]), AS_OF)
        shortfall = rules.evaluate(pack, record, AS_OF).open_conditions
        assert shortfall.total > 0 and all(label in entry["clauses"] for label in shortfall.labels)
    assert run.base_sha256 == rules.pack_for("specialized_sme", AS_OF, version="2022").sha256


def test_run_refreshes_size_classes_from_sme_size(pool, users):
    Enterprise.objects.filter(uscc=usc(101)).update(size_class="large")
    run = start_evaluation_run(
        user=users["admin"],
        programme="specialized_sme",
        base_version="2022",
        new_version="2026",
        as_of=AS_OF,
        background=False,
    )
    size = rules.pack_for("sme_size", AS_OF)
    enterprise = Enterprise.objects.get(uscc=usc(101))
    expected = rules.evaluate(size, enterprise_record(enterprise, AS_OF), AS_OF).classification
    assert expected == "small"  # 工业: 85 persons, 3000 万元
    assert enterprise.size_class == expected
    assert run.size_classes_updated >= 1


def test_run_in_chunks_reports_progress_after_each_chunk(pool, users, monkeypatch):
    monkeypatch.setattr(runs, "CHUNK_SIZE", 2)
    seen = []
    original = runs._process_chunk
    monkeypatch.setattr(
        runs,
        "_process_chunk",
        lambda run, *a: (seen.append(run.job.progress_done), original(run, *a)),
    )
    run = start_evaluation_run(
        user=users["admin"],
        programme="specialized_sme",
        base_version="2022",
        new_version="2026",
        as_of=AS_OF,
        background=False,
    )
    assert seen == [0, 2, 4, 6, 8] and run.job.progress_done == 9


def test_only_officials_and_admins_start_runs(pool, users):
    for role in ("enterprise", "provider"):
        with pytest.raises(PermissionDenied):
            start_evaluation_run(
                user=users[role],
                programme="specialized_sme",
                base_version="2022",
                new_version="2026",
                as_of=AS_OF,
                background=False,
            )
    assert not EvaluationRun.objects.exists()


def test_same_or_unknown_versions_are_refused(pool, users):
    with pytest.raises(RunInputError, match="相同"):
        start_evaluation_run(
            user=users["admin"],
            programme="specialized_sme",
            base_version="2026",
            new_version="2026",
            as_of=AS_OF,
            background=False,
        )
    with pytest.raises(rules.UnknownProgrammeError):
        start_evaluation_run(
            user=users["admin"],
            programme="specialized_sme",
            base_version="2019",
            new_version="2026",
            as_of=AS_OF,
            background=False,
        )


def test_a_run_that_cannot_evaluate_ends_failed_with_the_reason(pool, users):
    early = AS_OF.replace(year=2025)  # the 2026 pack has no parameters yet
    run = start_evaluation_run(
        user=users["admin"],
        programme="specialized_sme",
        base_version="2022",
        new_version="2026",
        as_of=early,
        background=False,
    )
    job = run.job
    assert (
        job.status == JobStatus.FAILED and "2025-06-30" in job.error and job.finished_at is not None
    )


@pytest.mark.django_db(transaction=True)
def test_a_background_run_is_run_by_the_task_queue_worker(users, task_worker):
    from assessments_fixtures import archive_tables, firm

    from littlegiant.web.enterprises.services import load_archive_rows

    load_archive_rows(
        tables=archive_tables(
            [firm(120, "杭州线程测试有限公司", niche_years=2, provincial_award_rank=1)]
        ),
        user=system_user(),
    )
    run = start_evaluation_run(
        user=users["official"],
        programme="specialized_sme",
        base_version="2022",
        new_version="2026",
        as_of=AS_OF,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        run.refresh_from_db()
        run.job.refresh_from_db()
        if run.job.finished:
            break
        time.sleep(0.05)
    assert run.job.status == JobStatus.DONE, run.job.error
    assert usc(120) in {e["uscc"] for e in run.lost}


def test_execute_is_idempotent_on_a_finished_run(pool, users):
    run = start_evaluation_run(
        user=users["admin"],
        programme="specialized_sme",
        base_version="2022",
        new_version="2026",
        as_of=AS_OF,
        background=False,
    )
    first = (run.gained_count, run.lost_count, run.unchanged_count)
    run_job(run.job.pk, task=run_evaluation)  # a job delivered twice runs once
    run.refresh_from_db()
    assert (run.gained_count, run.lost_count, run.unchanged_count) == first


def test_a_reviewed_market_position_lets_a_firm_gain_under_2026(load_records, users):
    from assessments_fixtures import firm

    # 2022: a score below 60 and no direct condition; 2026 has no score line and S8 is reviewed as leading
    load_records(
        [
            firm(
                140,
                "杭州新标准受益有限公司",
                market_position_leading=True,
                local_feature_score=0,
                digital_level=1,
                rd_institution_level="none",
                net_profit_y1=10,
                own_brand=False,
            )
        ]
    )
    run = start_evaluation_run(
        user=users["admin"],
        programme="specialized_sme",
        base_version="2022",
        new_version="2026",
        as_of=AS_OF,
        background=False,
    )
    gained = {e["uscc"]: e for e in run.gained}
    assert usc(140) in gained and gained[usc(140)]["after"] == "qualified"
    assert gained[usc(140)]["before"] in {"not_qualified", "unknown"}
