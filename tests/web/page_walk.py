"""The page walk: visit every page a role reaches from the navigation (and their main sub-pages) in a
real browser and report what a Chinese-reading user should never see.

Used by ``test_web_walk.py`` (CI, a small demo region) and runnable by hand against a running server::

    .venv/bin/python -m tests.web.page_walk http://127.0.0.1:8113 demo_official PASSWORD [screenshots/]

What counts as a finding on a page:

- an error page (HTTP status 400 or above, or the 403/404/500 templates' ``data-error-page`` marker);
- a *known raw id* in the visible text: record field ids (flat ids with year suffixes too), archive
  table ids, choice values, programme/pack ids, catalog ids, model choice values;
- any other ASCII word outside ``ALLOWED_WORDS`` (English UI text).

Text inside ``<code>``, ``.mono`` and ``[data-raw-ok]`` elements is left out: that is where ids are
shown on purpose, in a secondary, muted position (a tooltip is never visible text).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Page

ALLOWED_WORDS = frozenset(
    {
        # product, formats and standard abbreviations a Chinese user reads as such
        "LittleGiant", "Excel", "CSV", "API", "ISO", "PDF", "IP", "ID", "USCC", "GB", "T", "DB",
        "IATF", "GJB", "CMMI", "ITSS", "IPO", "ESG", "AI", "IT", "OT", "ERP", "MES", "PLM", "CRM",
        "SCM", "WMS", "SaaS", "PaaS", "IaaS", "APP", "App", "RFID", "OA", "HR", "BI", "SRM", "EHS",
        "CAD", "CAE", "CAM", "CAPP", "PDM", "QMS", "LIMS", "SCADA", "DCS", "PLC", "IoT", "SOP",
        "TRL", "LTCC", "MEMS", "LED", "SiC", "GaN", "BIM", "BMS", "PCB", "CNC", "AGV", "OLED", "IC", "MLCC",
        "xlsx", "csv", "xls", "parquet", "json", "GB/T", "ZJ", "PCT", "R&D", "VS",
        # units
        "kg", "km", "m", "t", "kW", "kWh", "MW", "GW", "h",
    }
)  # fmt: skip
"""ASCII words allowed in visible page text (abbreviations, units, product name)."""

SKIP_PATHS = ("/accounts/logout", "/admin/", "/api/", "/static/")
SKIP_SUFFIXES = (".xlsx", ".csv", ".json", ".parquet")
SKIP_PARTS = ("/export", "/template", "/report/")  # downloads, not pages
_WORD = re.compile(r"(?<![A-Za-z0-9_./@-])[A-Za-z][A-Za-z_]*(?![A-Za-z0-9_@])")
_VISIBLE_TEXT_JS = """() => {
  const skip = 'code, .mono, [data-raw-ok], script, style, noscript, template, option';
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || el.closest(skip)) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (el.closest('[hidden], details:not([open]) > :not(summary)')) continue;
    if (node.textContent.trim()) parts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('input[type=submit], button')) parts.push(el.value || '');
  for (const el of document.querySelectorAll('select:not([data-raw-ok]) option:checked')) parts.push(el.textContent);
  for (const el of document.querySelectorAll('[placeholder]')) parts.push(el.getAttribute('placeholder'));
  return parts.join('\\n');
}"""


@cache
def known_raw_ids() -> frozenset[str]:
    """Ids a user must never read in place of a label (built from the record, packs and catalogs)."""
    from littlegiant.matching import CATALOGS_BY_ID
    from littlegiant.records.fields import FIELDS, FLAT_FIELDS_BY_ID
    from littlegiant.records.labels import INDUSTRY_GROUP_LABELS
    from littlegiant.records.tables import TABLES
    from littlegiant.rules.registry import every_pack
    from littlegiant.web.accounts.models import Role
    from littlegiant.web.assessments.models import VerdictStatus
    from littlegiant.web.digital.models import AssessmentStatus
    from littlegiant.web.enterprises.models import SizeClass
    from littlegiant.web.jobs.models import JobStatus

    ids: set[str] = set(FLAT_FIELDS_BY_ID) | {f.id for f in FIELDS} | set(CATALOGS_BY_ID)
    ids.update(INDUSTRY_GROUP_LABELS)
    for table in TABLES:
        ids.add(table.id)
        for column in table.columns:
            ids.add(column.id)
            ids.update(str(value) for value, _ in (column.choices or ()))
    for f in FIELDS:
        ids.update(str(value) for value, _ in (getattr(f, "choices", None) or ()))
    for pack in every_pack():
        ids.update({pack.id, pack.key})
        ids.update(str(rule_id) for rule_id in pack.rules)
    for choices in (Role, VerdictStatus, AssessmentStatus, SizeClass, JobStatus):
        ids.update(str(value) for value in choices.values)
    return frozenset(i for i in ids if i and i not in ALLOWED_WORDS and not i.isdigit())


@dataclass
class Finding:
    role: str
    url: str
    problem: str

    def __str__(self) -> str:
        return f"[{self.role}] {self.url}: {self.problem}"


@dataclass
class Walk:
    """Pages visited and findings for one role."""

    role: str
    visited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def words_in(text: str) -> list[str]:
    """ASCII words standing alone (not part of a code like ``91330106MA…`` or ``C3985``)."""
    return _WORD.findall(text)


def check_text(text: str) -> list[str]:
    """Problems in a page's visible text: known raw ids first, then other English words."""
    raw = known_raw_ids()
    text = re.sub(
        r"[\w.+*-]+@[\w-]+(\.[\w-]+)*\.[A-Za-z]{2,}|https?://\S+", " ", text
    )  # e-mail addresses and links are data
    problems: list[str] = []
    seen: set[str] = set()
    for token in re.findall(r"[A-Za-z][A-Za-z0-9_@.]*[A-Za-z0-9]", text):
        if token in raw and token not in seen:
            seen.add(token)
            problems.append(f"原始 ID：{token}")
    for word in words_in(text):
        if word in seen or word in ALLOWED_WORDS or word in raw:
            continue
        if word.isupper() and len(word) <= 6:
            continue  # abbreviations (EDA, MEMS), GB/T 4754 sections (C, I, M), grades (A级)
        seen.add(word)
        problems.append(f"英文：{word}")
    return problems


