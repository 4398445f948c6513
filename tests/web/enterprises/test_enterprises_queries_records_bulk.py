"""The bulk path (``enterprise_records``: plain values, one query per table) gives exactly the
records of the per-enterprise path (``enterprise_record``: model instances), on the demo region."""

from __future__ import annotations

import datetime as dt

import pytest

from littlegiant.demo import generate
from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises.models import Enterprise, YearlyFigure
from littlegiant.web.enterprises.queries.records import (
    archive_stamp,
    enterprise_record,
    enterprise_records,
)
from littlegiant.web.enterprises.services import load_archive_rows, update_archive_row

pytestmark = pytest.mark.django_db

DEMO_AS_OF = dt.date(2026, 6, 30)
# the demo's date, a day some titles and certificates have not started or have lapsed, and a year on
AS_OF_DATES = (DEMO_AS_OF, dt.date(2024, 3, 1), dt.date(2027, 12, 31))


@pytest.fixture(scope="module")
def demo_rows():
    """The demo region plus rows for the branches it rarely draws (open-ended dates, quality awards...)."""
    rows = generate(n=200, as_of=DEMO_AS_OF)
    usccs = [row["uscc"] for row in rows["enterprise"]]
    bare = set(usccs[-5:])  # five firms without IP, titles, awards, certificates or standards
    for table in ("ip", "titles", "awards", "certifications", "standards", "yearly"):
        rows[table] = [row for row in rows[table] if row["uscc"] not in bare]
    a, b, c = usccs[:3]
    rows["awards"] += [
        {"uscc": a, "award": "quality_award", "year": 2019},
        {"uscc": a, "award": "national_sci_tech", "year": 2023, "rank": 3},
        {"uscc": a, "award": "national_sci_tech", "year": 2025, "rank": 2},
        {"uscc": b, "award": "provincial_sci_tech", "year": 2027, "rank": 1},
    ]
    rows["titles"] = [r for r in rows["titles"] if (r["uscc"], r["title"]) != (c, "little_giant")]
    rows["titles"].append(
        {"uscc": c, "title": "little_giant", "issued_on": None, "expires_on": None}
    )
    rows["certifications"].append(
        {
            "uscc": b,
            "certification": "foreign_product",
            "cert_name": "CE",
            "issued_on": None,
            "expires_on": dt.date(2026, 6, 30),
        }
    )
    rows["standards"] += [
        {
            "uscc": c,
            "standard_code": "GB/T 99999",
            "standard_level": "national",
            "role": "lead",
            "year": None,
        },
        {
            "uscc": c,
            "standard_code": "GB/T 99998-2022",
            "standard_level": "national",
            "role": "lead",
            "year": 2022,
        },
    ]
    return rows


@pytest.fixture
def demo(demo_rows):
    load_archive_rows(tables=demo_rows, user=system_user())
    return Enterprise.objects.order_by("name", "pk")


def _one_by_one(queryset, as_of):
    return [enterprise_record(enterprise, as_of) for enterprise in queryset]


@pytest.mark.parametrize("as_of", AS_OF_DATES, ids=str)
def test_bulk_records_equal_the_per_enterprise_records_on_the_demo_region(demo, as_of):
    bulk = list(enterprise_records(demo, as_of))
    expected = _one_by_one(demo, as_of)
    assert len(bulk) == len(expected) == 200
    assert bulk == expected
    assert [list(record) for record in bulk] == [
        list(record) for record in expected
    ]  # same key order too


def test_the_demo_region_exercises_every_derived_fact(demo):
    records = list(enterprise_records(demo, DEMO_AS_OF))
    facts = (
        "innovative_sme",
        "tech_sme",
        "little_giant",
        "quality_cert",
        "foreign_product_cert",
        "quality_award_provincial",
        "led_standard_setting",
    )
    for fact in facts:
        assert any(r[fact] is True for r in records) and any(r[fact] is False for r in records), (
            fact
        )
    assert any(r["provincial_award_rank"] is not None for r in records)
    assert any(r["national_award_rank"] == 2 for r in records)  # the best of two within three years
    assert any(r["ip_class1_count"] is not None for r in records)
    assert sum(r["ip_class1_count"] is None and r["revenue_y1"] is None for r in records) == 5
    assert any(r["standards_count"] for r in records)
    assert any(r["revenue_y1"] is not None for r in records)
    assert any(
        isinstance(r["main_product_field"], list) and r["main_product_field"] for r in records
    )
    assert all(
        r["established_on"] is None or isinstance(r["established_on"], dt.date) for r in records
    )


def test_bulk_records_keep_the_order_of_a_filtered_sliced_queryset(demo):
    region = Enterprise.objects.values_list("region_code", flat=True).first()
    narrowed = Enterprise.objects.filter(region_code=region).order_by("-uscc")[3:40]
    bulk = list(enterprise_records(narrowed, DEMO_AS_OF))
    assert [r["uscc"] for r in bulk] == list(narrowed.values_list("uscc", flat=True))
    assert bulk == _one_by_one(narrowed, DEMO_AS_OF)


def test_a_list_of_instances_and_an_empty_queryset(demo):
    firms = list(demo[:5])
    assert list(enterprise_records(firms, DEMO_AS_OF)) == _one_by_one(firms, DEMO_AS_OF)
    assert list(enterprise_records(Enterprise.objects.none(), DEMO_AS_OF)) == []
    assert list(enterprise_records(demo.filter(name="不存在的企业"), DEMO_AS_OF)) == []


def test_bulk_records_take_one_query_per_table_however_many_firms(demo, django_assert_num_queries):
    with django_assert_num_queries(
        7
    ):  # enterprises + yearly, titles, awards, certifications, standards, ip
        assert len(list(enterprise_records(demo, DEMO_AS_OF))) == 200
    with django_assert_num_queries(7):
        assert len(list(enterprise_records(demo[:3], DEMO_AS_OF))) == 3


def test_the_archive_stamp_changes_with_any_archive_write(demo, admin_user):
    before = archive_stamp()
    assert archive_stamp() == before
    figure = YearlyFigure.objects.exclude(revenue=None).select_related("enterprise").first()
    update_archive_row(user=admin_user, row=figure, revenue=figure.revenue + 1)
    after_edit = archive_stamp()
    assert after_edit != before
    figure.delete()
    assert archive_stamp() != after_edit


def test_bulk_records_carry_the_generated_rows(demo, demo_rows):
    """An oracle independent of both paths: the generator's own rows."""
    records = {r["uscc"]: r for r in enterprise_records(demo, DEMO_AS_OF)}
    yearly = {(row["uscc"], row["fiscal_year"]): row for row in demo_rows["yearly"]}
    ip = {row["uscc"]: row for row in demo_rows["ip"]}
    for uscc, record in records.items():
        for offset, year in (("y1", 2025), ("y2", 2024), ("y3", 2023)):
            row = yearly.get((uscc, year), {})
            assert record[f"revenue_{offset}"] == row.get("revenue"), (uscc, offset)
            assert record[f"employees_{offset}"] == row.get("employees"), (uscc, offset)
        assert record["ip_class1_count"] == ip.get(uscc, {}).get("ip_class1_count"), uscc
    for row in demo_rows["titles"]:
        valid = (row["issued_on"] is None or row["issued_on"] <= DEMO_AS_OF) and (
            row["expires_on"] is None or row["expires_on"] >= DEMO_AS_OF
        )
        if valid:
            assert records[row["uscc"]][row["title"]] is True, row
