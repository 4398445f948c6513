"""Services of the digital app: drafts, submission into the archive, campaigns and their comparison, peers."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from littlegiant.digital.answers import AnswerError
from littlegiant.web.digital import services
from littlegiant.web.digital.models import AssessmentStatus, DigitalAssessment
from littlegiant.web.digital.queries import campaigns, exports, peers

AS_OF = dt.date(2025, 6, 30)
pytestmark = pytest.mark.django_db


def submit(user, enterprise, answers, campaign=None):
    if campaign is None:
        assessment = services.start_assessment(user=user, enterprise=enterprise)
    else:
        assessment = campaign.assessments.get(enterprise=enterprise)
    services.submit_assessment(user=user, assessment=assessment, raw=answers, as_of=AS_OF)
    assessment.refresh_from_db()
    return assessment


def test_a_draft_keeps_valid_answers_and_reports_bad_ones(users, archive):
    assessment = services.start_assessment(user=users["enterprise"], enterprise=archive["own"])
    problems = services.save_draft(
        user=users["enterprise"],
        assessment=assessment,
        raw={"dq_info_system_coverage": "full", "dq_scene_quality": 7},
    )
    assessment.refresh_from_db()
    assert assessment.answers == {"dq_info_system_coverage": "full"}
    assert assessment.status == AssessmentStatus.DRAFT
    assert [p.field_id for p in problems] == ["dq_scene_quality"]
    assert (
        services.start_assessment(user=users["enterprise"], enterprise=archive["own"]).pk
        == assessment.pk
    )


def test_submitting_writes_the_level_into_the_enterprise_record(users, archive, top_answers):
    assessment = submit(users["enterprise"], archive["own"], top_answers)
    archive["own"].refresh_from_db()
    assert (assessment.score, assessment.level, assessment.as_of) == (100.0, 4, AS_OF)
    assert assessment.pack_key == "digital_level@2024" and len(assessment.pack_sha256) == 64
    assert archive["own"].digital_level == 4
    assert assessment.on_behalf is False


def test_a_level_below_one_clears_the_record_level(users, archive, top_answers, low_answers):
    submit(users["official"], archive["own"], top_answers)
    submit(users["official"], archive["own"], low_answers)
    archive["own"].refresh_from_db()
    assert archive["own"].digital_level is None


def test_submitting_an_incomplete_questionnaire_names_every_missing_answer_and_saves_nothing(
    users, archive, top_answers
):
    del top_answers["dq_talent_measures"]
    del top_answers["dq_scene_finance"]
    assessment = services.start_assessment(user=users["enterprise"], enterprise=archive["own"])
    with pytest.raises(AnswerError) as error:
        services.submit_assessment(
            user=users["enterprise"], assessment=assessment, raw=top_answers, as_of=AS_OF
        )
    assert {p.field_id for p in error.value.problems} == {"dq_talent_measures", "dq_scene_finance"}
    assert "未作答" in str(error.value)
    assessment.refresh_from_db()
    archive["own"].refresh_from_db()
    assert assessment.status != AssessmentStatus.SUBMITTED and archive["own"].digital_level is None


def test_an_official_fills_on_behalf_only_within_the_region(users, archive, top_answers):
    assessment = submit(users["official"], archive["own"], top_answers)
    assert assessment.on_behalf is True
    with pytest.raises(PermissionDenied):
        services.start_assessment(user=users["official"], enterprise=archive["foreign"])
    with pytest.raises(PermissionDenied):
        services.start_assessment(user=users["enterprise"], enterprise=archive["own_other"])


def test_campaigns_are_for_officials_and_only_for_firms_in_scope(users, archive):
    with pytest.raises(PermissionDenied):
        services.create_campaign(user=users["enterprise"], name="x", enterprises=[archive["own"]])
    with pytest.raises(PermissionDenied):
        services.create_campaign(user=users["official"], name="x", enterprises=[archive["foreign"]])
    campaign = services.create_campaign(
        user=users["official"], name="试点", enterprises=[archive["own"]]
    )
    assert (
        services.assign_enterprises(
            user=users["official"],
            campaign=campaign,
            enterprises=[archive["own"], archive["own_other"]],
        )
        == 1
    )
    progress = campaigns.campaign_progress(user=users["official"], campaign=campaign)
    assert (progress["total"], progress["assigned"], progress["submitted"], progress["rate"]) == (
        2,
        2,
        0,
        0.0,
    )


def test_campaign_before_after_comparison_firm_by_firm_and_in_aggregate(users, archive, answers):
    official, own, other = users["official"], archive["own"], archive["own_other"]
    before = services.create_campaign(
        user=official, name="试点", round_label="改造前", enterprises=[own, other]
    )
    submit(official, own, answers(False, 1), before)  # 0 points, 未达一级
    submit(official, other, answers(True, 2), before)  # 100 points, scenes at 2 -> 二级
    after = services.create_campaign(
        user=official, name="试点", round_label="改造后", baseline=before, enterprises=[own, other]
    )
    submit(official, own, answers(True, 3), after)  # -> 三级
    progress = campaigns.campaign_progress(user=official, campaign=after)
    assert (progress["submitted"], progress["assigned"], progress["rate"]) == (1, 1, 50.0)
    submit(official, other, answers(True, 2), after)  # unchanged

    comparison = campaigns.compare_campaigns(user=official, before=before, after=after)
    rows = {row.enterprise.pk: row for row in comparison.rows}
    assert (rows[own.pk].before_level, rows[own.pk].after_level, rows[own.pk].level_change) == (
        0,
        3,
        3,
    )
    assert rows[own.pk].score_change == 100.0
    assert (rows[other.pk].level_change, rows[other.pk].score_change) == (0, 0.0)
    aggregate = comparison.aggregate()
    assert (
        aggregate["compared"],
        aggregate["improved"],
        aggregate["same"],
        aggregate["declined"],
    ) == (2, 1, 1, 0)
    assert (aggregate["mean_before"], aggregate["mean_after"]) == (50.0, 100.0)
    assert (aggregate["target_before"], aggregate["target_after"]) == (1, 2)
    assert aggregate["levels_after"][3] == 1 and aggregate["levels_before"][0] == 1


def test_a_firm_that_did_not_submit_the_second_round_is_listed_but_not_aggregated(
    users, archive, answers
):
    official, own, other = users["official"], archive["own"], archive["own_other"]
    before = services.create_campaign(user=official, name="r1", enterprises=[own, other])
    submit(official, own, answers(True, 2), before)
    submit(official, other, answers(True, 2), before)
    after = services.create_campaign(
        user=official, name="r2", baseline=before, enterprises=[own, other]
    )
    submit(official, own, answers(True, 4), after)
    comparison = campaigns.compare_campaigns(user=official, before=before, after=after)
    assert len(comparison.rows) == 2
    assert comparison.aggregate()["compared"] == 1
    missing = next(row for row in comparison.rows if row.enterprise.pk == other.pk)
    assert (missing.after_level, missing.level_change) == (None, None)


def test_the_campaign_export_has_one_row_per_firm_with_the_change_since_the_baseline(
    users, archive, answers
):
    official, own = users["official"], archive["own"]
    before = services.create_campaign(user=official, name="r1", enterprises=[own])
    submit(official, own, answers(False, 1), before)
    after = services.create_campaign(
        user=official, name="r2", baseline=before, enterprises=[own, archive["own_other"]]
    )
    submit(official, own, answers(True, 4), after)
    buffer = io.BytesIO()
    buffer.write(exports.campaign_workbook(official, after))
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    rows = {
        r[1]: dict(zip(exports.EXPORT_HEADERS, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert len(rows) == 2
    mine = rows[own.name]
    assert (
        mine["评测得分"],
        mine["数字化水平等级"],
        mine["上一轮等级"],
        mine["得分变化"],
        mine["等级变化"],
    ) == (100.0, "四级", "未达一级", 100.0, 4)
    assert rows[archive["own_other"].name]["状态"] == "待填写"


def test_peers_show_level_distribution_and_anonymised_firms_one_level_higher(
    users, archive, answers
):
    own, other = archive["own"], archive["own_other"]
    other.industry_code = own.industry_code
    other.save()
    mine = submit(users["admin"], own, answers(True, 3))
    submit(users["admin"], other, answers(True, 4))
    summary = peers.peer_summary(mine)
    assert summary["industry_levels"]["total"] == 1
    assert dict(summary["industry_levels"]["levels"])[4] == 1
    assert len(summary["examples"]) == 1
    example = summary["examples"][0]
    assert example["alias"] == "同行企业 A" and example["level"] == 4
    assert other.name not in str(example) and other.uscc not in str(example)


def test_industry_group_is_section_plus_two_digit_division():
    assert peers.industry_group("C3985") == "C39"
    assert peers.industry_group("39") == "C39"
    assert peers.industry_group(None) == ""


def test_resubmitting_a_submitted_questionnaire_is_refused(users, archive, top_answers):
    assessment = submit(users["enterprise"], archive["own"], top_answers)
    with pytest.raises(PermissionDenied):
        services.submit_assessment(user=users["enterprise"], assessment=assessment, raw=top_answers)
    assert DigitalAssessment.objects.count() == 1
