"""The 2011 SME size rules (300号文, 2011) as the generator needs them.

``classify`` places a firm; ``band_value`` draws an indicator value inside a class's band so the
generator can build firms of a wanted size. The worst indicator decides (REFERENCE §1.1).

Examples:
    >>> classify("industry", {"employees": 1500, "revenue": 30000.0})
    'medium'
    >>> classify("industry", {"employees": 10, "revenue": 5000.0})
    'micro'
    >>> classify("other", {"employees": 300})
    'large'
"""

from __future__ import annotations

import math
import random

from littlegiant.demo.catalogue import SIZE_CLASSES, SIZE_RULES

__all__ = ["band_value", "classify", "is_headcount"]


def is_headcount(indicator: str) -> bool:
    """Whether the indicator counts persons (an integer) rather than 万元."""
    return indicator == "employees"


def classify(group: str, values: dict[str, float | int | None]) -> str | None:
    """The size class of a firm of ``group`` from its indicator values; None if one is missing."""
    worst = 0
    for indicator, bounds in SIZE_RULES[group].items():
        value = values.get(indicator)
        if value is None:
            return None
        tier = next((i for i, bound in enumerate(bounds) if value >= bound), len(bounds))
        worst = max(worst, tier)
    return SIZE_CLASSES[worst]


def band_value(rng: random.Random, group: str, indicator: str, size_class: str) -> float:
    """A value of ``indicator`` inside the band of ``size_class`` (log-uniform within the band)."""
    bounds = SIZE_RULES[group][indicator]
    index = SIZE_CLASSES.index(size_class)
    low = bounds[index] if index < len(bounds) else max(1.0, bounds[-1] / 8)
    high = bounds[index - 1] if index > 0 else bounds[0] * 2.5
    if is_headcount(indicator):
        return float(rng.randint(int(low), max(int(low), math.ceil(high) - 1)))
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    return min(max(round(value, 1), low), round(high - 0.1, 1))
