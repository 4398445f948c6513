import datetime as dt
import pickle

import pytest

from littlegiant.records.fields import FIELDS_BY_ID
from littlegiant.records.tables import TABLES_BY_ID
from littlegiant.records.validate import validate_flat_record, validate_row
from littlegiant.records.values import FieldValueError, parse_value

TODAY = dt.date(2025, 6, 30)
USCC = "91110000600037341L"


def parse(field_id, raw):
    return parse_value(field_id, raw, today=TODAY)


def rule_of(field_id, raw):
    with pytest.raises(FieldValueError) as caught:
        parse(field_id, raw)
    return caught.value


def test_error_message_is_chinese_and_names_field_value_rule():
    error = rule_of("revenue", -5)
    assert str(error) == "字段「营业收入」的值 -5 不符合规则：不得小于 0"
    assert (error.field_id, error.value, error.rule) == ("revenue", -5, "不得小于 0")


def test_error_survives_pickling_for_background_jobs():
    error = pickle.loads(pickle.dumps(rule_of("revenue", -5)))
    assert str(error).endswith("不得小于 0")


def test_flat_ids_name_the_year_in_the_label():
    error = rule_of("revenue_y2", "-1")
    assert error.field_id == "revenue_y2"
    assert "营业收入（前年）" in str(error)


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", float("nan")])
def test_empty_is_none_never_zero(raw):
    for field_id in (
        "revenue",
        "employees",
        "high_tech_enterprise",
        "established_on",
        "uscc",
        "market_share",
    ):
        assert parse(field_id, raw) is None


@pytest.mark.parametrize(
    "raw, expected",
    [
        (0, 0.0),
        ("0", 0.0),
        ("1,234.5", 1234.5),
        (" 12 ", 12.0),
        ("1,234,567", 1234567.0),
        ("\uff11\uff12\uff13\uff14\uff0e\uff15", 1234.5),  # full-width digits and full stop
        ("\uff11\uff0c\uff12\uff13\uff14", 1234.0),  # full-width thousands comma
        ("12万元", 12.0),
        ("1e3", 1000.0),
        (1_000_000_000, 1e9),
    ],
)
def test_money_accepts_what_people_type(raw, expected):
    assert parse("revenue", raw) == expected


@pytest.mark.parametrize("raw", ["12,34", "1,2345", "abc", "12..5", "--5", "1 2 3a", True])
def test_malformed_numbers_are_rejected(raw):
    assert rule_of("revenue", raw).field_id == "revenue"


def test_money_bounds_at_and_beyond():
    assert parse("revenue", 0) == 0.0
    assert rule_of("revenue", "-0.01").rule == "不得小于 0"
    assert parse("revenue", 1e9) == 1e9
    assert rule_of("revenue", 1e9 + 1).rule == "不得大于 1000000000 万元"
    assert parse("net_profit", -200.5) == -200.5  # net profit may be negative


def test_percent_bounds_and_percent_sign():
    assert parse("market_share", 0) == 0.0
    assert parse("market_share", "100") == 100.0
    assert parse("market_share", "100%") == 100.0
    assert parse("market_share", "12.5%") == 12.5
    assert parse("market_share", "\uff11\uff12\uff0e\uff15\uff05") == 12.5
    assert rule_of("market_share", "100.01").rule == "不得大于 100"
    assert rule_of("market_share", "-0.1%").rule == "不得小于 0"


def test_integers_reject_fractions_but_accept_whole_floats():
    assert parse("employees", "12.0") == 12
    assert parse("employees", 12.0) == 12
    assert isinstance(parse("employees", "1,200"), int)
    assert rule_of("employees", "12.5").rule == "应为整数"
    assert rule_of("employees", -1).rule == "不得小于 0"


def test_digital_level_bounds():
    assert parse("digital_level", 1) == 1
    assert parse("digital_level", 4) == 4
    assert rule_of("digital_level", 0).rule == "不得小于 1 级"
    assert rule_of("digital_level", 5).rule == "不得大于 4 级"


@pytest.mark.parametrize(
    "raw", [True, "true", "TRUE", "True", "是", "1", 1, 1.0, "Y", "y", "yes", "\uff39", " 是 "]
)
def test_boolean_true_spellings(raw):
    assert parse("high_tech_enterprise", raw) is True


@pytest.mark.parametrize("raw", [False, "false", "FALSE", "否", "0", 0, 0.0, "N", "n", "no"])
def test_boolean_false_spellings(raw):
    assert parse("high_tech_enterprise", raw) is False


@pytest.mark.parametrize("raw", ["maybe", 2, "是的", "10"])
def test_boolean_rejects_other_values(raw):
    assert "应为 是/否" in rule_of("high_tech_enterprise", raw).rule


@pytest.mark.parametrize(
    "raw",
    [
        dt.date(2020, 1, 31),
        dt.datetime(2020, 1, 31, 13, 5),  # noqa: DTZ001 - Excel datetimes are naive
        "2020-01-31",
        "2020/01/31",
        "2020/1/31",
        "2020.01.31",
        "2020年1月31日",
        "2020-01-31 00:00:00",
        43861,
        43861.0,
        "43861",
    ],
)
def test_date_spellings(raw):
    assert parse("established_on", raw) == dt.date(2020, 1, 31)


