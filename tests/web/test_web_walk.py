"""The walk of issue 10: every page each of the four roles reaches from the navigation (and the pages
those link to, two clicks deep) opens without an error page and shows no raw id and no English UI word.

Screenshots of every page go to ``screenshots/walk-<role>-*.png``. The checks live in ``page_walk.py`` so
the same walk runs by hand against a demo server (``python -m tests.web.page_walk URL USER PASSWORD``).
"""

from __future__ import annotations

import pytest
from page_walk import check_text, extra_paths, known_raw_ids, walk_role

from littlegiant.cli.demo_catalog import load_demo_catalog
from littlegiant.demo import generate
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.services import create_platform_user, system_user
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import load_archive_rows

DISTRICT = "330106"


@pytest.fixture
def demo_region(transactional_db):
    """A small demo district with its catalog and one user per role (as ``littlegiant demo`` sets up)."""
    load_archive_rows(tables=generate(seed=11, n=60), user=system_user())
    load_demo_catalog(DISTRICT)
    own = Enterprise.objects.filter(region_code=DISTRICT).order_by("uscc").first()
    system = system_user()
    return {
        "admin": create_platform_user(user=system, username="w_admin", password="x", role=Role.ADMIN),
        "official": create_platform_user(
            user=system, username="w_official", password="x", role=Role.OFFICIAL,
            region_codes=[DISTRICT],
        ),
        "enterprise": create_platform_user(
            user=system, username="w_enterprise", password="x", role=Role.ENTERPRISE,
            enterprises=[own],
        ),
        "provider": create_platform_user(
            user=system, username="w_provider", password="x", role=Role.PROVIDER
        ),
    }  # fmt: skip


def test_the_checks_catch_raw_ids_and_english_words():
    """The walk's own checks would have caught the strings issue 10 quotes."""
    assert {
        "little_giant",
        "niche_years",
        "provincial",
        "market_position_leading",
    } <= known_raw_ids()
    found = check_text(
        "规则包 tech_sme@2017 · 划型行业：industry（输入 niche_years）Show this message"
    )
    assert "原始 ID：tech_sme@2017" in found
    assert "原始 ID：industry" in found and "原始 ID：niche_years" in found
    assert {"英文：Show", "英文：message"} <= set(found)
    # codes, e-mail addresses, standard abbreviations and units are not findings
    assert (
        check_text("91330106MA7X00030C · C3985 · ISO 9001 · hr.1@example.com · 3 kWh · C 门类")
        == []
    )


@pytest.mark.browser
@pytest.mark.slow
def test_walk_every_page_as_each_role(
    browser_page, browser_login, demo_region, live_server, screenshots_dir
):
    findings, visited = [], {}
    bureau_only = extra_paths()[3:]  # the push list is the bureau's; others would rightly get a 403
    for role, user in demo_region.items():
        browser_page.context.clear_cookies()
        browser_login(browser_page, live_server, user)
        extra = extra_paths()[:3] + (bureau_only if role in {"admin", "official"} else ())
        walk = walk_role(
            browser_page, live_server.url, role, screenshots=screenshots_dir, extra=extra
        )
        visited[role] = len(walk.visited)
        findings += walk.findings
    assert findings == [], "\n".join(str(finding) for finding in findings)
    # every role got past its home page: the navigation and the pages under it were walked
    assert visited["admin"] >= 15 and visited["official"] >= 15, visited
    assert visited["enterprise"] >= 8 and visited["provider"] >= 4, visited
