"""The synthetic demo region: a realistic district of firms with three years of figures and archives.

:func:`generate` (:mod:`littlegiant.demo.region`) draws the firms; besides random draws it places
archetypes on and just past the lines of the size rules and the cultivation standards
(:mod:`littlegiant.demo.archetypes`, the tier ones as data in ``tier_archetypes.yaml``). The parts:
``catalogue`` (industries, regions, size rules), ``build`` (one firm), ``finances``, ``facts``,
``credentials``, ``identity``, ``sizes``, and ``rows`` (firms → archive table rows).
"""

from littlegiant.demo.archetypes import ARCHETYPES, ARCHETYPES_BY_ID, placed_archetypes
from littlegiant.demo.region import DISTRICT_CODE, DemoRegionError, generate
from littlegiant.demo.spec import Archetype

__all__ = [
    "ARCHETYPES",
    "ARCHETYPES_BY_ID",
    "DISTRICT_CODE",
    "Archetype",
    "DemoRegionError",
    "generate",
    "placed_archetypes",
]
