"""The stored size class follows the archive: loads and edits refresh it from the sme_size pack."""

import pytest
from django.utils import timezone

from littlegiant import rules
from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises import services
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.records import enterprise_record
from littlegiant.web.enterprises.services import refresh_size_classes

pytestmark = pytest.mark.django_db(transaction=True)  # the refresh runs on commit


def _expected(enterprise: Enterprise) -> str:
    as_of = timezone.localdate()
    record = enterprise_record(enterprise, as_of)
    size = rules.evaluate(rules.pack_for("sme_size", as_of), record, as_of).classification
    return "" if size in (None, "unknown") else size


def test_loaded_enterprises_get_the_size_class_the_pack_computes(make_archive_rows):
    rows = make_archive_rows(6)
    last_year = timezone.localdate().year - 1  # the size class reads 上年度 figures
    rows["yearly"] += [
        {**row, "fiscal_year": last_year} for row in rows["yearly"] if row["fiscal_year"] == 2024
    ]
    services.load_archive_rows(tables=rows, user=system_user())
    enterprises = list(Enterprise.objects.all())
    assert enterprises
    assert all(e.size_class == _expected(e) for e in enterprises)
    assert any(e.size_class for e in enterprises)


def _set_year(user, enterprise, year, **values):
    """Add the fiscal year's row, or change it when the fixture already has it."""
    row = enterprise.yearlyfigure_set.filter(fiscal_year=year).first()
    if row is None:
        return services.add_archive_row(
            user=user, enterprise=enterprise, table_id="yearly", fiscal_year=year, **values
        )
    return services.update_archive_row(user=user, row=row, **values)


def test_editing_last_years_headcount_moves_a_manufacturer_to_micro(archive, users):
    enterprise = archive["own"]
    services.update_enterprise(user=users["admin"], enterprise=enterprise, industry_code="C3985")
    year = timezone.localdate().year - 1
    _set_year(users["admin"], enterprise, year, employees=19, revenue=5000)
    enterprise.refresh_from_db()
    assert (
        enterprise.size_class == "micro"
    )  # 工业: fewer than 20 persons is micro whatever the revenue
    _set_year(users["admin"], enterprise, year, employees=20, revenue=5000)
    enterprise.refresh_from_db()
    assert (
        enterprise.size_class == "small"
    )  # 20 persons and 300万 revenue reach small; 300 persons needed for medium


def test_refresh_reports_only_real_changes(make_archive_rows):
    services.load_archive_rows(tables=make_archive_rows(4), user=system_user())
    assert refresh_size_classes(user=system_user()) == 0
    Enterprise.objects.update(size_class="")
    assert (
        refresh_size_classes(user=system_user())
        == Enterprise.objects.exclude(size_class="").count()
    )