_SHAPE_VALUES = ("tab", "kind")  # query keys whose value makes a different page


def _shape(url: str) -> str:
    """A URL's shape: numbers and USCCs replaced, so one profile stands for all profiles."""
    parts = urlsplit(url)
    path = re.sub(r"[0-9A-Z]{18}", "<uscc>", parts.path)
    path = re.sub(r"\d+", "<n>", path)
    keys = []
    for pair in sorted(parts.query.split("&")):
        key, _, value = pair.partition("=")
        if key and (value or key in _SHAPE_VALUES):
            keys.append(f"{key}={value}" if key in _SHAPE_VALUES else key)
    return f"{path}?{'&'.join(keys)}"


def _wanted(url: str, base: str) -> bool:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != base.rstrip("/"):
        return False
    if any(parts.path.startswith(p) for p in SKIP_PATHS):
        return False
    if any(part in parts.path for part in SKIP_PARTS) or "format=" in parts.query:
        return False
    return not any(parts.path.endswith(s) for s in SKIP_SUFFIXES)


def visit(page: Page, url: str, walk: Walk, screenshots: Path | None, name: str) -> list[str]:
    """Open one page, record findings and a screenshot; return the links of its main area."""
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    walk.visited.append(url)
    status = response.status if response is not None else 0
    if status >= 400 or page.locator(".error-page, [data-error-page]").count():
        walk.findings.append(Finding(walk.role, url, f"错误页（HTTP {status}）"))
    for problem in check_text(page.evaluate(_VISIBLE_TEXT_JS)):
        walk.findings.append(Finding(walk.role, url, problem))
    if screenshots is not None:
        page.screenshot(path=str(screenshots / f"walk-{walk.role}-{name}.png"), full_page=True)
    hrefs: list[str] = page.eval_on_selector_all(
        "main a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    return [urljoin(page.url, h) for h in hrefs if h and not h.startswith(("#", "javascript:"))]


def walk_role(
    page: Page,
    base: str,
    role: str,
    *,
    screenshots: Path | None = None,
    depth: int = 2,
    max_pages: int = 60,
    extra: tuple[str, ...] = (),
) -> Walk:
    """Home and every navigation link, then breadth-first every new URL shape linked from the
    pages' main area, ``depth`` clicks deep (at most ``max_pages`` pages). ``extra`` paths are pages
    reached only through a form (a search, a policy's push list) and are walked like navigation links."""
    walk = Walk(role)
    links = visit(page, f"{base}/", walk, screenshots, "00-home")
    nav: list[str] = page.eval_on_selector_all("nav.mainnav a[href]", "els => els.map(e => e.href)")
    shapes = {_shape(f"{base}/")}
    level = [(url, 0) for url in [*nav, *(f"{base}{path}" for path in extra)]]
    level += [(url, 1) for url in links]
    while level and len(walk.visited) < max_pages:
        url, hops = level.pop(0)
        if not _wanted(url, base) or _shape(url) in shapes:
            continue
        shapes.add(_shape(url))
        name = f"{len(walk.visited):02d}-" + re.sub(r"[^a-z0-9]+", "-", urlsplit(url).path)[1:40]
        found = visit(page, url, walk, screenshots, name.rstrip("-"))
        if hops < depth:
            level.extend((link, hops + 1) for link in found)
    return walk


def extra_paths() -> tuple[str, ...]:
    """Pages behind a form: searches, and the push list of the first policy with a pack (read from the
    database; pages a role may not open are left out by the walk's error check only if linked)."""
    from django.urls import reverse

    from littlegiant.web.catalog.models import Policy

    paths = [
        "/enterprises/?q=科技",
        "/catalog/?kind=policies&q=专精特新",
        "/catalog/?kind=achievements&q=检测",
    ]
    policy = Policy.objects.exclude(pack_id="").order_by("pk").first()
    if policy is not None:
        paths.append(reverse("catalog:push", args=[policy.pk]))
    return tuple(paths)


def _login_form(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def main(argv: list[str]) -> int:  # pragma: no cover - a tool for walking a running server by hand
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlegiant.web.config.settings")
    django.setup()
    from playwright.sync_api import sync_playwright
    from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS

    argv = [a for a in argv if a != "--"]
    base, username, password = argv[:3]
    from django.contrib.auth import get_user_model

    from littlegiant.web.accounts.permissions import is_bureau

    bureau = is_bureau(get_user_model().objects.get(username=username))
    extra = extra_paths() if bureau else extra_paths()[:3]
    shots = Path(argv[3]) if len(argv) > 3 else None
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_context(
            viewport={"width": 1366, "height": 900}, locale="zh-CN"
        ).new_page()
        _login_form(page, base, username, password)
        walk = walk_role(page, base, username, screenshots=shots, extra=extra)
        browser.close()
    for url in walk.visited:
        print("visited", url)
    for finding in walk.findings:
        print(finding)
    return 1 if walk.findings else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
