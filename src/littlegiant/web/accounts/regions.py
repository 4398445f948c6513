"""GB/T 2260 region scopes: a code covers itself and its sub-regions.

A scope code is reduced to its significant prefix by stripping trailing ``00`` pairs: ``330000``
(浙江省) → ``33`` covers every Zhejiang code; ``330100`` (杭州市) → ``3301`` covers ``330106``.

Examples:
    >>> region_prefix("330000"), region_prefix("330100"), region_prefix("330106")
    ('33', '3301', '330106')
    >>> covers("330100", "330106"), covers("330100", "330200"), covers("330000", "331002")
    (True, False, True)
"""

from __future__ import annotations

import re

from littlegiant.errors import LittleGiantError

__all__ = ["RegionCodeError", "covers", "normalize_region_code", "region_prefix"]

_REGION_CODE = re.compile(r"^\d{6}$")


class RegionCodeError(LittleGiantError):
    """A region code is not a 6-digit GB/T 2260 code."""


def normalize_region_code(code: str) -> str:
    """The code stripped of spaces, checked to be six digits (raises :class:`RegionCodeError`)."""
    cleaned = str(code).strip()
    if not _REGION_CODE.match(cleaned):
        raise RegionCodeError(f"地区代码“{code}”不是 6 位 GB/T 2260 行政区划代码")
    return cleaned


def region_prefix(code: str) -> str:
    """The significant prefix of a scope code: trailing ``00`` pairs stripped (``000000`` → ``''``)."""
    prefix = normalize_region_code(code)
    while prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix


def covers(scope_code: str, region_code: str) -> bool:
    """Whether the scope code covers the region code (itself or one of its sub-regions)."""
    return str(region_code).startswith(region_prefix(scope_code))
