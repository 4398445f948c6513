"""Push lists: the firms one condition away, in SQL, equal the Python form of the open conditions."""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from littlegiant.matching.push import near_query, near_reason
from littlegiant.rules import evaluate, policy_pack, policy_packs

AS_OF = dt.date(2025, 6, 30)
PACK_REFS = sorted(pack.key for pack in policy_packs())
_flag = st.one_of(st.none(), st.booleans())
_money = st.one_of(st.none(), st.sampled_from([-10.0, 0.0, 0.01, 100.0, 3000.0, 50000.0]))
RECORD = st.fixed_dictionaries(
    {
        "little_giant": _flag,
        "specialized_sme": _flag,
        "innovative_sme": _flag,
        "tech_sme": _flag,
        "major_violation": _flag,
        "net_profit_y1": _money,
        "revenue_y1": _money,
        "employees_y1": st.one_of(st.none(), st.sampled_from([10.0, 999.0, 1000.0, 1001.0])),
        "ip_class1_count": st.one_of(st.none(), st.sampled_from([0.0, 1.0, 7.0])),
    }
)
_COLUMNS = {
    "little_giant": pa.bool_(),
    "specialized_sme": pa.bool_(),
    "innovative_sme": pa.bool_(),
    "tech_sme": pa.bool_(),
    "major_violation": pa.bool_(),
    "net_profit_y1": pa.float64(),
    "revenue_y1": pa.float64(),
    "employees_y1": pa.float64(),
    "ip_class1_count": pa.float64(),
}


def _near_by_sql(pack, records, as_of):
    table = pa.table(
        {
            "uscc": [str(i) for i in range(len(records))],
            **{
                name: pa.array([r[name] for r in records], type=kind)
                for name, kind in _COLUMNS.items()
            },
        }
    )
    con = duckdb.connect()
    con.register("firms", table)
    types = {row[0]: str(row[1]) for row in con.execute("DESCRIBE firms").fetchall()}
    return {row[0] for row in con.sql(near_query(pack, as_of, "firms", types)).fetchall()}


@pytest.mark.duckdb
@pytest.mark.parametrize("ref", PACK_REFS)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(records=st.lists(RECORD, min_size=5, max_size=30))
def test_near_firms_agree_between_python_and_sql(ref, records):
    pack = policy_pack(ref)
    as_of = pack.in_force_from  # each pack on a day it is in force
    expected = set()
    for index, record in enumerate(records):
        verdict = evaluate(pack, record, as_of, tracer=False)
        if verdict.status.value != "qualified" and verdict.open_conditions.total == 1:
            expected.add(str(index))
    assert _near_by_sql(pack, records, as_of) == expected


def test_and_adds_conditions_and_or_takes_the_fewest():
    pack = policy_pack("zjtx_loan@2025")  # qualified = tier_title and profitable and no_violation
    nothing = evaluate(pack, {}, AS_OF)
    opened = nothing.open_conditions.conditions
    assert [c.rule_id for c in opened] == ["tier_title", "profitable", "no_violation"]
    qualified = evaluate(
        pack, {"little_giant": True, "net_profit_y1": 1, "major_violation": False}, AS_OF
    )
    assert qualified.open_conditions.conditions == ()


def test_a_missing_value_is_named_in_the_reason():
    pack = policy_pack("zjtx_loan@2025")
    verdict = evaluate(pack, {"little_giant": True, "net_profit_y1": 1}, AS_OF)
    assert verdict.status.value == "unknown"
    assert near_reason(verdict).startswith("待补充：无重大失信（")


@pytest.mark.parametrize(("profit", "near"), [(0.0, True), (0.01, False), (-0.01, True)])
def test_profit_threshold_boundary(profit, near):
    pack = policy_pack("zjtx_loan@2025")  # profitable: net_profit_y1 > 0
    verdict = evaluate(
        pack, {"innovative_sme": True, "net_profit_y1": profit, "major_violation": False}, AS_OF
    )
    assert (verdict.status.value == "qualified") is not near
    opened = [c.rule_id for c in verdict.open_conditions.conditions]
    assert (opened == ["profitable"]) is near
