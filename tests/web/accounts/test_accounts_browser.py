"""The security pages in a real browser: the audit administrator's log with filters, the security
administrator's accounts page, a user's own security page. Screenshots go to ``screenshots/``."""

from __future__ import annotations

import pytest

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.services import create_platform_user, system_user

pytestmark = pytest.mark.browser
PASSWORD = "Pw-for-browser-3"


@pytest.fixture
def admins(transactional_db):
    system = system_user()
    made = {
        role: create_platform_user(
            user=system, username=f"demo-{role.value}", password=PASSWORD, role=role
        )
        for role in (Role.AUDIT_ADMIN, Role.SECURITY_ADMIN, Role.ENTERPRISE)
    }
    return made


def test_audit_log_page_filters_and_verifies_the_chain(
    browser_page, admins, live_server, browser_login, screenshots_dir
):
    page = browser_page
    base = live_server.url
    for _ in range(3):  # three failed logins to find
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "demo-enterprise")
        page.fill("#id_password", "wrong-Password-1")
        page.click("button[type=submit]")
    browser_login(page, live_server, admins[Role.AUDIT_ADMIN])
    page.goto(f"{base}/audit/")
    assert "审计日志" in page.inner_text("nav.mainnav")
    page.select_option("select[name=kind]", "login_failed")
    page.fill("input[name=username]", "demo-enterprise")
    page.click("button:has-text('查询')")
    page.wait_for_selector("[data-testid=audit-events]")
    rows = page.locator("[data-testid=audit-events] tbody tr").all()
    assert len(rows) == 3 and all("登录失败" in row.inner_text() for row in rows)
    page.click("button:has-text('校验哈希链')")
    page.wait_for_selector("[data-testid=chain-ok]")
    page.screenshot(path=str(screenshots_dir / "audit-log.png"), full_page=True)


def test_security_admin_page_shows_locks_and_second_factors(
    browser_page, admins, live_server, browser_login, screenshots_dir
):
    page = browser_page
    base = live_server.url
    for _ in range(5):
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "demo-enterprise")
        page.fill("#id_password", "wrong-Password-1")
        page.click("button[type=submit]")
    browser_login(page, live_server, admins[Role.SECURITY_ADMIN])
    page.goto(f"{base}/accounts/admin-security/")
    row = page.locator("tr:has-text('demo-enterprise')")
    assert "已锁定" in row.inner_text()
    page.screenshot(path=str(screenshots_dir / "security-admin.png"), full_page=True)
    row.locator("button:has-text('解除锁定')").click()
    page.wait_for_selector(".message")
    assert "已解除" in page.inner_text(".messages")
    assert "已锁定" not in page.locator("tr:has-text('demo-enterprise')").inner_text()


def test_own_security_page(browser_page, admins, live_server, browser_login, screenshots_dir):
    page = browser_page
    browser_login(page, live_server, admins[Role.ENTERPRISE])
    page.goto(f"{live_server.url}/")
    page.click("a.username")
    page.wait_for_selector("text=双因素认证（动态口令）")
    page.screenshot(path=str(screenshots_dir / "my-security.png"), full_page=True)
    page.click("text=修改密码")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", "abcdefgh")
    page.fill("#id_new_password2", "abcdefgh")
    page.click("main button[type=submit]")
    page.wait_for_selector(".error")
    page.screenshot(path=str(screenshots_dir / "password-change-refused.png"), full_page=True)
    assert "至少 3 类" in page.inner_text("main")
