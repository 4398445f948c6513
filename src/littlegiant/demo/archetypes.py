"""Every archetype the generator places, and where it places them.

Size archetypes put a firm of every size group in every size class, exactly on each class line
and one step (1 person or 0.1万元) below it on each indicator. Tier archetypes sit on the lines
of the cultivation standards (see :mod:`littlegiant.demo.tier_archetypes`).

Examples:
    >>> ARCHETYPES_BY_ID["size_industry_large_at"].expected
    'large'
    >>> ARCHETYPES_BY_ID["size_industry_large_below_employees"].expected
    'medium'
    >>> placed_archetypes(3000)[0][1].id
    'innovative_score_at_60'
"""

from __future__ import annotations

from littlegiant.demo.catalogue import INDUSTRIES, SIZE_CLASSES, SIZE_RULES
from littlegiant.demo.spec import Archetype, Spec
from littlegiant.demo.tier_archetypes import TIER_ARCHETYPES
from littlegiant.records.labels import INDUSTRY_GROUP_LABELS, SIZE_CLASS_LABELS

__all__ = ["ARCHETYPES", "ARCHETYPES_BY_ID", "ARCHETYPE_SHARE", "placed_archetypes"]

ARCHETYPE_SHARE = 8
"""At most one firm in this many is an archetype; a smaller district gets the first ones only."""

_INDICATOR_LABELS = {"employees": "从业人员", "revenue": "营业收入", "total_assets": "资产总额"}


def _industries_of(group: str) -> list[str]:
    return [industry.code for industry in INDUSTRIES if industry.group == group]


def _size(archetype_id: str, expected: str, clause: str, description: str, spec: Spec) -> Archetype:
    return Archetype(archetype_id, "sme_size_2011", clause, expected, description, spec)


def _line_archetypes(group: str, index: int, line: str, code: str) -> list[Archetype]:
    """On the lower bound of ``line`` (all indicators), then one step below it (each indicator)."""
    label, lower = INDUSTRY_GROUP_LABELS[group], SIZE_CLASSES[index + 1]
    result = [
        _size(f"size_{group}_{line}_at", line, "size_class",
              f"{label}：各项指标恰在{SIZE_CLASS_LABELS[line]}下限", Spec(industry=code, size=(f"at_{line}", "")))
    ]  # fmt: skip
    for indicator in SIZE_RULES[group]:
        step = "1 人" if indicator == "employees" else "0.1 万元"
        description = (
            f"{label}：{_INDICATOR_LABELS[indicator]}比{SIZE_CLASS_LABELS[line]}下限少 {step}，"
            f"其余恰在下限，划为{SIZE_CLASS_LABELS[lower]}"
        )
        spec = Spec(industry=code, size=(f"below_{line}", indicator))
        result.append(
            _size(f"size_{group}_{line}_below_{indicator}", lower, indicator, description, spec)
        )
    return result


def _size_archetypes(group: str) -> list[Archetype]:
    codes = _industries_of(group)
    result = [
        _size(f"size_{group}_{size_class}", size_class, "size_class",
              f"{INDUSTRY_GROUP_LABELS[group]}{SIZE_CLASS_LABELS[size_class]}企业（各项指标均在该档区间内）",
              Spec(industry=codes[index % len(codes)], size=(size_class, "")))
        for index, size_class in enumerate(SIZE_CLASSES)
    ]  # fmt: skip
    for index, line in enumerate(SIZE_CLASSES[:3]):
        result += _line_archetypes(group, index, line, codes[(index + 1) % len(codes)])
    return result


ARCHETYPES: tuple[Archetype, ...] = TIER_ARCHETYPES + tuple(
    archetype for group in SIZE_RULES for archetype in _size_archetypes(group)
)
"""Tier archetypes first, then the size archetypes; the order is the placing priority."""

ARCHETYPES_BY_ID: dict[str, Archetype] = {archetype.id: archetype for archetype in ARCHETYPES}


def placed_archetypes(n: int) -> list[tuple[int, Archetype]]:
    """The archetypes a district of ``n`` firms holds, with their positions (0-based firm index).

    They are spread evenly over the district; ``n // ARCHETYPE_SHARE`` of them at most, taken in
    the order of :data:`ARCHETYPES`. The positions depend on ``n`` only, never on the seed.
    """
    count = min(len(ARCHETYPES), n // ARCHETYPE_SHARE)
    return [((2 * i + 1) * n // (2 * count), ARCHETYPES[i]) for i in range(count)]
