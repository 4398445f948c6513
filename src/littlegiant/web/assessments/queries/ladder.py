"""The cultivation ladder 科技和创新型 → 专精特新 → 小巨人 for one enterprise, built from the titles
it holds on the as-of date and the verdicts already computed for the evaluation tab.

Examples:
    >>> steps = ladder_steps({"innovative_sme": True}, {})
    >>> [(step.label, step.held, step.is_next) for step in steps]
    [('科技和创新型中小企业', True, False), ('专精特新中小企业', False, True), ('专精特新“小巨人”企业', False, False)]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from littlegiant.web.assessments.queries.evaluation import ProgrammeResult

__all__ = ["TIERS", "LadderStep", "ladder_steps"]

TIERS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("科技和创新型中小企业", ("tech_sme", "innovative_sme"), ("innovative_sme", "tech_sme")),
    ("专精特新中小企业", ("specialized_sme",), ("specialized_sme",)),
    ("专精特新“小巨人”企业", ("little_giant",), ("little_giant",)),
)
"""(label, titles that place a firm on the tier, programmes that evaluate it), bottom first."""


@dataclass(frozen=True, slots=True)
class LadderStep:
    """One tier: held, the verdict of its programme now, and for the next step its smallest gap."""

    label: str
    held: bool
    is_next: bool
    result: ProgrammeResult | None

    @property
    def gap(self) -> str:
        """The smallest gap's message for the next step ('' otherwise or when qualified)."""
        if not self.is_next or self.result is None or not self.result.gaps:
            return ""
        return str(self.result.gaps[0].get("message", ""))

    @property
    def missing_count(self) -> int:
        """How many fields the next step's verdict lacks."""
        return len(self.result.verdict.missing) if self.result is not None else 0


def _result_for(
    programmes: tuple[str, ...], results: Mapping[str, ProgrammeResult]
) -> ProgrammeResult | None:
    found = [results[pid] for pid in programmes if pid in results]
    qualified = [result for result in found if result.status == "qualified"]
    chosen = qualified or found
    return chosen[0] if chosen else None


def ladder_steps(
    record: Mapping[str, Any], results: Mapping[str, ProgrammeResult]
) -> list[LadderStep]:
    """The three tiers, bottom first; the next step is the lowest tier above the highest one held."""
    held = [any(bool(record.get(title)) for title in titles) for _, titles, _ in TIERS]
    top = max((index for index, is_held in enumerate(held) if is_held), default=-1)
    return [
        LadderStep(label, held[index], index == top + 1, _result_for(programmes, results))
        for index, (label, _, programmes) in enumerate(TIERS)
    ]
