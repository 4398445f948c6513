"""Full-page screenshot of a demo enterprise's profile (charts rendered) for the README.

Builds a throw-away archive (the demo district, seed 11, 200 firms) in a temporary data folder,
has a district official keep one enterprise's archive current through the services (so that the
change history shows a person, not only the loader), serves the site in-process and photographs
the profile with Debian's Chromium through Playwright.

Usage:
    .venv/bin/python scripts/screenshot_profile.py [--out docs/images/enterprise-profile.png]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
USERNAME, PASSWORD = "xihu-official", "Screenshot-pw-1"


def _setup(home: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["LITTLEGIANT_HOME"] = home
    os.environ["DJANGO_SETTINGS_MODULE"] = "littlegiant.web.config.settings"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = (
        "true"  # Playwright's sync API runs an event loop here
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def _richest_enterprise() -> Any:
    """The firm with the fullest archive: most titles, awards, certifications and standards."""
    from django.db.models import Count

    from littlegiant.web.enterprises.models import Enterprise

    ranked = Enterprise.objects.annotate(
        rows=Count("title", distinct=True)
        + Count("award", distinct=True)
        + Count("certification", distinct=True)
        + Count("standard", distinct=True)
    ).filter(region_code="330106", yearlyfigure__isnull=False)
    return ranked.order_by("-rows", "name").first()


def _build_archive() -> str:
    from littlegiant.demo import generate
    from littlegiant.web.accounts.models import Role
    from littlegiant.web.accounts.services import create_platform_user, system_user
    from littlegiant.web.enterprises import services

    services.load_archive_rows(tables=generate(seed=11, n=200), user=system_user())
    official = create_platform_user(
        user=system_user(),
        username=USERNAME,
        password=PASSWORD,
        role=Role.OFFICIAL,
        region_codes=["330106"],
        organization="西湖区经济和信息化局",
    )
    official.first_name = "王敏"
    official.save()
    enterprise = _richest_enterprise()
    services.update_enterprise(
        user=official, enterprise=enterprise, digital_level=3, own_brand=True
    )
    latest = enterprise.yearlyfigure_set.order_by("-fiscal_year").first()
    if latest is not None and latest.revenue:
        services.update_archive_row(
            user=official, row=latest, high_tech_revenue=round(latest.revenue * 0.62, 1)
        )
    return str(enterprise.uscc)


def _photograph(base_url: str, uscc: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(
            viewport={"width": 1366, "height": 900}, locale="zh-CN", device_scale_factor=1
        )
        page.goto(f"{base_url}/accounts/login/")
        page.fill("#id_username", USERNAME)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector(".pyramid, main")
        page.goto(f"{base_url}/enterprises/{uscc}/")
        page.wait_for_selector("#chart-money svg")
        page.wait_for_selector("#chart-intensity svg")
        page.wait_for_timeout(600)  # let ECharts finish its entry animation
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out), full_page=True)
        browser.close()


def main() -> None:
    """Build the demo archive, serve it and write the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "images" / "enterprise-profile.png"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="littlegiant-screenshot-") as home:
        _setup(home)
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.test.testcases import LiveServerThread

        uscc = _build_archive()
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        try:
            _photograph(f"http://127.0.0.1:{server.port}", uscc, args.out)
        finally:
            server.terminate()
    print(f"wrote {args.out}")  # noqa: T201 - a script's one line of output


if __name__ == "__main__":
    main()
