"""The digital API's drafts and campaigns, per role: enterprise users their own firm, officials their regions,
admins everything; out of scope is 404, campaigns are officials' (403 for firm users)."""

from __future__ import annotations

import pytest

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.services import create_platform_user, system_user
from littlegiant.web.digital import services
from littlegiant.web.digital.models import Campaign, DigitalAssessment

pytestmark = pytest.mark.django_db

AS_OF = "2025-06-30"


def api(client, method, path, body=None):
    if body is None:
        return getattr(client, method)(f"/api/digital{path}")
    return getattr(client, method)(f"/api/digital{path}", body, content_type="application/json")


@pytest.fixture
def nanjing_official(archive):
    return create_platform_user(
        user=system_user(),
        username="official_nj",
        password="x-Test-password-42",
        role=Role.OFFICIAL,
        region_codes=["320100"],
    )


# --- drafts ------------------------------------------------------------------------------------


def test_an_enterprise_user_saves_and_loads_its_own_draft(login, users, archive):
    client = login(users["enterprise"])
    uscc = archive["own"].uscc
    assert (
        api(client, "get", f"/enterprises/{uscc}/draft").status_code == 404
    )  # nothing started yet
    saved = api(client, "put", f"/enterprises/{uscc}/draft",
                {"answers": {"dq_info_system_coverage": "覆盖多个业务环节", "dq_scene_quality": 7}})  # fmt: skip
    body = saved.json()
    assert saved.status_code == 200
    assert body["answers"] == {"dq_info_system_coverage": "multiple"}
    assert [(p["field"], p["value"]) for p in body["problems"]] == [("dq_scene_quality", 7)]
    assert "1-4 级" in body["problems"][0]["message"]
    assert body["answered"] == 1 and body["total"] == len(body["missing"]) + 1
    loaded = api(client, "get", f"/enterprises/{uscc}/draft").json()
    assert loaded["id"] == body["id"] and loaded["answers"] == {
        "dq_info_system_coverage": "multiple"
    }
    assert loaded["status"] == "draft" and loaded["problems"] == []


def test_saving_again_updates_the_same_draft(login, users, archive):
    client = login(users["enterprise"])
    uscc = archive["own"].uscc
    first = api(
        client, "put", f"/enterprises/{uscc}/draft", {"answers": {"dq_scene_quality": 2}}
    ).json()
    second = api(
        client, "put", f"/enterprises/{uscc}/draft", {"answers": {"dq_scene_quality": 3}}
    ).json()
    assert first["id"] == second["id"] and second["answers"] == {"dq_scene_quality": 3}
    assert DigitalAssessment.objects.filter(enterprise=archive["own"]).count() == 1


@pytest.mark.parametrize("method", ["get", "put"])
def test_an_enterprise_user_gets_404_for_another_firms_draft(login, users, archive, method):
    client = login(users["enterprise"])
    body = {"answers": {"dq_scene_quality": 2}} if method == "put" else None
    for firm in ("own_other", "foreign"):
        response = api(client, method, f"/enterprises/{archive[firm].uscc}/draft", body)
        assert response.status_code == 404, firm
    assert not DigitalAssessment.objects.exclude(enterprise=archive["own"]).exists()


def test_an_official_fills_drafts_in_its_region_only(login, users, archive):
    client = login(users["official"])
    ok = api(
        client,
        "put",
        f"/enterprises/{archive['own_other'].uscc}/draft",
        {"answers": {"dq_scene_quality": 4}},
    )
    assert ok.status_code == 200
    assert DigitalAssessment.objects.get(enterprise=archive["own_other"]).on_behalf is True
    out = api(
        client,
        "put",
        f"/enterprises/{archive['foreign'].uscc}/draft",
        {"answers": {"dq_scene_quality": 4}},
    )
    assert out.status_code == 404


def test_admin_reaches_any_firm_and_a_provider_none(login, users, archive, client):
    uscc = archive["foreign"].uscc
    assert (
        api(login(users["admin"]), "put", f"/enterprises/{uscc}/draft", {"answers": {}}).status_code
        == 200
    )
    assert api(login(users["provider"]), "get", f"/enterprises/{uscc}/draft").status_code == 404


