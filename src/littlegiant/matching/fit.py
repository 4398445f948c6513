"""Structured fit between an entry and a profile: industry (GB/T 4754 tree), region (GB/T 2260), stage, budget.

Each function returns a :class:`Reason` with a score in ``[0, 1]`` and a Chinese sentence, or None when
either side lacks the data (a missing value never counts as a mismatch).

Examples:
    >>> industry_fit(["C39"], "C3985").score
    0.6
    >>> industry_fit(["C3985"], "C3985").text
    '行业同属小类 C3985'
    >>> region_fit("440300", "440305").score
    0.7
    >>> industry_path("3985")
    ('C', 'C39', 'C398', 'C3985')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from littlegiant.matching.catalogs import MATURITY_STAGES

__all__ = [
    "Reason",
    "budget_fit",
    "industry_fit",
    "industry_path",
    "region_fit",
    "region_prefix",
    "region_within",
    "stage_fit",
]

# GB/T 4754-2017 门类 by the first 大类 (two digits) they contain.
_SECTIONS = (
    (1, "A"), (6, "B"), (13, "C"), (44, "D"), (47, "E"), (51, "F"), (53, "G"), (61, "H"), (63, "I"),
    (66, "J"), (70, "K"), (71, "L"), (73, "M"), (76, "N"), (80, "O"), (83, "P"), (84, "Q"), (86, "R"),
    (91, "S"), (97, "T"),
)  # fmt: skip
_LEVELS = ((4, 1.0, "小类"), (3, 0.8, "中类"), (2, 0.6, "大类"), (1, 0.3, "门类"))
_CODE = re.compile(r"^([A-T])?(\d{2,4})?$")
_STAGE_ORDER = {stage: rank for rank, (stage, _) in enumerate(MATURITY_STAGES)}
_STAGE_LABEL = dict(MATURITY_STAGES)


@dataclass(frozen=True, slots=True)
class Reason:
    """One structured reason of a match: what it is about, how well it fits, and the sentence shown."""

    kind: str
    score: float
    text: str


def _section_of(division: int) -> str | None:
    letter = None
    for first, section in _SECTIONS:
        if division >= first:
            letter = section
    return letter if 1 <= division <= 97 else None


def industry_path(code: str | None) -> tuple[str, ...]:
    """The code's ancestors from 门类 down: ``C3985`` → ``('C', 'C39', 'C398', 'C3985')``; () if unreadable."""
    match = _CODE.match((code or "").strip().upper())
    if not match or not any(match.groups()):
        return ()
    letter, digits = match.group(1), match.group(2) or ""
    derived = _section_of(int(digits[:2])) if digits else None
    if digits and (derived is None or (letter and letter != derived)):
        return ()
    section = letter or derived or ""
    return (section, *(section + digits[:n] for n in range(2, len(digits) + 1)))


def industry_fit(entry_codes: Iterable[str], profile_code: str | None) -> Reason | None:
    """How close the profile's industry is to the nearest of the entry's industry codes."""
    profile = industry_path(profile_code)
    paths = [p for p in (industry_path(c) for c in entry_codes) if p]
    if not profile or not paths:
        return None
    best = max(_shared_depth(path, profile) for path in paths)
    for depth, score, level in _LEVELS:
        if best >= depth:
            return Reason("industry", score, f"行业同属{level} {profile[depth - 1]}")
    return Reason("industry", 0.0, "行业不同门类")


def _shared_depth(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    depth = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        depth += 1
    return depth


def region_prefix(code: str | None) -> str:
    """The meaningful prefix of a GB/T 2260 code: ``440000`` → ``44``, ``440300`` → ``4403``; '' = anywhere."""
    code = (code or "").strip()
    if not re.fullmatch(r"\d{6}", code) or code == "000000":
        return ""
    for cut in (2, 4):
        if code[cut:] == "0" * (6 - cut):
            return code[:cut]
    return code


def region_within(jurisdiction: str | None, region: str | None) -> bool | None:
    """Whether ``region`` lies inside ``jurisdiction`` (empty or ``000000`` = nationwide); None if unknown."""
    scope = region_prefix(jurisdiction)
    if not scope:
        return True
    place = region_prefix(region)
    return None if not place else place.startswith(scope)


def region_fit(entry_region: str | None, profile_region: str | None) -> Reason | None:
    """Closeness of two places: same county 1.0, same city 0.7, same province 0.4, else 0."""
    a, b = region_prefix(entry_region), region_prefix(profile_region)
    if not a or not b:
        return None
    for length, score, text in ((6, 1.0, "同一区县"), (4, 0.7, "同一城市"), (2, 0.4, "同一省份")):
        if len(a) >= length and len(b) >= length and a[:length] == b[:length]:
            return Reason("region", score, f"地区：{text}")
    return Reason("region", 0.0, "地区：不同省份")


def stage_fit(offered: str | None, wanted: str | None) -> Reason | None:
    """Whether an achievement's maturity reaches the stage a need asks for (one stage short = 0.5)."""
    if offered not in _STAGE_ORDER or wanted not in _STAGE_ORDER:
        return None
    gap = _STAGE_ORDER[wanted] - _STAGE_ORDER[offered]
    label = _STAGE_LABEL[offered]
    if gap <= 0:
        return Reason("stage", 1.0, f"成熟度满足：{label}")
    return Reason(
        "stage", 0.5 if gap == 1 else 0.0, f"成熟度不足：{label}，期望 {_STAGE_LABEL[wanted]}"
    )


def budget_fit(price_min: float | None, budget: float | None) -> Reason | None:
    """Whether a budget (万元) covers an asking price's lower bound (within 30% below = 0.5)."""
    if price_min is None or budget is None:
        return None
    if budget >= price_min:
        return Reason("budget", 1.0, f"预算 {budget:g} 万元 ≥ 报价下限 {price_min:g} 万元")
    if budget >= 0.7 * price_min:
        return Reason("budget", 0.5, f"预算 {budget:g} 万元略低于报价下限 {price_min:g} 万元")
    return Reason("budget", 0.0, f"预算 {budget:g} 万元低于报价下限 {price_min:g} 万元")
