"""At 390 px (a phone) the header wraps into rows and its links stay on one line each; the home
pyramid keeps its labels readable. Screenshots: ``screenshots/narrow-*.png``."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_viewport():
    return {"width": 390, "height": 844}


def test_the_header_at_390_px_never_breaks_a_link_one_character_a_line(
    transactional_db, browser_page, browser_login, users, live_server, screenshots_dir
):
    page = browser_page
    browser_login(page, live_server, users["official"])
    page.goto(f"{live_server.url}/")
    page.wait_for_selector(".pyramid")
    page.screenshot(path=str(screenshots_dir / "narrow-home.png"), full_page=True)
    line = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.mainnav a')).lineHeight) || 22"
    )
    for selector in (".mainnav a", ".brand-mark", ".username", ".tier-label"):
        heights = page.eval_on_selector_all(
            selector, "els => els.map(e => e.getBoundingClientRect().height)"
        )
        assert heights, selector
        assert max(heights) < 2.2 * line + 24, (
            selector,
            heights,
        )  # one line (plus padding), not a column
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing pushes the page sideways
    page.goto(f"{live_server.url}/enterprises/")
    page.screenshot(path=str(screenshots_dir / "narrow-list.png"), full_page=False)
