"""The Python path and the compiled-SQL path (DuckDB) must give identical status, score and class."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from littlegiant.batch import run
from littlegiant.batch.arrow import records_to_arrow
from littlegiant.rules import all_packs, evaluate, pack_for
from littlegiant.rules.cases import case_as_of, load_cases

pytestmark = pytest.mark.duckdb


def _python_row(pack, record, as_of):
    verdict = evaluate(pack, record, as_of, tracer=False)
    row = {f"{pack.id}__status": verdict.status.value}
    if pack.outputs.score:
        row[f"{pack.id}__score"] = verdict.score
    if pack.outputs.class_:
        row[f"{pack.id}__class"] = verdict.classification
    return row


def _assert_same(packs, records, as_of):
    rows = [{**record, "uscc": str(index)} for index, record in enumerate(records)]
    result = run(records_to_arrow(rows), packs, as_of).to_pylist()
    assert [row["uscc"] for row in result] == [str(i) for i in range(len(records))]
    for record, sql_row in zip(records, result, strict=True):
        for pack in packs:
            expected = _python_row(pack, record, as_of)
            got = {key: sql_row[key] for key in expected}
            assert got == expected, f"{pack.key} {record}"


def test_every_pack_case_agrees_between_python_and_sql():
    groups = defaultdict(list)
    for pack in all_packs():
        for case in load_cases(pack):
            groups[(pack.key, case_as_of(pack, case))].append(case.case.input)
    packs = {pack.key: pack for pack in all_packs()}
    assert len(groups) >= 3
    for (key, as_of), records in groups.items():
        _assert_same([packs[key]], records, as_of)


AS_OF = dt.date(2025, 6, 30)
_money = st.one_of(st.none(), st.sampled_from([0.0, 30.0, 100.0, 300.0, 500.0, 1000.0, 2000.0, 20000.0, 40000.0]),
                   st.floats(min_value=0, max_value=200000, allow_nan=False).map(lambda x: round(x, 2)))
_count = st.one_of(st.none(), st.integers(min_value=0, max_value=2500))
_flag = st.one_of(st.none(), st.booleans(), st.sampled_from(["是", "否", "1", "0", "maybe"]))
_codes = st.one_of(st.none(), st.sampled_from(
    ["C3985", "C", "39", "F", "F5110", "52", "G5310", "G5430", "I6510", "K7010", "K70", "K7030", "L", "M7310",
     "Q8510", "Q8411", "A0111", "E4710", "Z9", " c39 ", ""]))
_fields = st.sampled_from(["strategic_emerging", "six_foundations", "key_chain_link", "other", "time_honored"])
RECORDS = st.fixed_dictionaries({}, optional={
    **{f"{name}_{y}": _money for name in ("revenue", "main_revenue", "total_assets", "total_liabilities",
                                          "rd_expense", "equity_financing", "total_cost", "net_profit")
       for y in ("y1", "y2", "y3")},
    **{f"{name}_{y}": _count for name in ("employees", "rd_staff", "tech_staff") for y in ("y1", "y2")},
    **{name: _count for name in ("ip_class1_count", "ip_class1_self_developed_count",
                                 "ip_class1_high_value_count", "ip_class2_count", "standards_count")},
    **{name: _flag for name in ("high_tech_enterprise", "tech_innovation_demo_enterprise", "ip_advantage_enterprise",
                                "restricted_industry", "major_violation", "led_standard_setting", "quality_cert",
                                "own_brand", "specialized_sme", "innovative_sme", "tech_sme", "retest")},
    **{name: st.one_of(st.none(), st.integers(min_value=1, max_value=10))
       for name in ("national_award_rank", "provincial_award_rank", "makers_china_rank", "digital_level")},
    "industry_code": _codes,
    "niche_years": st.one_of(st.none(), st.floats(min_value=0, max_value=30).map(lambda x: round(x, 1))),
    "rd_institution_level": st.one_of(st.none(), st.sampled_from(["national", "provincial", "municipal", "below", "none"])),
    "main_product_field": st.one_of(st.none(), st.lists(_fields, max_size=3)),
    "market_share": st.one_of(st.none(), st.floats(min_value=0, max_value=100).map(lambda x: round(x, 2))),
    "development_score": st.one_of(st.none(), st.floats(min_value=0, max_value=100).map(lambda x: round(x, 1))),
})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(RECORDS, min_size=10, max_size=20))
def test_generated_records_agree_between_python_and_sql(records):
    packs = [pack_for(programme, AS_OF) for programme in ("sme_size", "innovative_sme", "tech_sme")]
    packs += [pack for pack in all_packs() if pack.in_force(AS_OF) and pack.id not in {p.id for p in packs}]
    _assert_same(packs, records, AS_OF)
