"""Gaps (smallest changes, missing data) and the tier ladder."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from littlegiant.rules import evaluate, gaps, ladder, pack_for, what_if

AS_OF = dt.date(2025, 6, 30)
TECH = {
    "employees_y1": 100, "revenue_y1": 1000, "total_assets_y1": 800, "restricted_industry": False,
    "major_violation": False, "tech_staff_y1": 20, "rd_expense_y1": 21, "ip_class1_count": 0, "ip_class2_count": 3,
    "high_tech_enterprise": False, "led_standard_setting": False, "rd_institution_level": "none",
    "total_cost_y1": 10000,
}  # fmt: skip


def test_the_smallest_single_change_comes_first_in_the_records_units():
    pack = pack_for("tech_sme", AS_OF)
    found = gaps(pack, TECH, AS_OF)
    first = found[0]
    assert first.kind == "change" and len(first.changes) == 1
    assert (first.changes[0].field, first.changes[0].target, first.changes[0].delta) == (
        "rd_expense_y1",
        40.0,
        19.0,
    )
    assert first.message == (
        "研发费用总额占销售收入总额比例 2.1% → 4.0%（综合得分（研发投入按销售收入口径） 40.0分 → 60.0分）："
        "研发费用再增加 19.0 万元"
    )


def test_every_proposed_change_really_qualifies_and_just_less_does_not():
    pack = pack_for("tech_sme", AS_OF)
    for gap in gaps(pack, TECH, AS_OF):
        changes = {c.field: c.target for c in gap.changes}
        assert what_if(pack, TECH, changes, AS_OF).status.value == "qualified", gap.message
    assert what_if(pack, TECH, {"rd_expense_y1": 39.99}, AS_OF).status.value == "not_qualified"


def test_what_if_does_not_change_the_record():
    record = dict(TECH)
    what_if(pack_for("tech_sme", AS_OF), record, {"rd_expense_y1": 100}, AS_OF)
    assert record == TECH


def test_a_solution_with_a_field_in_the_denominator_is_found_by_refinement():
    pack = pack_for("tech_sme", AS_OF)
    by_field = {g.changes[0].field: g for g in gaps(pack, TECH, AS_OF) if len(g.changes) == 1}
    assert by_field["total_cost_y1"].changes[0].target == pytest.approx(105.0)


def test_two_field_changes_are_proposed_when_no_single_change_is_enough():
    pack = pack_for("innovative_sme", AS_OF)
    record = {
        "ip_class1_high_value_count": 0, "ip_class1_self_developed_count": 0, "ip_class1_count": 0,
        "ip_class2_count": 0, "revenue_y1": 1000, "rd_expense_y1": 5, "main_revenue_y1": 700, "main_revenue_y2": 700,
        "total_liabilities_y1": 800, "total_assets_y1": 1000, "main_product_field": "other",
        "high_tech_enterprise": True, "tech_innovation_demo_enterprise": True, "ip_advantage_enterprise": True,
        "rd_institution_level": "national", "equity_financing_y1": 0, "equity_financing_y2": 0,
        "equity_financing_y3": 0, "national_award_rank": None, "provincial_award_rank": None,
    }  # fmt: skip
    record.update(high_tech_enterprise=False, tech_innovation_demo_enterprise=False, ip_advantage_enterprise=False,
                  rd_institution_level="none")  # fmt: skip
    base = evaluate(pack, record, AS_OF)
    assert base.status.value == "not_qualified"
    found = [g for g in gaps(pack, record, AS_OF) if g.kind == "change"]
    assert found
    assert len(found[0].changes) == 1  # direct conditions need one change each
    assert all(what_if(pack, record, {c.field: c.target for c in g.changes}, AS_OF).status.value == "qualified"
               for g in found)  # fmt: skip


def test_unknown_lists_the_missing_fields_that_decide_first():
    pack = pack_for("tech_sme", AS_OF)
    record = {**TECH, "ip_class1_count": None}
    found = gaps(pack, record, AS_OF)
    assert found[0].kind == "missing" and found[0].fields == ("ip_class1_count",)
    assert "补充后即可判定" in found[0].message


def test_unknown_with_all_data_present_asks_for_manual_review_naming_the_clause():
    found = gaps(
        pack_for("sme_size", AS_OF),
        {"industry_code": "F", "employees_y1": 5, "revenue_y1": 10},
        AS_OF,
    )
    assert [g.kind for g in found] == ["review"]
    assert "划型行业" in found[0].message


def test_a_qualified_record_has_no_gaps():
    assert gaps(pack_for("tech_sme", AS_OF), {**TECH, "rd_expense_y1": 60}, AS_OF) == []


def test_gaps_of_one_record_take_milliseconds():
    pack = pack_for("tech_sme", AS_OF)
    gaps(pack, TECH, AS_OF)
    start = time.process_time()
    for _ in range(20):
        gaps(pack, TECH, AS_OF)
    assert (
        time.process_time() - start
    ) / 20 < 0.05  # generous bound; figures in benchmarks/README.md


def test_the_ladder_places_a_high_tech_firm_on_tier_one_and_lists_the_next_steps_gaps():
    record = {**TECH, "high_tech_enterprise": True}
    result = ladder(record, AS_OF)
    assert result.position == "tier1"
    assert result.next_tier == "tier2"
    assert "specialized_sme" in result.next_gaps


def test_the_ladder_of_an_empty_record_has_no_position():
    result = ladder({}, AS_OF)
    assert result.position is None and result.next_tier == "tier1"