def test_dates_not_in_the_future_but_today_is_fine():
    assert parse("established_on", TODAY) == TODAY
    error = rule_of("established_on", TODAY + dt.timedelta(days=1))
    assert error.rule == "日期不得晚于今天（2025-06-30）"


def test_expiry_dates_may_lie_in_the_future():
    field = TABLES_BY_ID["titles"].columns[3]
    assert field.id == "expires_on"
    assert parse_value(field, "2030-12-31", today=TODAY) == dt.date(2030, 12, 31)


@pytest.mark.parametrize(
    "raw", ["2020-02-30", "2020-13-01", "31/01/2020", "yesterday", 0, -5, "1899-12-31"]
)
def test_invalid_dates(raw):
    assert rule_of("established_on", raw).field_id == "established_on"


def test_choice_by_id_or_label():
    assert parse("rd_institution_level", "provincial") == "provincial"
    assert parse("rd_institution_level", "PROVINCIAL") == "provincial"
    assert parse("rd_institution_level", "省级") == "provincial"
    error = rule_of("rd_institution_level", "区级")
    assert "国家级（national）" in error.rule


def test_choices_as_list_or_separated_text():
    assert parse("main_product_field", ["other", "strategic_emerging"]) == [
        "strategic_emerging",
        "other",
    ]
    assert parse("main_product_field", "six_foundations,other") == ["six_foundations", "other"]
    assert parse("main_product_field", "工业“六基”领域、其他") == ["six_foundations", "other"]
    label = dict(FIELDS_BY_ID["main_product_field"].choices)["key_chain_link"]
    assert "、" in label  # the label contains the separator itself
    assert parse("main_product_field", f"{label}、其他") == ["key_chain_link", "other"]
    assert "「六基」不是可选项" in rule_of("main_product_field", "六基").rule


def test_codes_are_checked_and_normalized():
    assert parse("uscc", " 91110000600037341l ") == USCC
    assert parse("region_code", 330106.0) == "330106"
    assert parse("industry_code", "3985") == "C3985"
    assert "校验位错误" in rule_of("uscc", "91110000600037341A").rule
    assert "GB/T 2260" in rule_of("region_code", "330199").rule
    assert "GB/T 4754" in rule_of("industry_code", "C9999").rule


def test_text_from_number_cells_drops_the_float_tail():
    assert parse("name", 13800138000.0) == "13800138000"
    assert rule_of("name", "x" * 501).rule == "不得超过 500 个字符"


def test_validate_row_reports_every_error_and_required_keys():
    clean, errors = validate_row(
        TABLES_BY_ID["yearly"],
        {"uscc": "", "fiscal_year": "1948", "revenue": "-1", "employees": "10", "rd_staff": "11"},
        today=TODAY,
    )
    assert {error.field_id for error in errors} == {"uscc", "fiscal_year", "revenue", "rd_staff"}
    assert clean["employees"] == 10
    assert clean["revenue"] is None


@pytest.mark.parametrize(
    "small, large, smaller_ok",
    [
        ("main_revenue", "revenue", True),
        ("rd_staff", "employees", True),
        ("tech_staff", "employees", True),
    ],
)
def test_yearly_cross_checks_at_the_boundary(small, large, smaller_ok):
    base = {"uscc": USCC, "fiscal_year": 2024}
    _, equal = validate_row(TABLES_BY_ID["yearly"], {**base, small: 100, large: 100}, today=TODAY)
    assert equal == []
    _, above = validate_row(TABLES_BY_ID["yearly"], {**base, small: 101, large: 100}, today=TODAY)
    assert [error.field_id for error in above] == [small]
    _, missing = validate_row(TABLES_BY_ID["yearly"], {**base, small: 101}, today=TODAY)
    assert missing == [] and smaller_ok


def test_ip_cross_checks():
    row = {
        "uscc": USCC,
        "ip_class1_count": 5,
        "ip_class1_self_developed_count": 6,
        "ip_class1_high_value_count": 5,
    }
    _, errors = validate_row(TABLES_BY_ID["ip"], row, today=TODAY)
    assert [error.field_id for error in errors] == ["ip_class1_self_developed_count"]
    assert "不得多于Ⅰ类知识产权总数（5）" in errors[0].rule


def test_expiry_before_issue_is_an_error():
    row = {"uscc": USCC, "title": "tech_sme", "issued_on": "2024-05-01", "expires_on": "2024-04-30"}
    _, errors = validate_row(TABLES_BY_ID["titles"], row, today=TODAY)
    assert [error.field_id for error in errors] == ["expires_on"]
    row["expires_on"] = "2024-05-01"
    assert validate_row(TABLES_BY_ID["titles"], row, today=TODAY)[1] == []


def test_validate_flat_record_checks_each_year():
    clean, errors = validate_flat_record(
        {
            "uscc": USCC,
            "revenue_y1": "100",
            "main_revenue_y1": "90",
            "revenue_y2": 50,
            "main_revenue_y2": 60,
            "rd_staff_y3": 5,
            "employees_y3": 4,
            "market_share": "120%",
        },
        today=TODAY,
    )
    assert sorted(error.field_id for error in errors) == [
        "main_revenue_y2",
        "market_share",
        "rd_staff_y3",
    ]
    assert clean["revenue_y1"] == 100.0 and clean["main_revenue_y1"] == 90.0
    assert clean["revenue_y3"] is None
