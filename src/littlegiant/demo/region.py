"""A realistic demo district: thousands of firms with three years of figures, titles and archives.

``generate`` draws a county-level district (default 330106 杭州市西湖区, with firms in its
neighbouring districts too) whose firms have real GB/T 4754-2017 industry codes, valid USCCs,
plausible Chinese names, log-normal revenue by industry, R&D intensity, IP counts and a pyramid
of titles (about 40 % 科技型/创新型, 12 % 专精特新, 2 % 小巨人, 8 % 高企, one 单项冠军).
Besides the random draws it places the archetypes (:mod:`littlegiant.demo.archetypes`): firms of
every size class in every size group of the 2011 rules, and firms on and one step past each key
line of the cultivation standards, at the positions ``placed_archetypes`` gives.

The output is deterministic: the same arguments give the same rows, in the same order.

Examples:
    >>> tables = generate(n=40, seed=7)
    >>> len(tables["enterprise"])
    40
    >>> sorted(tables)
    ['awards', 'certifications', 'contacts', 'enterprise', 'ip', 'standards', 'titles', 'yearly']
    >>> tables["enterprise"][0]["region_code"][:4]
    '3301'
    >>> generate(n=40, seed=7) == tables
    True
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date

from littlegiant.demo.archetypes import placed_archetypes
from littlegiant.demo.build import District, archetype_firm, random_firm
from littlegiant.demo.catalogue import city_of, district_regions, province_of
from littlegiant.demo.rows import table_rows
from littlegiant.errors import LittleGiantError

__all__ = ["DISTRICT_CODE", "MAIN_DISTRICT_SHARE", "DemoRegionError", "generate"]

DISTRICT_CODE = "330106"
"""The default demo district (杭州市西湖区, GB/T 2260)."""

MAIN_DISTRICT_SHARE = 0.78
"""Share of random firms registered in the main district; the rest spread over its neighbours."""


class DemoRegionError(LittleGiantError):
    """The demo district cannot be generated with these arguments."""


def _district(region_code: str, regions: Sequence[tuple[str, str]] | None, as_of: date) -> District:
    if not (len(region_code) == 6 and region_code.isdigit()):
        raise DemoRegionError(f"地区代码“{region_code}”不是 6 位 GB/T 2260 行政区划代码")
    listed = list(regions) if regions is not None else list(district_regions(region_code))
    codes = [region_code] + [code for code, _ in listed if code != region_code]
    for code in codes:
        if not (len(code) == 6 and code.isdigit()):
            raise DemoRegionError(f"相邻地区代码“{code}”不是 6 位 GB/T 2260 行政区划代码")
    rest = (1 - MAIN_DISTRICT_SHARE) / (len(codes) - 1) if len(codes) > 1 else 0.0
    weights = (1.0 if len(codes) == 1 else MAIN_DISTRICT_SHARE,) + (rest,) * (len(codes) - 1)
    province = province_of(region_code)
    return District(
        as_of=as_of,
        regions=tuple(codes),
        region_weights=weights,
        city=city_of(region_code),
        province_short=province.removesuffix("省").removesuffix("市")
        if province.endswith("省")
        else "",
    )


def generate(
    *,
    seed: int = 2026,
    n: int = 3000,
    region_code: str = DISTRICT_CODE,
    as_of: date = date(2026, 6, 30),
    regions: Sequence[tuple[str, str]] | None = None,
) -> dict[str, list[dict[str, object]]]:
    """Generate a demo district of ``n`` firms as rows per archive table.

    Args:
        seed: the random seed; the same seed (and arguments) gives identical output.
        n: number of firms (enterprise rows).
        region_code: the main district (GB/T 2260, 6 digits).
        as_of: the evaluation date; fiscal years are ``as_of.year - 1`` (y1) back to ``- 3``.
        regions: ``(code, name)`` of the district and its neighbours; by default the main
            district and its nearest sibling districts from the records' region table.

    Returns:
        Rows per table id of :mod:`littlegiant.records.tables`, each keyed exactly by that
        table's column ids, with Python values (str, int, float, bool, date, list, None).

    Raises:
        DemoRegionError: ``n`` is negative or a region code is malformed.
    """
    if n < 0:
        raise DemoRegionError(f"企业数量 n={n} 不能为负数")
    district = _district(region_code, regions, as_of)
    archetypes = dict(placed_archetypes(n))
    firms = []
    for index in range(n):
        rng = random.Random(seed * 1_000_003 + index)  # noqa: S311 - demo data, not secrets
        if index in archetypes:
            firms.append(archetype_firm(rng, district, index, archetypes[index]))
        else:
            firms.append(random_firm(rng, district, index))
    return table_rows(firms, as_of)
