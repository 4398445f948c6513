"""Pinned numeric semantics: ratio() and round() give bit-identical results in Python and on DuckDB."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from littlegiant.batch import run
from littlegiant.batch.arrow import records_to_arrow
from littlegiant.rules import evaluate, load_pack

pytestmark = pytest.mark.duckdb
AS_OF = dt.date(2024, 6, 30)
PACK = """\
id: numeric
version: "1"
title: 数值
issuer: 测试
document: 测试
in_force: {from: 2024-01-01}
outputs: {status: at_three, score: percent}
"""
RULES = """\
- {id: percent, label: 比例, clause: "1", expr: "ratio(rd_expense_y1, revenue_y1)"}
- {id: at_three, label: 达到 3%, clause: "2", expr: "percent >= 3"}
- {id: thirds, label: 三分之一, clause: "3", expr: "round(revenue_y1 / 3, 2) + min(rd_expense_y1, 7) - abs(0 - floor(revenue_y1))"}
"""


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("packs") / "numeric" / "1"
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    (folder / "rules.yaml").write_text(textwrap.dedent(RULES), encoding="utf-8")
    return load_pack(folder)


money = st.one_of(
    st.sampled_from([0.0, 30.0, 29.99, 30.01, 1000.0, 3.0, 1.0, 0.5, 100.0]),
    st.floats(min_value=0, max_value=1e7, allow_nan=False).map(lambda x: round(x, 2)),
    st.floats(min_value=0.001, max_value=1e5, allow_nan=False),
)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(money, money), min_size=30, max_size=60))
def test_python_and_duckdb_agree_bit_for_bit(pack, pairs):
    records = [
        {"uscc": str(i), "rd_expense_y1": a, "revenue_y1": b} for i, (a, b) in enumerate(pairs)
    ]
    result = run(records_to_arrow(records), [pack], AS_OF).to_pylist()
    for record, row in zip(records, result, strict=True):
        verdict = evaluate(pack, record, AS_OF, tracer=False)
        assert row["numeric__score"] == verdict.score, record
        assert row["numeric__status"] == verdict.status.value, record


@pytest.mark.parametrize(("rd", "revenue"), [(30, 1000), (8.04, 268), (33.66, 1122)])
def test_exactly_three_percent_meets_three_percent_on_both_paths(pack, rd, revenue):
    # 8.04 / 268 * 100 is 2.9999999999999996 in float64: without the pinned rounding it would fail ">= 3"
    records = [{"uscc": "x", "rd_expense_y1": rd, "revenue_y1": revenue}]
    row = run(records_to_arrow(records), [pack], AS_OF).to_pylist()[0]
    assert row == {"uscc": "x", "numeric__status": "qualified", "numeric__score": 3.0}
    assert evaluate(pack, records[0], AS_OF).status.value == "qualified"


def test_the_raw_float_product_really_is_below_three():
    assert 8.04 / 268 * 100 < 3
