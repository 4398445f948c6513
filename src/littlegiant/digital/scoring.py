"""Score answers to the digital-maturity questionnaire with the ``digital_level`` pack: total, level,
dimension subtotals (for the radar chart) and scene levels, with the engine's verdict and trace.

Examples:
    >>> import datetime as dt
    >>> from littlegiant.digital.questionnaire import QUESTIONS, SCENES
    >>> best = {q.id: [o.id for o in q.options if o.id != "none"] if q.kind == "multi" else q.options[-1].id
    ...         for q in QUESTIONS}
    >>> result = assess({**best, **{s.field_id: 4 for s in SCENES}}, dt.date(2025, 6, 30))
    >>> result.score, result.level, result.level_label
    (100.0, 4, '四级')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from littlegiant import rules
from littlegiant.digital.questionnaire import DIMENSIONS, SCENES, SCENES_BY_ID
from littlegiant.records.labels import UNKNOWN
from littlegiant.rules.evaluate import Verdict

__all__ = [
    "LEVEL_LABELS",
    "PROGRAMME",
    "DigitalResult",
    "DimensionScore",
    "SceneRating",
    "assess",
    "digital_pack",
    "level_label",
]

PROGRAMME = "digital_level"
LEVEL_LABELS: dict[int, str] = {0: "未达一级", 1: "一级", 2: "二级", 3: "三级", 4: "四级"}


def level_label(level: int | None) -> str:
    """The Chinese name of a level (``待定`` when unknown)."""
    return f"{UNKNOWN}（答卷不完整）" if level is None else LEVEL_LABELS[level]


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """A dimension's points and its share of the maximum (the radar chart's axis value, 0-100)."""

    id: str
    label: str
    points: float | None
    maximum: float

    @property
    def percent(self) -> float | None:
        """Points as a percentage of the maximum."""
        return None if self.points is None else round(self.points / self.maximum * 100, 1)


@dataclass(frozen=True, slots=True)
class SceneRating:
    """One 数字化经营 scene's level with what that level means."""

    id: str
    label: str
    group: str
    mandatory: bool
    level: int | None

    @property
    def descriptor(self) -> str:
        """The descriptor of the rated level ('' when not rated)."""
        return "" if self.level is None else SCENES_BY_ID[self.id].descriptors[self.level - 1]


@dataclass(frozen=True, slots=True)
class DigitalResult:
    """An assessed questionnaire: the engine's verdict plus the views the result page needs."""

    verdict: Verdict
    level: int | None
    dimensions: tuple[DimensionScore, ...]
    scenes: tuple[SceneRating, ...]

    @property
    def score(self) -> float | None:
        """The total score (0-100), None when an answer is missing."""
        return self.verdict.score

    @property
    def level_label(self) -> str:
        """The level in Chinese."""
        return level_label(self.level)

    @property
    def missing(self) -> tuple[str, ...]:
        """The answer ids whose absence leaves the level unknown."""
        return self.verdict.missing

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: pack, score, level, dimensions, scenes, missing answers and the full trace."""
        return {
            "programme": self.verdict.programme, "version": self.verdict.version,
            "sha256": self.verdict.sha256, "as_of": self.verdict.as_of.isoformat(),
            "score": self.score, "level": self.level, "level_label": self.level_label,
            "status": self.verdict.status.value, "missing": list(self.missing),
            "dimensions": [{"id": d.id, "label": d.label, "points": d.points, "maximum": d.maximum,
                            "percent": d.percent} for d in self.dimensions],
            "scenes": [{"id": s.id, "label": s.label, "mandatory": s.mandatory, "level": s.level}
                       for s in self.scenes],
            "trace": self.verdict.to_dict()["trace"],
        }  # fmt: skip


def digital_pack(as_of: dt.date, version: str | None = None) -> rules.Pack:
    """The ``digital_level`` pack in force at ``as_of`` (or the given version)."""
    if version is not None:
        return rules.pack_for(PROGRAMME, as_of, version=version)
    return rules.pack_for(PROGRAMME, as_of)


def _dimensions(values: Mapping[str, Any]) -> tuple[DimensionScore, ...]:
    scores = []
    for dimension in DIMENSIONS:
        if dimension.rule not in values:
            continue
        maximum = dimension.points if dimension.points is not None else 4.0
        scores.append(
            DimensionScore(dimension.id, dimension.label, values[dimension.rule], maximum)
        )
    return tuple(scores)


def _scenes(record: Mapping[str, Any], version: str) -> tuple[SceneRating, ...]:
    if version == "2022":
        return ()
    ratings = []
    for scene in SCENES:
        value = record.get(scene.field_id)
        level = (
            int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        )
        ratings.append(SceneRating(scene.id, scene.label, scene.group, scene.mandatory, level))
    return tuple(ratings)


def assess(
    answers: Mapping[str, Any], as_of: dt.date, *, version: str | None = None, tracer: bool = True
) -> DigitalResult:
    """Score canonical answers (see :func:`littlegiant.digital.answers.parse_answers`) at ``as_of``.

    Raises:
        UnknownProgrammeError: no ``digital_level`` pack is in force at ``as_of``.
    """
    pack = digital_pack(as_of, version)
    verdict = rules.evaluate(pack, answers, as_of, tracer=tracer)
    level = verdict.values.get("level")
    return DigitalResult(
        verdict=verdict,
        level=None if level is None else int(level),
        dimensions=_dimensions(verdict.values),
        scenes=_scenes(answers, pack.version),
    )
