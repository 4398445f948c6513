"""Authentication controls (issue 11, 等保 2.0 §8.1.4.1): lockout, password policy, the second factor,
idle and absolute session timeouts, cookie flags, password change for every role."""

from __future__ import annotations

import re
import string
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given, settings
from hypothesis import strategies as st

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.passwords import CharacterClassesValidator
from littlegiant.web.accounts.services import create_platform_user, system_user
from littlegiant.web.accounts.session_keys import LOGIN_AT, SEEN_AT
from littlegiant.web.audit.models import AuditEvent

PASSWORD = "x-Test-password-42"
LOGIN = "/accounts/login/"


def _login_form(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def _code(device: TOTPDevice, offset_steps: int = 0) -> str:
    generator = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    generator.time = time.time() + offset_steps * device.step
    return f"{generator.token():06d}"


@pytest.fixture
def platform_users(db):
    system = system_user()
    made = {}
    for username, role, extra in [
        ("official1", Role.OFFICIAL, {"region_codes": ["330100"]}),
        ("ent1", Role.ENTERPRISE, {}),
        ("prov1", Role.PROVIDER, {}),
        ("admin1", Role.ADMIN, {}),
        ("sysadmin1", Role.SYSTEM_ADMIN, {}),
        ("secadmin1", Role.SECURITY_ADMIN, {}),
        ("auditadmin1", Role.AUDIT_ADMIN, {}),
    ]:
        made[username] = create_platform_user(
            user=system, username=username, password=PASSWORD, role=role, **extra
        )
    return made


# --- Lockout (django-axes) ------------------------------------------------------------------------


def test_four_failures_still_allow_login_the_fifth_locks_even_the_right_password(platform_users):
    client = Client()
    for _ in range(4):
        assert _login_form(client, "ent1", "wrong-Password-1").status_code == 200
    assert _login_form(client, "ent1", PASSWORD).status_code == 302  # 4 failures: still fine
    client.logout()
    for _ in range(5):
        _login_form(client, "ent1", "wrong-Password-1")
    locked = _login_form(client, "ent1", PASSWORD)
    assert locked.status_code == 429
    assert "锁定 30 分钟" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    kinds = list(AuditEvent.objects.values_list("kind", flat=True))
    assert kinds.count("login_failed") >= 9 and "locked_out" in kinds


def test_lockout_ends_after_30_minutes(platform_users, settings):
    from axes.models import AccessAttempt

    client = Client()
    for _ in range(5):
        _login_form(client, "ent1", "wrong-Password-1")
    assert _login_form(client, "ent1", PASSWORD).status_code == 429
    # 31 minutes later (the attempts' timestamps moved back instead of the clock).
    from django.utils import timezone

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 1.04)
    assert _login_form(client, "ent1", PASSWORD).status_code == 302


def test_lockout_message_does_not_reveal_whether_the_account_exists(platform_users):
    client = Client()
    unknown = _login_form(client, "nobody-here", "wrong-Password-1")
    wrong = _login_form(client, "ent1", "wrong-Password-1")
    assert unknown.status_code == wrong.status_code == 200
    assert "用户名或密码不正确" in unknown.content.decode()
    assert "用户名或密码不正确" in wrong.content.decode()


def test_security_admin_unlocks_a_locked_account_and_nobody_else_may(platform_users):
    client = Client()
    for _ in range(5):
        _login_form(client, "ent1", "wrong-Password-1")
    assert _login_form(client, "ent1", PASSWORD).status_code == 429
    for name in ("admin1", "official1", "sysadmin1", "auditadmin1", "prov1"):
        other = Client()
        other.force_login(platform_users[name])
        response = other.post(
            "/accounts/admin-security/",
            {"user_id": platform_users["ent1"].pk, "action": "unlock"},
        )
        assert response.status_code == 403, name
    assert _login_form(Client(), "ent1", PASSWORD).status_code == 429
    security = Client()
    security.force_login(platform_users["secadmin1"])
    page = security.get("/accounts/admin-security/")
    assert page.status_code == 200 and "已锁定" in page.content.decode()
    security.post(
        "/accounts/admin-security/", {"user_id": platform_users["ent1"].pk, "action": "unlock"}
    )
    assert _login_form(Client(), "ent1", PASSWORD).status_code == 302


# --- Password policy ------------------------------------------------------------------------------


def _classes(password: str) -> int:
    """Reference predicate, written independently of the validator."""
    groups = [
        any(c.isascii() and c.isupper() for c in password),
        any(c.isascii() and c.islower() for c in password),
        any(c.isascii() and c.isdigit() for c in password),
        any(not (c.isascii() and c.isalnum()) for c in password),
    ]
    return sum(groups)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + "!@#-_ 中", max_size=20))
def test_character_classes_validator_matches_a_reference_predicate(password):
    validator = CharacterClassesValidator(min_classes=3)
    if _classes(password) >= 3:
        validator.validate(password)
    else:
        with pytest.raises(ValidationError):
            validator.validate(password)


