"""The catalog REST API per role: list, search, get, publish, opportunities, push lists."""

from __future__ import annotations

import json

import pytest

from littlegiant.web.catalog.models import Achievement, Need

API = "/api/catalog"


def _json(response):
    assert response.status_code < 300, (response.status_code, response.content.decode())
    return response.json()


def test_anonymous_callers_are_refused(client, catalog):
    assert client.get(f"{API}/achievements").status_code == 401


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("admin", {"N1", "N2"}),
        ("official", {"N1"}),
        ("enterprise", {"N1"}),
        ("provider", {"N1", "N2"}),  # providers answer needs (issue 10 #3)
    ],
)
def test_needs_follow_the_enterprise_scope(catalog, users, login, role, visible):
    items = _json(login(users[role]).get(f"{API}/needs"))["items"]
    assert {item["ref"] for item in items} == visible


def test_public_catalogs_are_listed_with_their_columns(catalog, users, login):
    page = _json(login(users["provider"]).get(f"{API}/policies", {"limit": 2}))
    assert page["count"] == 3
    assert len(page["items"]) == 2
    assert set(page["items"][0]["values"]) >= {"ref", "title", "full_text", "pack_id", "valid_to"}


def test_get_entry_hides_needs_of_other_enterprises(catalog, users, login):
    client = login(users["enterprise"])
    assert _json(client.get(f"{API}/needs/{catalog['need'].pk}"))["title"] == "极片缺陷检测"
    assert client.get(f"{API}/needs/{catalog['foreign_need'].pk}").status_code == 404
    assert client.get(f"{API}/unknown/1").status_code == 422


def test_search_explains_matches(catalog, users, login):
    hits = _json(login(users["official"]).get(f"{API}/achievements/search", {"q": "机器视觉"}))
    assert [hit["entry"]["ref"] for hit in hits] == ["A1"]
    assert "机器视觉" in hits[0]["matched_terms"]
    assert hits[0]["verdict"] is None  # achievements carry no eligibility


def test_enterprise_search_of_policies_carries_eligibility_and_trace(
    catalog, users, login, archive
):
    hits = _json(login(users["enterprise"]).get(f"{API}/policies/search", {"q": "算力券"}))
    by_ref = {hit["entry"]["ref"]: hit for hit in hits}
    assert by_ref["P3"]["verdict"]["status"] == "not_qualified"
    assert by_ref["P3"]["verdict"]["reason"] == "不在政策适用地区"
    assert by_ref["P2"]["verdict"]["trace_url"].endswith(f"/{archive['own'].uscc}/")
    tiers = [
        {"qualified": 0, "unknown": 1, "not_qualified": 2}[hit["verdict"]["status"]] for hit in hits
    ]
    assert tiers == sorted(tiers)


def test_officials_rank_for_an_enterprise_in_scope_only(catalog, users, login, archive):
    client = login(users["official"])
    hits = _json(client.get(f"{API}/policies/search", {"q": "算力券", "uscc": archive["own"].uscc}))
    assert all(hit["verdict"]["trace_url"] for hit in hits if hit["entry"]["values"]["pack_id"])
    assert (
        client.get(
            f"{API}/policies/search", {"q": "算力券", "uscc": archive["foreign"].uscc}
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("role", "status"), [("enterprise", 200), ("official", 200), ("provider", 404)]
)
def test_opportunities_of_the_own_enterprise(catalog, users, login, archive, role, status):
    response = login(users[role]).get(f"{API}/opportunities/{archive['own'].uscc}")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["achievements"][0]["entry"]["ref"] == "A1"
        reward = next(m for m in body["policies"] if m["entry"]["ref"] == "P1")
        assert reward["verdict"]["status"] in {"qualified", "unknown", "not_qualified"}


def test_enterprise_users_cannot_see_other_enterprises_opportunities(
    catalog, users, login, archive
):
    assert (
        login(users["enterprise"]).get(f"{API}/opportunities/{archive['foreign'].uscc}").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("official", 200), ("enterprise", 403), ("provider", 403)]
)
def test_push_list_is_for_officials(catalog, users, login, role, status):
    response = login(users[role]).get(f"{API}/policies/{catalog['reward'].pk}/push")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["qualified_count"] == len(body["qualified"])
        assert body["total"] >= body["qualified_count"] + body["near_count"]


