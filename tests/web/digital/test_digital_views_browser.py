"""A real browser fills the whole questionnaire, saves a draft, submits, and screenshots the result's radar.

Screenshots go to ``screenshots/`` at the repository root (digital-questionnaire.png, digital-result.png).
"""

from __future__ import annotations

import pytest

from littlegiant.digital.questionnaire import QUESTIONS, SCENES
from littlegiant.records.number_format import format_score
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.services import create_platform_user, system_user
from littlegiant.web.digital.models import DigitalAssessment
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import load_archive_rows

PASSWORD = "Pw-for-browser-1"

pytestmark = pytest.mark.browser


@pytest.fixture
def one_firm_official(transactional_db):
    """One 西湖区 enterprise and an official who logs in through the form."""
    load_archive_rows(
        tables={
            "enterprise": [
                {
                    "uscc": "91330106MA27U0LX5H",
                    "name": "杭州数智精工科技有限公司",
                    "region_code": "330106",
                    "industry_code": "C3985",
                }
            ]
        },
        user=system_user(),
    )
    create_platform_user(
        user=system_user(),
        username="official",
        password=PASSWORD,
        role=Role.OFFICIAL,
        region_codes=["330106"],
    )


def _log_in_with_the_form(page, base: str, code: str) -> None:
    """Password, then the second factor (officials must pass it): ``code`` from the app."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "official")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#id_token")
    page.fill("#id_token", code)
    page.click("main button:has-text('验证')")  # the top bar has a logout button too
    page.wait_for_load_state()


def _answer_every_question(page) -> None:
    for question in QUESTIONS:
        if question.kind == "multi":
            for option in question.option_ids[:2]:  # two items each (not "无")
                page.check(f'input[name="{question.id}"][value="{option}"]')
        else:
            page.check(f'input[name="{question.id}"][value="{question.option_ids[-2]}"]')
    for index, scene in enumerate(SCENES):
        page.check(f'input[name="{scene.field_id}"][value="{2 + index % 2}"]')


def test_fill_the_whole_questionnaire_submit_and_see_the_radar(
    browser_page, totp_code_for, one_firm_official, live_server, screenshots_dir
):
    page = browser_page
    base = live_server.url
    _log_in_with_the_form(page, base, totp_code_for("official"))
    page.goto(f"{base}/digital/")
    page.click("text=开始评测（代填）")
    page.wait_for_selector("#dq-form")
    page.check('input[name="dq_info_system_coverage"][value="most"]')
    page.click("#save-draft")
    page.wait_for_selector(".message")
    assert page.is_checked('input[name="dq_info_system_coverage"][value="most"]')

    # "无" is exclusive in the browser too.
    page.check('input[name="dq_network_items"][value="industrial_5g"]')
    page.check('input[name="dq_network_items"][value="none"]')
    assert not page.is_checked('input[name="dq_network_items"][value="industrial_5g"]')
    page.uncheck('input[name="dq_network_items"][value="none"]')

    _answer_every_question(page)
    assert page.inner_text("#answered-count") == str(len(QUESTIONS) + len(SCENES))
    page.screenshot(path=str(screenshots_dir / "digital-questionnaire.png"), full_page=True)
    page.click("#submit-assessment")
    page.wait_for_selector("#dq-radar svg")
    assessment = DigitalAssessment.objects.get()
    assert assessment.is_submitted and assessment.on_behalf
    assert page.inner_text("#dq-score") == format_score(assessment.score)  # one rule for scores
    assert (
        page.inner_text("#dq-level")
        == {1: "一级", 2: "二级", 3: "三级", 4: "四级", 0: "未达一级"}[assessment.level]
    )
    assert page.locator("#dq-radar svg path").count() > 0
    assert Enterprise.objects.get().digital_level == (assessment.level or None)
    page.screenshot(path=str(screenshots_dir / "digital-result.png"), full_page=True)


def test_upload_an_answer_sheet_review_the_rows_and_confirm(
    browser_page, totp_code_for, one_firm_official, live_server, screenshots_dir, tmp_path
):
    from openpyxl import Workbook

    from littlegiant.digital.questionnaire import answer_ids
    from littlegiant.io.digital_sheets import template_headers

    def line(uscc: str, scene_level: object) -> list:
        cells = []
        for field_id in answer_ids():
            question = next((q for q in QUESTIONS if q.id == field_id), None)
            if question is None:
                cells.append(scene_level)
            elif question.kind == "multi":
                cells.append("、".join(o.text for o in question.options if o.id != "none"))
            else:
                cells.append(question.options[-1].text)
        return [uscc, "杭州数智精工科技有限公司", *cells]

    book = Workbook()
    book.active.append(template_headers())
    book.active.append(line("91330106MA27U0LX5H", 3))
    book.active.append(line("91330106MA27U0LX5H", "五级"))
    sheet = tmp_path / "答卷.xlsx"
    book.save(sheet)

    page = browser_page
    base = live_server.url
    _log_in_with_the_form(page, base, totp_code_for("official"))
    page.goto(f"{base}/digital/")
    page.click("text=批量评测答卷表")
    page.set_input_files("#id_file", str(sheet))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#dq-upload-rows")
    assert page.inner_text("#dq-rows") == "2" and page.inner_text("#dq-storable") == "1"
    assert "等级须为 1-4 级" in page.inner_text('tr[data-row="3"]')
    assert not DigitalAssessment.objects.exists()
    page.screenshot(path=str(screenshots_dir / "digital-upload.png"), full_page=True)
    page.click("#confirm-form button")
    page.wait_for_selector("#dq-stored")
    assert DigitalAssessment.objects.get().level == 3
    assert Enterprise.objects.get().digital_level == 3
