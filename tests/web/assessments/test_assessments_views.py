"""Pages of the assessments app, per role: the 评价 tab, what-if, save, candidates, batch runs, exports."""

from __future__ import annotations

import io

import pytest
from assessments_fixtures import AS_OF, usc
from django.urls import reverse
from openpyxl import load_workbook

from littlegiant.web.assessments.models import Assessment, EvaluationRun
from littlegiant.web.jobs.models import Job

OWN = usc(101)
FOREIGN = usc(901, "320102")
TAB = {"tab": "evaluation", "as_of": AS_OF.isoformat()}


@pytest.fixture
def own_user(users, pool):
    """The enterprise user, bound to ``OWN`` (besides the web archive's enterprise)."""
    membership = users["enterprise"].membership
    membership.enterprises.add(pool[OWN])
    return users["enterprise"]


def _profile(uscc):
    return reverse("enterprises:profile", args=[uscc])


def test_evaluation_tab_shows_every_programme_with_trace_gaps_ladder_and_what_if(login, own_user):
    page = login(own_user).get(_profile(OWN), TAB)
    html = page.content.decode()
    assert page.status_code == 200
    for text in (
        "专精特新中小企业认定（2026年版）",
        "逐条说明",
        "梯度培育路径",
        "假设测算",
        "保存评价结果",
        "2号《优质中小企业梯度培育管理办法》",
    ):
        assert text in html
    assert 'data-programme="specialized_sme"' in html and 'data-status="' in html
    assert "研发费用（上年度）：210.00 万元" in html  # a value read, with its unit


def test_evaluation_tab_of_a_foreign_enterprise_is_404(login, users, pool):
    for role in ("official", "enterprise"):
        assert login(users[role]).get(_profile(FOREIGN), TAB).status_code == 404


def test_bad_as_of_falls_back_to_today_with_a_message(login, users, pool):
    page = login(users["official"]).get(_profile(OWN), {"tab": "evaluation", "as_of": "2026-13-01"})
    assert page.status_code == 200 and "不是有效日期" in page.content.decode()


