"""Web fixtures: a small two-region archive and one user per role.

Region ``330106`` (杭州市西湖区) holds the "own" enterprises, ``320102`` (南京市玄武区) the
"foreign" one. The official is scoped to ``330100`` (杭州市), the enterprise user bound to
``OWN_USCC`` only.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from stdnum.cn import uscc as stdnum_uscc

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.services import create_platform_user, system_user
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import load_archive_rows

if TYPE_CHECKING:
    from playwright.sync_api import Page

PASSWORD = "x-Test-password-42"
TODAY = dt.date.today()  # noqa: DTZ011 - titles in the fixture stay valid whenever the suite runs
_USCC_BODY = string.digits + "ABCDEFGHJKLMNPQRTUWXY"


def make_uscc(number: int) -> str:
    """A valid USCC (GB 32100 check digit) for a test number."""
    body = f"91330106MA{number:07d}"
    return body + stdnum_uscc.calc_check_digit(body)


def make_random_uscc(rng: random.Random) -> str:
    body = "9133" + "".join(rng.choice(_USCC_BODY) for _ in range(13))
    return body + stdnum_uscc.calc_check_digit(body)


def archive_rows(
    n: int, *, region_codes: tuple[str, ...] = ("330106",), seed: int = 7, first: int = 1
):
    """``n`` enterprises with three years of figures, titles, IP, an award, a certificate, a standard."""
    rng = random.Random(seed)
    rows: dict[str, list[dict]] = {
        table: []
        for table in (
            "enterprise",
            "yearly",
            "titles",
            "ip",
            "awards",
            "certifications",
            "standards",
            "contacts",
        )
    }
    for i in range(first, first + n):
        uscc = make_uscc(i)
        rows["enterprise"].append(
            {
                "uscc": uscc,
                "name": f"测试企业{i:04d}有限公司",
                "region_code": region_codes[i % len(region_codes)],
                "industry_code": rng.choice(["C3985", "C34", "I6513", "M7320"]),
                "established_on": dt.date(2010 + i % 10, 1 + i % 12, 1),
                "niche_years": 3 + i % 5,
            }
        )
        for year in (2022, 2023, 2024):
            revenue = round(rng.uniform(500, 20000), 2)
            rows["yearly"].append(
                {
                    "uscc": uscc,
                    "fiscal_year": year,
                    "revenue": revenue,
                    "rd_expense": round(revenue * rng.uniform(0.01, 0.08), 2),
                    "employees": rng.randint(20, 900),
                }
            )
        rows["titles"].append(
            {
                "uscc": uscc,
                "title": "innovative_sme" if i % 2 else "specialized_sme",
                "issued_on": TODAY - dt.timedelta(days=365),
                "expires_on": TODAY + dt.timedelta(days=730),
                "certificate_no": f"ZJ-{i:05d}",
            }
        )
        rows["ip"].append({"uscc": uscc, "ip_class1_count": i % 4, "ip_class2_count": 5 + i % 3})
        rows["awards"].append(
            {"uscc": uscc, "award": "provincial_sci_tech", "year": 2023, "rank": 1 + i % 5}
        )
        rows["certifications"].append(
            {
                "uscc": uscc,
                "certification": "quality_management",
                "cert_name": "ISO 9001",
                "expires_on": TODAY + dt.timedelta(days=400),
            }
        )
        rows["standards"].append(
            {
                "uscc": uscc,
                "standard_code": f"T/ZJ {i:03d}-2023",
                "standard_level": "group",
                "role": "lead",
                "year": 2023,
            }
        )
        rows["contacts"].append(
            {
                "uscc": uscc,
                "contact_name": f"联系人{i}",
                "phone": f"1380000{i:04d}",
                "email": f"contact{i}@example.com",
            }
        )
    return rows


OWN_USCC = make_uscc(1)
OWN_OTHER_USCC = make_uscc(2)
FOREIGN_USCC = make_uscc(900)


# --- Personal-information masking scan ------------------------------------------------------------
# Every response and export of the web tests (pages, API, Excel/CSV downloads) is searched for every
# contact's phone number and e-mail stored at that moment. Found in a response to a user who may not
# see that enterprise's personal information (``permissions.sees_personal_info``): the test fails
# there. Counts go to ``config.pi_scan`` (printed at the end by ``tests/conftest.py``).


def _response_text(response) -> tuple[str, bool]:
    """The text of a response and whether it is a download (xlsx cells or CSV read as text)."""
    if response.streaming:
        data = b"".join(response.streaming_content)
        response.streaming_content = [data]  # the test still reads it
    else:
        data = response.content
    content_type = response.get("Content-Type", "")
    if data[:2] == b"PK" or "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True)
        except Exception:
            return data.decode("utf-8", "replace"), True
        cells = (
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
        return "\n".join(cells), True
    if "csv" in content_type:
        return data.decode("utf-8-sig", "replace"), True
    return data.decode("utf-8", "replace"), False


def _scan_for_personal_info(response, scan: dict[str, int]) -> None:
    from django.db import DatabaseError
    from django.db.transaction import TransactionManagementError

    from littlegiant.web.accounts.permissions import sees_personal_info
    from littlegiant.web.enterprises.models import Contact, Enterprise

    try:
        stored = list(Contact.objects.values_list("enterprise_id", "phone", "email"))
    except (RuntimeError, DatabaseError, TransactionManagementError):
        return  # no database in this test (or a broken transaction the test is about): nothing stored
    text, is_export = _response_text(response)
    scan["responses"] += 1
    scan["exports"] += int(is_export)
    request = getattr(response, "wsgi_request", None)
    user = getattr(request, "user", None)
    for enterprise_id, *values in stored:
        shown = [value for value in values if value and len(value) >= 5 and value in text]
        if not shown:
            continue
        if sees_personal_info(user, Enterprise.objects.get(pk=enterprise_id)):
            scan["personal_values_seen"] += len(shown)
            continue
        scan["unmasked"] += len(shown)
        pytest.fail(
            f"unmasked personal information {shown} of enterprise {enterprise_id} in the response "
            f"to {getattr(request, 'path', '?')} for {user!r}"
        )


@pytest.fixture
def personal_info_scanner():
    """The scan itself, for the test that proves it fails on an unmasked number."""
    return _scan_for_personal_info


@pytest.fixture(autouse=True)
def _personal_info_scan(request, monkeypatch):
    """Wrap the test client: every response is scanned (see ``_scan_for_personal_info``)."""
    original = Client.request
    scan = request.config.pi_scan

    def request_and_scan(self, **kwargs):
        response = original(self, **kwargs)
        _scan_for_personal_info(response, scan)
        return response

    monkeypatch.setattr(Client, "request", request_and_scan)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 takes ~0.3 s a user; tests do not need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def second_factor_device(user):
    """The user's confirmed TOTP device (created if missing): what a staff user enrols at first login."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="测试", confirmed=True)


