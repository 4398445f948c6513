"""The Python path and the compiled-SQL path (DuckDB) must give identical status, score and class."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from littlegiant.batch import run
from littlegiant.batch.arrow import records_to_arrow
from littlegiant.rules import all_packs, evaluate, every_pack, pack_for
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


def _assert_same(packs, records, as_of, template=None):
    if template is not None:
        records = [template, *records]
    rows = [{**record, "uscc": str(index)} for index, record in enumerate(records)]
    result = run(records_to_arrow(rows), packs, as_of).to_pylist()
    assert [row["uscc"] for row in result] == [str(i) for i in range(len(records))]
    for record, sql_row in zip(records, result, strict=True):
        for pack in packs:
            expected = _python_row(pack, record, as_of)
            got = {key: sql_row[key] for key in expected}
            assert got == expected, f"{pack.key} {record}"


def _as_text(value):
    if isinstance(value, list | tuple | set):
        return ",".join(str(item) for item in value)
    return None if value is None else str(value)


@pytest.mark.parametrize("as_text", [True, False], ids=["text", "native"])
def test_every_pack_case_agrees_between_python_and_sql(as_text):
    """Cases of every pack (programmes and policies) are grouped by pack and parameter values; columns go
    in as text (the CSV path) or with their native types (the archive path)."""
    groups = defaultdict(list)
    for pack in every_pack():
        for case in load_cases(pack):
            as_of = case_as_of(pack, case)
            params = tuple(sorted(pack.parameter_values(as_of).items()))
            groups[(pack.key, params)].append((as_of, case.case.input))
    packs = {pack.key: pack for pack in every_pack()}
    assert len(groups) >= 3
    for (key, _), items in groups.items():
        pack = packs[key]
        records = [record for _, record in items]
        convert = _as_text if as_text else (lambda value: value)
        table = records_to_arrow(
            [
                {"uscc": str(i), **{f: convert(r.get(f)) for f in pack.fields}}
                for i, r in enumerate(records)
            ]
        )
        result = run(table, [pack], items[0][0]).to_pylist()
        for (as_of, record), sql_row in zip(items, result, strict=True):
            expected = _python_row(pack, record, as_of)
            assert {k: sql_row[k] for k in expected} == expected, f"{pack.key} {record}"


AS_OF = dt.date(2025, 6, 30)
_money = st.one_of(
    st.none(),
    st.sampled_from([0.0, 30.0, 100.0, 300.0, 500.0, 1000.0, 2000.0, 20000.0, 40000.0]),
    st.floats(min_value=0, max_value=200000, allow_nan=False).map(lambda x: round(x, 2)),
)
_count = st.one_of(st.none(), st.integers(min_value=0, max_value=2500))
_flag = st.one_of(st.none(), st.booleans(), st.sampled_from(["是", "否", "1", "0", "maybe"]))
CODES = [
    "C3985",
    "C",
    "39",
    "F",
    "F5110",
    "52",
    "G5310",
    "G5430",
    "I6510",
    "K7010",
    "K70",
    "K7030",
    "L",
    "M7310",
    "Q8510",
    "Q8411",
    "A0111",
    "E4710",
    "Z9",
    " c39 ",
    "",
]
_codes = st.one_of(st.none(), st.sampled_from(CODES))
_fields = st.sampled_from(
    ["strategic_emerging", "six_foundations", "key_chain_link", "other", "time_honored"]
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        **{
            f"{name}_{y}": _money
            for name in (
                "revenue",
                "main_revenue",
                "total_assets",
                "total_liabilities",
                "rd_expense",
                "equity_financing",
                "total_cost",
                "net_profit",
            )
            for y in ("y1", "y2", "y3")
        },
        **{
            f"{name}_{y}": _count
            for name in ("employees", "rd_staff", "tech_staff")
            for y in ("y1", "y2")
        },
        **dict.fromkeys(
            (
                "ip_class1_count",
                "ip_class1_self_developed_count",
                "ip_class1_high_value_count",
                "ip_class2_count",
                "standards_count",
            ),
            _count,
        ),
        **dict.fromkeys(
            (
                "high_tech_enterprise",
                "tech_innovation_demo_enterprise",
                "ip_advantage_enterprise",
                "restricted_industry",
                "major_violation",
                "led_standard_setting",
                "quality_cert",
                "own_brand",
                "specialized_sme",
                "innovative_sme",
                "tech_sme",
                "retest",
            ),
            _flag,
        ),
        **{
            name: st.one_of(st.none(), st.integers(min_value=1, max_value=10))
            for name in (
                "national_award_rank",
                "provincial_award_rank",
                "makers_china_rank",
                "digital_level",
            )
        },
        "industry_code": _codes,
        "niche_years": st.one_of(
            st.none(), st.floats(min_value=0, max_value=30).map(lambda x: round(x, 1))
        ),
        "rd_institution_level": st.one_of(
            st.none(), st.sampled_from(["national", "provincial", "municipal", "below", "none"])
        ),
        "main_product_field": st.one_of(st.none(), st.lists(_fields, max_size=3)),
        "market_share": st.one_of(
            st.none(), st.floats(min_value=0, max_value=100).map(lambda x: round(x, 2))
        ),
        "development_score": st.one_of(
            st.none(), st.floats(min_value=0, max_value=100).map(lambda x: round(x, 1))
        ),
    },
)


# A first row holding every generated column keeps the Arrow schema (and so the cached SQL) stable.
TEMPLATE = {
    **{
        f"{n}_{y}": 1.5
        for n in (
            "revenue",
            "main_revenue",
            "total_assets",
            "total_liabilities",
            "rd_expense",
            "equity_financing",
            "total_cost",
            "net_profit",
        )
        for y in ("y1", "y2", "y3")
    },
    **{f"{n}_{y}": 1 for n in ("employees", "rd_staff", "tech_staff") for y in ("y1", "y2")},
    **dict.fromkeys(
        (
            "ip_class1_count",
            "ip_class1_self_developed_count",
            "ip_class1_high_value_count",
            "ip_class2_count",
            "standards_count",
            "national_award_rank",
            "provincial_award_rank",
            "makers_china_rank",
            "digital_level",
        ),
        1,
    ),
    **dict.fromkeys(
        (
            "high_tech_enterprise",
            "tech_innovation_demo_enterprise",
            "ip_advantage_enterprise",
            "restricted_industry",
            "major_violation",
            "led_standard_setting",
            "quality_cert",
            "own_brand",
            "specialized_sme",
            "innovative_sme",
            "tech_sme",
            "retest",
        ),
        "是",
    ),
    "industry_code": "C3985",
    "niche_years": 2.5,
    "rd_institution_level": "none",
    "main_product_field": ["other"],
    "market_share": 5.5,
    "development_score": 61.0,
}


MY_PACKS = ("sme_size", "innovative_sme", "tech_sme")


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(RECORDS, min_size=20, max_size=40))
def test_generated_records_agree_between_python_and_sql(records):
    packs = [pack_for(programme, AS_OF) for programme in MY_PACKS]
    _assert_same(packs, records, AS_OF, template=TEMPLATE)


@pytest.mark.slow
def test_three_thousand_random_records_agree_on_every_pack_in_force():
    """One DuckDB run over 3,000 records drawn from the same value pools (fixed seed), every pack."""
    rng = random.Random(20260401)
    records = [_random_record(rng) for _ in range(3000)]
    packs = [pack for pack in all_packs() if pack.in_force(AS_OF)]
    assert {p.id for p in packs} >= set(MY_PACKS)
    _assert_same(packs, records, AS_OF, template=TEMPLATE)


def _random_value(rng, key):
    sample = TEMPLATE[key]
    if rng.random() < 0.15:
        return None
    if key == "industry_code":
        return rng.choice(CODES)
    if key == "rd_institution_level":
        return rng.choice(["national", "provincial", "municipal", "below", "none"])
    if key == "main_product_field":
        return rng.sample(
            ["strategic_emerging", "six_foundations", "key_chain_link", "other"], rng.randint(0, 2)
        )
    if isinstance(sample, str):
        return rng.choice([True, False, "是", "否", "1", "0"])
    if isinstance(sample, int):
        return rng.choice(
            [0, 1, 2, 3, 4, 5, 10, 19, 20, 50, 99, 100, 300, 500, 1000, rng.randint(0, 3000)]
        )
    edges = [
        0.0,
        30.0,
        100.0,
        500.0,
        1000.0,
        2000.0,
        5000.0,
        20000.0,
        40000.0,
        50.0,
        60.0,
        70.0,
        80.0,
    ]
    return rng.choice(
        [rng.choice(edges), round(rng.uniform(0, 60000), 2), round(rng.uniform(0, 100), 2)]
    )


def _random_record(rng):
    return {key: _random_value(rng, key) for key in TEMPLATE if rng.random() < 0.9}
