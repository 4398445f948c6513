"""Ranking: text relevance (BM25) combined with structured fit and, where a pack applies, eligibility.

The order is: eligibility tier first (qualified > unknown > not qualified; entries without a
pack count as unknown), then ``0.6 * text + 0.4 * fit``, where ``text`` is the BM25 score divided
by the best candidate's and ``fit`` the weighted mean of the structured reasons present.

Examples:
    >>> from littlegiant.matching.index import CatalogIndex
    >>> index = CatalogIndex.in_memory()
    >>> index.upsert("p1", "算力券补贴 人工智能企业")
    >>> index.upsert("p2", "算力券 申领指南")
    >>> verdicts = {"p1": Verdict("not_qualified", "营业收入不足"), "p2": Verdict("qualified", "满足全部条件")}
    >>> matcher = Matcher(index, facets_of=lambda key: Facets())
    >>> [m.key for m in matcher.rank("算力券补贴", Profile(), eligibility=verdicts.get)]
    ['p2', 'p1']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from littlegiant.matching.fit import Reason, budget_fit, industry_fit, region_fit, stage_fit
from littlegiant.matching.index import CatalogIndex
from littlegiant.records.labels import STATUS_LABELS

__all__ = ["Facets", "Match", "Matcher", "Profile", "Verdict"]

TEXT_WEIGHT = 0.6
FIT_WEIGHT = 0.4
FIT_WEIGHTS = {"industry": 0.5, "region": 0.2, "stage": 0.15, "budget": 0.15}
_TIERS = {"qualified": 0, "unknown": 1, "not_qualified": 2}


@dataclass(frozen=True, slots=True)
class Verdict:
    """Eligibility of a profile for an entry, as the rules engine decided it."""

    status: str  # qualified | unknown | not_qualified
    reason: str
    trace_url: str | None = None
    estimated_amount: float | None = None  # 万元

    @property
    def label(self) -> str:
        """The status in Chinese."""
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True, slots=True)
class Facets:
    """An entry's structured attributes that ranking compares with a profile."""

    industry_codes: tuple[str, ...] = ()
    region_code: str | None = None
    maturity: str | None = None
    price_min: float | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """The side being matched: an enterprise (and its need), as far as it is known."""

    industry_code: str | None = None
    region_code: str | None = None
    maturity: str | None = None  # the stage a need asks for
    budget: float | None = None  # 万元


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked entry with everything that explains its place."""

    key: str
    score: float
    text_score: float
    fit_score: float | None
    matched_terms: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()
    verdict: Verdict | None = None

    @property
    def tier(self) -> int:
        """0 qualified, 1 unknown or no pack, 2 not qualified."""
        return _TIERS.get(self.verdict.status, 1) if self.verdict else 1


def fit_reasons(facets: Facets, profile: Profile) -> tuple[Reason, ...]:
    """Every structured reason that both sides have data for."""
    found = (
        industry_fit(facets.industry_codes, profile.industry_code),
        region_fit(facets.region_code, profile.region_code),
        stage_fit(facets.maturity, profile.maturity),
        budget_fit(facets.price_min, profile.budget),
    )
    return tuple(r for r in found if r is not None)


def fit_score(reasons: Iterable[Reason]) -> float | None:
    """Weighted mean of the reasons' scores; None when there is none."""
    weighted = [(FIT_WEIGHTS.get(r.kind, 0.1), r.score) for r in reasons]
    total = sum(w for w, _ in weighted)
    return sum(w * s for w, s in weighted) / total if total else None


@dataclass(slots=True)
class Matcher:
    """Ranks one catalog's entries for a query and a profile."""

    index: CatalogIndex
    facets_of: Callable[[str], Facets | None]
    candidates: int = 100

    def rank(
        self,
        query: str,
        profile: Profile,
        *,
        top: int = 10,
        eligibility: Callable[[str], Verdict | None] | None = None,
        pool: Iterable[str] = (),
        accept: Callable[[str], bool] | None = None,
    ) -> list[Match]:
        """The ``top`` entries for ``query`` (may be empty) and ``profile``.

        ``pool`` adds entries considered even without a text match (every policy, for an
        enterprise's opportunities); ``accept`` filters keys (facets chosen in the UI).
        """
        hits = self.index.search(query, max(self.candidates, top), accept=accept) if query else []
        best = hits[0].score if hits else 0.0
        text = {h.key: (h.score / best if best else 0.0, h.matched_terms) for h in hits}
        for key in pool:
            if key not in text and (accept is None or accept(key)):
                text[key] = (0.0, ())
        matches = [
            self._match(key, score, terms, profile, eligibility)
            for key, (score, terms) in text.items()
        ]
        matches.sort(key=lambda m: (m.tier, -m.score, m.key))
        return matches[:top]

    def _match(
        self,
        key: str,
        text_score: float,
        terms: tuple[str, ...],
        profile: Profile,
        eligibility: Callable[[str], Verdict | None] | None,
    ) -> Match:
        facets = self.facets_of(key) or Facets()
        reasons = fit_reasons(facets, profile)
        fit = fit_score(reasons)
        score = TEXT_WEIGHT * text_score + FIT_WEIGHT * (fit if fit is not None else 0.0)
        verdict = eligibility(key) if eligibility else None
        return Match(key, round(score, 6), round(text_score, 6), fit, terms, reasons, verdict)
