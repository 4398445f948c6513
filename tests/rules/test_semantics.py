"""Three-valued logic, rounding and record normalization of the Python path."""

from __future__ import annotations

import pytest

from littlegiant.rules import ir
from littlegiant.rules.closures import compile_node
from littlegiant.rules.semantics import (
    industry_digits,
    industry_section,
    normalize_value,
    ratio,
    round_half_away,
)

T, F, U = True, False, None
B = ir.Type.BOOLEAN


def _bool(name):
    return ir.Field(name, B)


@pytest.mark.parametrize(
    ("a", "b", "conj", "disj"),
    [(T, T, T, T), (T, F, F, T), (T, U, U, T), (F, U, F, U), (U, U, U, U), (F, F, F, F)],
)
def test_kleene_and_or_match_sql(a, b, conj, disj):
    env = {"a": a, "b": b}
    assert compile_node(ir.BoolOp("and", (_bool("a"), _bool("b"))), {})(env) is conj
    assert compile_node(ir.BoolOp("or", (_bool("a"), _bool("b"))), {})(env) is disj
    assert compile_node(ir.Not(_bool("a")), {})(env) is (None if a is None else not a)


def test_arithmetic_propagates_null_and_division_by_zero_is_null():
    n = ir.Type.NUMBER
    div = compile_node(ir.Binary("/", ir.Field("a", n), ir.Field("b", n)), {})
    assert div({"a": 1.0, "b": 0.0}) is None
    assert div({"a": None, "b": 2.0}) is None
    assert div({"a": 1.0, "b": 4.0}) == 0.25


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(30, 1000, 3.0), (29.99, 1000, 2.999), (1, 3, 33.3333), (2, 3, 66.6667), (150, 1000, 15.0),
     (-1, 3, -33.3333), (0, 5, 0.0), (5, 0, None), (None, 5, None)],
)  # fmt: skip
def test_ratio_is_a_percentage_rounded_to_four_places(numerator, denominator, expected):
    assert ratio(numerator, denominator) == expected


def test_rounding_is_half_away_from_zero():
    assert round_half_away(0.00005, 4) == 0.0001
    assert round_half_away(-0.00005, 4) == -0.0001
    assert round_half_away(2.5, 0) == 3.0 and round_half_away(-2.5, 0) == -3.0


@pytest.mark.parametrize(
    ("code", "section", "digits"),
    [("C3985", "C", "3985"), ("39", "C", "39"), ("c39", "C", "39"), ("C", "C", ""), ("06", "B", "06"),
     ("70", "K", "70"), ("98", None, "98"), ("", None, ""), (None, None, None)],
)  # fmt: skip
def test_industry_code_parts(code, section, digits):
    assert industry_section(code) == section
    assert industry_digits(code) == digits


@pytest.mark.parametrize(
    ("flat_id", "raw", "value"),
    [("high_tech_enterprise", "是", True), ("high_tech_enterprise", "否", False), ("high_tech_enterprise", 1, True),
     ("high_tech_enterprise", "maybe", None), ("revenue_y1", "12.5", 12.5), ("revenue_y1", float("nan"), None),
     ("revenue_y1", "", None), ("main_product_field", "other, six_foundations", frozenset({"other", "six_foundations"})),
     ("main_product_field", ",", None), ("industry_code", "  ", None)],
)  # fmt: skip
def test_record_values_are_normalized(flat_id, raw, value):
    assert normalize_value(flat_id, raw) == value
