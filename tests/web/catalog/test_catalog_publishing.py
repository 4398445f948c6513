"""Publishing in the UI (issue 10 #4): forms per role, edit and withdraw, and the bureau's approval
of what service providers publish, with the approval queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from littlegiant.web.catalog.models import Achievement, EntryStatus, Need, Product

ACHIEVEMENT = {
    "title": "高精度伺服电机控制算法",
    "summary": "面向数控机床的伺服电机高精度控制",
    "maturity": "pilot",
    "transfer_modes": ["transfer", "license"],
    "price_min": "50",
    "price_max": "80",
    "region_code": "330106",
}


def _search(client, kind, query=""):
    return client.get(reverse("catalog:search"), {"kind": kind, "q": query}).content.decode()


def _listed(client, entry, query=""):
    """Whether the entry is among the search results (its card, not a message naming it)."""
    return f'data-key="{entry.pk}"' in _search(client, entry.catalog_id, query)


@pytest.fixture
def publish(login, django_capture_on_commit_callbacks):
    """POST a publishing form as ``user`` (the index follows after commit)."""

    def _publish(user, kind, data, entry=None):
        url = (
            reverse("catalog:entry_edit", args=[kind, entry.pk])
            if entry is not None
            else reverse("catalog:entry_new", args=[kind])
        )
        with django_capture_on_commit_callbacks(execute=True):
            return login(user).post(url, data)

    return _publish


def test_a_provider_s_achievement_is_public_only_after_the_bureau_approves_it(
    catalog, roles, login, publish
):
    response = publish(roles["provider"], "achievements", ACHIEVEMENT)
    assert response.status_code == 302 and response["Location"] == reverse("catalog:mine")
    entry = Achievement.objects.get(title=ACHIEVEMENT["title"])
    assert entry.status == EntryStatus.PENDING and entry.published_by == roles["provider"]
    assert entry.transfer_modes == ["transfer", "license"] and entry.price_max == 80.0
    mine = login(roles["provider"]).get(reverse("catalog:mine")).content.decode()
    assert ACHIEVEMENT["title"] in mine and "待审核" in mine
    for role in ("provider", "official", "enterprise"):
        assert not _listed(login(roles[role]), entry, "伺服电机")
    # the Nanjing official does not review a Hangzhou entry; the Hangzhou one does
    outside = login(roles["official_outside"])
    assert ACHIEVEMENT["title"] not in outside.get(reverse("catalog:review")).content.decode()
    review_url = reverse("catalog:entry_review", args=["achievements", entry.pk])
    assert outside.post(review_url, {"decision": "approve"}).status_code == 404
    official = login(roles["official"])
    queue = official.get(reverse("catalog:review")).content.decode()
    assert ACHIEVEMENT["title"] in queue and "转让、许可" in queue and "prov1" in queue
    refused = official.post(review_url, {"decision": "reject"}, follow=True).content.decode()
    assert "退回时请填写审核意见" in refused
    official.post(review_url, {"decision": "approve"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED and entry.reviewed_by == roles["official"]
    assert _listed(login(roles["enterprise"]), entry, "伺服电机")


def test_a_provider_s_change_waits_for_approval_again_and_a_rejection_says_why(
    catalog, roles, login, publish, django_capture_on_commit_callbacks
):
    publish(roles["provider"], "products", {"title": "科创贷", "description": "信用贷款"})
    product = Product.objects.get(title="科创贷")
    review_url = reverse("catalog:entry_review", args=["products", product.pk])
    login(roles["official"]).post(review_url, {"decision": "approve"})
    assert _listed(login(roles["enterprise"]), product, "科创贷")
    publish(
        roles["provider"], "products", {"title": "科创贷", "description": "改成抵押贷款"}, product
    )
    product.refresh_from_db()
    assert product.status == EntryStatus.PENDING and product.description == "改成抵押贷款"
    assert not _listed(login(roles["enterprise"]), product, "科创贷")
    login(roles["official"]).post(review_url, {"decision": "reject", "note": "请补充利率区间"})
    mine = login(roles["provider"]).get(reverse("catalog:mine")).content.decode()
    assert "未通过审核" in mine and "审核意见：请补充利率区间" in mine


def test_withdrawing_takes_an_entry_off_the_catalogs(catalog, roles, login):
    client = login(roles["admin"])
    vision = catalog["vision"]
    assert _listed(client, vision, "机器视觉")
    response = client.post(reverse("catalog:entry_withdraw", args=["achievements", vision.pk]))
    assert response.status_code == 302
    vision.refresh_from_db()
    assert vision.status == EntryStatus.WITHDRAWN
    assert not _listed(client, vision, "机器视觉")
    # someone else's entry cannot be withdrawn by a provider or an enterprise user
    for role in ("provider", "enterprise"):
        url = reverse("catalog:entry_withdraw", args=["achievements", catalog["iiot"].pk])
        assert login(roles[role]).post(url).status_code == 404


def test_an_enterprise_user_publishes_a_need_of_its_own_firm_at_once(
    catalog, roles, login, publish, archive
):
    form = login(roles["enterprise"]).get(reverse("catalog:entry_new", args=["needs"]))
    page = form.content.decode()
    assert form.status_code == 200 and archive["own"].name in page
    assert archive["foreign"].name not in page and archive["own_other"].name not in page
    need = {"title": "焊缝缺陷自动检测", "summary": "需要焊缝缺陷视觉检测", "budget": "30"}
    foreign = publish(roles["enterprise"], "needs", {**need, "uscc": archive["foreign"].uscc})
    assert foreign.status_code == 400
    assert "不在您的管辖范围内" in foreign.content.decode()
    assert not Need.objects.filter(title=need["title"]).exists()
    publish(roles["enterprise"], "needs", {**need, "uscc": archive["own"].uscc})
    saved = Need.objects.get(title=need["title"])
    assert saved.status == EntryStatus.PUBLISHED and saved.enterprise == archive["own"]
    assert _listed(login(roles["provider"]), saved, "焊缝")


def test_a_bad_form_keeps_what_was_typed_and_names_each_field(catalog, roles, publish):
    response = publish(
        roles["provider"],
        "achievements",
        {**ACHIEVEMENT, "title": "", "price_min": "很多", "region_code": "999999"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "请填写「成果名称」（必填）" in page
    assert "「意向价格下限」的值“很多”无效：应为数字" in page
    assert "「地区代码」的值“999999”无效" in page
    assert 'value="很多"' in page and ACHIEVEMENT["summary"] in page
    assert not Achievement.objects.filter(summary=ACHIEVEMENT["summary"]).exists()
    inverted = publish(roles["provider"], "achievements", {**ACHIEVEMENT, "price_min": "90"})
    assert "「意向价格上限」不能小于「意向价格下限」" in inverted.content.decode()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", {"achievements", "needs", "policies", "products"}),
        ("official", {"achievements", "needs", "policies", "products"}),
        ("official_outside", {"achievements", "needs", "policies", "products"}),
        ("provider", {"achievements", "products"}),
        ("enterprise", {"needs"}),
    ],
)
def test_who_may_open_which_publishing_form(catalog, roles, login, role, allowed):
    client = login(roles[role])
    for kind in ("achievements", "needs", "policies", "products"):
        status = client.get(reverse("catalog:entry_new", args=[kind])).status_code
        assert status == (200 if kind in allowed else 403), kind
    assert client.get(reverse("catalog:entry_new", args=["nope"])).status_code == 404


@pytest.mark.parametrize(
    ("role", "mine", "review"),
    [
        ("admin", 200, 200),
        ("official", 200, 200),
        ("official_outside", 200, 200),
        ("provider", 200, 403),
        ("enterprise", 200, 403),
    ],
)
def test_who_may_open_my_entries_and_the_approval_queue(catalog, roles, login, role, mine, review):
    client = login(roles[role])
    assert client.get(reverse("catalog:mine")).status_code == mine
    assert client.get(reverse("catalog:review")).status_code == review


def test_anonymous_visitors_are_sent_to_log_in(catalog, client):
    for url in (
        reverse("catalog:mine"),
        reverse("catalog:review"),
        reverse("catalog:entry_new", args=["achievements"]),
        reverse("catalog:entry_edit", args=["achievements", catalog["vision"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    ("role", "own_status", "foreign_status"),
    [
        ("admin", 200, 200),
        ("official", 200, 404),  # the official may edit the needs of Hangzhou firms only
        ("official_outside", 404, 200),
        ("enterprise", 200, 404),
        ("provider", 404, 404),
    ],
)
def test_who_may_edit_a_need(catalog, roles, login, role, own_status, foreign_status):
    client = login(roles[role])
    own = reverse("catalog:entry_edit", args=["needs", catalog["need"].pk])
    foreign = reverse("catalog:entry_edit", args=["needs", catalog["foreign_need"].pk])
    assert client.get(own).status_code == own_status
    assert client.get(foreign).status_code == foreign_status


def test_a_policy_names_an_eligibility_pack_that_exists(catalog, roles, publish):
    policy = {"title": "测试政策", "full_text": "对企业给予奖励", "pack_id": "no_such_pack@2025"}
    response = publish(roles["official"], "policies", policy)
    assert response.status_code == 400
    assert "找不到申报条件规则包「no_such_pack@2025」" in response.content.decode()
    assert (
        publish(
            roles["official"], "policies", {**policy, "pack_id": "zjtx_reward@2025"}
        ).status_code
        == 302
    )
