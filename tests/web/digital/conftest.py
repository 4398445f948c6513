"""Complete answers for the web tests of the digital-maturity app (lowest and top answers)."""

from __future__ import annotations

import pytest

from littlegiant.digital.questionnaire import QUESTIONS, SCENES
from littlegiant.records import fields  # noqa: F401  (load the record before the questionnaire)


def answers_at(top: bool, scene_level: int) -> dict:
    """Every question at its top (or 0-point) answer and every scene at ``scene_level``."""
    answers: dict = {}
    for question in QUESTIONS:
        if question.kind == "multi":
            answers[question.id] = (
                [o.id for o in question.options if o.id != "none"] if top else ["none"]
            )
        else:
            answers[question.id] = question.options[-1 if top else 0].id
    return answers | {scene.field_id: scene_level for scene in SCENES}


@pytest.fixture
def answers() -> object:
    """The ``answers_at(top, scene_level)`` builder."""
    return answers_at


@pytest.fixture
def top_answers() -> dict:
    return answers_at(True, 4)


@pytest.fixture
def low_answers() -> dict:
    return answers_at(False, 1)
