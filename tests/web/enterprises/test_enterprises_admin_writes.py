"""The Django admin writes through the services: the archive's rules and the user's scope in the
admin forms, history rows with the acting user, deletes through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from littlegiant.web.enterprises.models import Enterprise, Title, YearlyFigure

pytestmark = pytest.mark.django_db

_INLINE_PREFIXES = (
    "yearlyfigure_set",
    "title_set",
    "ip",
    "award_set",
    "certification_set",
    "standard_set",
    "contact_set",
)


def _no_inlines(**extra):
    data = {}
    for prefix in _INLINE_PREFIXES:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | extra


def _enterprise_data(enterprise, **changes):
    data = {
        "name": enterprise.name,
        "region_code": enterprise.region_code,
        "industry_code": enterprise.industry_code,
        "established_on": enterprise.established_on.isoformat(),
        "niche_years": str(enterprise.niche_years),
    }
    return _no_inlines(**data) | changes


def _change_url(obj):
    return reverse(f"admin:enterprises_{obj._meta.model_name}_change", args=[obj.pk])


def test_an_admin_change_is_saved_by_the_service_with_history(login, users, archive):
    own = archive["own"]
    response = login(users["admin"]).post(_change_url(own), _enterprise_data(own, niche_years="11"))
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = Enterprise.objects.get(pk=own.pk).history.latest()
    assert latest.history_user == users["admin"]
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changes == {"niche_years": (4, 11)}


def test_admin_forms_show_the_record_rules_in_chinese(login, users, archive):
    own = archive["own"]
    client = login(users["admin"])
    response = client.post(_change_url(own), _enterprise_data(own, industry_code="C9999"))
    assert response.status_code == 200
    assert "不在 GB/T 4754-2017 国民经济行业分类中" in response.content.decode()
    year = own.yearlyfigure_set.get(fiscal_year=2024)
    data = {"fiscal_year": "2024", "revenue": "100", "main_revenue": "120"}
    bad = client.post(_change_url(year), data)
    assert "主营业务收入不得大于营业收入（100）" in bad.content.decode()
    assert YearlyFigure.objects.get(pk=year.pk).main_revenue != 120


def test_an_admin_row_change_goes_through_the_service(login, users, archive):
    year = archive["own"].yearlyfigure_set.get(fiscal_year=2024)
    response = login(users["admin"]).post(
        _change_url(year), {"fiscal_year": "2024", "revenue": "300", "main_revenue": "250"}
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert (year.revenue, year.main_revenue) == (300, 250)
    assert year.history.latest().history_user == users["admin"]


def test_an_admin_adds_enterprises_in_the_admin_through_the_services(
    login, users, archive, uscc_for
):
    client = login(users["admin"])
    add = reverse("admin:enterprises_enterprise_add")
    response = client.post(
        add,
        _no_inlines(uscc=uscc_for(81), name="外地企业", region_code="320102", industry_code="I65"),
    )
    assert response.status_code == 302
    created = Enterprise.objects.get(uscc=uscc_for(81))
    assert created.industry_code == "I65" and created.history.get().history_user == users["admin"]


def test_inline_rows_are_saved_through_the_services(login, users, archive):
    own = archive["own"]
    data = _enterprise_data(own) | {
        "yearlyfigure_set-TOTAL_FORMS": "1",
        "yearlyfigure_set-0-fiscal_year": "2020",
        "yearlyfigure_set-0-revenue": "88",
        "yearlyfigure_set-0-enterprise": str(own.pk),
    }
    response = login(users["admin"]).post(_change_url(own), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    added = YearlyFigure.objects.get(enterprise=own, fiscal_year=2020)
    assert added.revenue == 88 and added.history.get().history_user == users["admin"]


def test_admin_deletes_go_through_the_services(login, users, archive):
    title = archive["own"].title_set.get()
    title_id = title.pk
    denied = login(users["official"]).post(
        reverse("admin:enterprises_title_delete", args=[title_id]), {"post": "yes"}
    )
    assert denied.status_code == 302 and "/admin/login/" in denied.url  # officials have no admin
    assert Title.objects.filter(pk=title_id).exists()
    client = login(users["admin"])
    assert (
        client.post(
            reverse("admin:enterprises_title_delete", args=[title_id]), {"post": "yes"}
        ).status_code
        == 302
    )
    assert Title.history.get(id=title_id, history_type="-").history_user == users["admin"]
    foreign_id = archive["foreign"].pk
    bulk = client.post(
        reverse("admin:enterprises_enterprise_changelist"),
        {"action": "delete_selected", "_selected_action": [str(foreign_id)], "post": "yes"},
    )
    assert bulk.status_code == 302
    assert not Enterprise.objects.filter(pk=foreign_id).exists()
    assert Enterprise.history.get(id=foreign_id, history_type="-").history_user == users["admin"]


def test_admin_saves_call_the_service_functions(login, users, archive, monkeypatch):
    from littlegiant.web.enterprises import services

    calls = []
    original = services.update_enterprise

    def spy(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(services, "update_enterprise", spy)
    own = archive["own"]
    login(users["admin"]).post(_change_url(own), _enterprise_data(own, name="经由服务保存有限公司"))
    assert [call["user"] for call in calls] == [users["admin"]]
    assert calls[0]["name"] == "经由服务保存有限公司"
    assert Enterprise.objects.get(pk=own.pk).name == "经由服务保存有限公司"
