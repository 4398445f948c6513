"""The bulk upsert path: idempotent, atomic, history only for real changes."""

from __future__ import annotations

import datetime as dt

import pytest

from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises.models import Enterprise, Title, YearlyFigure
from littlegiant.web.enterprises.services import ArchiveValidationError, load_archive_rows

pytestmark = pytest.mark.django_db


def _history_count():
    return Enterprise.history.count() + YearlyFigure.history.count() + Title.history.count()


def test_loading_creates_every_table(make_archive_rows):
    report = load_archive_rows(tables=make_archive_rows(5), user=system_user())
    assert {table: counts.created for table, counts in report.tables.items()} == {
        "enterprise": 5,
        "yearly": 15,
        "titles": 5,
        "ip": 5,
        "awards": 5,
        "certifications": 5,
        "standards": 5,
        "contacts": 5,
    }
    assert Enterprise.objects.count() == 5
    assert YearlyFigure.history.count() == 15


def test_the_same_rows_twice_change_nothing_and_write_no_history(make_archive_rows):
    rows = make_archive_rows(5)
    load_archive_rows(tables=rows, user=system_user())
    before = _history_count()
    report = load_archive_rows(tables=rows, user=system_user())
    assert report.changed == 0
    assert report.tables["yearly"].unchanged == 15
    assert _history_count() == before


def test_a_changed_value_updates_one_row_with_one_history_row(make_archive_rows, uscc_for):
    load_archive_rows(tables=make_archive_rows(3), user=system_user())
    report = load_archive_rows(
        tables={"yearly": [{"uscc": uscc_for(2), "fiscal_year": 2024, "revenue": 1234.5}]},
        user=system_user(),
    )
    assert (report.tables["yearly"].updated, report.tables["yearly"].unchanged) == (1, 0)
    row = YearlyFigure.objects.get(enterprise__uscc=uscc_for(2), fiscal_year=2024)
    assert row.revenue == 1234.5
    assert row.rd_expense is not None  # absent columns are left as stored
    latest = row.history.latest()
    assert latest.history_type == "~"
    assert [change.field for change in latest.diff_against(latest.prev_record).changes] == [
        "revenue"
    ]


def test_a_bad_value_aborts_the_whole_load_naming_sheet_row_and_field(make_archive_rows):
    rows = make_archive_rows(3)
    rows["yearly"][4]["revenue"] = "很多"
    with pytest.raises(ArchiveValidationError) as raised:
        load_archive_rows(tables=rows, user=system_user())
    message = str(raised.value)
    assert "「年度数据」第 5 行" in message
    assert "营业收入" in message
    assert "很多" in message
    assert raised.value.row == 5
    assert Enterprise.objects.count() == 0


def test_a_row_for_an_unknown_enterprise_is_refused(uscc_for):
    with pytest.raises(ArchiveValidationError, match="不在档案中"):
        load_archive_rows(
            tables={"yearly": [{"uscc": uscc_for(77), "fiscal_year": 2024, "revenue": 1.0}]},
            user=system_user(),
        )


def test_a_new_enterprise_needs_a_name(uscc_for):
    with pytest.raises(ArchiveValidationError, match="企业名称"):
        load_archive_rows(
            tables={"enterprise": [{"uscc": uscc_for(5), "region_code": "330106"}]},
            user=system_user(),
        )


def test_an_invalid_uscc_is_refused():
    with pytest.raises(ArchiveValidationError, match="统一社会信用代码"):
        load_archive_rows(
            tables={"enterprise": [{"uscc": "91330106MA00000010", "name": "坏代码公司"}]},
            user=system_user(),
        )


def test_unknown_tables_and_columns_are_refused(uscc_for):
    with pytest.raises(ArchiveValidationError, match="未知的档案表"):
        load_archive_rows(tables={"patents": []}, user=system_user())
    with pytest.raises(ArchiveValidationError, match="未知的列“turnover”"):
        load_archive_rows(
            tables={"enterprise": [{"uscc": uscc_for(1), "name": "甲", "turnover": 1}]},
            user=system_user(),
        )


def test_strings_are_read_as_the_record_types(uscc_for):
    load_archive_rows(
        tables={
            "enterprise": [
                {
                    "uscc": uscc_for(1),
                    "name": "甲公司",
                    "region_code": "330106",
                    "established_on": "2015-03-01",
                    "own_brand": "是",
                    "main_product_field": "six_foundations",
                }
            ],
            "titles": [
                {"uscc": uscc_for(1), "title": "创新型中小企业", "expires_on": "2026-05-31"}
            ],
        },
        user=system_user(),
    )
    enterprise = Enterprise.objects.get()
    assert enterprise.established_on == dt.date(2015, 3, 1)
    assert enterprise.own_brand is True
    assert enterprise.main_product_field == ["six_foundations"]
    assert enterprise.title_set.get().title == "innovative_sme"


def test_missing_stays_none_never_zero(uscc_for):
    load_archive_rows(
        tables={
            "enterprise": [{"uscc": uscc_for(1), "name": "甲公司"}],
            "yearly": [
                {"uscc": uscc_for(1), "fiscal_year": 2024, "revenue": 100, "rd_expense": None}
            ],
        },
        user=system_user(),
    )
    row = YearlyFigure.objects.get()
    assert row.rd_expense is None
    assert row.employees is None


def test_the_loader_records_the_acting_user(django_user_model, uscc_for):
    user = django_user_model.objects.create_user(username="importer", password="x")
    load_archive_rows(tables={"enterprise": [{"uscc": uscc_for(1), "name": "甲公司"}]}, user=user)
    assert Enterprise.history.get().history_user == user
