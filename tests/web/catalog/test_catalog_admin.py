"""Admin saves go through the catalog service: the index follows, an edit updates the same row."""

from __future__ import annotations

from django.urls import reverse

from littlegiant.web.catalog.models import Achievement, Need
from littlegiant.web.catalog.queries.index import get_index


def _form(**values):
    base = {
        "ref": "",
        "title": "",
        "summary": "",
        "holder": "",
        "holder_type": "",
        "tech_field": "",
        "industry_codes": "",
        "keywords": "",
        "maturity": "",
        "transfer_modes": "[]",
        "price_min": "",
        "price_max": "",
        "contact": "",
        "region_code": "",
        "published_by": "",
    }
    return {**base, **values}


def test_admin_add_goes_through_the_service(
    catalog, users, login, django_capture_on_commit_callbacks
):
    client = login(users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:catalog_achievement_add"),
            _form(ref="ADM-1", title="碳化硅功率器件封装", summary="车规级模块封装工艺"),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Achievement.objects.get(ref="ADM-1")
    assert entry.index_hash  # set by the service, not by the admin form
    assert [h.key for h in get_index("achievements").search("碳化硅")] == [str(entry.pk)]


def test_admin_edit_updates_the_same_row_even_when_the_ref_changes(
    catalog, users, login, django_capture_on_commit_callbacks
):
    entry = catalog["vision"]
    url = reverse("admin:catalog_achievement_change", args=[entry.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = login(users["admin"]).post(
            url,
            _form(
                ref="A1-NEW",
                title="极片视觉检测（第二代）",
                summary="在线检测",
                maturity="industrialised",
            ),
        )
    assert response.status_code == 302
    assert Achievement.objects.filter(ref__in=["A1", "A1-NEW"]).count() == 1
    assert Achievement.objects.get(pk=entry.pk).ref == "A1-NEW"
    index = get_index("achievements")
    assert [h.key for h in index.search("第二代")] == [str(entry.pk)]
    assert index.search("锂电池") == []  # the old text left the index


def test_admin_delete_drops_the_entry_from_the_index(
    catalog, users, login, django_capture_on_commit_callbacks
):
    entry = catalog["vision"]
    with django_capture_on_commit_callbacks(execute=True):
        response = login(users["admin"]).post(
            reverse("admin:catalog_achievement_delete", args=[entry.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert get_index("achievements").search("机器视觉") == []


def test_admin_need_is_linked_to_its_enterprise(
    catalog, users, login, archive, django_capture_on_commit_callbacks
):
    form = {
        "ref": "N-ADM",
        "title": "余热回收",
        "summary": "窑炉余热",
        "uscc": archive["own_other"].uscc,
        "industry_code": "",
        "budget": "",
        "deadline": "",
        "maturity": "",
        "region_code": "",
        "enterprise": "",
        "published_by": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = login(users["admin"]).post(reverse("admin:catalog_need_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Need.objects.get(ref="N-ADM").enterprise == archive["own_other"]
