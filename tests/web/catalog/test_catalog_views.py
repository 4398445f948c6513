from __future__ import annotations

import io

import openpyxl
from django.urls import reverse


def test_search_page_highlights_terms_and_shows_facets(catalog, users, login):
    response = login(users["official"]).get(
        reverse("catalog:search"), {"kind": "achievements", "q": "机器视觉"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<mark>机器视觉</mark>" in body
    assert "产业化（TRL 8-9）" in body  # facet label
    assert "工业互联网平台预测性维护" not in body


def test_facet_filters_the_results(catalog, users, login):
    response = login(users["official"]).get(
        reverse("catalog:search"), {"kind": "achievements", "facet": "pilot"}
    )
    body = response.content.decode()
    assert "工业互联网平台预测性维护" in body
    assert "锂电池极片缺陷机器视觉检测系统" not in body


def test_enterprise_user_sees_only_its_own_needs(catalog, users, login):
    body = (
        login(users["enterprise"])
        .get(reverse("catalog:search"), {"kind": "needs"})
        .content.decode()
    )
    assert "极片缺陷检测" in body
    assert "无人机巡检" not in body


def test_enterprise_user_sees_eligibility_with_trace_link(catalog, users, login, archive):
    body = (
        login(users["enterprise"])
        .get(reverse("catalog:search"), {"kind": "policies", "q": "算力券"})
        .content.decode()
    )
    assert "不在政策适用地区" in body
    assert (
        reverse("catalog:trace", args=["policies", catalog["voucher"].pk, archive["own"].uscc])
        in body
    )


def test_opportunities_page_and_scope(catalog, users, login, archive):
    client = login(users["enterprise"])
    page = client.get(reverse("catalog:opportunities", args=[archive["own"].uscc]))
    body = page.content.decode()
    assert page.status_code == 200
    assert f'data-key="{catalog["vision"].pk}"' in body
    assert "<mark>机器视觉</mark>" in body
    assert "预计金额" in body
    assert (
        client.get(reverse("catalog:opportunities", args=[archive["foreign"].uscc])).status_code
        == 404
    )


def test_trace_page_shows_the_clauses(catalog, users, login, archive):
    url = reverse("catalog:trace", args=["policies", catalog["reward"].pk, archive["own"].uscc])
    body = login(users["enterprise"]).get(url).content.decode()
    assert "持有有效的梯度培育称号" in body


def test_export_is_refused_to_enterprise_users_and_reimportable_for_officials(
    catalog, users, login
):
    assert (
        login(users["enterprise"]).get(reverse("catalog:export", args=["policies"])).status_code
        == 403
    )
    response = login(users["official"]).get(reverse("catalog:export", args=["policies"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["ref", "title", "issuer"]
    assert sheet.max_row == 4


def test_push_page_exports_and_records(catalog, users, login):
    client = login(users["official"])
    url = reverse("catalog:push", args=[catalog["reward"].pk])
    assert client.get(url).status_code == 200
    xlsx = client.get(url, {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert (sheet["A1"].value, sheet["A2"].value) == ("统一社会信用代码", "uscc")
    assert client.post(url).status_code == 302
    assert catalog["reward"].pushes.count() == 1
    page = client.get(url).content.decode()  # the redirect target confirms what was recorded
    assert "已记录本次推送：符合条件" in page and "见下方推送记录" in page
    assert login(users["enterprise"]).get(url).status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    assert client.get(reverse("catalog:search")).status_code == 302


def test_officials_rank_for_an_enterprise_in_scope_with_trace_links(catalog, users, login, archive):
    client = login(users["official"])
    response = client.get(
        reverse("catalog:search"), {"kind": "policies", "q": "算力券", "uscc": archive["own"].uscc}
    )
    body = response.content.decode()
    assert (
        reverse("catalog:trace", args=["policies", catalog["voucher"].pk, archive["own"].uscc])
        in body
    )
    assert reverse("catalog:push", args=[catalog["voucher"].pk]) in body  # officials may push
    assert archive["own"].name in body
    out_of_scope = client.get(
        reverse("catalog:search"), {"kind": "policies", "uscc": archive["foreign"].uscc}
    )
    assert out_of_scope.status_code == 404


def test_officials_without_a_chosen_enterprise_see_no_verdicts(catalog, users, login):
    body = (
        login(users["official"])
        .get(reverse("catalog:search"), {"kind": "policies", "q": "算力券"})
        .content.decode()
    )
    assert "判定过程" not in body
    assert "选择企业后可判定申报资格" in body


def test_trace_page_is_scoped_for_officials(catalog, users, login, archive):
    client = login(users["official"])
    own = reverse("catalog:trace", args=["policies", catalog["reward"].pk, archive["own"].uscc])
    foreign = reverse(
        "catalog:trace", args=["policies", catalog["reward"].pk, archive["foreign"].uscc]
    )
    assert client.get(own).status_code == 200
    assert client.get(foreign).status_code == 404


def test_a_provider_sees_every_need_but_no_archive(catalog, users, login, archive):
    """Issue 10 #3: providers answer needs, so they see them all (their home page promises so)."""
    client = login(users["provider"])
    body = client.get(reverse("catalog:search"), {"kind": "needs"}).content.decode()
    assert "极片缺陷检测" in body and "无人机巡检" in body
    assert "共 2 条" in body
    assert client.get(reverse("enterprises:profile", args=[archive["own"].uscc])).status_code == 404


def test_catalog_lists_are_paged_past_the_first_page(
    catalog, users, login, django_capture_on_commit_callbacks
):
    """Issue 10 #5: 42 achievements are all reachable, page by page."""
    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.catalog import services
    from littlegiant.web.catalog.models import Achievement
    from littlegiant.web.catalog.views.search import PAGE_SIZE

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(40):
            services.save_entry(
                user=system_user(),
                catalog_id="achievements",
                values={"ref": f"AX{number}", "title": f"批量成果{number:02d}号"},
            )
    total = Achievement.objects.count()
    assert total == 42
    client = login(users["official"])
    seen: set[str] = set()
    pages = -(-total // PAGE_SIZE)
    for number in range(1, pages + 1):
        body = client.get(
            reverse("catalog:search"), {"kind": "achievements", "page": number}
        ).content.decode()
        assert f"共 {total} 条，第 {number} / {pages} 页" in body
        seen |= {
            title for title in Achievement.objects.values_list("title", flat=True) if title in body
        }
        if number < pages:
            assert f"page={number + 1}" in body and "下一页" in body
    assert len(seen) == total
