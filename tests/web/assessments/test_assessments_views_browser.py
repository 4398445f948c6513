"""The 评价 tab, the what-if form (htmx) and a batch run's progress in Debian's Chromium, with screenshots."""

from __future__ import annotations

import pytest
from assessments_fixtures import AS_OF, archive_tables, firm, usc
from django.urls import reverse

from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises.services import load_archive_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWN = usc(130)


@pytest.fixture
def browser_viewport():
    """1366 x 900, pinned here: the fit test below measures against this window width."""
    return {"width": 1366, "height": 900}


def test_evaluation_tab_and_what_if_in_a_browser(
    browser_page, browser_login, live_server, users, screenshots_dir
):
    page = browser_page
    load_archive_rows(
        tables=archive_tables([firm(130, "杭州纳芯光学检测设备有限公司", rd_expense_y1=90)]),
        user=system_user(),
    )
    browser_login(page, live_server, users["official"])
    page.goto(
        f"{live_server.url}{reverse('enterprises:profile', args=[OWN])}?tab=evaluation&as_of={AS_OF}"
    )
    card = page.locator("#programme-specialized_sme")
    assert card.locator(".eval-card-head .verdict").inner_text() in {"不符合", "待定"}
    assert card.locator("tr[data-rule=rd_investment] .verdict").inner_text() == "不满足"
    page.screenshot(path=str(screenshots_dir / "assessments-evaluation-tab.png"), full_page=True)
    card.locator("input[name=f_rd_expense_y1]").fill("120")
    card.locator("select[name=extra_field]").select_option("market_position_leading")
    card.locator("input[name=extra_value]").fill("是")
    card.locator("form.whatif button[type=submit]").click()
    result = card.locator(".whatif-result [data-status]")
    result.wait_for(timeout=5000)
    assert result.get_attribute("data-status") == "qualified"
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(screenshots_dir / "assessments-what-if.png"))


def test_candidates_and_a_batch_run_in_a_browser(
    browser_page, browser_login, live_server, users, screenshots_dir, task_worker
):
    page = browser_page
    load_archive_rows(
        tables=archive_tables(
            [
                firm(131, "杭州年限不足科技有限公司", niche_years=2, provincial_award_rank=1),
                firm(132, "杭州基准光学有限公司"),
            ]
        ),
        user=system_user(),
    )
    browser_login(page, live_server, users["official"])
    page.goto(
        f"{live_server.url}{reverse('assessments:candidates')}?programme=specialized_sme&as_of={AS_OF}&max_conditions=all"
    )
    assert page.locator("#close-table tbody tr[data-uscc]").count() >= 2
    page.screenshot(path=str(screenshots_dir / "assessments-candidates.png"), full_page=True)
    page.goto(f"{live_server.url}{reverse('assessments:runs')}")
    page.fill("input[name=as_of]", AS_OF.isoformat())
    page.click("button:has-text('开始批量重评')")
    page.wait_for_selector("[data-count=lost]", timeout=20000)
    # both lose: 2 niche years fail 2026's 3; the market position (no archive column) is unknown under 2026
    assert page.inner_text("[data-count=lost]") == "2"
    assert "杭州年限不足科技有限公司" in page.inner_text("main")
    page.screenshot(path=str(screenshots_dir / "assessments-run.png"), full_page=True)


def test_evaluation_tab_fits_the_window(browser_page, browser_login, live_server, users):
    page = browser_page
    load_archive_rows(
        tables=archive_tables([firm(130, "杭州纳芯光学检测设备有限公司")]), user=system_user()
    )
    browser_login(page, live_server, users["official"])
    page.goto(
        f"{live_server.url}{reverse('enterprises:profile', args=[OWN])}?tab=evaluation&as_of={AS_OF}"
    )
    wide = page.evaluate("""() => [...document.querySelectorAll("body *")]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert wide == []