@pytest.mark.parametrize(
    "password",
    [
        "Ab1-xyz",  # 7 characters
        "abcdefgh12",  # 2 classes
        "12345678",  # digits only, common
        "Password1",  # common list (3 classes, 9 characters)
        "official1-X",  # like the user name
    ],
)
def test_bad_passwords_are_refused_by_the_password_change_page(platform_users, password):
    client = Client()
    client.force_login(platform_users["official1"])
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert re.search("密码|相似|常见|数字", response.content.decode())
    user = get_user_model().objects.get(username="official1")
    assert user.check_password(PASSWORD)


def test_account_creation_enforces_the_policy(platform_users):
    with pytest.raises(ValidationError):
        create_platform_user(
            user=system_user(), username="weak", password="abcdefgh", role=Role.PROVIDER
        )
    assert not get_user_model().objects.filter(username="weak").exists()


@pytest.mark.parametrize(
    "username", ["official1", "ent1", "prov1", "admin1", "sysadmin1", "secadmin1", "auditadmin1"]
)
def test_every_role_changes_its_own_password(platform_users, username):
    client = Client()
    client.force_login(platform_users[username])
    other = Client()
    other.force_login(platform_users[username])  # a second session of the same user
    assert client.get("/accounts/password/").status_code == 200
    new = "N3w-Strong-passphrase"
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username=username).check_password(new)
    assert client.get("/accounts/security/").status_code == 200  # this session goes on
    assert other.get("/accounts/security/").status_code == 302  # the other one ended
    assert AuditEvent.objects.filter(kind="password", username=username).exists()


# --- Second factor --------------------------------------------------------------------------------


@pytest.mark.real_mfa
@pytest.mark.parametrize(
    "username", ["official1", "admin1", "sysadmin1", "secadmin1", "auditadmin1"]
)
def test_staff_cannot_reach_anything_before_the_second_factor(platform_users, username):
    client = Client()
    assert _login_form(client, username, PASSWORD).status_code == 302
    page = client.get("/enterprises/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/2fa/setup/")
    api = client.get("/api/enterprises/")
    assert api.status_code == 401 and "双因素" in api.json()["detail"]
    assert client.get("/admin/").status_code == 302
    assert client.get("/audit/").status_code == 302


