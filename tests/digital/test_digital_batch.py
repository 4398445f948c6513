"""The digital_level pack through the batch (DuckDB SQL) path agrees with the Python path, unknowns included."""

from __future__ import annotations

import random

import pytest
from dq_answers import AS_OF

from littlegiant.batch import run
from littlegiant.batch.arrow import records_to_arrow
from littlegiant.digital.questionnaire import QUESTIONS, SCENES
from littlegiant.rules import evaluate, pack_for

pytestmark = pytest.mark.duckdb


def random_answers(rng: random.Random, index: int) -> dict:
    record: dict = {"uscc": f"R{index:04d}"}
    for question in QUESTIONS:
        if rng.random() < 0.03:
            continue  # unanswered
        if question.kind == "multi":
            record[question.id] = [
                o for o in question.option_ids if o != "none" and rng.random() < 0.6
            ] or ["none"]
        else:
            record[question.id] = rng.choice(question.option_ids)
    for scene in SCENES:
        if rng.random() > 0.02:
            record[scene.field_id] = rng.choice((1, 2, 2, 3, 3, 4, 4, 4))
    return record


def test_batch_sql_and_python_give_the_same_status_score_and_level():
    rng = random.Random(20240904)
    records = [random_answers(rng, i) for i in range(200)]
    pack = pack_for("digital_level", AS_OF)
    table = run(records_to_arrow(records), [pack], AS_OF).to_pylist()
    python = [evaluate(pack, record, AS_OF, tracer=False) for record in records]
    assert (
        len({v.classification for v in python}) >= 4
    )  # the sample covers several levels and unknowns
    assert any(v.classification is None for v in python)
    for row, verdict in zip(table, python, strict=True):
        assert (
            row["digital_level__status"],
            row["digital_level__score"],
            row["digital_level__class"],
        ) == (verdict.status.value, verdict.score, verdict.classification), row["uscc"]
