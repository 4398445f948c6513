"""Answer builders for the digital-maturity tests: the lowest answers (0 points, all scenes 1) and the top ones.

A plain helper module (not a conftest) so that test modules import it by a unique name.
"""

from __future__ import annotations

import datetime as dt

from littlegiant.digital.questionnaire import QUESTIONS, SCENES
from littlegiant.records import fields  # noqa: F401  (load the record before the questionnaire)

AS_OF = dt.date(2025, 6, 30)


def lowest_answers() -> dict:
    """Every question at its 0-point answer, every scene at level 1: 0 points, 未达一级."""
    answers: dict = {}
    for question in QUESTIONS:
        if question.kind == "multi":
            answers[question.id] = ["none"]
        else:
            answers[question.id] = question.options[0].id
    answers |= {scene.field_id: 1 for scene in SCENES}
    return answers


def top_answers() -> dict:
    """Every question at full points, every scene at level 4: 100 points, 四级."""
    answers: dict = {}
    for question in QUESTIONS:
        if question.kind == "multi":
            answers[question.id] = [o.id for o in question.options if o.id != "none"]
        else:
            answers[question.id] = question.options[-1].id
    answers |= {scene.field_id: 4 for scene in SCENES}
    return answers
