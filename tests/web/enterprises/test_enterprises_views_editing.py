"""Edit pages of the archive per role: own (ok) / foreign (404), officials inside / outside their
regions, validation messages on the page, htmx inline edits, history with the acting user."""

from __future__ import annotations

import pytest
from django.urls import reverse

from littlegiant.web.enterprises.models import Award, Enterprise, Title, YearlyFigure

pytestmark = pytest.mark.django_db


def _edit_url(enterprise):
    return reverse("enterprises:edit", args=[enterprise.uscc])


def _master_data(enterprise, **changes):
    data = {
        "name": enterprise.name,
        "region_code": enterprise.region_code,
        "industry_code": enterprise.industry_code,
        "established_on": enterprise.established_on.isoformat(),
        "niche_years": "5",
    }
    return data | changes


def test_an_enterprise_user_edits_its_own_master_data(login, users, archive):
    client = login(users["enterprise"])
    own = archive["own"]
    page = client.get(_edit_url(own)).content.decode()
    assert "从事特定细分市场年限（年）" in page and "330106 浙江省 杭州市 西湖区" in page
    response = client.post(_edit_url(own), _master_data(own, niche_years="7", own_brand="true"))
    assert response.status_code == 302 and response.url == reverse(
        "enterprises:profile", args=[own.uscc]
    )
    own.refresh_from_db()
    assert (own.niche_years, own.own_brand) == (7, True)
    latest = own.history.latest()
    assert latest.history_user == users["enterprise"]
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changes == {"niche_years": (4, 7), "own_brand": (None, True)}


def test_an_enterprise_user_gets_404_for_a_foreign_enterprise(login, users, archive):
    client = login(users["enterprise"])
    for enterprise in (archive["own_other"], archive["foreign"]):
        assert client.get(_edit_url(enterprise)).status_code == 404
        assert (
            client.post(_edit_url(enterprise), _master_data(enterprise, name="改名")).status_code
            == 404
        )
        add = reverse("enterprises:row_add", args=[enterprise.uscc, "yearly"])
        assert client.post(add, {"fiscal_year": "2021", "revenue": "1"}).status_code == 404
    assert Enterprise.objects.get(pk=archive["own_other"].pk).name == archive["own_other"].name


def test_an_enterprise_user_cannot_move_its_enterprise(login, users, archive):
    own = archive["own"]
    response = login(users["enterprise"]).post(
        _edit_url(own), _master_data(own, region_code="330105")
    )
    assert response.status_code == 200
    assert Enterprise.objects.get(pk=own.pk).region_code == "330106"


def test_an_official_edits_inside_the_region_and_gets_404_outside(login, users, archive):
    client = login(users["official"])
    own = archive["own"]
    assert client.post(_edit_url(own), _master_data(own, region_code="330105")).status_code == 302
    assert Enterprise.objects.get(pk=own.pk).region_code == "330105"
    assert client.get(_edit_url(archive["foreign"])).status_code == 404
    refused = client.post(_edit_url(own), _master_data(own, region_code="320102"))
    assert refused.status_code == 200  # a region outside the scope is not even offered
    assert Enterprise.objects.get(pk=own.pk).region_code == "330105"


def test_a_provider_sees_nothing_to_edit(login, users, archive):
    client = login(users["provider"])
    assert client.get(_edit_url(archive["own"])).status_code == 404
    assert client.get(reverse("enterprises:create")).status_code == 403


