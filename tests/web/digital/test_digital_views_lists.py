"""The firm lists of the digital app are paged, counted and link to the firm's profile."""

from __future__ import annotations

import pytest
from django.urls import reverse

from littlegiant.web.accounts.services import system_user
from littlegiant.web.digital.models import Campaign
from littlegiant.web.digital.views.questionnaire import PAGE_SIZE
from littlegiant.web.enterprises.services import load_archive_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(archive, make_archive_rows):
    """The two Hangzhou firms of ``archive`` plus enough more to fill two pages."""
    load_archive_rows(tables=make_archive_rows(PAGE_SIZE, first=100), user=system_user())
    return PAGE_SIZE + 2


def test_the_assessment_list_counts_the_scope_and_shows_one_page(login, users, district):
    client = login(users["official"])
    html = client.get(reverse("digital:index")).content.decode()
    assert f'<strong data-testid="dq-count">{district}</strong>' in html
    assert html.count('action="/digital/start/') == PAGE_SIZE
    assert "第 1 / 2 页" in html and "page=2" in html
    second = client.get(reverse("digital:index"), {"page": 2}).content.decode()
    assert second.count('action="/digital/start/') == district - PAGE_SIZE


def test_the_search_keeps_its_query_in_the_page_links_and_says_what_found_nothing(
    login, users, district
):
    client = login(users["official"])
    html = client.get(reverse("digital:index"), {"q": "测试企业"}).content.decode()
    assert "q=%E6%B5%8B%E8%AF%95%E4%BC%81%E4%B8%9A&amp;page=2" in html
    empty = client.get(reverse("digital:index"), {"q": "不存在的企业"}).content.decode()
    assert "没有名称或信用代码包含“不存在的企业”的企业" in empty


def test_firm_names_link_to_the_profiles_digital_tab(login, users, archive):
    html = login(users["enterprise"]).get(reverse("digital:index")).content.decode()
    own = archive["own"]
    assert f'href="{reverse("enterprises:profile", args=[own.uscc])}?tab=digital"' in html
    assert archive["own_other"].name not in html


def test_a_campaign_of_a_whole_district_is_paged(login, users, district):
    client = login(users["official"])
    response = client.post(
        reverse("digital:campaigns"), {"name": "全区评测", "region_prefix": "330106"}
    )
    campaign = Campaign.objects.get(name="全区评测")
    assert response.status_code == 302 and campaign.assessments.count() == district
    html = client.get(reverse("digital:campaign", args=[campaign.pk])).content.decode()
    assert html.count("代填答卷") == PAGE_SIZE and "第 1 / 2 页" in html
    last = client.get(reverse("digital:campaign", args=[campaign.pk]), {"page": 2}).content.decode()
    assert last.count("代填答卷") == district - PAGE_SIZE
