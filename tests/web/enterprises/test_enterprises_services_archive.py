"""Writes through the services: permission checks, validation, history with the acting user."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises import services
from littlegiant.web.enterprises.models import Enterprise, Title
from littlegiant.web.enterprises.queries.history import enterprise_history

pytestmark = pytest.mark.django_db


def test_an_official_creates_an_enterprise_in_their_region_only(users, uscc_for):
    enterprise = services.create_enterprise(
        user=users["official"],
        uscc=uscc_for(50),
        name="新建企业",
        region_code="330105",
        industry_code="c39",
    )
    assert enterprise.industry_code == "C39"
    assert enterprise.history.get().history_user == users["official"]
    with pytest.raises(PermissionDenied):
        services.create_enterprise(
            user=users["official"], uscc=uscc_for(51), name="外地企业", region_code="320102"
        )
    with pytest.raises(PermissionDenied):
        services.create_enterprise(
            user=users["enterprise"], uscc=uscc_for(52), name="企业自建", region_code="330106"
        )


def test_a_duplicate_uscc_is_refused(users, archive):
    with pytest.raises(services.ArchiveValidationError, match="已在档案中"):
        services.create_enterprise(
            user=users["admin"], uscc=archive["own"].uscc, name="重复", region_code="330106"
        )


def test_an_update_writes_one_history_row_with_the_diff(users, archive):
    enterprise = archive["own"]
    before = enterprise.history.count()
    services.update_enterprise(
        user=users["enterprise"], enterprise=enterprise, name="甲科技有限公司", niche_years="8"
    )
    assert enterprise.history.count() == before + 1
    latest = enterprise.history.latest()
    assert latest.history_user == users["enterprise"]
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changes["name"][1] == "甲科技有限公司"
    assert changes["niche_years"][1] == 8
    assert "updated_at" not in changes


def test_an_update_without_change_writes_no_history(users, archive):
    enterprise = archive["own"]
    before = enterprise.history.count()
    services.update_enterprise(user=users["admin"], enterprise=enterprise, name=enterprise.name)
    assert enterprise.history.count() == before


def test_updates_are_refused_outside_the_scope(users, archive):
    with pytest.raises(PermissionDenied):
        services.update_enterprise(
            user=users["enterprise"], enterprise=archive["own_other"], name="改名"
        )
    with pytest.raises(PermissionDenied):
        services.update_enterprise(
            user=users["official"], enterprise=archive["own"], region_code="320102"
        )
    with pytest.raises(PermissionDenied):
        services.add_archive_row(
            user=users["provider"],
            enterprise=archive["own"],
            table_id="yearly",
            fiscal_year=2025,
            revenue=1,
        )


def test_the_uscc_cannot_change(users, archive, uscc_for):
    with pytest.raises(services.ArchiveValidationError, match="不能修改"):
        services.update_enterprise(
            user=users["admin"], enterprise=archive["own"], uscc=uscc_for(99)
        )


def test_bad_values_name_the_field_and_value(users, archive):
    with pytest.raises(services.ArchiveValidationError, match=r"研发费用.*-3"):
        services.update_archive_row(
            user=users["admin"],
            row=archive["own"].yearlyfigure_set.get(fiscal_year=2024),
            rd_expense=-3,
        )
    with pytest.raises(services.ArchiveValidationError, match="会计年度"):
        services.add_archive_row(
            user=users["admin"], enterprise=archive["own"], table_id="yearly", fiscal_year=1800
        )


def test_a_row_is_added_then_updated_in_part(users, archive):
    enterprise = archive["own"]
    added = services.add_archive_row(
        user=users["official"],
        enterprise=enterprise,
        table_id="titles",
        title="little_giant",
        issued_on=dt.date(2024, 7, 1),
        expires_on=dt.date(2027, 6, 30),
    )
    services.update_archive_row(user=users["official"], row=added, certificate_no="GXB-1")
    title = Title.objects.get(enterprise=enterprise, title="little_giant")
    assert (title.issued_on, title.certificate_no) == (dt.date(2024, 7, 1), "GXB-1")
    assert title.history.count() == 2
    ip = services.set_ip_counts(user=users["enterprise"], enterprise=enterprise, ip_class1_count=7)
    assert ip.ip_class1_count == 7
    assert ip.ip_class2_count is not None  # left as loaded


def test_deleting_a_row_is_recorded(users, archive):
    title = archive["own"].title_set.get()
    title_id = title.pk
    services.delete_archive_row(user=users["enterprise"], row=title)
    assert not Title.objects.filter(pk=title_id).exists()
    deleted = Title.history.get(id=title_id, history_type="-")
    assert deleted.history_user == users["enterprise"]
    with pytest.raises(services.ArchiveValidationError):
        services.delete_archive_row(user=users["admin"], row=archive["own"])


def test_size_class_is_checked(archive):
    from littlegiant.web.enterprises.services import store_size_classes

    uscc, system = archive["own"].uscc, system_user()
    assert store_size_classes(user=system, classes={uscc: "small"}) == 1
    assert store_size_classes(user=system, classes={uscc: "small"}) == 0
    with pytest.raises(services.ArchiveValidationError):
        store_size_classes(user=system, classes={uscc: "tiny"})
    assert Enterprise.objects.get(pk=archive["own"].pk).size_class == "small"
    # an undecided class clears the stored one
    assert store_size_classes(user=system, classes={uscc: "unknown"}) == 1
    assert Enterprise.objects.get(pk=archive["own"].pk).size_class == ""


def test_history_lists_who_changed_what_old_to_new(users, archive):
    enterprise = archive["own"]
    services.update_archive_row(
        user=users["enterprise"],
        row=enterprise.yearlyfigure_set.get(fiscal_year=2024),
        revenue=8888.5,
    )
    entry = enterprise_history(enterprise)[0]
    assert entry.who == "ent1"
    assert entry.action == "修改"
    assert entry.table == "年度数据"
    assert entry.row == "2024 年度"
    [change] = entry.changes
    assert change.label == "营业收入"
    assert change.new == "8,888.50 万元"
    assert change.old != change.new