@pytest.mark.real_mfa
def test_staff_enrol_with_a_qr_code_then_log_in_with_password_and_code(platform_users):
    client = Client()
    _login_form(client, "official1", PASSWORD)
    setup = client.get("/accounts/2fa/setup/")
    body = setup.content.decode()
    assert setup.status_code == 200 and "<svg" in body and "<script" not in body.split("<main")[1]
    device = TOTPDevice.objects.get(user=platform_users["official1"], confirmed=False)
    wrong = client.post("/accounts/2fa/setup/", {"token": "000000"})
    assert "不正确" in wrong.content.decode()
    throttled = client.post("/accounts/2fa/setup/", {"token": _code(device)})
    assert "不正确" in throttled.content.decode()  # right code, but within the 1 s back-off
    time.sleep(1.1)
    done = client.post("/accounts/2fa/setup/", {"token": _code(device)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/enterprises/").status_code == 200
    client.post("/accounts/logout/")

    # Next login: password, then the code; a used code cannot be replayed.
    second = Client()
    _login_form(second, "official1", PASSWORD)
    assert second.get("/enterprises/")["Location"].startswith("/accounts/2fa/verify/")
    device.refresh_from_db()
    next_code = _code(device, offset_steps=1)
    assert second.post("/accounts/2fa/verify/", {"token": next_code}).status_code == 302
    assert second.get("/enterprises/").status_code == 200
    third = Client()
    _login_form(third, "official1", PASSWORD)
    replay = third.post("/accounts/2fa/verify/", {"token": next_code})
    assert replay.status_code == 200 and "不正确" in replay.content.decode()
    # A backup code works once (after the 1 s back-off the failed replay earned).
    time.sleep(1.1)
    assert third.post("/accounts/2fa/verify/", {"token": codes[0]}).status_code == 302
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    events = AuditEvent.objects.filter(kind="mfa", username="official1")
    assert events.filter(outcome="failure").count() == 3
    assert events.filter(outcome="success").count() == 3


@pytest.mark.real_mfa
def test_the_second_factor_is_optional_for_enterprises(platform_users):
    client = Client()
    _login_form(client, "ent1", PASSWORD)
    assert client.get("/accounts/security/").status_code == 200  # no second factor asked
    client.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=platform_users["ent1"])
    client.post("/accounts/2fa/setup/", {"token": _code(device)})
    client.post("/accounts/logout/")
    again = Client()
    _login_form(again, "ent1", PASSWORD)
    assert again.get("/accounts/security/")["Location"].startswith("/accounts/2fa/verify/")
    device.refresh_from_db()
    again.post("/accounts/2fa/verify/", {"token": _code(device, offset_steps=1)})
    assert again.post("/accounts/2fa/disable/").status_code == 302
    assert not TOTPDevice.objects.filter(user=platform_users["ent1"]).exists()


def test_staff_may_not_turn_the_second_factor_off(platform_users):
    from littlegiant.web.accounts.services import disable_second_factor

    with pytest.raises(PermissionDenied):
        disable_second_factor(user=platform_users["official1"])
    client = Client()
    client.force_login(platform_users["official1"])
    assert client.post("/accounts/2fa/disable/").status_code == 403


# --- Sessions -------------------------------------------------------------------------------------


def _age_session(client: Client, *, idle: float = 0, since_login: float = 0) -> None:
    session = client.session
    now = time.time()
    session[SEEN_AT] = now - idle
    session[LOGIN_AT] = now - since_login
    session.save()


@pytest.mark.parametrize(
    ("username", "limit_minutes"),
    [("official1", 30), ("ent1", 30), ("prov1", 30), ("admin1", 15), ("auditadmin1", 15)],
)
def test_idle_timeout(platform_users, username, limit_minutes):
    client = Client()
    client.force_login(platform_users[username])
    _age_session(client, idle=limit_minutes * 60 - 5)
    assert client.get("/accounts/security/").status_code == 200
    _age_session(client, idle=limit_minutes * 60 + 5)
    response = client.get("/accounts/security/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    api = Client()
    api.force_login(platform_users[username])
    _age_session(api, idle=limit_minutes * 60 + 5)
    answer = api.get("/api/enterprises/")
    assert answer.status_code == 401 and "未操作" in answer.json()["detail"]
    assert AuditEvent.objects.filter(kind="session_expired", username=username).count() == 2


def test_twelve_hours_at_most_even_when_active(platform_users):
    client = Client()
    client.force_login(platform_users["ent1"])
    _age_session(client, idle=10, since_login=12 * 3600 - 30)
    assert client.get("/accounts/security/").status_code == 200
    _age_session(client, idle=10, since_login=12 * 3600 + 1)
    assert client.get("/accounts/security/").status_code == 302


def test_session_cookie_flags(platform_users):
    client = Client()
    response = _login_form(client, "ent1", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_secure_cookies_in_production_settings(monkeypatch):
    import importlib

    import littlegiant.web.config.settings as web_settings

    monkeypatch.setenv("LITTLEGIANT_SECURE_COOKIES", "1")
    try:
        reloaded = importlib.reload(web_settings)
        assert reloaded.SESSION_COOKIE_SECURE and reloaded.CSRF_COOKIE_SECURE
        assert reloaded.SESSION_COOKIE_HTTPONLY and reloaded.SESSION_COOKIE_SAMESITE == "Lax"
    finally:
        monkeypatch.delenv("LITTLEGIANT_SECURE_COOKIES")
        importlib.reload(web_settings)


@pytest.mark.real_mfa
def test_a_password_alone_cannot_replace_an_enrolled_second_factor(platform_users):
    from littlegiant.web.accounts.services import totp_device_for_enrolment

    official = platform_users["official1"]
    TOTPDevice.objects.create(user=official, name="原手机", confirmed=True)
    thief = Client()
    _login_form(thief, "official1", PASSWORD)
    response = thief.get("/accounts/2fa/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/verify/")
    assert thief.post("/accounts/2fa/setup/", {"token": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=official).count() == 1
    with pytest.raises(PermissionDenied):
        totp_device_for_enrolment(user=official)  # a user object that passed no second factor


def test_the_admin_shows_no_second_factor_secrets(platform_users):
    client = Client()
    client.force_login(platform_users["admin1"])
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404
    assert client.get("/admin/axes/accessattempt/").status_code == 404
    assert client.get("/admin/audit/auditevent/").status_code == 404


def test_login_rotates_the_session_key_and_logout_deletes_the_session_row(platform_users):
    from django.contrib.sessions.models import Session

    client = Client()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    _login_form(client, "ent1", PASSWORD)
    after = client.session.session_key
    assert after != before and Session.objects.filter(session_key=after).exists()
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=after).exists()


def test_security_admin_resets_a_second_factor_and_ends_sessions(platform_users):
    official = platform_users["official1"]
    TOTPDevice.objects.create(user=official, name="旧手机", confirmed=True)
    victim = Client()
    victim.force_login(official)
    assert victim.get("/accounts/security/").status_code == 200
    security = Client()
    security.force_login(platform_users["secadmin1"])
    for action in ("reset_mfa", "end_sessions"):
        response = security.post(
            "/accounts/admin-security/", {"user_id": official.pk, "action": action}
        )
        assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=official, name="旧手机").exists()
    assert victim.get("/accounts/security/").status_code == 302  # session ended
    actions = AuditEvent.objects.filter(kind="security", username="secadmin1")
    assert {event.detail["action"] for event in actions} >= {"reset_mfa", "end_sessions"}
    assert all(event.object_id == str(official.pk) for event in actions)
