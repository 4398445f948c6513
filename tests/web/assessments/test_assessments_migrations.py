"""Migrations 0002 to 0004 move each stored run's owner, state, progress and error onto a job of its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("assessments", "0001_initial"), ("jobs", "0001_initial")]
AFTER = [("assessments", "0004_run_state_on_the_job")]


@pytest.mark.django_db(transaction=True)
def test_stored_runs_get_a_job_with_their_state(db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    owner = get_user_model().objects.create_user(username="runner", password="x-Runner-pw-1")
    created = dt.datetime(2025, 1, 2, 3, 4, tzinfo=dt.UTC)
    run = old_apps.get_model("assessments", "EvaluationRun").objects.create(
        started_by_id=owner.pk, programme="specialized_sme", as_of=dt.date(2025, 6, 30),
        base_version="2022", new_version="2026", state="failed", progress_done=5,
        progress_total=9, error="出错了", finished_at=created,
    )  # fmt: skip
    old_apps.get_model("assessments", "EvaluationRun").objects.filter(pk=run.pk).update(
        created_at=created
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    job = new_apps.get_model("assessments", "EvaluationRun").objects.get(pk=run.pk).job
    assert (job.kind, job.owner_id, job.status, job.error) == (
        "evaluation_run", owner.pk, "failed", "出错了")  # fmt: skip
    assert (job.progress_done, job.progress_total) == (5, 9)
    assert job.created_at == created and job.finished_at == created
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
