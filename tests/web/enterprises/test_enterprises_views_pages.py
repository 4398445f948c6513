"""The list page (filters, sorting, pagination, htmx, query count), the profile and the home page."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises import services
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import load_archive_rows
from littlegiant.web.navigation import register_profile_tab

pytestmark = pytest.mark.django_db
LIST = reverse("enterprises:list")


def _usccs(response) -> list[str]:
    return re.findall(r'<td class="mono">(\w{18})</td>', response.content.decode())


@pytest.fixture
def admin_client_(login, users):
    return login(users["admin"])


def test_search_by_name_and_uscc_prefix(admin_client_, archive):
    assert _usccs(admin_client_.get(LIST, {"q": "企业0002"})) == [archive["own_other"].uscc]
    assert _usccs(admin_client_.get(LIST, {"q": archive["foreign"].uscc[:16]})) == [
        archive["foreign"].uscc
    ]


NAMED = {  # name → USCC number, for the search and sort tests
    "杭州中创影业有限公司": 101,
    "杭州安澜科技有限公司": 102,
    "宁波中创机械有限公司": 103,
    "北京阿尔法软件有限公司": 104,
    "重庆长安精工有限公司": 105,
}


@pytest.fixture
def named(make_archive_rows, uscc_for):
    rows = make_archive_rows(len(NAMED), first=101)
    for row, (name, number) in zip(rows["enterprise"], NAMED.items(), strict=True):
        assert row["uscc"] == uscc_for(number)
        row["name"] = name
    load_archive_rows(tables=rows, user=system_user())
    return {name: uscc_for(number) for name, number in NAMED.items()}


def _brute_force(query: str, named: dict[str, str]) -> set[str]:
    """The expected hits, computed independently: every word in the name, the USCC, or the pinyin."""
    from pypinyin import Style, lazy_pinyin

    hits = set()
    for name, uscc in named.items():
        full = "".join(lazy_pinyin(name)).lower()
        initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()
        if all(
            w in name or w.upper() in uscc or w.lower() in full or w.lower() in initials
            for w in query.split()
        ):
            hits.add(uscc)
    return hits


@pytest.mark.parametrize(
    "query",
    ["杭州 科技", "中创", "hzzc", "zhongchuang", "HZ ZC", "cqca", "MA0000103", "有限 北京 软件"],
)
def test_search_by_several_words_uscc_fragments_and_pinyin(admin_client_, named, query):
    found = set(_usccs(admin_client_.get(LIST, {"q": query, "page_size": 100})))
    expected = _brute_force(query, named)
    assert expected, query  # every query finds something
    assert found == expected


def test_names_sort_by_pinyin_not_code_point(admin_client_, named):
    from pypinyin import lazy_pinyin

    shown = _usccs(admin_client_.get(LIST, {"q": "有限公司", "page_size": 100}))
    by_name = {uscc: name for name, uscc in named.items()}
    names = [by_name[u] for u in shown if u in by_name]
    assert names == sorted(NAMED, key=lambda n: "".join(lazy_pinyin(n)))
    assert names[:2] == ["北京阿尔法软件有限公司", "重庆长安精工有限公司"]  # beijing, chongqing, …
    assert names != sorted(NAMED)  # code-point order would differ
    reverse_shown = _usccs(
        admin_client_.get(LIST, {"q": "有限公司", "sort": "-name", "page_size": 100})
    )
    assert [by_name[u] for u in reverse_shown if u in by_name] == names[::-1]


def test_region_filter_covers_sub_regions(admin_client_, archive):
    assert set(_usccs(admin_client_.get(LIST, {"region": "330100"}))) == {
        archive["own"].uscc,
        archive["own_other"].uscc,
    }
    assert _usccs(admin_client_.get(LIST, {"region": "320102"})) == [archive["foreign"].uscc]
    assert _usccs(admin_client_.get(LIST, {"region": "330200"})) == []


def test_a_region_filter_never_widens_the_scope(login, users, archive):
    assert _usccs(login(users["enterprise"]).get(LIST, {"region": "32"})) == []


def test_section_size_and_title_filters(admin_client_, archive):
    Enterprise.objects.filter(pk=archive["own"].pk).update(
        industry_code="I6513", size_class="small"
    )
    Enterprise.objects.exclude(pk=archive["own"].pk).update(industry_code="C3985", size_class="")
    assert _usccs(admin_client_.get(LIST, {"section": "I"})) == [archive["own"].uscc]
    assert _usccs(admin_client_.get(LIST, {"size": "small"})) == [archive["own"].uscc]
    assert len(_usccs(admin_client_.get(LIST, {"size": "none"}))) == 2
    # own (1) is innovative_sme; own_other (2) and foreign (900) are specialized_sme
    assert set(_usccs(admin_client_.get(LIST, {"title": "specialized_sme"}))) == {
        archive["own_other"].uscc,
        archive["foreign"].uscc,
    }
    assert _usccs(admin_client_.get(LIST, {"title": "innovative_sme"})) == [archive["own"].uscc]


def test_an_expired_title_does_not_count_as_held(admin_client_, users, archive):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    services.update_archive_row(
        user=users["admin"],
        row=archive["own_other"].title_set.get(title="specialized_sme"),
        issued_on=dt.date(2020, 1, 1),
        expires_on=yesterday,
    )
    assert _usccs(admin_client_.get(LIST, {"title": "specialized_sme"})) == [
        archive["foreign"].uscc
    ]


def test_sorting_and_pagination(admin_client_, archive, make_archive_rows):
    load_archive_rows(tables=make_archive_rows(30, first=10), user=system_user())
    names = list(Enterprise.objects.order_by("-name").values_list("uscc", flat=True))
    page1 = admin_client_.get(LIST, {"sort": "-name", "page_size": 10})
    page2 = admin_client_.get(LIST, {"sort": "-name", "page_size": 10, "page": 2})
    assert _usccs(page1) == names[:10]
    assert _usccs(page2) == names[10:20]
    html = page1.content.decode()
    assert '<span class="current" aria-current="page">1</span>' in html
    assert 'href="?sort=-name&amp;page_size=10&amp;page=2"' in html
    assert (
        'href="?sort=-name&amp;page_size=10&amp;page=4"' in html
    )  # page numbers, not only 上一页/下一页
    assert "第 1 / 4 页" in html


def test_unknown_parameters_fall_back_to_defaults(admin_client_, archive):
    response = admin_client_.get(
        LIST, {"sort": "drop table", "page_size": "7", "size": "giant", "page": "x"}
    )
    assert response.status_code == 200
    assert len(_usccs(response)) == 3


def test_htmx_requests_get_only_the_results(admin_client_, archive):
    response = admin_client_.get(
        LIST, {"q": "企业"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="enterprise-results"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "共 <strong>3</strong> 户企业" in html


def test_the_export_link_keeps_the_filters(admin_client_, archive):
    html = admin_client_.get(LIST, {"region": "330100", "title": "innovative_sme"}).content.decode()
    assert f"{reverse('enterprises:export')}?region=330100&amp;title=innovative_sme" in html


def _list_queries(client, page_size):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"page_size": page_size})
    assert response.status_code == 200
    assert len(_usccs(response)) == min(page_size, Enterprise.objects.count())
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_for_10_and_100_rows(
    login, users, archive, make_archive_rows
):
    load_archive_rows(tables=make_archive_rows(120, first=10), user=system_user())
    client = login(users["official"])
    small, large = _list_queries(client, 10), _list_queries(client, 100)
    assert small == large
    assert large <= 10


def test_profile_shows_years_units_titles_and_history(login, users, archive):
    enterprise = archive["own"]
    soon = timezone.localdate() + dt.timedelta(days=180)
    services.add_archive_row(
        user=users["official"],
        enterprise=enterprise,
        table_id="titles",
        title="tech_sme",
        issued_on=dt.date(2024, 1, 1),
        expires_on=soon,
    )
    services.add_archive_row(
        user=users["official"],
        enterprise=enterprise,
        table_id="titles",
        title="high_tech_enterprise",
        issued_on=dt.date(2020, 1, 1),
        expires_on=timezone.localdate() - dt.timedelta(days=1),
    )
    services.update_enterprise(user=users["official"], enterprise=enterprise, niche_years=9)
    html = (
        login(users["enterprise"])
        .get(reverse("enterprises:profile", args=[enterprise.uscc]))
        .content.decode()
    )
    assert "营业收入（万元）" in html and "2022 年" in html and "2024 年" in html
    assert "研发费用占营业收入比重（%）" in html
    assert "180 天后到期" in html
    assert "已过期 1 天" in html
    assert 'id="chart-data"' in html and "echarts.min.js" in html
    assert "official1" in html and "从事特定细分市场年限" in html and "9 年" in html
    assert "https://" not in html.replace("https://www.w3.org", "")  # no CDN


def test_profile_tabs_come_from_the_registry(login, users, archive, monkeypatch):
    from littlegiant.web import navigation

    monkeypatch.setattr(
        navigation, "_TABS", dict(navigation._TABS)
    )  # the real tabs come back afterwards
    register_profile_tab(
        "test_tab",
        "测试页",
        "enterprises/_profile_archive.html",
        order=99,
        context=lambda request, enterprise: {"marker": enterprise.uscc},
    )
    client = login(users["admin"])
    url = reverse("enterprises:profile", args=[archive["own"].uscc])
    html = client.get(url).content.decode()
    assert 'data-tab="test_tab"' in html and ">测试页<" in html
    assert client.get(url, {"tab": "test_tab"}).context["marker"] == archive["own"].uscc


def test_home_counts_the_scope_and_the_pyramid(login, users, archive):
    response = login(users["official"]).get(reverse("home"))
    assert response.context["total"] == 2
    rows = response.context["pyramid"]
    tiers = {tier["kind"]: tier["count"] for row in rows for tier in row["entries"]}
    assert tiers == {"little_giant": 0, "specialized_sme": 1, "innovative_sme": 1, "tech_sme": 0}
    # 创新型 and 科技型 are parallel entries of the first rung, not two tiers
    assert [[t["kind"] for t in row["entries"]] for row in rows] == [
        ["little_giant"],
        ["specialized_sme"],
        ["innovative_sme", "tech_sme"],
    ]
    assert rows[0]["width"] < rows[1]["width"] == rows[2]["width"]  # 0 < 1 == 1 + 0 firms
    assert login(users["provider"]).get(reverse("home")).context["total"] == 0


@pytest.mark.parametrize(
    "counts",
    [{"little_giant": 3, "specialized_sme": 40, "innovative_sme": 300, "tech_sme": 100},
     {"little_giant": 10, "specialized_sme": 5, "innovative_sme": 0, "tech_sme": 0},
     {}],
)  # fmt: skip
def test_the_pyramid_is_drawn_by_counts(counts):
    from littlegiant.web.views import MIN_WIDTH, pyramid_rows

    rows = pyramid_rows(counts)
    totals = [
        counts.get("little_giant", 0),
        counts.get("specialized_sme", 0),
        counts.get("innovative_sme", 0) + counts.get("tech_sme", 0),
    ]
    widest = max([*totals, 1])
    for row, total in zip(rows, totals, strict=True):
        assert row["total"] == total
        assert row["width"] == pytest.approx(MIN_WIDTH + (100 - MIN_WIDTH) * total / widest)
    # wider means more firms, whatever the order of the rungs
    for a, b in itertools.pairwise(rows):
        assert (a["width"] < b["width"]) == (a["total"] < b["total"])
    first = rows[2]["entries"]
    if totals[2]:
        assert first[0]["grow"] / first[1]["grow"] == pytest.approx(
            max(counts["innovative_sme"] / totals[2], 0.25)
            / max(counts["tech_sme"] / totals[2], 0.25)
        )


def test_login_page_is_chinese_and_logs_in(client, users):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "用户名" in page and "密码" in page
    response = client.post(
        reverse("accounts:login"), {"username": "official1", "password": "x-Test-password-42"}
    )
    assert response.status_code == 302 and response.url == reverse("home")
    client.logout()
    bad = client.post(reverse("accounts:login"), {"username": "official1", "password": "wrong"})
    assert "用户名或密码不正确" in bad.content.decode()


def test_static_files_are_ours(client):
    for path in (
        "/static/vendor/echarts/echarts.min.js",
        "/static/vendor/htmx/htmx.min.js",
        "/static/css/littlegiant.css",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
