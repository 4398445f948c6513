from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def page(live_server, users, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        yield context.new_page()
        browser.close()


def _login(page, live_server, client, user):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_search_page_in_a_browser(page, live_server, client, users, catalog):
    _login(page, live_server, client, users["official"])
    page.goto(f"{live_server.url}{reverse('catalog:search')}?kind=achievements")
    page.fill("input[name=q]", "机器视觉 缺陷检测")
    page.click(".search-form button[type=submit]")
    page.wait_for_selector(".match-item", timeout=5000)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "catalog-search.png"), full_page=True)
    assert page.locator(".match-item").count() == 1
    assert page.locator(".match-title mark").first.inner_text() in {"机器视觉", "缺陷", "检测", "极片"}
    assert page.locator(".facets").bounding_box()["x"] < page.locator(".results").bounding_box()["x"]  # a sidebar
    page.click("text=中试阶段（TRL 5-6）")  # the facet keeps the query: nothing at that stage matches it
    assert "共 0 条" in page.inner_text(".results")
    page.goto(f"{live_server.url}{reverse('catalog:search')}?kind=achievements")
    page.click("text=中试阶段（TRL 5-6）")
    assert "工业互联网平台预测性维护" in page.inner_text(".results")


def test_opportunities_page_in_a_browser(page, live_server, client, users, catalog, archive):
    _login(page, live_server, client, users["enterprise"])
    page.goto(f"{live_server.url}{reverse('catalog:opportunities', args=[archive['own'].uscc])}")
    page.wait_for_selector("#policies .match-item")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "catalog-opportunities.png"), full_page=True)
    assert page.locator("#achievements .match-item").count() >= 1
    assert page.locator("#policies .verdict").count() >= 2
    page.click("#policies a:has-text('判定过程')")
    page.wait_for_selector(".trace-table")
    page.screenshot(path=str(SCREENSHOTS / "catalog-trace.png"), full_page=True)
    assert "判定过程" in page.inner_text("h1")
    assert page.locator(".trace-table tbody tr").count() >= 3


def test_official_ranks_policies_for_an_enterprise_in_a_browser(page, live_server, client, users, catalog, archive):
    archive["own"].major_violation = False  # now the own firm qualifies for the tier reward (a title, no violation)
    archive["own"].save()
    _login(page, live_server, client, users["official"])
    page.goto(f"{live_server.url}{reverse('catalog:search')}?kind=policies")
    page.fill("input[name=q]", "算力券")
    page.fill("input[name=uscc]", archive["own"].uscc)
    page.click(".search-form button[type=submit]")
    page.wait_for_selector(".match-item .verdict")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "catalog-search-policies.png"), full_page=True)
    badges = page.locator(".match-item .verdict").all_inner_texts()
    assert badges[0] == "符合条件"  # the tier reward, though "算力券" is not in its text
    assert badges[-1] == "不符合条件"  # the Shenzhen policy is out of the enterprise's region: last
    assert page.locator(".match-item.tier-not_qualified").count() >= 1
    page.click(".match-item >> nth=0 >> text=推送名单")
    page.wait_for_selector(".push-summary")
    page.screenshot(path=str(SCREENSHOTS / "catalog-push.png"), full_page=True)
    assert "梯度培育奖励" in page.inner_text("h1")
    assert page.locator("section.panel >> nth=0 >> tbody tr").count() == 1  # the own firm qualifies
    assert archive["own"].uscc in page.inner_text("section.panel >> nth=0")
