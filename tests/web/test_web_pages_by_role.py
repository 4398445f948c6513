"""The home page per role, and Chinese error pages in the platform's layout."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_enterprise_user_lands_on_its_own_firm_not_on_a_one_firm_pyramid(users, login, archive):
    html = login(users["enterprise"]).get(reverse("home")).content.decode()
    own = archive["own"]
    assert "我的企业" in html and own.name in html
    assert reverse("enterprises:profile", args=[own.uscc]) + "?tab=evaluation" in html
    assert reverse("catalog:opportunities", args=[own.uscc]) in html
    assert archive["own_other"].name not in html
    assert 'class="pyramid"' not in html


def test_a_provider_home_points_to_the_catalogs_instead_of_an_empty_pyramid(users, login):
    html = login(users["provider"]).get(reverse("home")).content.decode()
    assert "服务机构工作台" in html and reverse("catalog:search") + "?kind=products" in html
    assert 'class="pyramid"' not in html


def test_an_official_still_sees_the_pyramid_of_the_district(users, login):
    html = login(users["official"]).get(reverse("home")).content.decode()
    assert 'class="pyramid"' in html and "我的企业" not in html


def test_a_forbidden_page_is_explained_in_chinese_inside_the_layout(users, login):
    response = login(users["enterprise"]).get(reverse("assessments:candidates"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权访问此页面" in html and "ent1" in html
    assert 'class="mainnav"' in html and "Forbidden" not in html


def test_a_missing_page_is_explained_in_chinese_inside_the_layout(users, login):
    response = login(users["official"]).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "Not Found" not in html
    assert reverse("home") in html


def test_every_page_links_a_favicon_so_browsers_do_not_ask_for_a_missing_one(users, login):
    html = login(users["official"]).get(reverse("home")).content.decode()
    assert 'rel="icon"' in html and "img/favicon.svg" in html


def test_the_browsers_default_favicon_request_is_redirected_to_the_platforms_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")
