"""A real browser (Debian's Chromium through Playwright) against the live server: log in, list,
filter, open a profile. Screenshots go to ``screenshots/`` at the repository root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from littlegiant.io import demo_region
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.services import create_platform_user
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import load_archive_rows

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # playwright's sync API runs an event loop in this thread

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]


@pytest.fixture
def page(live_server, transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_archive_rows(demo_region.generate(seed=11, n=60))
    create_platform_user(username="official", password="Pw-for-browser-1", role=Role.OFFICIAL,
                         region_codes=["330106"], organization="西湖区经信局")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page.base_url = live_server.url  # type: ignore[attr-defined]
        yield page
        browser.close()


def test_log_in_filter_the_list_and_open_a_profile(page):
    base = page.base_url
    page.goto(f"{base}/")
    assert "/accounts/login/" in page.url
    page.screenshot(path=str(SCREENSHOTS / "web-login.png"))
    page.fill("#id_username", "official")
    page.fill("#id_password", "Pw-for-browser-1")
    page.click("button[type=submit]")
    page.wait_for_selector(".pyramid")
    page.screenshot(path=str(SCREENSHOTS / "web-home.png"), full_page=True)
    in_scope = Enterprise.objects.filter(region_code__startswith="330106").count()
    assert page.inner_text("[data-testid=total]") == str(in_scope)

    page.click("nav.mainnav >> text=企业档案")
    page.wait_for_selector("#enterprise-results table")
    assert f"共 {in_scope} 户企业" in page.inner_text("[data-testid=result-count]")
    page.select_option("#id_section", "C")
    expected = Enterprise.objects.filter(region_code__startswith="330106", industry_code__startswith="C").count()
    page.wait_for_function(
        "n => document.querySelector('[data-testid=result-count]').innerText.includes('共 ' + n + ' 户')", arg=expected
    )
    assert "section=C" in page.url  # hx-push-url keeps the filter in the address bar
    assert "section=C" in page.get_attribute("[data-testid=export-link]", "href")
    page.screenshot(path=str(SCREENSHOTS / "web-list-filtered.png"), full_page=True)

    page.click("#enterprise-results tbody tr:first-child a")
    page.wait_for_selector("#chart-money svg")
    page.wait_for_selector("#chart-intensity svg")
    assert "年度数据" in page.inner_text("main")
    assert page.locator(".tabs a.active").inner_text() == "档案"
    page.screenshot(path=str(SCREENSHOTS / "web-profile.png"), full_page=True)
