"""How an archetype firm is pinned down: the figures and facts that put it on a threshold."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from littlegiant.demo.model import Value

__all__ = ["Archetype", "Spec", "Triple"]

Triple = tuple[Value, Value, Value]


@dataclass(frozen=True, slots=True)
class Archetype:
    """A deliberately placed firm: on, or just off, one line of one programme.

    ``programme`` names the standard (``sme_size_2011``, ``innovative_sme_2022``,
    ``specialized_sme_2022``, ``specialized_sme_2026``, ``little_giant_2022``,
    ``little_giant_2026``, ``tech_sme_2017``, ``single_champion_2023``); ``clause`` the
    indicator it sits on; ``expected`` the outcome: a size class for ``sme_size_2011``, else
    ``met`` (every numeric clause of the programme passes; qualitative ones may still need manual
    review) or ``not_met`` (exactly ``clause`` fails, every other numeric clause passes).
    """

    id: str
    programme: str
    clause: str
    expected: str
    description: str
    spec: Spec = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Spec:
    """The pinned parts of an archetype; everything else is drawn like any other firm.

    ``yearly`` fixes a field for ``(y1, y2, y3)``; ``facts`` fixes enterprise facts and IP counts;
    ``titles`` are the titles valid on the as-of date (exactly these); ``awards`` are
    ``(kind, years_ago, rank)``; ``certifications`` are kinds held; ``size`` is
    ``(mode, indicator)`` for size archetypes (mode = a size class, ``at_<class>`` or
    ``below_<class>``).
    """

    industry: str
    tier: int = 0
    titles: tuple[str, ...] = ()
    yearly: dict[str, Triple] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    awards: tuple[tuple[str, int, int], ...] = ()
    certifications: tuple[str, ...] | None = None
    size: tuple[str, str] | None = None