def test_loading_the_draft_shows_a_campaign_assignment(login, users, archive):
    services.create_campaign(user=users["official"], name="试点评测", enterprises=[archive["own"]])
    body = api(
        login(users["enterprise"]), "get", f"/enterprises/{archive['own'].uscc}/draft"
    ).json()
    assert body["status"] == "assigned" and body["campaign_name"] == "试点评测"


def test_submitting_through_the_api_writes_the_level_or_refuses_incomplete_answers(
    login, users, archive, top_answers
):
    client = login(users["enterprise"])
    uscc = archive["own"].uscc
    incomplete = {k: v for k, v in top_answers.items() if k != "dq_scene_marketing"}
    refused = api(
        client, "post", f"/enterprises/{uscc}/submit", {"answers": incomplete, "as_of": AS_OF}
    )
    assert refused.status_code == 400 and "营销管理" in refused.json()["detail"]
    assert not DigitalAssessment.objects.exists()  # not even an empty draft is left behind
    done = api(
        client, "post", f"/enterprises/{uscc}/submit", {"answers": top_answers, "as_of": AS_OF}
    )
    assert done.status_code == 200 and done.json()["level"] == 4
    archive["own"].refresh_from_db()
    assert archive["own"].digital_level == 4
    assert (
        api(client, "get", f"/enterprises/{uscc}/draft").status_code == 404
    )  # submitted: no open draft


def test_anonymous_callers_are_refused(client, archive):
    assert api(client, "get", f"/enterprises/{archive['own'].uscc}/draft").status_code == 401
    assert api(client, "get", "/campaigns").status_code == 401


# --- campaigns ---------------------------------------------------------------------------------


def _create(client, **fields):
    return api(client, "post", "/campaigns", {"name": "试点评测", **fields})


def test_an_official_creates_lists_and_reads_a_campaign(login, users, archive):
    client = login(users["official"])
    created = _create(client, round_label="改造前", deadline="2025-12-31",
                      usccs=[archive["own"].uscc, archive["own_other"].uscc.lower()])  # fmt: skip
    body = created.json()
    assert created.status_code == 201
    assert (
        body["progress"]["total"] == 2
        and body["progress"]["assigned"] == 2
        and body["progress"]["rate"] == 0.0
    )
    assert body["deadline"] == "2025-12-31" and body["round_label"] == "改造前"
    assert [c["id"] for c in api(client, "get", "/campaigns").json()] == [body["id"]]
    assert api(client, "get", f"/campaigns/{body['id']}").json()["name"] == "试点评测"


def test_creating_with_a_firm_out_of_scope_is_404_and_creates_nothing(login, users, archive):
    response = _create(
        login(users["official"]), usccs=[archive["own"].uscc, archive["foreign"].uscc]
    )
    assert response.status_code == 404 and archive["foreign"].uscc in response.json()["detail"]
    assert not Campaign.objects.exists()


def test_an_empty_campaign_name_is_400(login, users):
    assert _create(login(users["official"]), name="  ").status_code == 400


def test_enterprise_users_and_providers_get_403_on_campaigns(login, users, archive):
    campaign = services.create_campaign(
        user=users["official"], name="试点", enterprises=[archive["own"]]
    )
    for role in ("enterprise", "provider"):
        client = login(users[role])
        assert api(client, "get", "/campaigns").status_code == 403
        assert api(client, "get", f"/campaigns/{campaign.pk}").status_code == 403
        assert _create(client).status_code == 403


def test_an_official_of_another_region_gets_404_for_the_campaign(
    login, users, archive, nanjing_official
):
    campaign = services.create_campaign(
        user=users["official"], name="杭州试点", enterprises=[archive["own"]]
    )
    client = login(nanjing_official)
    assert api(client, "get", "/campaigns").json() == []
    for path in ("", "/assessments", "/comparison"):
        assert api(client, "get", f"/campaigns/{campaign.pk}{path}").status_code == 404, path
    assign = api(
        client,
        "post",
        f"/campaigns/{campaign.pk}/enterprises",
        {"usccs": [archive["foreign"].uscc]},
    )
    assert assign.status_code == 404


