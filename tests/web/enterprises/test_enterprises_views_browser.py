"""The archive's edit pages in a real browser (Debian's Chromium through Playwright): an enterprise
user adds an award inline (htmx), sees the rule it broke, fixes it, and finds the change in the
history; then edits the master data on its own page. Screenshots go to ``screenshots/``."""

from __future__ import annotations

import pytest

from littlegiant.demo import generate
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.services import create_platform_user, system_user
from littlegiant.web.enterprises.models import Award, Enterprise
from littlegiant.web.enterprises.services import load_archive_rows

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_page(browser_page, live_server, transactional_db):
    """An enterprise user, logged in through the form, on its own enterprise's archive page."""
    load_archive_rows(tables=generate(seed=11, n=30), user=system_user())
    enterprise = Enterprise.objects.filter(region_code="330106").order_by("name").first()
    create_platform_user(
        user=system_user(),
        username="firm-user",
        password="Pw-for-browser-2",
        role=Role.ENTERPRISE,
        enterprises=[enterprise],
    )
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "firm-user")
    page.fill("#id_password", "Pw-for-browser-2")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/enterprises/{enterprise.uscc}/")
    return page, enterprise


def test_an_award_is_added_inline_with_the_rule_shown_first(editor_page, screenshots_dir):
    page, enterprise = editor_page
    page.click("[data-testid=add-awards]")
    form = page.locator("#editor-awards form")
    form.wait_for()
    assert page.url.endswith(
        f"/enterprises/{enterprise.uscc}/"
    )  # no navigation: htmx put the form in place
    form.locator("[name=award]").select_option("makers_china")
    form.locator("[name=year]").fill("2024")
    form.locator("[name=rank]").fill("0")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#section-awards .field-error")
    assert "不得小于 1" in page.inner_text("#section-awards .field-error")
    page.screenshot(
        path=str(screenshots_dir / "archive-inline-error.png"),
        full_page=False,
        clip={"x": 0, "y": 0, "width": 1366, "height": 900},
    )
    page.locator("#editor-awards [name=rank]").fill("37")
    page.locator("#editor-awards [name=award_name]").fill("“创客中国”中小企业创新创业大赛")
    page.locator("#editor-awards button[type=submit]").click()
    page.wait_for_selector("#section-awards .flash")
    assert "37" in page.inner_text("#section-awards table")
    assert "firm-user" in page.inner_text("#history")  # the history panel was swapped out of band
    assert Award.objects.get(enterprise=enterprise, award="makers_china", year=2024).rank == 37
    page.locator("#section-awards").screenshot(
        path=str(screenshots_dir / "archive-inline-saved.png")
    )


def test_master_data_is_edited_on_its_own_page(editor_page, screenshots_dir):
    page, enterprise = editor_page
    page.click("[data-testid=edit-enterprise]")
    page.wait_for_selector("form.panel")
    page.fill("[name=market_share]", "120")
    page.click("form.panel button[type=submit]")
    page.wait_for_selector(".field-error")
    assert "不得大于 100" in page.inner_text("[data-field=market_share]")
    page.screenshot(path=str(screenshots_dir / "archive-edit-master-data.png"), full_page=True)
    page.fill("[name=market_share]", "18.5")
    page.click("form.panel button[type=submit]")
    page.wait_for_selector(".message.success")
    assert Enterprise.objects.get(pk=enterprise.pk).market_share == 18.5
