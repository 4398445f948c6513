"""REST API of the digital-maturity assessment: the questionnaire's definition and scoring of answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from littlegiant.io.digital_answers import require_complete
from littlegiant.io.digital_path import next_level_path
from littlegiant.io.digital_scoring import assess
from littlegiant.records.digital_questionnaire import DIMENSIONS, QUESTIONS, SCENES

__all__ = ["router"]

router = Router(tags=["数字化水平评测"])


class ScoreIn(Schema):
    """Answers keyed by answer id (or question text); ``as_of`` picks the pack version (default today)."""

    answers: dict[str, Any]
    as_of: dt.date | None = None


@router.get("/questionnaire")
def get_questionnaire(request: HttpRequest) -> dict[str, Any]:
    """The 2024 questionnaire: dimensions, questions with their options, scenes with level descriptors."""
    return {
        "dimensions": [{"id": d.id, "label": d.label, "points": d.points} for d in DIMENSIONS],
        "questions": [{"id": q.id, "dimension": q.dimension, "sub_dimension": q.sub_dimension, "text": q.text,
                       "kind": q.kind, "points": q.points, "rule": q.rule,
                       "options": [{"id": o.id, "text": o.text} for o in q.options]} for q in QUESTIONS],
        "scenes": [{"id": s.field_id, "label": s.label, "group": s.group, "mandatory": s.mandatory,
                    "levels": list(s.descriptors)} for s in SCENES],
    }  # fmt: skip


@router.post("/score")
def score_answers(request: HttpRequest, payload: ScoreIn) -> dict[str, Any]:
    """Score a complete questionnaire: total, level, dimensions, scenes, trace and the path to the next level.

    Missing or invalid answers give 400 with every problem named in Chinese.
    """
    day = payload.as_of or timezone.localdate()
    answers = require_complete(payload.answers)
    result = assess(answers, day).to_dict()
    path = next_level_path(answers, day)
    result["next_level"] = None if path is None else {
        "target_level": path.target_level, "reachable": path.reachable, "points_gained": path.points_gained,
        "steps": [{"field": s.field_id, "label": s.label, "current": s.current, "proposed": s.proposed,
                   "points": s.points} for s in path.steps],
    }  # fmt: skip
    return result
