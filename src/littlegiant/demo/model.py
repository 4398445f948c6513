"""The generator's working form of one firm, before it is split into archive table rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from littlegiant.demo.catalogue import Industry

__all__ = ["YEARS", "Firm", "Value"]

YEARS = 3
"""Fiscal years per firm: offset 0 is y1 (上年度), 1 is y2, 2 is y3."""

Value = float | int | None


@dataclass(slots=True)
class Firm:
    """One demo firm: identity, three years of figures, facts and its archive rows.

    ``tier`` is the highest cultivation tier the firm holds (0 none, 1 科技型/创新型, 2 专精特新,
    3 小巨人); ``yearly`` maps a yearly field id to its values for ``y1, y2, y3``; ``present``
    says which of those fiscal years have a row at all (young firms lack the older ones).
    """

    index: int
    industry: Industry
    tier: int
    high_tech: bool
    region_code: str
    established_on: date
    uscc: str = ""
    name: str = ""
    yearly: dict[str, list[Value]] = field(default_factory=dict)
    present: list[bool] = field(default_factory=lambda: [True] * YEARS)
    facts: dict[str, object] = field(default_factory=dict)
    titles: list[dict[str, object]] = field(default_factory=list)
    awards: list[dict[str, object]] = field(default_factory=list)
    certifications: list[dict[str, object]] = field(default_factory=list)
    standards: list[dict[str, object]] = field(default_factory=list)
    contacts: list[dict[str, object]] = field(default_factory=list)
    archetype: str | None = None

    def y1(self, field_id: str) -> Value:
        """The 上年度 value of a yearly field."""
        return self.yearly[field_id][0]
