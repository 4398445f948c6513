"""One writing rule per kind of number (issue 10: ``58.775 分`` beside ``4%`` beside ``2.9995%``)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from littlegiant.records.number_format import (
    format_count,
    format_money,
    format_percent,
    format_quantity,
    format_score,
)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_every_percentage_has_two_decimals_unless_two_would_read_as_a_whole_number(value):
    text = format_percent(value)
    decimals = len(text.rstrip("%").partition(".")[2])
    two = Decimal(repr(value)).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    if two == two.to_integral_value() and two != Decimal(repr(value)):
        assert (
            decimals > 2 or text == f"{two:,.2f}%"
        )  # a near miss is never shown as the round number
        assert Decimal(text.rstrip("%").replace(",", "")) != two or decimals <= 2
    else:
        assert decimals == 2


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False))
def test_money_always_two_decimals_and_scores_at_most_two(value):
    assert re.fullmatch(r"[\d,]+\.\d{2}", format_money(value))
    assert re.fullmatch(r"[\d,]+(\.\d{1,2})?", format_score(value))
    assert not format_score(value).endswith("0") or "." not in format_score(value)


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [(58.775, "分", "58.78 分"), (4, "%", "4.00%"), (2.9995, "%", "2.9995%"), (2418, "家", "2,418 家"),
     (2418.0, "户", "2,418 户"), (1500, "万元", "1,500.00 万元"), (3, "%", "3.00%")],
)  # fmt: skip
def test_the_numbers_of_the_issue(value, unit, shown):
    assert format_quantity(value, unit) == shown


def test_counts_are_whole_numbers():
    assert format_count(12) == "12" and format_count(1234567.0) == "1,234,567"