def test_admin_sees_every_campaign_and_all_its_firms(login, users, archive, nanjing_official):
    services.create_campaign(user=users["official"], name="杭州", enterprises=[archive["own"]])
    services.create_campaign(user=nanjing_official, name="南京", enterprises=[archive["foreign"]])
    names = {c["name"] for c in api(login(users["admin"]), "get", "/campaigns").json()}
    assert names == {"杭州", "南京"}


def test_assigning_more_firms_counts_only_new_ones(login, users, archive):
    client = login(users["official"])
    campaign = _create(client, usccs=[archive["own"].uscc]).json()
    path = f"/campaigns/{campaign['id']}/enterprises"
    first = api(
        client, "post", path, {"usccs": [archive["own"].uscc, archive["own_other"].uscc]}
    ).json()
    assert first == {"assigned": 1, "total": 2}
    assert api(client, "post", path, {"usccs": [archive["own_other"].uscc]}).json() == {
        "assigned": 0,
        "total": 2,
    }
    out = api(client, "post", path, {"usccs": [archive["foreign"].uscc]})
    assert out.status_code == 404


def test_completion_lists_each_firm_with_its_status_and_result(login, users, archive, top_answers):
    client = login(users["official"])
    campaign = services.create_campaign(user=users["official"], name="试点",
                                        enterprises=[archive["own"], archive["own_other"]])  # fmt: skip
    row = campaign.assessments.get(enterprise=archive["own"])
    services.submit_assessment(user=users["enterprise"], assessment=row, raw=top_answers)
    rows = api(client, "get", f"/campaigns/{campaign.pk}/assessments").json()
    by_uscc = {r["uscc"]: r for r in rows}
    assert (
        by_uscc[archive["own"].uscc]["status"] == "submitted"
        and by_uscc[archive["own"].uscc]["level"] == 4
    )
    assert by_uscc[archive["own"].uscc]["on_behalf"] is False
    assert by_uscc[archive["own_other"].uscc]["status"] == "assigned"
    progress = api(client, "get", f"/campaigns/{campaign.pk}").json()["progress"]
    assert (progress["submitted"], progress["rate"], progress["levels"]["4"]) == (1, 50.0, 1)


def test_comparison_json_gives_rows_and_aggregate(login, users, archive, answers):
    official = users["official"]
    firms = [archive["own"], archive["own_other"]]
    before = services.create_campaign(
        user=official, name="试点", round_label="改造前", enterprises=firms
    )
    after = services.create_campaign(user=official, name="试点", round_label="改造后", baseline=before,
                                     enterprises=firms)  # fmt: skip
    for campaign, level in ((before, 1), (after, 3)):
        row = campaign.assessments.get(enterprise=archive["own"])
        services.submit_assessment(user=official, assessment=row, raw=answers(level == 3, level))
    client = login(official)
    body = api(client, "get", f"/campaigns/{after.pk}/comparison").json()
    assert body["before"]["round_label"] == "改造前" and body["after"]["id"] == after.pk
    own = next(r for r in body["rows"] if r["uscc"] == archive["own"].uscc)
    assert own["before_level"] == 0 and own["after_level"] == 3 and own["level_change"] == 3
    other = next(r for r in body["rows"] if r["uscc"] == archive["own_other"].uscc)
    assert other["before_score"] is None and other["score_change"] is None
    aggregate = body["aggregate"]
    assert (aggregate["compared"], aggregate["improved"], aggregate["target_after"]) == (1, 1, 1)
    assert aggregate["levels_before"] == {"0": 1, "1": 0, "2": 0, "3": 0, "4": 0}
    explicit = api(client, "get", f"/campaigns/{before.pk}/comparison?other={after.pk}").json()
    assert explicit["aggregate"]["declined"] == 1
    assert (
        api(client, "get", f"/campaigns/{before.pk}/comparison").status_code == 400
    )  # no baseline
