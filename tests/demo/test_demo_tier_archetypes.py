"""The tier archetypes are data (tier_archetypes.yaml), checked when they are loaded."""

from __future__ import annotations

import textwrap

import pytest

from littlegiant.demo.tier_archetypes import (
    PROGRAMMES,
    TIER_ARCHETYPES,
    ArchetypeDataError,
    load_tier_archetypes,
)

BASES = """\
bases:
  small:
    note: "a small firm"
    industry: C3985
    tier: 1
    titles: [tech_sme]
    certifications: [quality_management]
    yearly:
      revenue: [100.0, 90.0, 80.0]
    facts:
      niche_years: 4.0
  smaller:
    base: small
    yearly:
      revenue: [50.0, 45.0, 40.0]
"""


def _load(archetypes: str, bases: str = BASES):
    return load_tier_archetypes(bases + "archetypes:\n" + textwrap.indent(archetypes, "  "))


def _one(spec: str, **fields):
    header = {
        "id": "a1",
        "programme": "tech_sme_2017",
        "clause": "revenue_y1",
        "expected": "met",
        "description": '"描述"',
    } | fields
    lines = [
        f"- {key}: {value}" if i == 0 else f"  {key}: {value}"
        for i, (key, value) in enumerate(header.items())
    ]
    return "\n".join(lines) + "\n  spec:\n" + textwrap.indent(textwrap.dedent(spec), "    ")


def test_a_spec_is_its_bases_with_its_overrides():
    (archetype,) = _load(
        _one("""\
            base: smaller
            titles: []
            yearly:
              employees: [10, 9, 8]
            facts:
              niche_years: 2.0
            """)
    )
    spec = archetype.spec
    assert spec.industry == "C3985" and spec.tier == 1 and spec.titles == ()
    assert spec.yearly == {"revenue": (50.0, 45.0, 40.0), "employees": (10, 9, 8)}
    assert type(spec.yearly["employees"][0]) is int and type(spec.yearly["revenue"][0]) is float
    assert spec.facts == {"niche_years": 2.0}
    assert spec.certifications == ("quality_management",)


def test_certifications_null_means_drawn_like_any_firm():
    (archetype,) = _load(_one("base: small\ncertifications: null\n"))
    assert archetype.spec.certifications is None


@pytest.mark.parametrize(
    ("spec", "fields", "message"),
    [
        ("base: nowhere\n", {}, "archetype a1: unknown base nowhere"),
        ("base: small\nyearly:\n  turnover: [1, 2, 3]\n", {}, "unknown yearly fields: turnover"),
        ("base: small\nfacts:\n  revenue: 1\n", {}, "unknown facts: revenue"),
        ("base: small\ntitles: [giant]\n", {}, "unknown titles: giant"),
        ("base: small\nawards: [[nobel, 1, 1]]\n", {}, "unknown awards: nobel"),
        ("base: small\ncertifications: [iso]\n", {}, "unknown certifications: iso"),
        ("industry: X9999\n", {}, "industry X9999 is not in the demo catalogue"),
        ("tier: 1\n", {}, "a spec without a base names its industry"),
        ("base: small\ncolour: red\n", {}, "colour"),
        ("base: small\n", {"expected": "maybe"}, "expected"),
        ("base: small\n", {"programme": "nobel_prize"}, "unknown programme: nobel_prize"),
    ],
)
def test_bad_data_fails_at_load_naming_what_is_wrong(spec, fields, message):
    with pytest.raises(ArchetypeDataError, match=message):
        _load(_one(spec, **fields))


def test_duplicate_ids_and_bases_that_refer_to_each_other_fail():
    with pytest.raises(ArchetypeDataError, match="duplicate archetype ids: a1"):
        _load(_one("base: small\n") + "\n" + _one("base: smaller\n"))
    looping = "bases:\n  a:\n    base: b\n  b:\n    base: a\n"
    with pytest.raises(ArchetypeDataError, match="base a: bases refer to each other: a → b → a"):
        _load(_one("base: a\n"), bases=looping)


def test_the_shipped_file_defines_every_programmes_archetypes_once():
    ids = [archetype.id for archetype in TIER_ARCHETYPES]
    assert len(ids) == len(set(ids)) == 82
    assert {archetype.programme for archetype in TIER_ARCHETYPES} == PROGRAMMES