def test_validation_messages_are_shown_in_chinese_and_nothing_is_saved(login, users, archive):
    own = archive["own"]
    client = login(users["enterprise"])
    url = reverse("enterprises:row_add", args=[own.uscc, "yearly"])
    response = client.post(
        url, {"fiscal_year": "2021", "revenue": "100", "main_revenue": "150", "rd_expense": "x"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "主营业务收入不得大于营业收入（100）" in html
    assert "字段「研发费用」的值 x 不符合规则：应为数字（单位：万元）" in html
    assert not YearlyFigure.objects.filter(enterprise=own, fiscal_year=2021).exists()


def test_adding_an_existing_fiscal_year_is_refused_with_a_message(login, users, archive):
    own = archive["own"]
    url = reverse("enterprises:row_add", args=[own.uscc, "yearly"])
    html = login(users["admin"]).post(url, {"fiscal_year": "2024", "revenue": "1"}).content.decode()
    assert "已有相同会计年度的记录" in html
    assert YearlyFigure.objects.filter(enterprise=own, fiscal_year=2024).count() == 1


def test_editing_a_year_checks_the_stored_revenue(login, users, archive):
    own = archive["own"]
    year = own.yearlyfigure_set.get(fiscal_year=2024)
    url = reverse("enterprises:row_edit", args=[own.uscc, "yearly", year.pk])
    client = login(users["official"])
    assert f'value="{year.fiscal_year}"' in client.get(url).content.decode()
    data = {
        "fiscal_year": "2024",
        "revenue": "1000",
        "main_revenue": "900",
        "employees": "50",
        "rd_staff": "10",
    }
    assert client.post(url, data).status_code == 302
    year.refresh_from_db()
    assert (year.revenue, year.main_revenue, year.rd_staff) == (1000, 900, 10)
    assert year.history.latest().history_user == users["official"]


def test_htmx_gets_the_inline_form_and_the_refreshed_section(login, users, archive):
    own = archive["own"]
    client = login(users["enterprise"])
    url = reverse("enterprises:row_add", args=[own.uscc, "awards"])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in form and f'hx-post="{url}"' in form and "奖项类别" in form
    bad = client.post(
        url, {"award": "makers_china", "year": "2023", "rank": "0"}, HTTP_HX_REQUEST="true"
    )
    assert "HX-Retarget" not in bad and "不得小于 1" in bad.content.decode()
    good = client.post(
        url,
        {"award": "makers_china", "year": "2024", "rank": "12", "award_name": "创客中国"},
        HTTP_HX_REQUEST="true",
    )
    html = good.content.decode()
    assert good["HX-Retarget"] == "#section-awards" and good["HX-Reswap"] == "outerHTML"
    assert 'id="section-awards"' in html and "创客中国" in html
    assert 'id="history" hx-swap-oob="true"' in html and "ent1" in html
    assert Award.objects.get(enterprise=own, award="makers_china").rank == 12


def test_a_yearly_save_over_htmx_reloads_the_profile_for_the_charts(login, users, archive):
    own = archive["own"]
    url = reverse("enterprises:row_add", args=[own.uscc, "yearly"])
    response = login(users["admin"]).post(
        url, {"fiscal_year": "2021", "revenue": "10"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("enterprises:profile", args=[own.uscc]))


def test_editing_and_deleting_a_title_records_who_did_it(login, users, archive):
    own = archive["own"]
    title = own.title_set.get()
    client = login(users["official"])
    edit = reverse("enterprises:row_edit", args=[own.uscc, "titles", title.pk])
    data = {
        "title": title.title,
        "issued_on": title.issued_on.isoformat(),
        "expires_on": title.expires_on.isoformat(),
        "certificate_no": "ZJ-NEW-1",
    }
    assert client.post(edit, data).status_code == 302
    assert Title.objects.get(pk=title.pk).certificate_no == "ZJ-NEW-1"
    delete = reverse("enterprises:row_delete", args=[own.uscc, "titles", title.pk])
    assert client.get(delete).status_code == 405  # deleting needs a POST
    assert client.post(delete, HTTP_HX_REQUEST="true")["HX-Retarget"] == "#section-titles"
    assert not Title.objects.filter(pk=title.pk).exists()
    assert Title.history.get(id=title.pk, history_type="-").history_user == users["official"]


def test_a_row_of_another_enterprise_is_not_found(login, users, archive):
    foreign_title = archive["foreign"].title_set.get()
    url = reverse("enterprises:row_edit", args=[archive["own"].uscc, "titles", foreign_title.pk])
    assert login(users["admin"]).get(url).status_code == 404
    assert (
        login(users["admin"])
        .get(reverse("enterprises:row_add", args=[archive["own"].uscc, "enterprise"]))
        .status_code
        == 404
    )


def test_ip_counts_are_edited_in_place(login, users, archive):
    own = archive["own"]
    url = reverse("enterprises:ip_edit", args=[own.uscc])
    client = login(users["enterprise"])
    bad = client.post(
        url, {"ip_class1_count": "2", "ip_class1_high_value_count": "3"}, HTTP_HX_REQUEST="true"
    )
    assert "Ⅰ类高价值知识产权不得多于Ⅰ类知识产权总数（2）" in bad.content.decode()
    good = client.post(
        url, {"ip_class1_count": "9", "ip_class2_count": "4"}, HTTP_HX_REQUEST="true"
    )
    assert good["HX-Retarget"] == "#section-ip" and "9 件" in good.content.decode()
    own.ip.refresh_from_db()
    assert (own.ip.ip_class1_count, own.ip.ip_class2_count) == (9, 4)


def test_an_official_creates_an_enterprise_in_the_region_only(login, users, archive, uscc_for):
    client = login(users["official"])
    url = reverse("enterprises:create")
    page = client.get(url).content.decode()
    assert "330106 浙江省 杭州市 西湖区" in page and "320102" not in page
    outside = client.post(url, {"uscc": uscc_for(70), "name": "外地企业", "region_code": "320102"})
    assert outside.status_code == 200 and not Enterprise.objects.filter(uscc=uscc_for(70)).exists()
    response = client.post(
        url,
        {
            "uscc": uscc_for(71),
            "name": "新建企业有限公司",
            "region_code": "330110",
            "industry_code": "3985",
        },
    )
    assert response.status_code == 302
    created = Enterprise.objects.get(uscc=uscc_for(71))
    assert (
        created.industry_code == "C3985" and created.history.get().history_user == users["official"]
    )


def test_the_create_page_reports_bad_and_duplicate_codes(login, users, archive):
    client = login(users["admin"])
    bad = client.post(
        reverse("enterprises:create"),
        {"uscc": "91330106MA00000010", "name": "", "region_code": "330106"},
    )
    html = bad.content.decode()
    assert "统一社会信用代码" in html and "不能为空" in html
    dup = client.post(
        reverse("enterprises:create"),
        {"uscc": archive["own"].uscc, "name": "重复", "region_code": "330106"},
    )
    assert "已在档案中" in dup.content.decode()


def test_profile_shows_edit_controls_only_to_editors(login, users, archive):
    url = reverse("enterprises:profile", args=[archive["own"].uscc])
    editor = login(users["enterprise"]).get(url).content.decode()
    assert 'data-testid="edit-enterprise"' in editor and 'data-testid="add-yearly"' in editor
    assert 'id="section-awards"' in editor and "删除" in editor


def test_list_and_profile_show_region_and_industry_names(login, users, archive):
    Enterprise.objects.filter(pk=archive["own"].pk).update(industry_code="C3985")
    client = login(users["admin"])
    listing = client.get(reverse("enterprises:list")).content.decode()
    assert 'title="浙江省杭州市西湖区（330106）">杭州市西湖区<' in listing
    assert 'title="江苏省南京市玄武区（320102）">南京市玄武区<' in listing
    assert "电子专用材料制造" in listing
    assert '<option value="330100">\u3000杭州市</option>' in listing
    profile = client.get(
        reverse("enterprises:profile", args=[archive["own"].uscc])
    ).content.decode()
    assert "浙江省杭州市西湖区（330106）" in profile
    assert "C3985 电子专用材料制造（制造业）" in profile


def test_the_region_filter_keeps_a_code_typed_in_the_address_bar(login, users, archive):
    html = (
        login(users["admin"]).get(reverse("enterprises:list"), {"region": "3301"}).content.decode()
    )
    assert '<option value="3301" selected>3301（按代码筛选）</option>' in html


def test_list_revenue_has_thousands_separators(login, users, archive):
    from littlegiant.web.enterprises.models import YearlyFigure as Year

    Year.objects.filter(enterprise=archive["own"], fiscal_year=2024).update(revenue=99974.0)
    listing = (
        login(users["admin"]).get(reverse("enterprises:list"), {"q": "企业0001"}).content.decode()
    )
    assert "99,974.00<small" in listing


def test_history_shows_only_the_changes_the_user_made(login, users, archive):
    """Issue 10 #12: the derived 企业规模 (written after a load, without history) is no change of
    the next edit, and no stored code (``small``) is shown in its place."""
    from littlegiant.web.enterprises.queries.history import enterprise_history
    from littlegiant.web.enterprises.services import store_size_classes

    own = archive["own"]
    store_size_classes(user=users["admin"], classes={own.uscc: "small"})  # as after every load
    own.refresh_from_db()
    assert own.size_class == "small"
    client = login(users["official"])
    client.post(_edit_url(own), _master_data(own, niche_years="9"))
    [latest, *_] = enterprise_history(own)
    assert [(c.label, c.old, c.new) for c in latest.changes] == [
        ("从事特定细分市场年限", "4 年", "9 年")
    ]
    page = client.get(reverse("enterprises:profile", args=[own.uscc])).content.decode()
    assert "企业规模：" not in page and "→ small" not in page and "→ micro" not in page