def current_totp_code(user) -> str:
    """The code the user's authenticator app shows now (for tests that log in through the form)."""
    from django_otp.oath import totp

    device = second_factor_device(user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def pass_second_factor(client: Client, user) -> None:
    """Mark the client's session as having passed the second factor (django-otp's session key)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = second_factor_device(user).persistent_id
    session.save()


@pytest.fixture
def totp_code_for():
    """``totp_code_for(username)``: the code that user's authenticator app shows now (device created
    if missing), for tests that log in through the form."""
    from django.contrib.auth import get_user_model

    def _code(username: str) -> str:
        return current_totp_code(get_user_model().objects.get(username=username))

    return _code


@pytest.fixture(autouse=True)
def _second_factor_on_force_login(request, monkeypatch):
    """The test-only way to satisfy 2FA: ``Client.force_login`` also passes the second factor, so
    tests of pages and the API act as a fully signed-in user of any role. Tests of the login flow
    itself mark themselves ``pytest.mark.real_mfa`` (or log in through the form) to go without."""
    if request.node.get_closest_marker("real_mfa") is not None:
        return
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from django_otp import user_has_device

        from littlegiant.web.accounts.permissions import STAFF_ROLES, role_of

        if role_of(user) in STAFF_ROLES or user_has_device(user):
            pass_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def archive(db):
    """Two Hangzhou enterprises (330106) and one Nanjing enterprise (320102)."""
    load_archive_rows(tables=archive_rows(2), user=system_user())
    load_archive_rows(
        tables=archive_rows(1, region_codes=("320102",), first=900), user=system_user()
    )
    return {
        "own": Enterprise.objects.get(uscc=OWN_USCC),
        "own_other": Enterprise.objects.get(uscc=OWN_OTHER_USCC),
        "foreign": Enterprise.objects.get(uscc=FOREIGN_USCC),
    }


@pytest.fixture
def users(archive):
    """One user per role (created through the accounts service, as ``littlegiant demo`` does)."""
    return {
        "admin": create_platform_user(
            user=system_user(), username="admin1", password=PASSWORD, role=Role.ADMIN
        ),
        "official": create_platform_user(
            user=system_user(),
            username="official1",
            password=PASSWORD,
            role=Role.OFFICIAL,
            region_codes=["330100"],
        ),
        "enterprise": create_platform_user(
            user=system_user(),
            username="ent1",
            password=PASSWORD,
            role=Role.ENTERPRISE,
            enterprises=[archive["own"]],
        ),
        "provider": create_platform_user(
            user=system_user(), username="prov1", password=PASSWORD, role=Role.PROVIDER
        ),
    }


@pytest.fixture
def roles(users):
    """Every kind of actor an authorization test tries: ``users`` plus an official of another region
    (南京市, 320100: outside the own enterprises' 330106) and an anonymous visitor."""
    from django.contrib.auth.models import AnonymousUser

    outside = create_platform_user(
        user=system_user(),
        username="official_nj",
        password=PASSWORD,
        role=Role.OFFICIAL,
        region_codes=["320100"],
    )
    return {**users, "official_outside": outside, "anonymous": AnonymousUser()}


@pytest.fixture
def inline_jobs(settings):
    """Background jobs run at once, in the test's thread and transaction (django-tasks' immediate
    backend in place of the database queue)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def task_worker(transactional_db) -> Iterator[Any]:
    """The task queue's real database worker, in a thread of the test process, for the test's length
    (the test's writes must be committed for it to see them, hence a transactional database)."""
    import threading

    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"], interval=0.05, batch=False, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )  # fmt: skip

    def run() -> None:
        try:
            worker.run()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="task-worker", daemon=True)
    thread.start()
    yield worker
    worker.running = False
    thread.join(timeout=30)


@pytest.fixture
def login(client):
    """Log the test client in as a user; returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def make_archive_rows():
    """The ``archive_rows`` builder, for tests that load their own rows."""
    return archive_rows


@pytest.fixture
def uscc_for():
    """The ``make_uscc`` helper (valid USCC for a test number)."""
    return make_uscc


# --- Browser tests (Playwright on Debian's Chromium) -------------------------------------------------
# Every browser test carries ``pytest.mark.browser`` (so ``-m "not browser"`` leaves them out) and asks
# for ``browser_page``; the page is a fresh browser per test, closed afterwards.

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture
def screenshots_dir() -> Path:
    """``screenshots/`` at the repository root, created if missing."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def browser_viewport() -> dict[str, int]:
    """The browser window size; override this fixture in a test module to change it."""
    return {"width": 1366, "height": 900}


@pytest.fixture
def browser_page(
    request: pytest.FixtureRequest,
    live_server: Any,
    monkeypatch: pytest.MonkeyPatch,
    browser_viewport: dict[str, int],
) -> Iterator[Page]:
    """A zh-CN Playwright page on Debian's Chromium, next to the live server.

    Skips when Playwright or ``/usr/bin/chromium`` is missing. Playwright's sync API runs an event
    loop in this thread, so Django's async-safety check is switched off for the test only.
    """
    if request.node.get_closest_marker("browser") is None:
        pytest.fail(f"{request.node.nodeid} 使用了浏览器，须标记 pytest.mark.browser")
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"Debian chromium is not installed ({CHROMIUM})")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=browser_viewport, locale="zh-CN")
            yield context.new_page()
        finally:
            browser.close()


