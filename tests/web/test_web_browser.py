"""A real browser (Debian's Chromium through Playwright) against the live server: log in, list,
filter, open a profile. Screenshots go to ``screenshots/`` at the repository root."""

from __future__ import annotations

import pytest

from littlegiant.demo import generate
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.services import create_platform_user, system_user
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import load_archive_rows

pytestmark = pytest.mark.browser


def _current_code(username: str) -> str:
    """What the official's authenticator app shows now for the device being enrolled."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


@pytest.fixture
def demo_official(transactional_db):
    """Sixty demo enterprises and a 西湖区 official who logs in through the form."""
    load_archive_rows(tables=generate(seed=11, n=60), user=system_user())
    create_platform_user(
        user=system_user(),
        username="official",
        password="Pw-for-browser-1",
        role=Role.OFFICIAL,
        region_codes=["330106"],
        organization="西湖区经信局",
    )


def test_log_in_filter_the_list_and_open_a_profile(
    browser_page, demo_official, live_server, screenshots_dir
):
    page = browser_page
    base = live_server.url
    page.goto(f"{base}/")
    assert "/accounts/login/" in page.url
    page.screenshot(path=str(screenshots_dir / "web-login.png"))
    page.fill("#id_username", "official")
    page.fill("#id_password", "Pw-for-browser-1")
    page.click("button[type=submit]")
    # Officials must bind an authenticator at first login: the QR code is drawn by the server.
    page.wait_for_selector("[data-testid=mfa-qr] svg")
    page.screenshot(path=str(screenshots_dir / "web-mfa-setup.png"), full_page=True)
    page.fill("#id_token", _current_code("official"))
    page.click("main button[type=submit]")  # the top bar has a logout button too
    page.wait_for_selector("[data-testid=backup-codes]")
    assert len(page.locator("[data-testid=backup-codes] li").all()) == 10
    page.click("text=我已保存，继续")
    page.wait_for_selector(".pyramid")
    page.screenshot(path=str(screenshots_dir / "web-home.png"), full_page=True)
    in_scope = Enterprise.objects.filter(region_code__startswith="330106").count()
    assert page.inner_text("[data-testid=total]") == str(in_scope)

    page.click("nav.mainnav >> text=企业档案")
    page.wait_for_selector("#enterprise-results table")
    assert f"共 {in_scope} 户企业" in page.inner_text("[data-testid=result-count]")
    page.select_option("#id_section", "C")
    expected = Enterprise.objects.filter(
        region_code__startswith="330106", industry_code__startswith="C"
    ).count()
    page.wait_for_function(
        "n => document.querySelector('[data-testid=result-count]').innerText.includes('共 ' + n + ' 户')",
        arg=expected,
    )
    assert "section=C" in page.url  # hx-push-url keeps the filter in the address bar
    assert "section=C" in page.get_attribute("[data-testid=export-link]", "href")
    page.screenshot(path=str(screenshots_dir / "web-list-filtered.png"), full_page=True)

    page.click("#enterprise-results tbody tr:first-child a")
    page.wait_for_selector("#chart-money svg")
    page.wait_for_selector("#chart-intensity svg")
    assert "年度数据" in page.inner_text("main")
    assert page.locator(".tabs a.active").inner_text() == "档案"
    page.screenshot(path=str(screenshots_dir / "web-profile.png"), full_page=True)
