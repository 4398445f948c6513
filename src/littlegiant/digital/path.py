"""The path to the next digital level: the fewest answers that would lift the level, with the points each brings.

The 2024 level needs a score band *and* enough scenes at that level (some of them 约束性). Scenes carry no
points, so the two parts are independent: the score part takes the questions with the largest possible gain
first (which minimises how many answers change) and, for the last one, the smallest upgrade that still closes
the gap; the scene part raises the scenes closest to the target level, 约束性 ones first where they are short.
Gains and the final level are computed by the rules engine (``what_if``), never by this module.

Examples:
    >>> import datetime as dt
    >>> from littlegiant.digital.questionnaire import QUESTIONS, SCENES
    >>> low = {q.id: ["none"] if q.kind == "multi" else q.options[0].id for q in QUESTIONS}
    >>> low |= {s.field_id: 1 for s in SCENES}
    >>> path = next_level_path(low, dt.date(2025, 6, 30))
    >>> path.current_level, path.target_level, path.verified_level, len(path.steps)
    (0, 1, 1, 2)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from littlegiant import rules
from littlegiant.digital.answers import answer_label
from littlegiant.digital.questionnaire import (
    NONE_OPTION,
    QUESTIONS,
    SCENES,
    Question,
    Scene,
)
from littlegiant.digital.scoring import assess, digital_pack, level_label

__all__ = ["LevelPath", "PathStep", "next_level_path"]


@dataclass(frozen=True, slots=True)
class PathStep:
    """One answer to change: from what to what, and the points it adds (0 for a scene)."""

    field_id: str
    current: Any
    proposed: Any
    points: float
    current_text: str
    proposed_text: str

    @property
    def label(self) -> str:
        """The question's Chinese text."""
        return answer_label(self.field_id)

    @property
    def is_scene(self) -> bool:
        """Whether the step raises a 数字化经营 scene (no points, counts for the level gate)."""
        return self.field_id.startswith("dq_scene_")


@dataclass(frozen=True, slots=True)
class LevelPath:
    """The answers to change to reach ``target_level``; ``verified_level`` is the engine's level after them."""

    current_level: int
    target_level: int
    score: float
    score_needed: float
    steps: tuple[PathStep, ...]
    verified_level: int | None

    @property
    def reachable(self) -> bool:
        """Whether the proposed answers do reach the target level."""
        return self.verified_level is not None and self.verified_level >= self.target_level

    @property
    def points_gained(self) -> float:
        """The points the steps add together."""
        return round(sum(step.points for step in self.steps), 4)

    @property
    def target_label(self) -> str:
        """The target level in Chinese."""
        return level_label(self.target_level)


def _score(pack: rules.Pack, answers: Mapping[str, Any], as_of: dt.date) -> float:
    score = rules.evaluate(pack, answers, as_of, tracer=False).score
    return -1.0 if score is None else score


def _text(question: Question, answer: Any) -> str:
    if isinstance(answer, list):
        return "、".join(question.option_text(item) for item in answer) or "（未作答）"
    return question.option_text(answer) if answer is not None else "（未作答）"


def _upgrades(question: Question, current: Any, points: Mapping[str, float]) -> Iterator[Any]:
    """Better answers than ``current``, smallest change first."""
    if question.kind == "single":
        floor = points.get(current, -1.0)
        yield from sorted(
            (o for o in question.option_ids if points[o] > floor), key=points.__getitem__
        )
        return
    held = [item for item in (current or []) if item != NONE_OPTION]
    extra = sorted(
        (o for o in question.option_ids if o != NONE_OPTION and o not in held),
        key=lambda o: -points[o],
    )
    for count in range(1, len(extra) + 1):
        chosen = set(held) | set(extra[:count])
        yield [o for o in question.option_ids if o in chosen]


def _option_points(pack: rules.Pack, question: Question, as_of: dt.date) -> dict[str, float]:
    values = pack.parameter_values(as_of)
    short = question.id.removeprefix("dq_")
    return {o: float(values.get(f"points_{short}_{o}", 0.0)) for o in question.option_ids}


def _score_steps(
    pack: rules.Pack, answers: dict[str, Any], as_of: dt.date, needed: float
) -> list[PathStep]:
    base = _score(pack, answers, as_of)
    options: list[tuple[Question, list[tuple[Any, float]]]] = []
    for question in QUESTIONS:
        points = _option_points(pack, question, as_of)
        gains = [(a, round(_score(pack, {**answers, question.id: a}, as_of) - base, 4))
                 for a in _upgrades(question, answers.get(question.id), points)]  # fmt: skip
        if gains:
            options.append((question, gains))
    options.sort(key=lambda item: -max(gain for _, gain in item[1]))
    steps, remaining = [], round(needed - base, 4)
    for question, gains in options:
        if remaining <= 0:
            break
        answer, gain = next(
            ((a, g) for a, g in gains if g >= remaining), max(gains, key=lambda item: item[1])
        )
        current = answers.get(question.id)
        steps.append(
            PathStep(
                question.id,
                current,
                answer,
                gain,
                _text(question, current),
                _text(question, answer),
            )
        )
        remaining = round(remaining - gain, 4)
    return steps


def _scene_steps(answers: Mapping[str, Any], target: int, need_any: int, need_mandatory: int,
                 mandatory: Mapping[str, bool]) -> list[PathStep]:  # fmt: skip
    def level(scene: Scene) -> int:
        return int(answers.get(scene.field_id) or 0)

    below = sorted((s for s in SCENES if level(s) < target), key=lambda s: -level(s))
    have_any = sum(level(s) >= target for s in SCENES)
    have_mandatory = sum(level(s) >= target and mandatory[s.id] for s in SCENES)
    raise_mandatory = [s for s in below if mandatory[s.id]][
        : max(need_mandatory - have_mandatory, 0)
    ]
    rest = [s for s in below if s not in raise_mandatory]
    raised = raise_mandatory + rest[: max(need_any - have_any - len(raise_mandatory), 0)]
    return [
        PathStep(
            s.field_id,
            level(s) or None,
            target,
            0.0,
            level_label(level(s) or None),
            level_label(target),
        )
        for s in raised
    ]


def next_level_path(answers: Mapping[str, Any], as_of: dt.date) -> LevelPath | None:
    """The fewest answer changes that lift the level by one; None at 四级 or while the level is unknown."""
    result = assess(answers, as_of, tracer=False)
    if result.level is None or result.level >= 4 or result.verdict.version == "2022":
        return None
    pack, target = digital_pack(as_of, result.verdict.version), result.level + 1
    values = pack.parameter_values(as_of)
    needed = float(values[f"level_{target}_score_min"])
    steps = _score_steps(pack, dict(answers), as_of, needed)
    mandatory = {s.id: bool(values[f"scene_mandatory_{s.id}"]) for s in SCENES}
    steps += _scene_steps(
        answers, target, int(values[f"level_{target}_scenes_min"]),
        int(values[f"level_{target}_mandatory_scenes_min"]), mandatory,
    )  # fmt: skip
    proposed = {**answers, **{step.field_id: step.proposed for step in steps}}
    verified = assess(proposed, as_of, tracer=False).level
    score = result.score or 0.0
    return LevelPath(result.level, target, score, needed, tuple(steps), verified)
