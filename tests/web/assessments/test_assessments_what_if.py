"""What-if inputs, labels and request parameters: strict parsing with Chinese messages naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from littlegiant.web.assessments.forms import (
    DateInputError,
    parse_date,
    parse_limit,
    what_if_inputs,
)
from littlegiant.web.assessments.labels import field_label, format_value
from littlegiant.web.assessments.what_if import WhatIfInputError, parse_changes, parse_value


def test_numbers_booleans_choices_and_sets_are_parsed():
    changes = parse_changes(
        {
            "revenue_y1": "1,500",
            "own_brand": "否",
            "rd_institution_level": "provincial",
            "main_product_field": ["six_foundations", "other"],
            "niche_years": "",
        }
    )
    assert changes == {
        "revenue_y1": 1500.0,
        "own_brand": False,
        "rd_institution_level": "provincial",
        "main_product_field": ["six_foundations", "other"],
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "rd_expense_y1",
            "abc",
            "字段「研发费用（上年度）」的值 abc 不符合规则：应为数字",
        ),
        (
            "market_share",
            "100.01",
            "「主导产品细分市场占有率」的值 100.01 不符合规则：不得大于 100$",
        ),
        ("rd_expense_y1", "-0.01", "的值 -0.01 不符合规则：不得小于 0$"),
        ("own_brand", "也许", "「拥有自主品牌」的值 也许 不符合规则：应为 是/否"),
        (
            "rd_institution_level",
            "county",
            "的值 county 不符合规则：应为以下之一：国家级（national）",
        ),
        ("no_such_field", "1", "“no_such_field”不是可测算的数据项"),
        ("uscc", "1", "不是可测算的数据项"),
    ],
)
def test_bad_inputs_name_the_field_and_value(field, value, message):
    with pytest.raises(WhatIfInputError, match=message):
        parse_value(field, value)


def test_bounds_are_inclusive():
    assert parse_value("market_share", "100") == 100.0
    assert parse_value("rd_expense_y1", "0") == 0.0


def test_form_inputs_collect_fields_and_the_extra_pair():
    post = QueryDict(
        "f_rd_expense_y1=120&f_main_product_field=other&f_main_product_field=six_foundations"
        "&extra_field=market_position_leading&extra_value=是&programme=x"
    )
    assert what_if_inputs(post) == {
        "rd_expense_y1": "120",
        "main_product_field": ["other", "six_foundations"],
        "market_position_leading": "是",
    }


def test_dates_and_limits():
    assert parse_date(" 2026-06-30 ") == dt.date(2026, 6, 30) and parse_date("") is None
    with pytest.raises(DateInputError, match="2026/06/30"):
        parse_date("2026/06/30")
    assert parse_limit("2", default=3) == 2 and parse_limit(None, default=3) == 3
    assert parse_limit("全部", default=3) is None and parse_limit("x", default=3) == 3


def test_labels_show_years_units_and_missing():
    assert field_label("revenue_y2") == "营业收入（前年）"
    assert format_value("revenue_y1", 1500) == "1,500.00 万元"
    assert format_value("market_share", 12.5) == "12.50%"
    assert format_value("rd_institution_level", "national") == "国家级"
    assert format_value("main_product_field", frozenset({"other"})) == "其他"
    assert (
        format_value("revenue_y1", None) == "—（缺失）"
        and format_value("revenue_y1", 0) == "0.00 万元"
    )
