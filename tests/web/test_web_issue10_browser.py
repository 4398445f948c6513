"""Issue 10's broken flows, walked in Chromium with screenshots: the import link (#2), the candidate
programmes (#6), the campaign form (#7), the start link (#8) and the archive's digital level (#9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from littlegiant.web.enterprises.services import update_enterprise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_enterprise_list_leads_to_the_import_page(
    browser_page, browser_login, live_server, users, screenshots_dir
):
    page = browser_page
    browser_login(page, live_server, users["official"])
    page.goto(f"{live_server.url}{reverse('enterprises:list')}")
    page.screenshot(path=str(screenshots_dir / "issue10-list-import-link.png"))
    page.click("[data-testid=import-enterprises]")
    page.wait_for_selector("h1:has-text('导入企业档案')")
    assert page.url.endswith(reverse("enterprises:import"))


def test_candidates_offer_the_programmes_in_force_in_ladder_order(
    browser_page, browser_login, live_server, users, screenshots_dir
):
    page = browser_page
    browser_login(page, live_server, users["official"])
    page.goto(f"{live_server.url}{reverse('assessments:candidates')}")
    page.wait_for_selector("#c-programme")
    page.screenshot(path=str(screenshots_dir / "issue10-candidates.png"), full_page=True)
    offered = page.eval_on_selector_all("#c-programme option", "els => els.map(e => e.value)")
    assert "specialized_sme_guangdong" not in offered
    ladder = [
        p for p in ("tech_sme", "innovative_sme", "specialized_sme", "little_giant") if p in offered
    ]
    assert offered[: len(ladder)] == ladder and offered.index("sme_size") == len(ladder)
    assert "没有生效的规则包" not in page.inner_text("body")


def test_a_bad_code_in_the_campaign_form_keeps_what_was_typed(
    browser_page, browser_login, live_server, users, archive, screenshots_dir
):
    page = browser_page
    browser_login(page, live_server, users["official"])
    page.goto(f"{live_server.url}{reverse('digital:campaigns')}")
    page.fill("#id_name", "二〇二六年试点评测")
    page.fill("#id_round", "改造前")
    page.fill("#id_usccs", f"{archive['own'].uscc}\n91330106MA00000000")
    page.click("#campaign-form button[type=submit]")
    page.wait_for_selector("[data-testid=campaign-error]")
    page.screenshot(path=str(screenshots_dir / "issue10-campaign-error.png"), full_page=True)
    assert "91330106MA00000000" in page.inner_text("[data-testid=campaign-error]")
    assert page.input_value("#id_name") == "二〇二六年试点评测"
    assert page.input_value("#id_round") == "改造前"
    assert archive["own"].uscc in page.input_value("#id_usccs")


def test_the_start_link_opened_in_the_browser_is_a_page(
    browser_page, browser_login, live_server, users, archive, screenshots_dir
):
    page = browser_page
    browser_login(page, live_server, users["enterprise"])
    response = page.goto(f"{live_server.url}{reverse('digital:start', args=[archive['own'].uscc])}")
    assert response is not None and response.status == 200
    page.screenshot(path=str(screenshots_dir / "issue10-digital-start.png"), full_page=True)
    page.click("[data-testid=start-assessment]")
    page.wait_for_url("**/digital/assessments/**")


def test_a_level_from_the_archive_shows_on_the_digital_tab(
    browser_page, browser_login, live_server, users, archive, screenshots_dir
):
    update_enterprise(
        user=users["admin"], enterprise=archive["own"], digital_level=3,
        digital_level_on=dt.date(2025, 3, 1),
    )  # fmt: skip
    page = browser_page
    browser_login(page, live_server, users["official"])
    page.goto(
        f"{live_server.url}{reverse('enterprises:profile', args=[archive['own'].uscc])}?tab=digital"
    )
    page.wait_for_selector("[data-testid=archive-digital-level]")
    page.screenshot(path=str(screenshots_dir / "issue10-digital-tab.png"), full_page=True)
    assert "三级" in page.inner_text("[data-testid=archive-digital-level]")
    assert "尚未完成数字化水平评测" not in page.inner_text("body")
