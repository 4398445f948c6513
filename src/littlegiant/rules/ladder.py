"""The tier ladder 科技和创新型 → 专精特新 → 小巨人: where a record stands and the next step's gaps.

Examples:
    >>> import datetime as dt
    >>> ladder({"high_tech_enterprise": True, "employees_y1": 50, "revenue_y1": 800, "total_assets_y1": 500,
    ...         "restricted_industry": False, "major_violation": False}, dt.date(2025, 6, 30)).position
    'tier1'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from littlegiant.rules.errors import UnknownProgrammeError
from littlegiant.rules.evaluate import Status, Verdict, evaluate
from littlegiant.rules.gaps import Gap, gaps
from littlegiant.rules.registry import pack_for
from littlegiant.rules.semantics import normalize_value

__all__ = ["TIERS", "Ladder", "Rung", "ladder"]

TIERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("tier1", "科技和创新型中小企业", ("tech_sme", "innovative_sme")),
    ("tier2", "专精特新中小企业", ("specialized_sme",)),
    ("tier3", "专精特新“小巨人”企业", ("little_giant",)),
)
"""(tier id, Chinese name, programmes any of which gives the tier; the title field has the same id)."""


@dataclass(frozen=True, slots=True)
class Rung:
    """One tier: titles held, verdicts of its programmes, and whether the record stands on it."""

    tier: str
    label: str
    held: bool
    verdicts: tuple[Verdict, ...]

    @property
    def qualified(self) -> bool:
        """Any programme of the tier is met."""
        return any(v.status is Status.QUALIFIED for v in self.verdicts)


@dataclass(frozen=True, slots=True)
class Ladder:
    """Where the record stands (highest tier held or met) and the gaps to the next tier."""

    as_of: dt.date
    rungs: tuple[Rung, ...]
    position: str | None
    next_tier: str | None
    next_gaps: dict[str, list[Gap]] = field(default_factory=dict)


def _rung(
    tier: str, label: str, programmes: tuple[str, ...], record: Mapping[str, Any], as_of: dt.date
) -> Rung:
    held = any(normalize_value(p, record.get(p)) is True for p in programmes)
    verdicts = []
    for programme in programmes:
        try:
            verdicts.append(evaluate(pack_for(programme, as_of), record, as_of, tracer=False))
        except UnknownProgrammeError:
            continue
    return Rung(tier, label, held, tuple(verdicts))


def ladder(record: Mapping[str, Any], as_of: dt.date) -> Ladder:
    """Evaluate every tier's programmes; the position is the highest tier held or qualified for."""
    rungs = tuple(
        _rung(tier, label, programmes, record, as_of) for tier, label, programmes in TIERS
    )
    position = None
    for rung in rungs:
        if rung.held or rung.qualified:
            position = rung.tier
    index = [r.tier for r in rungs].index(position) + 1 if position else 0
    if index >= len(rungs):
        return Ladder(as_of, rungs, position, None)
    following = rungs[index]
    next_gaps = {
        v.programme: gaps(pack_for(v.programme, as_of), record, as_of)
        for v in following.verdicts
        if v.status is not Status.QUALIFIED
    }
    return Ladder(as_of, rungs, position, following.tier, next_gaps)
