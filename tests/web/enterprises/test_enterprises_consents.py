"""Consents (PIPL Art. 13/14/23): the enterprise grants, sees and revokes; a provider sees a firm only
while its consent is in force and only the consented parts. Authorization: every role by own/foreign firm."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import (
    enterprises_shared_with,
    enterprises_visible_to,
    personal_info_visible_to,
)
from littlegiant.web.accounts.services import create_platform_user, system_user
from littlegiant.web.enterprises import services
from littlegiant.web.enterprises.models import Consent, ConsentScope

pytestmark = pytest.mark.django_db

ACTORS = ("admin", "official", "official_outside", "enterprise", "provider", "anonymous")


@pytest.fixture
def other_provider(users):
    return create_platform_user(
        user=system_user(), username="prov2", password="x-Test-password-42", role=Role.PROVIDER
    )


def _grant(users, archive, scopes=("yearly",), provider=None, **extra):
    return services.grant_consent(
        user=users["enterprise"],
        enterprise=archive["own"],
        provider=provider or users["provider"],
        scopes=scopes,
        purpose="申请贷款授信评估",
        **extra,
    )


def _client(client, roles, actor):
    if actor != "anonymous":
        client.force_login(roles[actor])
    return client


# --- granting and revoking -------------------------------------------------------------------------


def test_an_enterprise_user_grants_a_provider_and_the_history_names_who(users, archive):
    consent = _grant(users, archive, scopes=["contacts", "yearly"])
    assert consent.scopes == ["basic", "yearly", "contacts"]
    assert consent.granted_by == users["enterprise"]
    (record,) = consent.history.all()
    assert record.history_user == users["enterprise"] and record.history_type == "+"


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"scopes": ["salaries"]}, "scopes", "未知的授权范围"),
        ({"purpose": "  "}, "purpose", "请填写授权用途"),
        ({"expires_on": dt.date(2000, 1, 1)}, "expires_on", "有效期不能早于今天"),
    ],
)
def test_a_bad_consent_is_refused_with_a_chinese_message(users, archive, kwargs, field, message):
    values = {"scopes": ["yearly"], "purpose": "授信评估", **kwargs}
    with pytest.raises(services.ConsentError, match=message) as caught:
        services.grant_consent(
            user=users["enterprise"],
            enterprise=archive["own"],
            provider=users["provider"],
            **values,
        )
    assert caught.value.field == field and not Consent.objects.exists()


@pytest.mark.parametrize("target", ["official", "enterprise", "admin"])
def test_only_a_provider_account_can_receive_a_consent(users, archive, target):
    with pytest.raises(services.ConsentError, match="服务机构账号"):
        _grant(users, archive, provider=users[target])
    assert not Consent.objects.exists()


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("target", ["own", "foreign"])
def test_grant_page_authorization(client, roles, archive, actor, target):
    enterprise = archive[target]
    response = _client(client, roles, actor).post(
        reverse("enterprises:consent_grant", args=[enterprise.uscc]),
        {"provider": roles["provider"].pk, "scopes": ["yearly"], "purpose": "授信评估"},
    )
    allowed = actor == "enterprise" and target == "own"
    if allowed:
        assert response.status_code == 302
        assert Consent.objects.get().enterprise == enterprise
        return
    assert not Consent.objects.exists()
    if actor == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif enterprises_visible_to(roles[actor]).filter(pk=enterprise.pk).exists():
        assert response.status_code == 403  # sees the firm, but only the firm decides
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("target", ["own", "foreign"])
def test_revoke_page_authorization(client, roles, users, archive, actor, target):
    consent = services.grant_consent(
        user=system_user_of(archive, target, roles),
        enterprise=archive[target],
        provider=users["provider"],
        scopes=["yearly"],
        purpose="授信评估",
    )
    response = _client(client, roles, actor).post(
        reverse("enterprises:consent_revoke", args=[archive[target].uscc, consent.pk])
    )
    consent.refresh_from_db()
    if actor == "enterprise" and target == "own":
        assert response.status_code == 302 and consent.revoked_at is not None
        assert consent.revoked_by == users["enterprise"]
        assert consent.history.first().history_user == users["enterprise"]
        return
    assert consent.revoked_at is None
    if actor == "anonymous":
        assert response.status_code == 302
    elif enterprises_visible_to(roles[actor]).filter(pk=archive[target].pk).exists():
        assert response.status_code == 403
    else:
        assert response.status_code == 404


def system_user_of(archive, target, roles):
    """An enterprise user of ``target`` (the foreign firm gets its own user for the test)."""
    if target == "own":
        return roles["enterprise"]
    return create_platform_user(
        user=system_user(),
        username="ent_foreign",
        password="x-Test-password-42",
        role=Role.ENTERPRISE,
        enterprises=[archive["foreign"]],
    )


def test_consents_tab_lets_the_firm_manage_and_others_only_read(client, roles, users, archive):
    _grant(users, archive)
    url = reverse("enterprises:profile", args=[archive["own"].uscc]) + "?tab=consents"
    own = _client(client, roles, "enterprise").get(url).content.decode()
    assert 'data-testid="consent-form"' in own and "撤回" in own and "申请贷款授信评估" in own
    assert "prov1" in own and "年度经营数据" in own and "授权记录" in own
    client.logout()
    official = _client(client, roles, "official").get(url).content.decode()
    assert "申请贷款授信评估" in official and 'data-testid="consent-form"' not in official
    assert 'data-testid="revoke-' not in official
    client.logout()
    assert _client(client, roles, "official_outside").get(url).status_code == 404


# --- what a provider sees --------------------------------------------------------------------------


def _shared(client, roles, archive, target="own"):
    client.force_login(roles["provider"])
    return client.get(reverse("enterprises:shared_detail", args=[archive[target].uscc]))


def test_a_provider_sees_nothing_without_consent(client, roles, archive):
    assert _shared(client, roles, archive).status_code == 404
    assert not enterprises_shared_with(roles["provider"]).exists()
    listing = client.get(reverse("enterprises:shared_list")).content.decode()
    assert archive["own"].name not in listing and "暂无企业向本机构授权" in listing
    # the archive pages stay closed to providers whatever the consent
    assert client.get(reverse("enterprises:profile", args=[archive["own"].uscc])).status_code == 404


def test_a_provider_sees_only_the_consented_parts(client, roles, users, archive):
    own = archive["own"]
    contact = own.contact_set.get()
    revenue = own.yearlyfigure_set.order_by("fiscal_year").last().revenue
    _grant(users, archive, scopes=["credentials"])
    html = _shared(client, roles, archive).content.decode()
    assert own.name in html and "资质称号" in html
    assert "年度数据" not in html and "营业收入" not in html
    assert "成立日期" in html and "专精特新发展评价得分" not in html  # basic = identity only
    assert contact.phone not in html and contact.contact_name not in html
    assert f"{revenue:,.2f}" not in html
    assert personal_info_visible_to(roles["provider"]).count() == 0

    _grant(users, archive, scopes=["yearly", "contacts"])
    html = _shared(client, roles, archive).content.decode()
    assert "年度数据" in html and contact.phone in html and contact.email in html
    assert list(personal_info_visible_to(roles["provider"])) == [own]


def test_a_consent_to_another_provider_opens_nothing_to_this_one(
    client, roles, users, archive, other_provider
):
    _grant(users, archive, scopes=["yearly", "contacts"], provider=other_provider)
    assert _shared(client, roles, archive).status_code == 404
    assert not personal_info_visible_to(roles["provider"]).exists()


def test_revoking_or_expiry_closes_the_view_at_once(client, roles, users, archive):
    consent = _grant(users, archive)
    assert _shared(client, roles, archive).status_code == 200
    services.revoke_consent(user=users["enterprise"], consent=consent)
    assert _shared(client, roles, archive).status_code == 404
    listing = client.get(reverse("enterprises:shared_list")).content.decode()
    assert archive["own"].name not in listing

    expiring = _grant(users, archive, expires_on=timezone.localdate())
    assert _shared(client, roles, archive).status_code == 200
    Consent.objects.filter(pk=expiring.pk).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert _shared(client, roles, archive).status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
def test_shared_pages_are_for_providers_only(client, roles, users, archive, actor):
    _grant(users, archive)
    listing = _client(client, roles, actor).get(reverse("enterprises:shared_list"))
    detail = client.get(reverse("enterprises:shared_detail", args=[archive["own"].uscc]))
    foreign = client.get(reverse("enterprises:shared_detail", args=[archive["foreign"].uscc]))
    if actor == "provider":
        assert listing.status_code == 200 and archive["own"].name in listing.content.decode()
        assert detail.status_code == 200 and foreign.status_code == 404
    elif actor == "anonymous":
        assert {listing.status_code, detail.status_code, foreign.status_code} == {302}
    else:
        assert {listing.status_code, detail.status_code, foreign.status_code} == {403}


def test_the_provider_navigation_links_its_consenting_firms(client, roles):
    client.force_login(roles["provider"])
    html = client.get(reverse("home")).content.decode()
    assert reverse("enterprises:shared_list") in html and "授权企业" in html
    client.force_login(roles["official"])
    assert reverse("enterprises:shared_list") not in client.get(reverse("home")).content.decode()


def test_consent_scopes_are_labelled_in_chinese():
    assert all(scope.label and not scope.label.isascii() for scope in ConsentScope)
