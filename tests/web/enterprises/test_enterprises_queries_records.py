"""The flat record handed to the rules engine, at the boundaries of each date rule."""

from __future__ import annotations

import datetime as dt

import pytest

from littlegiant.records.fields import flat_field_ids
from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.records import enterprise_record, enterprise_records
from littlegiant.web.enterprises.services import load_archive_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(uscc_for):
    uscc = uscc_for(1)
    load_archive_rows(
        tables={
            "enterprise": [
                {
                    "uscc": uscc,
                    "name": "甲公司",
                    "region_code": "330106",
                    "industry_code": "C3985",
                    "niche_years": 6,
                    "main_product_field": ["six_foundations"],
                }
            ],
            "yearly": [
                {
                    "uscc": uscc,
                    "fiscal_year": year,
                    "revenue": 1000.0 * (year - 2020),
                    "rd_expense": 50.0,
                }
                for year in (2021, 2022, 2023, 2024)
            ],
            "titles": [
                {
                    "uscc": uscc,
                    "title": "innovative_sme",
                    "issued_on": dt.date(2023, 6, 1),
                    "expires_on": dt.date(2026, 5, 31),
                },
                {
                    "uscc": uscc,
                    "title": "high_tech_enterprise",
                    "issued_on": dt.date(2022, 1, 1),
                    "expires_on": dt.date(2024, 12, 31),
                },
            ],
            "awards": [
                {"uscc": uscc, "award": "provincial_sci_tech", "year": 2022, "rank": 4},
                {"uscc": uscc, "award": "provincial_sci_tech", "year": 2024, "rank": 2},
                {"uscc": uscc, "award": "national_sci_tech", "year": 2021, "rank": 3},
                {"uscc": uscc, "award": "quality_award", "year": 2019},
            ],
            "certifications": [
                {
                    "uscc": uscc,
                    "certification": "quality_management",
                    "cert_name": "ISO 9001",
                    "issued_on": dt.date(2022, 3, 1),
                    "expires_on": dt.date(2025, 2, 28),
                }
            ],
            "standards": [
                {"uscc": uscc, "standard_code": "GB/T 1-2023", "year": 2023},
                {"uscc": uscc, "standard_code": "T/ZJ 9-2026", "year": 2026},
            ],
        },
        user=system_user(),
    )
    return Enterprise.objects.get(uscc=uscc)


def test_the_record_has_every_flat_field(firm):
    assert set(enterprise_record(firm, dt.date(2025, 6, 30))) >= set(flat_field_ids())


def test_yearly_offsets_count_back_from_the_as_of_year(firm):
    record = enterprise_record(firm, dt.date(2025, 1, 1))
    assert (record["revenue_y1"], record["revenue_y2"], record["revenue_y3"]) == (
        4000.0,
        3000.0,
        2000.0,
    )
    record = enterprise_record(firm, dt.date(2023, 12, 31))
    assert (record["revenue_y1"], record["revenue_y3"]) == (
        2000.0,
        None,
    )  # 2020 is not in the archive


def test_titles_count_on_their_first_and_last_day_only(firm):
    assert enterprise_record(firm, dt.date(2023, 5, 31))["innovative_sme"] is False
    assert enterprise_record(firm, dt.date(2023, 6, 1))["innovative_sme"] is True
    assert enterprise_record(firm, dt.date(2024, 12, 31))["high_tech_enterprise"] is True
    assert enterprise_record(firm, dt.date(2025, 1, 1))["high_tech_enterprise"] is False
    assert enterprise_record(firm, dt.date(2025, 1, 1))["little_giant"] is False


def test_award_ranks_are_the_best_within_three_years(firm):
    record = enterprise_record(firm, dt.date(2025, 3, 1))
    assert record["provincial_award_rank"] == 2
    assert record["national_award_rank"] is None  # 2021 < 2025 - 3
    assert (
        enterprise_record(firm, dt.date(2024, 3, 1))["national_award_rank"] == 3
    )  # 2021 = 2024 - 3
    assert (
        enterprise_record(firm, dt.date(2023, 3, 1))["provincial_award_rank"] == 4
    )  # 2024 not yet won
    assert record["makers_china_rank"] is None
    assert record["quality_award_provincial"] is True


def test_certifications_count_while_valid(firm):
    assert enterprise_record(firm, dt.date(2025, 2, 28))["quality_cert"] is True
    assert enterprise_record(firm, dt.date(2025, 3, 1))["quality_cert"] is False
    assert enterprise_record(firm, dt.date(2025, 2, 28))["foreign_product_cert"] is False


def test_standards_and_ip_and_facts(firm):
    record = enterprise_record(firm, dt.date(2025, 6, 30))
    assert record["standards_count"] == 1  # the 2026 standard is not published yet
    assert record["ip_class1_count"] is None  # no IP row: unknown, not 0
    assert record["niche_years"] == 6
    assert record["main_product_field"] == ["six_foundations"]
    assert record["market_share"] is None


def test_many_records_take_a_constant_number_of_queries(
    firm, make_archive_rows, django_assert_max_num_queries
):
    load_archive_rows(tables=make_archive_rows(30, first=100), user=system_user())
    with django_assert_max_num_queries(8):
        records = list(enterprise_records(Enterprise.objects.all(), dt.date(2025, 6, 30)))
    assert len(records) == 31
