"""Consents in a real browser: the firm grants a bank a view of its yearly figures and contacts on the
数据授权 tab, the bank's user sees exactly that, the firm revokes and the bank's view closes. An official
sees the same firm's contacts masked. Screenshots go to ``screenshots/``."""

from __future__ import annotations

import pytest

from littlegiant.demo import generate
from littlegiant.records.personal import mask_phone
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.services import create_platform_user, system_user
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import load_archive_rows

pytestmark = pytest.mark.browser
PASSWORD = "Pw-for-browser-2"


@pytest.fixture
def _login(browser_login):
    """Sign the page in as the named user (the staff second factor is passed as in every browser test)."""
    from django.contrib.auth import get_user_model

    def login(page, live_server, username):
        page.context.clear_cookies()
        browser_login(page, live_server, get_user_model().objects.get(username=username))

    return login


@pytest.fixture
def firm(live_server, transactional_db):
    load_archive_rows(tables=generate(seed=11, n=20), user=system_user())
    enterprise = Enterprise.objects.filter(contact__phone__isnull=False).order_by("name").first()
    create_platform_user(
        user=system_user(), username="firm-user", password=PASSWORD,
        role=Role.ENTERPRISE, enterprises=[enterprise],
    )  # fmt: skip
    create_platform_user(
        user=system_user(), username="bank-user", password=PASSWORD,
        role=Role.PROVIDER, organization="杭州银行科技支行",
    )  # fmt: skip
    create_platform_user(
        user=system_user(), username="official-user", password=PASSWORD,
        role=Role.OFFICIAL, region_codes=[enterprise.region_code[:2] + "0000"],
    )  # fmt: skip
    return enterprise


def test_the_firm_grants_and_revokes_and_the_bank_sees_only_that(
    browser_page, live_server, firm, screenshots_dir, _login
):
    page = browser_page
    phone = firm.contact_set.exclude(phone="").first().phone
    _login(page, live_server, "firm-user")
    page.goto(f"{live_server.url}/enterprises/{firm.uscc}/?tab=consents")
    form = page.locator("[data-testid=consent-form]")
    form.locator("[name=provider]").select_option(label="杭州银行科技支行（bank-user）")
    form.locator("input[value=yearly]").check()
    form.locator("input[value=contacts]").check()
    form.locator("[name=purpose]").fill("申请科技型企业信用贷款")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=consents]")
    assert "已授权「杭州银行科技支行（bank-user）」" in page.inner_text(".messages")
    page.screenshot(path=str(screenshots_dir / "consents-tab.png"), full_page=True)

    _login(page, live_server, "bank-user")
    page.goto(f"{live_server.url}/enterprises/shared/")
    page.click(f"text={firm.name}")
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert "年度数据" in text and phone in text and "资质称号" not in text
    page.screenshot(path=str(screenshots_dir / "consents-provider-view.png"), full_page=True)

    _login(page, live_server, "official-user")
    page.goto(f"{live_server.url}/enterprises/{firm.uscc}/")
    text = page.inner_text("#section-contacts")
    assert phone not in text and mask_phone(phone) in text

    _login(page, live_server, "firm-user")
    page.goto(f"{live_server.url}/enterprises/{firm.uscc}/?tab=consents")
    page.locator("[data-testid^=revoke-]").first.click()
    page.wait_for_load_state()
    assert "已撤回" in page.inner_text("[data-testid=consents]")

    _login(page, live_server, "bank-user")
    response = page.goto(f"{live_server.url}/enterprises/shared/{firm.uscc}/")
    assert response is not None and response.status == 404