def test_official_push_covers_only_the_official_region(catalog, users, login, archive):
    body = _json(login(users["official"]).get(f"{API}/policies/{catalog['reward'].pk}/push"))
    listed = {firm["uscc"] for firm in body["qualified"] + body["near"]}
    assert archive["foreign"].uscc not in listed
    assert body["total"] == 2  # the two Hangzhou firms


def test_recording_a_push(catalog, users, login):
    client = login(users["official"])
    record = _json(client.post(f"{API}/policies/{catalog['reward'].pk}/push"))
    assert catalog["reward"].pushes.get().pk == record["id"]
    assert record["pack"] == "zjtx_reward@2025"
    assert (
        login(users["provider"]).post(f"{API}/policies/{catalog['reward'].pk}/push").status_code
        == 403
    )


def _post(client, kind, payload):
    return client.post(f"{API}/{kind}", json.dumps(payload), content_type="application/json")


def test_providers_publish_achievements_but_not_policies(catalog, users, login):
    client = login(users["provider"])
    response = _post(
        client,
        "achievements",
        {
            "ref": "PV-1",
            "title": "氢燃料电池双极板",
            "summary": "金属双极板冲压",
            "maturity": "中试阶段",
        },
    )
    assert response.status_code == 201, response.content
    assert Achievement.objects.get(ref="PV-1").maturity == "pilot"
    assert _post(client, "policies", {"title": "x", "full_text": "y"}).status_code == 403
    assert (
        _post(
            client, "achievements", {"ref": "A1", "title": "改写他人成果", "summary": "x"}
        ).status_code
        == 403
    )


def test_published_entries_are_searchable_at_once(
    db, users, login, django_capture_on_commit_callbacks
):
    client = login(users["official"])
    with django_capture_on_commit_callbacks(execute=True):
        created = _post(
            client,
            "products",
            {"title": "科技信用贷", "description": "面向科技型中小企业的信用贷款"},
        )
    assert created.status_code == 201 and _json(created)["status"] == "published"
    hits = _json(client.get(f"{API}/products/search", {"q": "信用贷款"}))
    assert [hit["entry"]["title"] for hit in hits] == ["科技信用贷"]


def test_a_provider_s_entry_is_searchable_once_approved(
    db, users, login, django_capture_on_commit_callbacks
):
    from littlegiant.web.catalog import services
    from littlegiant.web.catalog.models import Product

    client = login(users["provider"])
    with django_capture_on_commit_callbacks(execute=True):
        created = _post(
            client,
            "products",
            {"title": "科技信用贷", "description": "面向科技型中小企业的信用贷款"},
        )
    assert _json(created)["status"] == "pending"
    assert _json(client.get(f"{API}/products/search", {"q": "信用贷款"})) == []
    services.review_entry(
        user=users["official"], entry=Product.objects.get(pk=_json(created)["id"]), approve=True
    )
    hits = _json(client.get(f"{API}/products/search", {"q": "信用贷款"}))
    assert [hit["entry"]["title"] for hit in hits] == ["科技信用贷"]


def test_enterprise_users_publish_needs_for_their_own_enterprise_only(
    catalog, users, login, archive
):
    client = login(users["enterprise"])
    own = _post(
        client,
        "needs",
        {"title": "焊缝检测", "summary": "激光焊缝在线检测", "uscc": archive["own"].uscc},
    )
    assert own.status_code == 201
    assert Need.objects.get(title="焊缝检测").enterprise == archive["own"]
    foreign = _post(
        client, "needs", {"title": "x", "summary": "y", "uscc": archive["foreign"].uscc}
    )
    assert foreign.status_code == 404
    assert _post(client, "needs", {"title": "x", "summary": "y"}).status_code == 403


def test_bad_values_are_refused_with_the_column_named(catalog, users, login):
    response = _post(
        login(users["admin"]), "achievements", {"title": "x", "summary": "y", "price_min": "很多"}
    )
    assert response.status_code == 400
    assert "price_min" in response.json()["detail"]


def test_listing_runs_a_constant_number_of_queries(
    catalog, users, login, django_assert_max_num_queries
):
    client = login(users["admin"])
    with django_assert_max_num_queries(6):
        page = _json(client.get(f"{API}/policies", {"limit": 50}))
    assert page["count"] == len(page["items"]) == 3
