"""Archive rows → the flat record at a date, at the boundary of every window (records.derive)."""

from __future__ import annotations

import datetime as dt

import pytest

from littlegiant.records import derive
from littlegiant.records.fields import flat_field_ids

AS_OF = dt.date(2026, 6, 30)
USCC = "91110000600037341L"


def _record(**tables):
    return derive.flat_records({"enterprise": [{"uscc": USCC}], **tables}, AS_OF)[USCC]


def _rows(table, *rows):
    columns = derive.ARCHIVE_COLUMNS[table]
    return [{"uscc": USCC, **dict(zip(columns, row, strict=False))} for row in rows]


def test_the_record_has_every_flat_field_and_unknown_facts_are_none():
    record = _record()
    assert set(flat_field_ids()) <= set(record)
    assert record["revenue_y1"] is None and record["ip_class1_count"] is None
    assert record["national_award_rank"] is None and record["standards_count"] == 0
    assert record["little_giant"] is False and record["quality_cert"] is False


def test_blank_stored_text_is_unknown():
    tables = {"enterprise": [{"uscc": USCC, "name": "甲", "rd_institution_level": ""}]}
    record = derive.flat_records(tables, AS_OF)[USCC]
    assert record["name"] == "甲" and record["rd_institution_level"] is None


def test_yearly_figures_are_offset_from_the_as_of_year():
    record = _record(yearly=_rows("yearly", (2025, 10, 300.0), (2023, 8, 100.0), (2022, 7, 50.0)))
    assert (record["revenue_y1"], record["revenue_y2"], record["revenue_y3"]) == (
        300.0,
        None,
        100.0,
    )
    assert record["employees_y1"] == 10


@pytest.mark.parametrize(
    ("issued_on", "expires_on", "valid"),
    [
        (AS_OF, dt.date(2029, 6, 29), True),  # issued on the day
        (AS_OF + dt.timedelta(days=1), None, False),  # issued the day after
        (dt.date(2023, 7, 1), AS_OF, True),  # expires on the day
        (dt.date(2023, 7, 1), AS_OF - dt.timedelta(days=1), False),  # expired the day before
        (None, None, True),  # open-ended
    ],
)
def test_titles_and_certificates_are_valid_from_issue_to_expiry_inclusive(
    issued_on, expires_on, valid
):
    record = _record(
        titles=_rows("titles", ("specialized_sme", issued_on, expires_on)),
        certifications=_rows("certifications", ("foreign_product", issued_on, expires_on)),
    )
    assert record["specialized_sme"] is valid and record["foreign_product_cert"] is valid
    assert derive.is_valid_on(issued_on, expires_on, AS_OF) is valid


@pytest.mark.parametrize(
    ("year", "counted"), [(2022, False), (2023, True), (2025, True), (2026, True), (2027, False)]
)
def test_award_ranks_count_the_last_three_years_and_the_as_of_year(year, counted):
    record = _record(awards=_rows("awards", ("national_sci_tech", year, 2)))
    assert record["national_award_rank"] == (2 if counted else None)


def test_the_best_rank_of_each_kind_is_kept_and_a_missing_rank_is_no_rank():
    record = _record(
        awards=_rows(
            "awards",
            ("provincial_sci_tech", 2024, 4),
            ("provincial_sci_tech", 2025, 2),
            ("makers_china", 2024, None),
            ("makers_china", 2025, 480),
        )
    )
    assert record["provincial_award_rank"] == 2 and record["makers_china_rank"] == 480


@pytest.mark.parametrize(("year", "held"), [(2010, True), (2026, True), (2027, False)])
def test_a_quality_award_counts_from_any_year_up_to_the_as_of_year(year, held):
    record = _record(awards=_rows("awards", ("quality_award", year, None)))
    assert record["quality_award_provincial"] is held


@pytest.mark.parametrize(
    ("year", "count", "led"),
    [(2020, 1, False), (2021, 1, True), (2026, 1, True), (2027, 0, False), (None, 1, False)],
)
def test_standards_up_to_the_as_of_year_and_led_ones_in_the_last_five_years(year, count, led):
    record = _record(standards=_rows("standards", ("national", "lead", year)))
    assert record["standards_count"] == count and record["led_standard_setting"] is led


def test_only_led_international_national_or_industry_standards_are_led_standard_setting():
    record = _record(
        standards=_rows("standards", ("group", "lead", 2025), ("national", "participate", 2025))
    )
    assert record["standards_count"] == 2 and record["led_standard_setting"] is False


def test_tuple_rows_and_dict_rows_give_the_same_record():
    stored = {"uscc": USCC, "name": "甲"}
    rows = derive.ArchiveRows(
        titles=[("tech_sme", dt.date(2026, 1, 2), dt.date(2026, 12, 31))],
        ip=(3, 2, 1, 5),
    )
    tables = {
        "enterprise": [stored],
        "titles": _rows("titles", *rows.titles),
        "ip": _rows("ip", rows.ip),
    }
    assert derive.flat_record(stored, rows, AS_OF) == derive.flat_records(tables, AS_OF)[USCC]
