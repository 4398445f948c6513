"""Archive edit forms built from the record: labels with units, the validate module's Chinese
messages, cross-field checks, required keys, initial values, region choices with names."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from littlegiant.web.enterprises.forms import (
    archive_form_class,
    form_initial,
    region_choices,
    use_region_select,
)

USCC = "91110000600037341L"


def _form(table_id, data, **kwargs):
    return archive_form_class(table_id)(data, uscc=USCC, **kwargs)


def test_labels_carry_units_and_required_marks():
    form = archive_form_class("yearly")()
    assert form.fields["revenue"].label == "营业收入（万元）"
    assert form.fields["employees"].label == "从业人员（职工总数）（人）"
    assert form.fields["fiscal_year"].record_required is True
    assert form.fields["revenue"].record_required is False
    assert "uscc" not in form.fields


def test_typed_values_are_read_by_the_record_rules():
    form = _form(
        "yearly",
        {
            "fiscal_year": "2024",
            "revenue": "1,234.5",
            "employees": "\uff11\uff12",
            "main_revenue": "",
        },
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["revenue"] == 1234.5
    assert form.cleaned_data["employees"] == 12
    assert form.cleaned_data["main_revenue"] is None  # missing stays None, never 0


def test_bad_values_get_the_validate_modules_chinese_message():
    form = _form("yearly", {"fiscal_year": "2024", "rd_expense": "-3", "employees": "abc"})
    assert not form.is_valid()
    assert form.errors["rd_expense"] == ["字段「研发费用」的值 -3 不符合规则：不得小于 0"]
    assert "应为数字（单位：人）" in form.errors["employees"][0]


@pytest.mark.parametrize(
    ("main_revenue", "valid"), [("99.99", True), ("100", True), ("100.01", False)]
)
def test_main_revenue_may_equal_but_not_exceed_revenue(main_revenue, valid):
    form = _form("yearly", {"fiscal_year": "2024", "revenue": "100", "main_revenue": main_revenue})
    assert form.is_valid() is valid
    if not valid:
        assert "主营业务收入不得大于营业收入（100）" in form.errors["main_revenue"][0]


def test_every_broken_rule_is_shown_at_once():
    form = _form(
        "yearly", {"fiscal_year": "", "employees": "10", "rd_staff": "11", "tech_staff": "12"}
    )
    assert not form.is_valid()
    assert set(form.errors) == {"fiscal_year", "rd_staff", "tech_staff"}
    assert "不能为空" in form.errors["fiscal_year"][0]


def test_expiry_before_issue_is_refused():
    form = _form(
        "titles", {"title": "tech_sme", "issued_on": "2024-06-01", "expires_on": "2024-05-31"}
    )
    assert not form.is_valid()
    assert "有效期至不得早于发证/认定日期（2024-06-01）" in form.errors["expires_on"][0]
    same_day = _form(
        "titles", {"title": "tech_sme", "issued_on": "2024-06-01", "expires_on": "2024-06-01"}
    )
    assert same_day.is_valid(), same_day.errors


def test_ip_counts_follow_the_cross_field_checks():
    form = _form("ip", {"ip_class1_count": "3", "ip_class1_self_developed_count": "4"})
    assert (
        "自主研发Ⅰ类知识产权不得多于Ⅰ类知识产权总数"
        in form.errors["ip_class1_self_developed_count"][0]
    )


def test_booleans_choices_and_sets():
    form = _form(
        "enterprise",
        {
            "name": "甲公司",
            "region_code": "330106",
            "own_brand": "false",
            "rd_institution_level": "provincial",
            "main_product_field": ["six_foundations", "other"],
            "market_share": "12.5%",
        },
    )
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["own_brand"] is False
    assert data["major_violation"] is None  # 未填 is not 否
    assert data["rd_institution_level"] == "provincial"
    assert data["main_product_field"] == ["six_foundations", "other"]
    assert data["market_share"] == 12.5


def test_codes_are_checked_against_the_code_tables():
    form = _form(
        "enterprise", {"name": "甲公司", "region_code": "999999", "industry_code": "C9999"}
    )
    assert not form.is_valid()
    assert "不在 GB/T 2260 代码表中" in form.errors["region_code"][0]
    assert "不在 GB/T 4754-2017" in form.errors["industry_code"][0]


def test_a_future_establishment_date_is_refused():
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()  # noqa: DTZ011 - China may be a day ahead
    form = _form(
        "enterprise", {"name": "甲公司", "region_code": "330106", "established_on": tomorrow}
    )
    assert "日期不得晚于今天" in form.errors["established_on"][0]


def test_initial_values_show_stored_values_as_typed():
    stored = SimpleNamespace(
        fiscal_year=2024,
        revenue=100.0,
        main_revenue=80.5,
        employees=None,
        total_assets=None,
        total_liabilities=None,
        net_profit=-3.0,
        rd_expense=None,
        rd_staff=None,
        tech_staff=None,
        equity_financing=None,
        total_cost=None,
        high_tech_revenue=None,
    )
    initial = form_initial("yearly", stored)
    assert initial["revenue"] == "100" and initial["main_revenue"] == 80.5
    assert initial["net_profit"] == "-3" and initial["employees"] == ""
    title = SimpleNamespace(
        title="tech_sme", issued_on=dt.date(2024, 1, 2), expires_on=None, certificate_no=""
    )
    assert form_initial("titles", title)["issued_on"] == "2024-01-02"


def test_region_choices_are_named_and_scoped():
    choices = dict(region_choices(["3301"]))
    assert choices["330106"] == "330106 浙江省 杭州市 西湖区"
    assert "320102" not in choices
    kept = dict(region_choices(["330106"], current="320102"))
    assert "320102" in kept  # the stored region is never dropped silently
    form = _form("enterprise", {"name": "甲", "region_code": "330106"})
    use_region_select(form, ["330106"])
    assert [code for code, _ in form.fields["region_code"].choices] == ["", "330106"]
    assert form.is_valid(), form.errors
