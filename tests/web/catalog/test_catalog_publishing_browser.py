"""Publishing in Chromium (issue 10 #4): a provider publishes an achievement, the official approves
it on the queue page, then everyone finds it; with screenshots of the new pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_provider_publishes_and_the_bureau_approves_in_a_browser(
    browser_page, browser_login, live_server, users, catalog, screenshots_dir
):
    page = browser_page
    browser_login(page, live_server, users["provider"])
    page.goto(f"{live_server.url}{reverse('catalog:search')}?kind=achievements")
    page.click("[data-testid=publish-entry]")
    page.wait_for_selector("[data-testid=entry-form]")
    page.fill("#id_title", "")  # a bad form first: every field named, nothing lost
    page.fill("#id_summary", "用于数控机床的伺服电机高精度控制")
    page.fill("#id_price_min", "很多")
    page.click("[data-testid=entry-form] button[type=submit]")
    page.wait_for_selector(".field-error")
    page.screenshot(path=str(screenshots_dir / "catalog-publish-errors.png"), full_page=True)
    assert "请填写「成果名称」（必填）" in page.inner_text("[data-field=title]")
    assert page.input_value("#id_summary") == "用于数控机床的伺服电机高精度控制"
    page.fill("#id_title", "高精度伺服电机控制算法")
    page.fill("#id_price_min", "50")
    page.select_option("#id_maturity", "pilot")
    page.check("input[name=transfer_modes][value=license]")
    page.fill("#id_region_code", "330106")
    page.click("[data-testid=entry-form] button[type=submit]")
    page.wait_for_selector("text=已提交，主管部门审核通过后公开")
    page.screenshot(path=str(screenshots_dir / "catalog-mine.png"), full_page=True)
    assert "待审核" in page.inner_text("[data-catalog=achievements]")

    browser_login(page, live_server, users["official"])
    page.goto(f"{live_server.url}{reverse('catalog:review')}")
    page.wait_for_selector(".review-item")
    page.screenshot(path=str(screenshots_dir / "catalog-review.png"), full_page=True)
    assert "许可" in page.inner_text(".review-item") and "中试阶段" in page.inner_text(
        ".review-item"
    )
    page.click(".review-item button[value=approve]")
    page.wait_for_selector("text=已审核通过并公开")
    assert page.inner_text("[data-testid=review-total]") == "0"
    page.goto(f"{live_server.url}{reverse('catalog:search')}?kind=achievements&q=伺服电机")
    assert "高精度伺服电机控制算法" in page.inner_text(".results")