def test_what_if_returns_the_new_verdict_without_saving(login, users, pool):
    url = reverse("assessments:what_if", args=[OWN])
    data = {
        "programme": "specialized_sme",
        "version": "2026",
        "as_of": AS_OF.isoformat(),
        "f_market_position_leading": "是",
        "f_rd_expense_y1": "210",
    }
    page = login(users["official"]).post(url, data, HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-status="qualified"' in html and "待定" in html
    assert not Assessment.objects.exists()


def test_what_if_names_the_field_of_a_bad_value(login, users, pool):
    url = reverse("assessments:what_if", args=[OWN])
    page = login(users["official"]).post(
        url, {"programme": "specialized_sme", "f_rd_expense_y1": "很多"}
    )
    assert "「研发费用（上年度）」的值 很多 不符合规则：应为数字" in page.content.decode()


def test_what_if_and_save_on_a_foreign_enterprise_are_404(login, users, pool):
    client = login(users["official"])
    assert (
        client.post(
            reverse("assessments:what_if", args=[FOREIGN]), {"programme": "specialized_sme"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("assessments:save", args=[FOREIGN]), {"programme": "specialized_sme"}
        ).status_code
        == 404
    )
    assert not Assessment.objects.exists()


def test_save_stores_the_verdict_and_lists_it_on_the_tab(login, own_user):
    client = login(own_user)
    response = client.post(
        reverse("assessments:save", args=[OWN]),
        {"programme": "specialized_sme", "version": "2022", "as_of": AS_OF.isoformat()},
    )
    assert response.status_code == 302 and "version_specialized_sme=2022" in response["Location"]
    saved = Assessment.objects.get()
    assert (saved.enterprise.uscc, saved.pack_version, saved.as_of, saved.created_by) == (
        OWN,
        "2022",
        AS_OF,
        own_user,
    )
    page = client.get(response["Location"]).content.decode()
    assert "已保存评价结果" in page and saved.pack_sha256[:12] in page


def test_saving_one_programme_keeps_every_programme_s_version_choice(login, own_user):
    """Issue 10 #10: 保存评价结果 on the second card keeps the first card's chosen version."""
    import re

    client = login(own_user)
    chosen = {**TAB, "version_specialized_sme": "2022", "version_little_giant": "2022"}
    tab = client.get(_profile(OWN), chosen).content.decode()
    forms = re.findall(r'<form method="post" action="[^"]*/save/"[^>]*>(.*?)</form>', tab, re.S)
    little_giant = next(form for form in forms if 'name="programme" value="little_giant"' in form)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', little_giant))
    assert fields["version"] == "2022" and fields["version_specialized_sme"] == "2022"
    response = client.post(reverse("assessments:save", args=[OWN]), fields)
    assert response.status_code == 302
    assert "version_specialized_sme=2022" in response["Location"]
    assert "version_little_giant=2022" in response["Location"]
    saved = Assessment.objects.get()
    assert (saved.pack_id, saved.pack_version) == ("little_giant", "2022")
    page = client.get(response["Location"]).content.decode()
    for programme in ("specialized_sme", "little_giant"):
        assert re.search(rf'name="version_{programme}">\s*<option value="2022" selected>', page), (
            programme
        )


def test_candidates_page_for_officials_only(login, users, pool):
    url = reverse("assessments:candidates")
    query = {
        "programme": "specialized_sme",
        "version": "2022",
        "as_of": AS_OF.isoformat(),
        "max_conditions": "all",
    }
    page = login(users["official"]).get(url, query)
    html = page.content.decode()
    assert (
        page.status_code == 200
        and "杭州年限不足科技有限公司" in html
        and "南京外地企业有限公司" not in html
    )
    assert login(users["enterprise"]).get(url).status_code == 403


def test_candidates_export_is_an_excel_workbook_of_the_same_lists(login, users, pool):
    query = {
        "programme": "specialized_sme",
        "version": "2022",
        "as_of": AS_OF.isoformat(),
        "max_conditions": "all",
    }
    response = login(users["official"]).get(reverse("assessments:candidates_export"), query)
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxml"
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["符合条件", "接近条件", "说明"]
    listed = [
        row[0]
        for sheet in ("符合条件", "接近条件")
        for row in book[sheet].iter_rows(min_row=2, values_only=True)
    ]
    assert len(listed) == 7 and FOREIGN not in listed and OWN in listed


def test_start_a_run_follow_its_progress_and_export_it(login, users, pool, inline_jobs):
    client = login(users["official"])
    response = client.post(
        reverse("assessments:runs"),
        {
            "programme": "specialized_sme",
            "base_version": "2022",
            "new_version": "2026",
            "as_of": AS_OF.isoformat(),
        },
    )
    run = EvaluationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "assessments:run", args=[run.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert "不再符合" in detail and "杭州年限不足科技有限公司" in detail
    progress = client.get(reverse("assessments:run_progress", args=[run.pk]))
    assert progress["HX-Refresh"] == "true" and "100%" in progress.content.decode()
    book = load_workbook(
        io.BytesIO(client.get(reverse("assessments:run_export", args=[run.pk])).content)
    )
    lost_rows = {row[0]: row for row in book["不再符合"].iter_rows(min_row=2, values_only=True)}
    assert usc(102) in lost_rows
    header = next(book["不再符合"].iter_rows(max_row=1, values_only=True))
    assert header[-1] == "结论变化的条款" and lost_rows[usc(102)][-1].startswith("2026 版未满足：")
    assert "结论变化的条款" in detail and "2026 版未满足：" in detail
    stats = dict(book["统计"].iter_rows(min_row=2, values_only=True))
    assert stats["不再符合"] == run.lost_count and stats["结论变化 符合→不符合"] >= 1


def test_runs_of_others_are_404_and_enterprise_users_get_403(login, users, pool):
    run = EvaluationRun.objects.create(
        job=Job.objects.create(kind="evaluation_run", owner=users["admin"]),
        programme="specialized_sme",
        as_of=AS_OF,
        base_version="2022",
        new_version="2026",
    )
    assert (
        login(users["official"]).get(reverse("assessments:run", args=[run.pk])).status_code == 404
    )
    assert login(users["enterprise"]).get(reverse("assessments:runs")).status_code == 403


def test_run_with_equal_versions_is_refused_with_a_message(login, users, pool):
    client = login(users["official"])
    response = client.post(
        reverse("assessments:runs"),
        {
            "programme": "specialized_sme",
            "base_version": "2026",
            "new_version": "2026",
            "as_of": AS_OF.isoformat(),
        },
        follow=True,
    )
    assert "原版本与新版本相同" in response.content.decode() and not EvaluationRun.objects.exists()


@pytest.fixture
def fake_gaps(monkeypatch):
    """``rules.gaps`` as docs/packs/format.md specifies it (changes + Chinese message), smallest first."""
    from dataclasses import dataclass, field

    from littlegiant import rules

    @dataclass
    class Gap:
        message: str
        changes: list = field(default_factory=list)

        def to_dict(self):
            return {"message": self.message, "changes": self.changes}

    def gaps(pack, record, as_of):
        return [
            Gap(
                "研发费用（上年度）90.00 → 100.00 万元，即再增加 10.00 万元",
                [
                    {
                        "field": "rd_expense_y1",
                        "label": "研发费用",
                        "unit": "万元",
                        "current": 90,
                        "target": 100,
                        "delta": 10,
                    }
                ],
            ),
            Gap("两项同时改变", [{"field": "niche_years"}, {"field": "revenue_y1"}]),
        ]

    monkeypatch.setattr(rules, "gaps", gaps, raising=False)


def test_gaps_show_on_the_tab_the_ladder_and_the_candidate_list(login, users, pool, fake_gaps):
    client = login(users["official"])
    html = client.get(_profile(usc(103)), TAB).content.decode()
    assert "差距（改动最少的在前）" in html and "即再增加 10.00 万元" in html
    assert "最小差距：研发费用（上年度）90.00 → 100.00 万元" in html  # the ladder's next step
    assert 'name="f_rd_expense_y1"' in html  # the gap's field is offered in the what-if form first
    page = client.get(
        reverse("assessments:candidates"),
        {"programme": "specialized_sme", "as_of": AS_OF.isoformat(), "max_conditions": "all"},
    ).content.decode()
    assert "需改动 1 个数据项" in page


def test_candidate_rows_name_the_district_and_industry_instead_of_raw_codes(login, users, pool):
    query = {
        "programme": "specialized_sme",
        "version": "2022",
        "as_of": AS_OF.isoformat(),
        "max_conditions": "all",
    }
    html = login(users["official"]).get(reverse("assessments:candidates"), query).content.decode()
    assert "杭州市西湖区" in html and "实验分析仪器制造" in html
    assert '<td class="mono">330106</td>' not in html and '<td class="mono">C4014</td>' not in html
