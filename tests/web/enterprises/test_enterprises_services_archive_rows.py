"""Row services (add / update / delete) and the cross-field checks of ``littlegiant.records.validate``
run on the row as it will be stored, in the services and in the loader."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises import services
from littlegiant.web.enterprises.models import Enterprise, Title, YearlyFigure

pytestmark = pytest.mark.django_db


def _year(enterprise, fiscal_year=2024):
    return YearlyFigure.objects.get(enterprise=enterprise, fiscal_year=fiscal_year)


def test_a_partial_update_is_checked_against_the_stored_revenue(users, archive):
    own = archive["own"]
    revenue = _year(own).revenue
    services.update_archive_row(
        user=users["admin"], row=_year(own), main_revenue=revenue
    )  # equal: ok
    with pytest.raises(
        services.ArchiveValidationError, match="主营业务收入不得大于营业收入"
    ) as raised:
        services.update_archive_row(
            user=users["admin"], row=_year(own), main_revenue=revenue + 0.01
        )
    assert raised.value.field == "main_revenue"
    assert _year(own).main_revenue == revenue


def test_lowering_revenue_below_the_stored_main_revenue_is_refused(users, archive):
    own = archive["own"]
    services.update_archive_row(user=users["admin"], row=_year(own), revenue=500, main_revenue=400)
    with pytest.raises(services.ArchiveValidationError, match="主营业务收入"):
        services.update_archive_row(user=users["admin"], row=_year(own), revenue=399)


def test_staff_counts_and_title_dates_are_cross_checked(users, archive):
    own = archive["own"]
    employees = _year(own).employees
    with pytest.raises(services.ArchiveValidationError, match="研发人员不得多于从业人员"):
        services.update_archive_row(user=users["admin"], row=_year(own), rd_staff=employees + 1)
    title = own.title_set.get()
    with pytest.raises(services.ArchiveValidationError, match="有效期至不得早于"):
        services.update_archive_row(
            user=users["admin"], row=title, expires_on=title.issued_on - dt.timedelta(days=1)
        )


def test_the_loader_runs_the_cross_field_checks_on_each_row(archive, uscc_for):
    rows = {
        "yearly": [
            {"uscc": archive["own"].uscc, "fiscal_year": 2020, "revenue": 10, "main_revenue": 11}
        ]
    }
    with pytest.raises(
        services.ArchiveValidationError, match=r"「年度数据」第 1 行.*主营业务收入不得大于营业收入"
    ):
        services.load_archive_rows(tables=rows, user=system_user())
    assert not YearlyFigure.objects.filter(fiscal_year=2020).exists()


def test_add_archive_row_refuses_a_duplicate_key(users, archive):
    own = archive["own"]
    added = services.add_archive_row(
        user=users["enterprise"],
        enterprise=own,
        table_id="yearly",
        fiscal_year=2021,
        revenue="1,000",
    )
    assert added.revenue == 1000 and added.history.get().history_user == users["enterprise"]
    with pytest.raises(services.ArchiveValidationError, match="已有相同会计年度的记录"):
        services.add_archive_row(
            user=users["enterprise"], enterprise=own, table_id="yearly", fiscal_year=2021
        )
    with pytest.raises(services.ArchiveValidationError, match="未知的档案明细表"):
        services.add_archive_row(
            user=users["admin"], enterprise=own, table_id="enterprise", name="x"
        )


def test_update_archive_row_may_change_the_key_but_not_onto_another_row(users, archive):
    own = archive["own"]
    year = _year(own, 2022)
    services.update_archive_row(user=users["official"], row=year, fiscal_year=2019)
    assert _year(own, 2019).pk == year.pk
    with pytest.raises(services.ArchiveValidationError, match="已有相同会计年度"):
        services.update_archive_row(user=users["official"], row=_year(own, 2019), fiscal_year=2023)
    assert _year(own, 2019).pk == year.pk  # the failed save left the row and the transaction intact


def test_row_writes_check_the_permission_layer(users, archive):
    foreign = archive["foreign"]
    with pytest.raises(PermissionDenied):
        services.add_archive_row(
            user=users["official"], enterprise=foreign, table_id="awards", award="other", year=2024
        )
    with pytest.raises(PermissionDenied):
        services.update_archive_row(
            user=users["enterprise"], row=_year(archive["own_other"]), revenue=1
        )
    with pytest.raises(services.ArchiveValidationError):
        services.update_archive_row(user=users["admin"], row=archive["own"], name="x")


def test_only_admins_delete_an_enterprise_and_the_history_keeps_it(users, archive):
    own = archive["own"]
    with pytest.raises(PermissionDenied):
        services.delete_enterprise(user=users["official"], enterprise=own)
    own_id, title_id = own.pk, own.title_set.get().pk
    services.delete_enterprise(user=users["admin"], enterprise=own)
    assert not Enterprise.objects.filter(pk=own_id).exists()
    assert Enterprise.history.get(id=own_id, history_type="-").history_user == users["admin"]
    assert Title.history.get(id=title_id, history_type="-").history_user == users["admin"]
