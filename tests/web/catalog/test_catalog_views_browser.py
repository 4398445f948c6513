"""The catalog's search, opportunities, trace and push pages in Debian's Chromium, with screenshots."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_viewport():
    """The catalog pages are checked at 1280 x 900 (the facets must still sit beside the results)."""
    return {"width": 1280, "height": 900}


def test_search_page_in_a_browser(
    browser_page, browser_login, live_server, users, catalog, screenshots_dir
):
    page = browser_page
    browser_login(page, live_server, users["official"])
    page.goto(f"{live_server.url}{reverse('catalog:search')}?kind=achievements")
    page.fill("input[name=q]", "机器视觉 缺陷检测")
    page.click(".search-form button[type=submit]")
    page.wait_for_selector(".match-item", timeout=5000)
    page.screenshot(path=str(screenshots_dir / "catalog-search.png"), full_page=True)
    assert page.locator(".match-item").count() == 1
    assert page.locator(".match-title mark").first.inner_text() in {
        "机器视觉",
        "缺陷",
        "检测",
        "极片",
    }
    assert (
        page.locator(".facets").bounding_box()["x"] < page.locator(".results").bounding_box()["x"]
    )  # a sidebar
    page.click(
        "text=中试阶段（TRL 5-6）"
    )  # the facet keeps the query: nothing at that stage matches it
    assert "共 0 条" in page.inner_text(".results")
    page.goto(f"{live_server.url}{reverse('catalog:search')}?kind=achievements")
    page.click("text=中试阶段（TRL 5-6）")
    assert "工业互联网平台预测性维护" in page.inner_text(".results")


def test_opportunities_page_in_a_browser(
    browser_page, browser_login, live_server, users, catalog, archive, screenshots_dir
):
    page = browser_page
    browser_login(page, live_server, users["enterprise"])
    page.goto(f"{live_server.url}{reverse('catalog:opportunities', args=[archive['own'].uscc])}")
    page.wait_for_selector("#policies .match-item")
    page.screenshot(path=str(screenshots_dir / "catalog-opportunities.png"), full_page=True)
    assert page.locator("#achievements .match-item").count() >= 1
    assert page.locator("#policies .verdict").count() >= 2
    page.click("#policies a:has-text('判定过程')")
    page.wait_for_selector(".trace-table")
    page.screenshot(path=str(screenshots_dir / "catalog-trace.png"), full_page=True)
    assert "判定过程" in page.inner_text("h1")
    assert page.locator(".trace-table tbody tr").count() >= 3


def test_official_ranks_policies_for_an_enterprise_in_a_browser(
    browser_page, browser_login, live_server, users, catalog, archive, screenshots_dir
):
    page = browser_page
    archive[
        "own"
    ].major_violation = (
        False  # now the own firm qualifies for the tier reward (a title, no violation)
    )
    archive["own"].save()
    browser_login(page, live_server, users["official"])
    page.goto(f"{live_server.url}{reverse('catalog:search')}?kind=policies")
    page.fill("input[name=q]", "算力券")
    page.fill("input[name=uscc]", archive["own"].uscc)
    page.click(".search-form button[type=submit]")
    page.wait_for_selector(".match-item .verdict")
    page.screenshot(path=str(screenshots_dir / "catalog-search-policies.png"), full_page=True)
    badges = page.locator(".match-item .verdict").all_inner_texts()
    assert badges[0] == "符合"  # the tier reward, though "算力券" is not in its text
    assert badges[-1] == "不符合"  # the Shenzhen policy is out of the enterprise's region: last
    assert page.locator(".match-item.tier-not_qualified").count() >= 1
    page.click(".match-item >> nth=0 >> text=推送名单")
    page.wait_for_selector(".push-summary")
    page.screenshot(path=str(screenshots_dir / "catalog-push.png"), full_page=True)
    assert "梯度培育奖励" in page.inner_text("h1")
    assert page.locator("section.panel >> nth=0 >> tbody tr").count() == 1  # the own firm qualifies
    assert archive["own"].uscc in page.inner_text("section.panel >> nth=0")


def test_a_provider_pages_through_every_need_in_a_browser(
    browser_page, browser_login, live_server, users, catalog, screenshots_dir,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """Issue 10 #3 and #5: the provider sees the needs, and a long list has page numbers."""
    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.catalog import services

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(25):
            services.save_entry(
                user=system_user(), catalog_id="needs",
                values={"ref": f"NX{number}", "title": f"批量需求{number:02d}", "summary": "检测"},
            )  # fmt: skip
    page = browser_page
    browser_login(page, live_server, users["provider"])
    page.goto(f"{live_server.url}{reverse('catalog:search')}?kind=needs")
    page.wait_for_selector(".match-item")
    page.screenshot(path=str(screenshots_dir / "catalog-needs-provider.png"), full_page=True)
    assert "共 27 条，第 1 / 2 页" in page.inner_text("[data-testid=result-count]")
    page.click(".pagination a:has-text('2')")
    page.wait_for_selector("text=第 2 / 2 页")
    assert page.locator(".match-item").count() == 7
