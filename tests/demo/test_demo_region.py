"""Tests of the demo district generator (littlegiant.demo).

The size classes, programme checks and code tables below are small independent re-implementations
of /work/shared/criteria/REFERENCE.md, so the generator is checked against the text, not against
itself.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from stdnum.cn import uscc as stdnum_uscc

from littlegiant.demo import (
    ARCHETYPES,
    ARCHETYPES_BY_ID,
    DemoRegionError,
    generate,
    placed_archetypes,
)
from littlegiant.records import derive
from littlegiant.records.tables import TABLES, TABLES_BY_ID
from littlegiant.records.validate import validate_row

AS_OF = date(2026, 6, 30)
N = 3000


@pytest.fixture(scope="module")
def tables():
    return generate()


@pytest.fixture(scope="module")
def records(tables):
    return _flat_records(tables, AS_OF)


def _flat_records(tables, as_of):
    """uscc -> the flat record the archive derives (records.derive), plus the set of valid titles."""
    records = derive.flat_records(tables, as_of)
    for record in records.values():
        record["titles"] = {kind for kind in derive.TITLE_FACTS if record[kind]}
    return records


def _pct(part, whole):
    return part / whole * 100


# ---- REFERENCE §1: 2011 size rules, written out again for the test -------------------------------
SIZE = {  # group: {indicator: (large, medium, small)}
    "agriculture": {"revenue": (20000, 500, 50)},
    "industry": {"employees": (1000, 300, 20), "revenue": (40000, 2000, 300)},
    "construction": {"revenue": (80000, 6000, 300), "total_assets": (80000, 5000, 300)},
    "wholesale": {"employees": (200, 20, 5), "revenue": (40000, 5000, 1000)},
    "retail": {"employees": (300, 50, 10), "revenue": (20000, 500, 100)},
    "transport": {"employees": (1000, 300, 20), "revenue": (30000, 3000, 200)},
    "warehousing": {"employees": (200, 100, 20), "revenue": (30000, 1000, 100)},
    "postal": {"employees": (1000, 300, 20), "revenue": (30000, 2000, 100)},
    "accommodation": {"employees": (300, 100, 10), "revenue": (10000, 2000, 100)},
    "catering": {"employees": (300, 100, 10), "revenue": (10000, 2000, 100)},
    "information_transmission": {"employees": (2000, 100, 10), "revenue": (100000, 1000, 100)},
    "software": {"employees": (300, 100, 10), "revenue": (10000, 1000, 50)},
    "real_estate_development": {
        "revenue": (200000, 1000, 100),
        "total_assets": (10000, 5000, 2000),
    },
    "property_management": {"employees": (1000, 300, 100), "revenue": (5000, 1000, 500)},
    "leasing_business": {"employees": (300, 100, 10), "total_assets": (120000, 8000, 100)},
    "other": {"employees": (300, 100, 10)},
}
CLASSES = ("large", "medium", "small", "micro")


def size_group(code):
    """REFERENCE §1 notes: B,C,D 工业; 51 批发; 52 零售; 54-58 交通; 59 仓储; 60 邮政; ..."""
    letter, division = code[0], int(code[1:3])
    by_division = {
        51: "wholesale",
        52: "retail",
        59: "warehousing",
        60: "postal",
        61: "accommodation",
        62: "catering",
        63: "information_transmission",
        64: "information_transmission",
        65: "software",
    }
    if letter == "A":
        return "agriculture"
    if letter in "BCD":
        return "industry"
    if letter == "E":
        return "construction"
    if 54 <= division <= 58:
        return "transport"
    if division in by_division:
        return by_division[division]
    if code[1:5] == "7010":
        return "real_estate_development"
    if code[1:4] == "702":
        return "property_management"
    return "leasing_business" if letter == "L" else "other"


def size_class(record):
    group = size_group(record["industry_code"])
    worst = 0
    for indicator, bounds in SIZE[group].items():
        value = record.get(f"{indicator}_y1")
        if value is None:
            return None
        worst = max(worst, sum(value < bound for bound in bounds))
    return CLASSES[worst]


# ---- identity, shape, bounds ------------------------------------------------------------------
def test_same_seed_gives_identical_output_and_another_seed_does_not():
    first = generate(seed=11, n=400)
    assert generate(seed=11, n=400) == first
    other = generate(seed=12, n=400)
    assert other["enterprise"] != first["enterprise"]
    assert {r["uscc"] for r in other["enterprise"]} != {r["uscc"] for r in first["enterprise"]}


def test_every_table_is_present_and_rows_have_exactly_its_column_ids(tables):
    assert set(tables) == {table.id for table in TABLES}
    for table in TABLES:
        assert tables[table.id], table.id
        for row in tables[table.id]:
            assert tuple(row) == table.column_ids, table.id


def test_counts_one_enterprise_and_one_ip_row_per_firm_and_up_to_three_years(tables):
    usccs = [row["uscc"] for row in tables["enterprise"]]
    assert len(usccs) == N == len(set(usccs))
    assert [row["uscc"] for row in tables["ip"]] == usccs
    years = Counter(row["uscc"] for row in tables["yearly"])
    assert set(years) <= set(usccs)
    assert max(years.values()) == 3
    assert 0.9 * 3 * N < len(tables["yearly"]) <= 3 * N
    assert {row["fiscal_year"] for row in tables["yearly"]} == {2025, 2024, 2023}
    for table_id in ("titles", "awards", "certifications", "standards", "contacts"):
        key = TABLES_BY_ID[table_id].key
        keys = [tuple(row[column] for column in key) for row in tables[table_id]]
        assert len(keys) == len(set(keys)), table_id


def test_usccs_are_valid_gb32100_codes_registered_in_the_firms_district(tables):
    for row in tables["enterprise"]:
        code = row["uscc"]
        assert stdnum_uscc.is_valid(code), code
        assert code[:2] == "91"
        assert code[2:8] == row["region_code"]


def test_names_are_unique_chinese_company_names(tables):
    names = [row["name"] for row in tables["enterprise"]]
    assert len(set(names)) == len(names)
    pattern = re.compile(r"^(杭州|浙江)[\u4e00-\u9fff]{2,3}[\u4e00-\u9fff（）]+公司$")
    assert all(pattern.match(name) for name in names), [n for n in names if not pattern.match(n)][
        :5
    ]
    assert not any("TEST" in name.upper() or "测试" in name for name in names)


def test_every_value_passes_the_record_validation(tables):
    for table in TABLES:
        for row in tables[table.id]:
            _, errors = validate_row(table, row, today=AS_OF)
            assert not errors, (table.id, row, [str(e) for e in errors])


def test_values_are_python_typed(tables):
    enterprise = tables["enterprise"][0]
    assert isinstance(enterprise["established_on"], date)
    kinds = defaultdict(set)
    for table in TABLES:
        for row in tables[table.id]:
            for key, value in row.items():
                kinds[(table.id, key)].add(type(value).__name__)
    assert kinds[("yearly", "revenue")] <= {"float", "NoneType"}
    assert kinds[("yearly", "employees")] <= {"int", "NoneType"}
    assert kinds[("enterprise", "main_product_field")] <= {"list", "NoneType"}
    assert kinds[("enterprise", "own_brand")] == {"bool"}
    assert kinds[("titles", "issued_on")] == {"date"}


def test_money_has_one_decimal_and_subsets_stay_within_totals(records):
    for record in records.values():
        for k in (1, 2, 3):
            revenue = record.get(f"revenue_y{k}")
            if revenue is None:
                continue
            assert round(revenue, 1) == revenue
            main = record[f"main_revenue_y{k}"]
            assert main is None or main <= revenue
            employees, rd, tech = (
                record[f"{f}_y{k}"] for f in ("employees", "rd_staff", "tech_staff")
            )
            assert employees >= 1
            assert rd is None or rd <= employees
            assert tech is None or rd is None or rd <= tech <= employees


def test_ip_subsets_are_consistent(tables):
    for row in tables["ip"]:
        if row["ip_class1_count"] is None:
            continue
        assert row["ip_class1_self_developed_count"] <= row["ip_class1_count"]
        assert row["ip_class1_high_value_count"] <= row["ip_class1_count"]


def test_missing_values_are_none_and_young_firms_lack_older_years(tables, records):
    optional = [row["rd_staff"] for row in tables["yearly"]]
    assert optional.count(None) > 0
    young = [r for r in records.values() if r["established_on"].year > 2023]
    assert young
    assert all(r.get("revenue_y3") is None for r in young)


# ---- industries and regions ----------------------------------------------------------------------
SECTIONS = [
    ("A", 1, 5),
    ("B", 6, 12),
    ("C", 13, 43),
    ("D", 44, 46),
    ("E", 47, 50),
    ("F", 51, 52),
    ("G", 53, 60),
    ("H", 61, 62),
    ("I", 63, 65),
    ("J", 66, 69),
    ("K", 70, 70),
    ("L", 71, 72),
    ("M", 73, 75),
    ("N", 76, 79),
    ("O", 80, 82),
    ("P", 83, 83),
    ("Q", 84, 85),
    ("R", 86, 90),
]


def test_industry_codes_are_gbt4754_small_classes_with_the_right_section(tables):
    codes = Counter(row["industry_code"] for row in tables["enterprise"])
    for code in codes:
        assert re.fullmatch(r"[A-T]\d{4}", code), code
        division = int(code[1:3])
        assert any(
            letter == code[0] and low <= division <= high for letter, low, high in SECTIONS
        ), code
    sections = Counter(code[0] for code in codes.elements())
    assert (
        sections["I"] > sections["C"] > sections["H"] > sections["A"] > 0
    )  # a Hangzhou urban district
    assert len(codes) >= 50


def test_firms_sit_in_the_main_district_and_its_neighbours(tables):
    regions = Counter(row["region_code"] for row in tables["enterprise"])
    assert regions.most_common(1)[0][0] == "330106"
    assert 0.7 < regions["330106"] / N < 0.9
    assert set(regions) == {"330106", "330102", "330105", "330108", "330109", "330110"}


def test_another_district_gets_its_own_city_and_neighbours():
    tables = generate(n=60, region_code="110108")
    regions = {row["region_code"] for row in tables["enterprise"]}
    assert "110108" in regions
    assert all(code.startswith("1101") for code in regions)
    assert all(row["name"].startswith("北京") for row in tables["enterprise"])


def test_explicit_regions_are_used():
    tables = generate(n=200, regions=[("330106", "西湖区"), ("330108", "滨江区")])
    assert {row["region_code"] for row in tables["enterprise"]} == {"330106", "330108"}


@pytest.mark.parametrize("bad", ["3301", "33010A", "3301066"])
def test_a_malformed_region_code_is_refused_in_chinese(bad):
    with pytest.raises(DemoRegionError, match="行政区划代码"):
        generate(n=5, region_code=bad)


def test_a_negative_count_is_refused():
    with pytest.raises(DemoRegionError, match="不能为负数"):
        generate(n=-1)


def test_as_of_sets_the_fiscal_years_and_title_validity():
    as_of = date(2025, 3, 31)
    tables = generate(n=300, as_of=as_of)
    assert {row["fiscal_year"] for row in tables["yearly"]} == {2024, 2023, 2022}
    assert all(row["established_on"] < as_of for row in tables["enterprise"])
    assert any(row["issued_on"] <= as_of <= row["expires_on"] for row in tables["titles"])


# ---- sizes ------------------------------------------------------------------------------------
def test_every_size_group_has_firms_of_every_size_class(records):
    seen = defaultdict(set)
    for record in records.values():
        seen[size_group(record["industry_code"])].add(size_class(record))
    for group in SIZE:
        assert set(CLASSES) <= seen[group], group


def test_random_firms_are_mostly_small_and_micro(records):
    placed = {i for i, _ in placed_archetypes(N)}
    classes = Counter(size_class(r) for i, r in enumerate(records.values()) if i not in placed)
    assert classes["small"] + classes["micro"] > classes["medium"] > classes["large"] > 0


def test_size_archetypes_land_in_their_class(tables, records):
    usccs = [row["uscc"] for row in tables["enterprise"]]
    checked = 0
    for position, archetype in placed_archetypes(N):
        if archetype.programme == "sme_size_2011":
            record = records[usccs[position]]
            assert size_group(record["industry_code"]) in archetype.id
            assert size_class(record) == archetype.expected, archetype.id
            checked += 1
    assert checked == 16 * 4 + 16 * 3 + sum(3 * len(v) for v in SIZE.values())


def test_below_line_size_archetypes_miss_the_line_by_one_step(tables, records):
    usccs = [row["uscc"] for row in tables["enterprise"]]
    for position, archetype in placed_archetypes(N):
        match = re.fullmatch(r"size_(\w+)_(large|medium|small)_below_(\w+)", archetype.id)
        if match:
            group, line, indicator = match.groups()
            bound = SIZE[group][indicator][CLASSES.index(line)]
            step = 1 if indicator == "employees" else 0.1
            assert records[usccs[position]][f"{indicator}_y1"] == pytest.approx(bound - step)


# ---- the pyramid ------------------------------------------------------------------------------
def test_titles_form_a_pyramid(records):
    held = Counter(title for record in records.values() for title in record["titles"])
    tier1 = sum(1 for r in records.values() if r["titles"] & {"tech_sme", "innovative_sme"}) / N
    assert 0.33 < tier1 < 0.5
    assert 0.09 < held["specialized_sme"] / N < 0.16
    assert 0.01 < held["little_giant"] / N < 0.035
    assert 0.05 < held["high_tech_enterprise"] / N < 0.11
    assert held["single_champion"] == 1
    assert held["little_giant"] < held["specialized_sme"] < held["innovative_sme"]


def test_title_dates_follow_their_validity(tables):
    for row in tables["titles"]:
        issued, expires = row["issued_on"], row["expires_on"]
        if row["title"] == "tech_sme":
            assert expires == date(issued.year, 12, 31)
        else:
            three_years = issued.replace(year=issued.year + 3) - timedelta(days=1)
            assert expires == three_years, row
        assert row["certificate_no"]


def test_a_little_giant_looks_like_one(records):
    giants = [r for r in records.values() if "little_giant" in r["titles"]]
    assert len(giants) >= 30
    for r in giants:
        assert size_class(r) != "large"
        assert r["revenue_y1"] >= 5000
        assert _pct(r["rd_expense_y1"], r["revenue_y1"]) >= 3
        assert _pct(r["total_liabilities_y1"], r["total_assets_y1"]) <= 70
        assert r["ip_class1_count"] >= 2
        assert r["niche_years"] >= 3
        assert r["market_share"] >= 10
        assert r["rd_institution_level"] != "none"
    complete = [r for r in giants if None not in (r[f"main_revenue_y{k}"] for k in (1, 2, 3))]
    met = sum(not _failing(_little_giant_2022(r)) for r in complete)
    assert met / len(complete) > 0.9


def test_high_tech_enterprises_meet_the_high_tech_ratios(records):
    firms = [r for r in records.values() if "high_tech_enterprise" in r["titles"]]
    assert firms
    for r in firms:
        revenue = r["revenue_y1"]
        line = 5 if revenue <= 5000 else 4 if revenue <= 20000 else 3
        assert _pct(r["rd_expense_y1"], revenue) >= line
        if r["tech_staff_y1"] is not None:
            assert r["tech_staff_y1"] >= 0.1 * r["employees_y1"]
        if r["high_tech_revenue_y1"] is not None:
            assert r["high_tech_revenue_y1"] >= 0.6 * revenue


def test_untitled_firms_are_the_majority_and_some_make_losses(records):
    untitled = [r for r in records.values() if not r["titles"]]
    assert len(untitled) > N / 2
    losses = sum(1 for r in records.values() if (r.get("net_profit_y1") or 0) < 0)
    assert 0.1 < losses / N < 0.35


# ---- the programmes, as REFERENCE §2 states them (numeric clauses only) ---------------------------
def _failing(clauses):
    return {name for name, ok in clauses.items() if not ok}


def _band(value, bands):
    """Points of the first band whose lower bound ``value`` reaches (bands high to low)."""
    return next((points for bound, points in bands if value >= bound), 0)


def _innovative_2022(r):
    ip = (
        20
        if r["ip_class1_high_value_count"]
        else 15
        if r["ip_class1_self_developed_count"]
        else 10
        if r["ip_class1_count"]
        else 5
        if r["ip_class2_count"]
        else 0
    )
    rd = _band(_pct(r["rd_expense_y1"], r["revenue_y1"]), [(5, 20), (3, 15), (2, 10), (1, 5)])
    growth = _band(
        _pct(r["main_revenue_y1"] - r["main_revenue_y2"], r["main_revenue_y2"]),
        [(15, 20), (10, 15), (5, 10), (0, 5)],
    )
    debt_ratio = _pct(r["total_liabilities_y1"], r["total_assets_y1"])
    debt = 10 if debt_ratio <= 55 else 5 if debt_ratio <= 75 else 0
    field = 10 if "strategic_emerging" in (r["main_product_field"] or []) else 5
    share = _band(
        _pct(r["main_revenue_y1"], r["revenue_y1"]), [(70, 20), (60, 15), (55, 10), (50, 5)]
    )
    innovation, growth_points, specialization = ip + rd, growth + debt, field + share
    equity = sum(r[f"equity_financing_y{k}"] for k in (1, 2, 3)) >= 500
    other_direct = (
        r["national_award_rank"] is not None
        or r["provincial_award_rank"] is not None
        or "high_tech_enterprise" in r["titles"]
        or r["rd_institution_level"] in ("national", "provincial")
    )
    scored = {
        "total_score": innovation + growth_points + specialization >= 60,
        "innovation_points": innovation >= 20,
        "growth_points": growth_points >= 15,
        "specialization_points": specialization >= 15,
    }
    direct = equity or other_direct
    return {
        **{k: v or direct for k, v in scored.items()},
        "equity_financing_3y": all(scored.values()) or direct,
    }


def _specialized_2022_score(r):
    main_growth = (
        sum(
            _pct(r[f"main_revenue_y{k}"] - r[f"main_revenue_y{k + 1}"], r[f"main_revenue_y{k + 1}"])
            for k in (1, 2)
        )
        / 2
    )
    fields = set(r["main_product_field"] or [])
    quality_items = sum(
        [
            r["quality_award_provincial"],
            r["quality_cert"],
            bool(r["own_brand"]),
            r.get("standards_count", 0) > 0,
        ]
    )
    debt = _pct(r["total_liabilities_y1"], r["total_assets_y1"])
    rd_amount = _band(r["rd_expense_y1"], [(500, 10), (400, 8), (300, 6), (200, 4), (100, 2)])
    rd_ratio = _band(
        _pct(r["rd_expense_y1"], r["revenue_y1"]), [(10, 10), (8, 8), (6, 6), (4, 4), (3, 2)]
    )
    return sum(
        [
            _band(_pct(r["main_revenue_y1"], r["revenue_y1"]), [(80, 5), (70, 3), (60, 1)]),
            _band(main_growth, [(10, 10), (8, 8), (6, 6), (4, 4), (0, 2)]),
            min(math.floor(r["niche_years"] / 2), 5),
            5
            if "key_chain_link" in fields
            else 3
            if fields & {"six_foundations", "time_honored"}
            else 0,
            {3: 5, 4: 5, 2: 3}.get(r["digital_level"], 0),
            min(3 * quality_items, 5),
            _band(
                _pct(r["net_profit_y1"], r["revenue_y1"]),
                [(10, 10), (8, 8), (6, 6), (4, 4), (2, 2)],
            ),
            5 if debt <= 50 else 3 if debt <= 60 else 1 if debt <= 70 else 0,
            r["local_feature_score"] or 0,
            10
            if r["ip_class1_high_value_count"]
            else 8
            if r["ip_class1_self_developed_count"]
            else 6
            if r["ip_class1_count"]
            else 2
            if r["ip_class2_count"]
            else 0,
            max(rd_amount, rd_ratio),
            _band(_pct(r["rd_staff_y1"], r["employees_y1"]), [(20, 5), (10, 3), (5, 1)]),
            {"national": 10, "provincial": 8, "municipal": 4, "below": 2}.get(
                r["rd_institution_level"], 0
            ),
        ]
    )


def _specialized_2022(r):
    direct = r["makers_china_rank"] is not None and r["makers_china_rank"] <= 500
    score_ok = _specialized_2022_score(r) >= 60
    return {
        "niche_years": r["niche_years"] >= 2,
        "rd_expense_y1": r["rd_expense_y1"] >= 100,
        "rd_intensity_y1": _pct(r["rd_expense_y1"], r["revenue_y1"]) >= 3,
        "revenue_y1": r["revenue_y1"] >= 1000
        or r["equity_financing_y1"] + r["equity_financing_y2"] >= 2000,
        "total_score": score_ok or direct,
        "makers_china_rank": score_ok or direct,
    }


def _specialized_2026(r):
    exempt = any(
        rank is not None and rank <= 3
        for rank in (r["national_award_rank"], r["provincial_award_rank"])
    )
    return {
        "prerequisite_title": bool(r["titles"] & {"tech_sme", "innovative_sme"}),
        "niche_years": r["niche_years"] >= 3,
        "revenue_y1": r["revenue_y1"] >= 1500
        or r["equity_financing_y1"] + r["equity_financing_y2"] >= 2000,
        "main_share_y1": _pct(r["main_revenue_y1"], r["revenue_y1"]) >= 80,
        "debt_ratio_y1": _pct(r["total_liabilities_y1"], r["total_assets_y1"]) <= 80,
        "rd_expense_y1": r["rd_expense_y1"] >= 100,
        "rd_expense_y2": r["rd_expense_y2"] >= 100,
        "rd_intensity_y1": _pct(r["rd_expense_y1"], r["revenue_y1"]) >= 3,
        "rd_intensity_y2": _pct(r["rd_expense_y2"], r["revenue_y2"]) >= 3,
        "ip_class1_count": r["ip_class1_count"] >= 1
        or exempt
        or r["rd_institution_level"] in ("national", "provincial"),
        "development_score": r["development_score"] >= 50,
    }


def _little_giant_2022(r):
    revenue = r["revenue_y1"]
    intensities = [_pct(r[f"rd_expense_y{k}"], r[f"revenue_y{k}"]) for k in (1, 2)]
    if revenue >= 10000:
        rd_ok = min(intensities) >= 3
    elif revenue >= 5000:
        rd_ok = min(intensities) >= 6
    else:
        rd_ok = (
            r["equity_financing_y1"] + r["equity_financing_y2"] >= 8000
            and r["rd_expense_y1"] >= 3000
            and _pct(r["rd_staff_y1"], r["employees_y1"]) >= 50
        )
    growth = (
        sum(
            _pct(r[f"main_revenue_y{k}"] - r[f"main_revenue_y{k + 1}"], r[f"main_revenue_y{k + 1}"])
            for k in (1, 2)
        )
        / 2
    )
    return {
        "niche_years": r["niche_years"] >= 3,
        "main_share_y1": _pct(r["main_revenue_y1"], revenue) >= 70,
        "main_growth_2y": growth >= 5,
        "info_system": bool(r["core_business_info_system"]),
        "certification": r["quality_cert"] or r["foreign_product_cert"],
        "debt_ratio_y1": _pct(r["total_liabilities_y1"], r["total_assets_y1"]) <= 70,
        "market_share": (r["market_share"] or 0) >= 10,
        "own_brand": bool(r["own_brand"]),
        "rd_intensity_band": rd_ok,
        "rd_institution_level": r["rd_institution_level"] not in (None, "none"),
        "ip_class1_count": r["ip_class1_count"] >= 2,
    }


def _little_giant_2026(r):
    national_top3 = (r["national_award_rank"] or 99) <= 3
    return {
        "prerequisite_title": "specialized_sme" in r["titles"],
        "niche_years": r["niche_years"] >= 3,
        "revenue_y1": r["revenue_y1"] >= 5000,
        "main_share_y1": _pct(r["main_revenue_y1"], r["revenue_y1"]) >= 90,
        "revenue_cagr_2y": (math.sqrt(r["revenue_y1"] / r["revenue_y3"]) - 1) * 100 >= 5,
        "debt_ratio_y1": _pct(r["total_liabilities_y1"], r["total_assets_y1"]) <= 75,
        "rd_expense_2y": r["rd_expense_y1"] + r["rd_expense_y2"] >= 1200,
        "rd_intensity_y1": _pct(r["rd_expense_y1"], r["revenue_y1"]) >= 3,
        "rd_intensity_y2": _pct(r["rd_expense_y2"], r["revenue_y2"]) >= 3,
        "ip_class1_count": r["ip_class1_count"] >= 4 or national_top3,
        "market_position": (r["market_share"] or 0) >= 10 or (r["domestic_market_rank"] or 99) <= 3,
        "development_score": r["development_score"] >= 60,
    }


def _tech_sme_2017(r):
    tech = _band(
        _pct(r["tech_staff_y1"], r["employees_y1"]),
        [(30, 20), (25, 16), (20, 12), (15, 8), (10, 4)],
    )
    rd = _band(
        _pct(r["rd_expense_y1"], r["revenue_y1"]), [(6, 50), (5, 40), (4, 30), (3, 20), (2, 10)]
    )
    ip = 30 if r["ip_class1_count"] else 0
    return {
        "employees_y1": r["employees_y1"] <= 500,
        "revenue_y1": r["revenue_y1"] <= 20000,
        "total_assets_y1": r["total_assets_y1"] <= 20000,
        "score": tech + rd + ip >= 60 and tech > 0,
    }


def _single_champion_2023(r):
    return {
        "niche_years": r["niche_years"] >= 10,
        "main_revenue_3y": sum(r[f"main_revenue_y{k}"] for k in (1, 2, 3)) / 3 >= 40000,
        "market_rank": r["domestic_market_rank"] == 1,
        "sme": size_class(r) != "large",
    }


PROGRAMMES = {
    "innovative_sme_2022": _innovative_2022,
    "specialized_sme_2022": _specialized_2022,
    "specialized_sme_2026": _specialized_2026,
    "little_giant_2022": _little_giant_2022,
    "little_giant_2026": _little_giant_2026,
    "tech_sme_2017": _tech_sme_2017,
    "single_champion_2023": _single_champion_2023,
}
DIRECT_CLAUSES = {"equity_financing_3y", "makers_china_rank"}
TIER_ARCHETYPES = [a for a in ARCHETYPES if a.programme != "sme_size_2011"]


@pytest.mark.parametrize("archetype", TIER_ARCHETYPES, ids=lambda a: a.id)
def test_tier_archetype_is_met_or_missed_on_its_clause(archetype, tables, records):
    position = next(i for i, a in placed_archetypes(N) if a is archetype)
    record = records[tables["enterprise"][position]["uscc"]]
    failing = _failing(PROGRAMMES[archetype.programme](record))
    if archetype.expected == "met":
        assert failing == set(), failing
    else:
        assert archetype.clause in failing, failing
        if (
            archetype.clause not in DIRECT_CLAUSES
        ):  # a missed direct condition leaves a weak score behind
            assert failing <= {archetype.clause, *DIRECT_CLAUSES}, failing


def test_at_archetypes_hold_under_either_ratio_formula(tables, records):
    """``a / b * 100`` and ``a * 100 / b`` agree on the side of the line for every tier archetype."""
    pairs = [
        ("rd_expense", "revenue"),
        ("main_revenue", "revenue"),
        ("total_liabilities", "total_assets"),
    ]
    for position, archetype in placed_archetypes(N):
        if archetype.programme == "sme_size_2011":
            continue
        record = records[tables["enterprise"][position]["uscc"]]
        for part, whole in pairs:
            for k in (1, 2):
                a, b = record[f"{part}_y{k}"], record[f"{whole}_y{k}"]
                for line in (3, 6, 60, 70, 75, 80, 90):
                    assert (a / b * 100 >= line) == (a * 100 / b >= line), (
                        archetype.id,
                        part,
                        k,
                        line,
                    )
                    assert (a / b * 100 <= line) == (a * 100 / b <= line), (
                        archetype.id,
                        part,
                        k,
                        line,
                    )


def test_near_threshold_firms_exist_for_every_programme():
    by_programme = defaultdict(Counter)
    for archetype in ARCHETYPES:
        by_programme[archetype.programme][archetype.expected] += 1
    for programme in (
        "innovative_sme_2022",
        "specialized_sme_2022",
        "specialized_sme_2026",
        "little_giant_2022",
        "little_giant_2026",
        "tech_sme_2017",
    ):
        assert by_programme[programme]["met"] >= 2, programme
        assert by_programme[programme]["not_met"] >= 2, programme
    assert by_programme["sme_size_2011"].keys() == set(CLASSES)
    assert len(ARCHETYPES_BY_ID) == len(ARCHETYPES)


def test_archetypes_are_placed_evenly_and_only_as_many_as_fit():
    placed = placed_archetypes(N)
    assert len(placed) == len(ARCHETYPES) <= N // 8
    positions = [i for i, _ in placed]
    assert positions == sorted(set(positions))
    assert positions[0] < N // 100 and positions[-1] > N - N // 100
    small = placed_archetypes(80)
    assert [a for _, a in small] == list(ARCHETYPES[:10])
    assert placed_archetypes(7) == []


def test_archetypes_sit_in_the_main_district_with_all_three_years(tables, records):
    for position, _ in placed_archetypes(N):
        record = records[tables["enterprise"][position]["uscc"]]
        assert record["region_code"] == "330106"
        assert all(record.get(f"revenue_y{k}") is not None for k in (1, 2, 3))


def test_a_tiny_district_is_all_random_and_an_empty_one_is_empty():
    tiny = generate(n=7)
    assert len(tiny["enterprise"]) == 7
    empty = generate(n=0)
    assert all(rows == [] for rows in empty.values())
