"""Pages and API of the digital app: questionnaire cards, draft, validation, result, campaigns, export."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from littlegiant.digital.questionnaire import QUESTIONS, SCENES
from littlegiant.web.digital.models import AssessmentStatus, DigitalAssessment

pytestmark = pytest.mark.django_db


def post_data(answers: dict, action: str) -> dict:
    return {**answers, "action": action}


def start(client, enterprise) -> DigitalAssessment:
    response = client.post(reverse("digital:start", args=[enterprise.uscc]))
    assert response.status_code == 302
    return DigitalAssessment.objects.get(enterprise=enterprise)


def test_the_questionnaire_shows_one_card_per_question_and_scene_with_the_ladder(
    login, users, archive
):
    client = login(users["enterprise"])
    assessment = start(client, archive["own"])
    html = client.get(reverse("digital:questionnaire", args=[assessment.pk])).content.decode()
    assert html.count('class="card dq-card') == len(QUESTIONS) + len(SCENES)
    assert html.count('type="checkbox" name="dq_data_collection_links"') == 15
    assert html.count('type="radio" name="dq_scene_quality"') == 4
    assert "应用人工智能、机理模型等技术，实现质量管理的智能决策" in html


def test_save_draft_then_come_back(login, users, archive):
    client = login(users["enterprise"])
    assessment = start(client, archive["own"])
    url = reverse("digital:questionnaire", args=[assessment.pk])
    response = client.post(
        url,
        {
            "dq_info_system_coverage": "most",
            "dq_network_items": ["industrial_5g"],
            "action": "save",
        },
    )
    assert response.status_code == 302
    html = " ".join(client.get(url).content.decode().split())
    assert 'name="dq_info_system_coverage" value="most" checked' in html
    assert 'name="dq_info_system_coverage" value="full" checked' not in html
    assessment.refresh_from_db()
    assert assessment.answers == {
        "dq_info_system_coverage": "most",
        "dq_network_items": ["industrial_5g"],
    }


def test_submitting_with_missing_answers_lists_them_and_keeps_the_draft(
    login, users, archive, top_answers
):
    client = login(users["enterprise"])
    assessment = start(client, archive["own"])
    del top_answers["dq_digital_awareness"]
    response = client.post(
        reverse("digital:questionnaire", args=[assessment.pk]), post_data(top_answers, "submit")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "「企业对数字化转型的认识与执行」未作答" in html
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.answers["dq_scene_quality"] == 4


def test_submitting_a_complete_questionnaire_shows_the_result_with_radar_path_and_scenes(
    login, users, archive, answers
):
    client = login(users["official"])
    assessment = start(client, archive["own"])
    response = client.post(
        reverse("digital:questionnaire", args=[assessment.pk]),
        post_data(answers(True, 2), "submit"),
    )
    assert response.status_code == 302 and response.url == reverse(
        "digital:result", args=[assessment.pk]
    )
    html = client.get(response.url).content.decode()
    assert 'id="dq-radar"' in html and "vendor/echarts/echarts.min.js" in html
    assert '<div class="stat-value" id="dq-level">二级</div>' in html
    assert "升至三级的路径" in html and "计入场景门槛" in html
    radar = json.loads(
        html.split('id="dq-radar-data" type="application/json">')[1].split("</script>")[0]
    )
    assert radar["values"] == [100.0, 50.0, 100.0, 100.0]
    archive["own"].refresh_from_db()
    assert archive["own"].digital_level == 2


def test_a_firm_user_cannot_open_another_firms_questionnaire(login, users, archive):
    official = login(users["official"])
    other = start(official, archive["own_other"])
    client = login(users["enterprise"])
    assert client.get(reverse("digital:questionnaire", args=[other.pk])).status_code == 404


def test_campaign_pages_create_track_compare_and_export(login, users, archive, answers):
    client = login(users["official"])
    own = archive["own"]
    response = client.post(
        reverse("digital:campaigns"),
        {
            "name": "试点评测",
            "round_label": "改造前",
            "usccs": f"{own.uscc}\n{archive['own_other'].uscc}",
        },
    )
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    assert "分派企业" in detail and "代填答卷" in detail
    first = DigitalAssessment.objects.get(enterprise=own)
    client.post(
        reverse("digital:questionnaire", args=[first.pk]), post_data(answers(False, 1), "submit")
    )
    baseline = first.campaign
    response = client.post(
        reverse("digital:campaigns"),
        {"name": "试点评测", "round_label": "改造后", "baseline": baseline.pk},
    )
    after = DigitalAssessment.objects.filter(enterprise=own).exclude(campaign=baseline).get()
    assert after.campaign.assessments.count() == 2  # the baseline's firms were reused
    client.post(
        reverse("digital:questionnaire", args=[after.pk]), post_data(answers(True, 4), "submit")
    )
    compare = client.get(reverse("digital:compare", args=[after.campaign.pk])).content.decode()
    assert '<div class="stat-value" id="dq-improved">1</div>' in compare and "↑ 4" in compare
    export = client.get(reverse("digital:export", args=[after.campaign.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_campaign_with_a_firm_out_of_scope_is_refused(login, users, archive):
    client = login(users["official"])
    response = client.post(
        reverse("digital:campaigns"), {"name": "x", "usccs": archive["foreign"].uscc}, follow=True
    )
    assert "不在您的管辖范围" in response.content.decode()


def test_a_bad_code_keeps_every_field_of_the_campaign_form(login, users, archive):
    """Issue 10 #7: one bad USCC neither loses what was typed nor creates anything."""
    from littlegiant.web.digital.models import Campaign

    client = login(users["official"])
    typed = {
        "name": "二〇二五年试点评测",
        "round_label": "改造前",
        "deadline": "2025-12-31",
        "usccs": f"{archive['own'].uscc}\n91330106MA00000000",
    }
    response = client.post(reverse("digital:campaigns"), typed)
    page = response.content.decode()
    assert response.status_code == 400
    assert "91330106MA00000000" in page and "不在您的管辖范围或档案中" in page
    assert 'value="二〇二五年试点评测"' in page and 'value="改造前"' in page
    assert 'value="2025-12-31"' in page and archive["own"].uscc in page
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "请选择要分派的企业"),
        ({"region_prefix": "4401"}, "下没有您管辖范围内的企业"),
        ({"usccs": " \n "}, "请选择要分派的企业"),
        ({"deadline": "2025-13-40", "region_prefix": "3301"}, "不是有效日期"),
    ],
)
def test_a_campaign_without_firms_is_not_created(login, users, archive, fields, message):
    """Issue 10 #7: no campaign with 0 enterprises, a clear message instead."""
    from littlegiant.web.digital.models import Campaign

    response = login(users["official"]).post(
        reverse("digital:campaigns"), {"name": "空活动", **fields}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Campaign.objects.exists()


def test_firm_users_do_not_see_campaigns(login, users):
    assert login(users["enterprise"]).get(reverse("digital:campaigns")).status_code == 403


def test_api_scores_answers_given_as_json_with_chinese_texts(login, users, top_answers):
    client = login(users["enterprise"])
    top_answers["dq_info_system_coverage"] = "覆盖多个业务环节"
    response = client.post(
        "/api/digital/score",
        {"answers": top_answers, "as_of": "2025-06-30"},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200
    assert (body["score"], body["level"], body["version"]) == (95.0, 4, "2024")
    assert body["next_level"] is None and len(body["trace"]) > 50


def test_api_rejects_incomplete_answers_with_every_problem(login, users, top_answers):
    client = login(users["enterprise"])
    del top_answers["dq_scene_marketing"]
    response = client.post(
        "/api/digital/score", {"answers": top_answers}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "营销管理" in response.json()["detail"]


def test_api_describes_the_questionnaire(login, users):
    body = login(users["enterprise"]).get("/api/digital/questionnaire").json()
    assert len(body["questions"]) == len(QUESTIONS) and len(body["scenes"]) == 16
    assert body["scenes"][0]["levels"][3].startswith("应用人工智能")


def test_the_enterprise_profile_has_a_digital_tab_with_the_latest_level(
    login, users, archive, top_answers
):
    client = login(users["enterprise"])
    assessment = start(client, archive["own"])
    client.post(
        reverse("digital:questionnaire", args=[assessment.pk]), post_data(top_answers, "submit")
    )
    html = client.get(
        reverse("enterprises:profile", args=[archive["own"].uscc]) + "?tab=digital"
    ).content.decode()
    assert (
        "数字化水平" in html
        and "四级" in html
        and reverse("digital:result", args=[assessment.pk]) in html
    )


def test_a_level_recorded_in_the_archive_shows_on_the_digital_tab(login, users, archive):
    """Issue 10 #9: 数字化水平等级 3 级 in the archive is not "尚未完成数字化水平评测"."""
    import datetime as dt

    from littlegiant.web.enterprises.services import update_enterprise

    update_enterprise(
        user=users["admin"], enterprise=archive["own"], digital_level=3,
        digital_level_on=dt.date(2025, 3, 1),
    )  # fmt: skip
    html = (
        login(users["official"])
        .get(reverse("enterprises:profile", args=[archive["own"].uscc]), {"tab": "digital"})
        .content.decode()
    )
    assert "尚未完成数字化水平评测" not in html
    assert "档案记录的数字化水平等级：<strong>三级</strong>（2025-03-01 记录）" in html
    other = (
        login(users["official"])
        .get(reverse("enterprises:profile", args=[archive["own_other"].uscc]), {"tab": "digital"})
        .content.decode()
    )
    assert "尚未完成数字化水平评测" in other


@pytest.mark.parametrize(
    ("role", "target", "status"),
    [
        ("admin", "own", 200),
        ("official", "own", 200),
        ("official", "foreign", 404),
        ("enterprise", "own", 200),
        ("enterprise", "own_other", 404),
        ("provider", "own", 404),
    ],
)
def test_get_on_the_start_link_is_a_page_not_a_405(login, users, archive, role, target, status):
    """Issue 10 #8: GET /digital/start/<uscc>/ shows a page with the start button (or resumes)."""
    client = login(users[role])
    url = reverse("digital:start", args=[archive[target].uscc])
    response = client.get(url)
    assert response.status_code == status
    if status != 200:
        return
    page = response.content.decode()
    assert "开始填写答卷" in page and archive[target].name in page
    assert not DigitalAssessment.objects.exists()  # a GET writes nothing
    assessment = start(client, archive[target])
    resumed = client.get(url)
    assert resumed.status_code == 302
    assert resumed["Location"] == reverse("digital:questionnaire", args=[assessment.pk])


def test_the_start_link_refuses_anonymous_users(client, archive):
    response = client.get(reverse("digital:start", args=[archive["own"].uscc]))
    assert response.status_code == 302 and "/login" in response["Location"]