@pytest.fixture
def browser_login() -> Callable[[Page, Any, Any], None]:
    """Log a browser page in as ``user``: a test client's session cookie, copied into the browser.

    Call as ``browser_login(page, live_server, user)``; no login form is involved.
    """

    def _login(page: Page, live_server: Any, user: Any) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return _login


@pytest.fixture
def isolated_indexes(settings, tmp_path):
    """A test's own search-index folder and freshly opened indexes."""
    from littlegiant.web.catalog.queries.index import reset_indexes

    settings.INDEXES_DIR = tmp_path / "indexes"
    reset_indexes()
    yield
    reset_indexes()


@pytest.fixture
def catalog(db, archive, django_capture_on_commit_callbacks):
    """A few entries of every catalog; the Hangzhou policies have eligibility packs."""

    from littlegiant.web.catalog import services

    def save(catalog_id, **values):
        with django_capture_on_commit_callbacks(execute=True):
            return services.save_entry(user=system_user(), catalog_id=catalog_id, values=values)[0]

    return {
        "vision": save(
            "achievements",
            ref="A1",
            title="锂电池极片缺陷机器视觉检测系统",
            summary="基于机器视觉的极片表面缺陷在线检测",
            industry_codes="C3985",
            maturity="industrialised",
            region_code="330106",
            price_min=100.0,
            transfer_modes=["transfer", "license"],
        ),
        "iiot": save(
            "achievements",
            ref="A2",
            title="工业互联网平台预测性维护",
            summary="面向专精特新中小企业的设备数据采集",
            industry_codes="I65",
            maturity="pilot",
        ),
        "need": save(
            "needs",
            ref="N1",
            title="极片缺陷检测",
            summary="需要机器视觉缺陷检测方案",
            uscc=archive["own"].uscc,
            budget=120.0,
        ),
        "foreign_need": save(
            "needs",
            ref="N2",
            title="无人机巡检",
            summary="需要无人机巡检",
            uscc=archive["foreign"].uscc,
        ),
        "reward": save(
            "policies",
            ref="P1",
            title="梯度培育奖励",
            full_text="对专精特新中小企业给予奖励",
            region_code="330100",
            level="city",
            support_type="reward",
            pack_id="zjtx_reward@2025",
        ),
        "voucher": save(
            "policies",
            ref="P2",
            title="算力券",
            full_text="算力券支持中小企业购买算力",
            region_code="330100",
            level="city",
            support_type="voucher",
            pack_id="compute_voucher@2025",
        ),
        "elsewhere": save(
            "policies",
            ref="P3",
            title="深圳算力券",
            full_text="算力券",
            region_code="440300",
            support_type="voucher",
            pack_id="compute_voucher@2025",
        ),
        "loan": save(
            "products",
            ref="F1",
            title="专精特新贷",
            description="信用贷款",
            product_type="zjtx_loan",
            pack_id="zjtx_loan@2025",
        ),
    }
