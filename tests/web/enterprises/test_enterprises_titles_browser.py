"""The 称号到期 page and a renewed title on the profile in Chromium, with screenshots."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises.services import load_archive_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_titles_due_and_a_renewal_in_a_browser(
    browser_page, browser_login, live_server, users, archive, screenshots_dir
):
    today = timezone.localdate()
    own, other = archive["own"].uscc, archive["own_other"].uscc
    day = lambda n: today + dt.timedelta(days=n)  # noqa: E731
    rows = [
        (own, "little_giant", day(-3 * 365 + 30), day(30)),
        (other, "high_tech_enterprise", day(-3 * 365 - 40), day(-40)),
        (other, "little_giant", day(-6 * 365), day(-3 * 365 - 1)),
        (other, "little_giant", day(-3 * 365), day(-10)),
    ]
    keys = ("uscc", "title", "issued_on", "expires_on")
    load_archive_rows(
        tables={"titles": [dict(zip(keys, r, strict=True)) for r in rows]}, user=system_user()
    )
    page = browser_page
    browser_login(page, live_server, users["official"])
    page.goto(f"{live_server.url}/")
    page.click("nav >> text=称号到期")
    page.wait_for_selector("[data-testid=result-count]")
    page.screenshot(path=str(screenshots_dir / "titles-due.png"), full_page=True)
    assert page.locator("tr.title-row").count() == 3
    assert "30 天后到期" in page.inner_text("table") and "已过期 40 天" in page.inner_text("table")
    page.select_option("#t-state", "expiring")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("tr.title-row").count() == 1
    page.goto(f"{live_server.url}{reverse('enterprises:profile', args=[other])}")
    page.screenshot(path=str(screenshots_dir / "titles-renewed-profile.png"), full_page=True)
    assert "已续期（复核后重新认定）" in page.inner_text("body")
