"""Catalog writes check the acting user inside the service: who publishes where, who overwrites or
deletes an entry, who records a push — every role, own and foreign objects."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from littlegiant.web.catalog import services
from littlegiant.web.catalog.models import Achievement, Need, PolicyPush
from littlegiant.web.catalog.queries.push_lists import push_list
from littlegiant.web.enterprises.models import Enterprise

ACTORS = ("admin", "official", "official_outside", "enterprise", "provider", "anonymous")


def _allowed(actor, allowed):
    return actor in allowed


@pytest.mark.parametrize("actor", ACTORS)
def test_publishing_an_achievement(roles, catalog, actor):
    values = {"ref": "A-NEW", "title": "新成果", "summary": "摘要"}
    if _allowed(actor, {"admin", "official", "official_outside", "provider"}):
        entry, created = services.save_entry(
            user=roles[actor], catalog_id="achievements", values=values
        )
        assert created and entry.published_by == roles[actor]
    else:
        with pytest.raises(PermissionDenied):
            services.save_entry(user=roles[actor], catalog_id="achievements", values=values)
        assert not Achievement.objects.filter(ref="A-NEW").exists()


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("target", ["own", "foreign"])
def test_publishing_a_need_for_an_enterprise(roles, catalog, archive, actor, target):
    values = {"ref": "N-NEW", "title": "新需求", "summary": "摘要", "uscc": archive[target].uscc}
    allowed = {"own": {"admin", "official", "enterprise"}, "foreign": {"admin", "official_outside"}}
    if _allowed(actor, allowed[target]):
        entry, _ = services.save_entry(user=roles[actor], catalog_id="needs", values=values)
        assert entry.enterprise == archive[target]
    else:
        with pytest.raises((PermissionDenied, Http404)):
            services.save_entry(user=roles[actor], catalog_id="needs", values=values)
        assert not Need.objects.filter(ref="N-NEW").exists()


def test_only_an_administrator_files_a_need_without_its_enterprise(roles, catalog):
    values = {"ref": "N-FREE", "title": "需求", "summary": "摘要"}
    with pytest.raises(PermissionDenied, match="uscc"):
        services.save_entry(user=roles["official"], catalog_id="needs", values=values)
    entry, _ = services.save_entry(user=roles["admin"], catalog_id="needs", values=values)
    assert entry.enterprise is None


@pytest.mark.parametrize("actor", ACTORS)
def test_overwriting_an_entry_published_by_someone_else(roles, catalog, actor):
    values = {"ref": "A1", "title": "改写", "summary": "改写"}
    if _allowed(actor, {"admin", "official", "official_outside"}):
        services.save_entry(user=roles[actor], catalog_id="achievements", values=values)
        assert Achievement.objects.get(ref="A1").title == "改写"
    else:
        with pytest.raises(PermissionDenied):
            services.save_entry(user=roles[actor], catalog_id="achievements", values=values)
        assert Achievement.objects.get(ref="A1").title != "改写"


def test_a_provider_overwrites_what_it_published(roles, catalog):
    provider = roles["provider"]
    services.save_entry(user=provider, catalog_id="products", values={"ref": "F-P", "title": "贷"})
    entry, created = services.save_entry(
        user=provider, catalog_id="products", values={"ref": "F-P", "title": "新贷"}
    )
    assert not created and entry.title == "新贷"


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("target", ["need", "foreign_need"])
def test_deleting_a_need(roles, catalog, actor, target):
    entry = catalog[target]
    allowed = {
        "need": {"admin", "official", "enterprise"},
        "foreign_need": {"admin", "official_outside"},
    }
    if _allowed(actor, allowed[target]):
        services.delete_entry(user=roles[actor], entry=entry)
        assert not Need.objects.filter(pk=entry.pk).exists()
    else:
        with pytest.raises(PermissionDenied):
            services.delete_entry(user=roles[actor], entry=entry)
        assert Need.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_importing_entries_checks_every_row(roles, catalog, actor):
    rows = [{"ref": "A-I1", "title": "导入一", "summary": "甲"}]
    if _allowed(actor, {"admin", "official", "official_outside", "provider"}):
        assert services.import_entries(user=roles[actor], catalog_id="achievements", rows=rows) == (
            1,
            0,
        )
    else:
        with pytest.raises(PermissionDenied):
            services.import_entries(user=roles[actor], catalog_id="achievements", rows=rows)


@pytest.mark.parametrize("actor", ACTORS)
def test_recording_a_push(roles, catalog, actor):
    push = push_list(
        policy=catalog["reward"], enterprises=Enterprise.objects.all(), as_of=dt.date(2025, 6, 30)
    )
    if _allowed(actor, {"admin", "official", "official_outside"}):
        record = services.record_push(user=roles[actor], push=push)
        assert record.pushed_by == roles[actor]
    else:
        with pytest.raises(PermissionDenied):
            services.record_push(user=roles[actor], push=push)
        assert not PolicyPush.objects.exists()
