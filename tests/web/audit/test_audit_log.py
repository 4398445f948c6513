"""The audit log (issue 11, 等保 2.0 §8.1.4.3): coverage of events, who/when/where/what, append-only,
hash-chain tamper detection (``littlegiant audit verify``), retention floor, fail closed, and the
audit administrator's page (nobody else may read it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.services import create_platform_user, system_user
from littlegiant.web.audit.models import AuditEvent, ChainHead
from littlegiant.web.audit.queries import events_for, verify_chain
from littlegiant.web.audit.services import purge, record

PASSWORD = "x-Test-password-42"


@pytest.fixture
def three_admins(db):
    system = system_user()
    return {
        role: create_platform_user(
            user=system, username=f"{role.value}1", password=PASSWORD, role=role
        )
        for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
    }


def _independent_hash(prev: str, row: dict) -> str:
    """The chain rule written again here (not imported): SHA-256(prev ‖ '|' ‖ canonical JSON)."""
    fields = [
        "at", "username", "user_id_value", "role", "ip", "user_agent", "kind", "outcome",
        "method", "path", "object_type", "object_id", "detail",
    ]  # fmt: skip
    values = {name: row[name] for name in fields}
    values["at"] = row["at"].astimezone(dt.UTC).isoformat(timespec="microseconds")
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(prev.encode() + b"|" + text.encode()).hexdigest()


@pytest.fixture
def db_guard(db):
    """The append-only triggers of migration 0002, as production databases have them (test
    databases go without, ``LITTLEGIANT_AUDIT_DB_GUARD``); rolled back with the test."""
    import importlib

    migration = importlib.import_module(
        "littlegiant.web.audit.migrations.0002_append_only_triggers"
    )
    statements = {"sqlite": migration.SQLITE, "postgresql": migration.POSTGRESQL}[connection.vendor]

    def install() -> None:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    install()
    return install


def _raw(sql: str, params: list) -> None:
    """Tamper as a database superuser would: drop the append-only trigger first."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_young_delete")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_guard ON audit_auditevent")
        cursor.execute(sql, params)


# --- What is recorded -----------------------------------------------------------------------------


def test_login_failure_denial_write_export_and_sensitive_view_are_recorded(users, archive, client):
    client.post("/accounts/login/", {"username": "ent1", "password": "wrong-Pass-1"})
    client.post("/accounts/login/", {"username": "ent1", "password": PASSWORD})
    client.get(f"/enterprises/{archive['own'].uscc}/", REMOTE_ADDR="10.1.2.3")
    client.get(f"/enterprises/{archive['own'].uscc}/edit/")
    foreign = Client()
    foreign.force_login(users["official"])
    foreign.get("/enterprises/export/")
    foreign.post(f"/enterprises/{archive['foreign'].uscc}/edit/", {"name": "x"})
    prov = Client()
    prov.force_login(users["provider"])
    prov.get("/assessments/candidates/")

    events = list(AuditEvent.objects.order_by("id"))
    kinds = [event.kind for event in events]
    assert "login_failed" in kinds and "login" in kinds
    failed = next(event for event in events if event.kind == "login_failed")
    assert failed.username == "ent1" and failed.outcome == "failure" and failed.ip == "127.0.0.1"
    view = next(event for event in events if event.kind == "view_sensitive")
    assert (view.username, view.role, view.ip) == ("ent1", "enterprise", "10.1.2.3")
    assert view.object_id == archive["own"].uscc and view.path.startswith("/enterprises/")
    export = next(event for event in events if event.kind == "export")
    assert export.username == "official1" and export.detail["bytes"] > 0
    denied = [event for event in events if event.kind == "denied"]
    assert any(event.username == "prov1" for event in denied)
    assert all(event.outcome == "denied" for event in denied)
    assert verify_chain().ok


def test_every_service_write_is_recorded_with_the_acting_user(users, archive):
    from littlegiant.web.enterprises.models import Award

    before = AuditEvent.objects.count()
    award = Award.objects.filter(enterprise=archive["own"]).first()
    award._history_user = users["enterprise"]
    award.rank = 2
    award.save()
    award._history_user = users["official"]
    award.delete()
    writes = list(AuditEvent.objects.filter(kind="write").order_by("-id")[:2])
    assert AuditEvent.objects.count() == before + 2
    assert [(w.username, w.detail["action"]) for w in reversed(writes)] == [
        ("ent1", "update"),
        ("official1", "delete"),
    ]
    assert writes[0].object_type == "enterprises.Award"


def test_log_injection_is_impossible(db):
    record("login_failed", user=None, outcome="failure", username="x\nFAKE login success")
    event = AuditEvent.objects.get()
    assert "\n" not in event.username and event.username == "x\\nFAKE login success"


def test_no_password_is_ever_recorded(users, client):
    client.post("/accounts/login/", {"username": "ent1", "password": "Secret-Wrong-9"})
    client.post("/accounts/login/", {"username": "ent1", "password": PASSWORD})
    dump = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert "Secret-Wrong-9" not in dump and PASSWORD not in dump


# --- Append-only and the hash chain ---------------------------------------------------------------


def test_records_cannot_be_changed_or_deleted_through_the_model_or_the_database(db_guard):
    event = record("audit", user=None, detail={"n": 1})
    event.detail = {"n": 2}
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(outcome="failure")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk)._raw_delete(connection.alias)


def test_the_chain_matches_an_independent_computation(users, client):
    client.post("/accounts/login/", {"username": "ent1", "password": PASSWORD})
    client.get("/enterprises/")
    previous = "0" * 64
    rows = list(AuditEvent.objects.order_by("id").values())
    assert len(rows) > 5
    for row in rows:
        assert row["prev_hash"] == previous
        assert row["hash"] == _independent_hash(previous, row)
        previous = row["hash"]
    assert ChainHead.objects.get().last_hash == previous


@pytest.mark.parametrize("tamper", ["edit", "delete_middle", "delete_last", "swap"])
def test_verify_detects_tampering_and_names_the_record(db, tamper):
    events = [record("audit", user=None, detail={"n": n}) for n in range(6)]
    assert verify_chain().ok and verify_chain().checked == 6
    third = events[2]
    if tamper == "edit":
        _raw("UPDATE audit_auditevent SET username = %s WHERE id = %s", ["mallory", third.pk])
        expected = third.pk
    elif tamper == "delete_middle":
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [third.pk])
        expected = events[3].pk
    elif tamper == "delete_last":
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
        expected = events[-1].pk
    else:
        _raw(
            "UPDATE audit_auditevent SET detail = %s WHERE id = %s",
            [json.dumps({"n": 3}), third.pk],
        )
        expected = third.pk
    report = verify_chain()
    assert not report.ok and report.broken_id == expected


def test_the_verify_command_exits_1_on_tampering(db, monkeypatch):
    from littlegiant.cli.main import app

    events = [record("audit", user=None, detail={"n": n}) for n in range(3)]
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0 and "哈希链完整" in ok.output and "3 条" in ok.output
    _raw("UPDATE audit_auditevent SET ip = %s WHERE id = %s", ["6.6.6.6", events[1].pk])
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1 and f"第 {events[1].pk} 号记录" in broken.output


# --- Retention ------------------------------------------------------------------------------------


def test_purge_keeps_at_least_180_days_whatever_the_setting(db_guard, settings):
    settings.LITTLEGIANT_AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    ages = [400, 200, 181, 179, 100, 31, 1]
    for age in ages:
        event = record("audit", user=None, detail={"age": age})
        _raw(
            "UPDATE audit_auditevent SET at = %s WHERE id = %s",
            [now - dt.timedelta(days=age), event.pk],
        )
    # The timestamps were moved for the test, so re-chain them the way the writer would have.
    _rechain()
    db_guard()  # _raw dropped the triggers: purge runs with them, as in production
    deleted = purge(user=system_user(), now=now)
    assert deleted == 3
    kept = sorted(AuditEvent.objects.filter(kind="audit").values_list("detail", flat=True), key=str)
    assert {d.get("age") for d in kept if "age" in d} == {179, 100, 31, 1}
    assert verify_chain().ok  # anchored on the last purged record


def _rechain() -> None:
    from littlegiant.web.audit.chain import link

    previous = "0" * 64
    with connection.cursor() as cursor:
        for row in AuditEvent.objects.order_by("id").values():
            new = link(previous, row)
            cursor.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [previous, new, row["id"]],
            )
            previous = new
    ChainHead.objects.filter(pk=1).update(last_hash=previous)


def test_the_database_refuses_to_delete_young_records_even_for_purge(db_guard):
    event = record("audit", user=None)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


def test_only_the_system_side_may_purge(users, three_admins):
    for actor in (
        *users.values(),
        three_admins[Role.AUDIT_ADMIN],
        three_admins[Role.SECURITY_ADMIN],
    ):
        with pytest.raises(PermissionDenied):
            purge(user=actor)
    assert purge(user=three_admins[Role.SYSTEM_ADMIN]) == 0


# --- Fail closed ----------------------------------------------------------------------------------


def test_a_write_whose_audit_record_fails_does_not_happen(users, archive, monkeypatch):
    from littlegiant.web.audit import services as audit_services
    from littlegiant.web.enterprises.models import Enterprise

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    client = Client()
    client.force_login(users["official"])
    monkeypatch.setattr(audit_services.AuditEvent, "save", broken)
    name = archive["own"].name
    response = client.post(
        f"/enterprises/{archive['own'].uscc}/edit/",
        {"name": "改过的名字有限公司", "region_code": "330106"},
    )
    assert response.status_code == 503
    assert "操作未执行" in response.content.decode()
    assert Enterprise.objects.get(pk=archive["own"].pk).name == name


# --- Who may read it ------------------------------------------------------------------------------


def test_only_the_audit_administrator_reads_the_log(users, three_admins):
    record("audit", user=None, detail={"seed": 1})
    for actor in (
        *users.values(),
        three_admins[Role.SYSTEM_ADMIN],
        three_admins[Role.SECURITY_ADMIN],
    ):
        with pytest.raises(PermissionDenied):
            events_for(actor)
        client = Client()
        client.force_login(actor)
        assert client.get("/audit/").status_code == 403
    assert Client().get("/audit/").status_code == 302  # anonymous → login
    auditor = Client()
    auditor.force_login(three_admins[Role.AUDIT_ADMIN])
    page = auditor.get("/audit/")
    assert page.status_code == 200 and "审计日志" in page.content.decode()
    assert AuditEvent.objects.filter(kind="audit", username="audit_admin1").exists()


def test_the_audit_page_filters_by_user_event_outcome_and_date(users, three_admins):
    client = Client()
    client.post("/accounts/login/", {"username": "ent1", "password": "wrong-Pass-1"})
    client.post("/accounts/login/", {"username": "prov1", "password": "wrong-Pass-1"})
    auditor = Client()
    auditor.force_login(three_admins[Role.AUDIT_ADMIN])
    today = timezone.localdate().isoformat()
    page = auditor.get(
        "/audit/",
        {"kind": "login_failed", "username": "ent1", "outcome": "failure", "since": today},
    )
    rows = page.context["rows"]
    assert [(event.username, event.kind) for event, _, _ in rows] == [("ent1", "login_failed")]
    assert auditor.get("/audit/", {"until": "2000-01-01"}).context["page"].paginator.count == 0
    verified = auditor.get("/audit/", {"verify": "1"})
    assert "哈希链完整" in verified.content.decode()


def test_the_three_administrators_see_no_enterprise_data(archive, three_admins):
    from littlegiant.web.accounts.permissions import enterprises_visible_to, is_bureau

    for admin in three_admins.values():
        assert not enterprises_visible_to(admin).exists()
        assert not is_bureau(admin)
        client = Client()
        client.force_login(admin)
        assert client.get(f"/enterprises/{archive['own'].uscc}/").status_code == 404
        assert client.get("/admin/").status_code in {302, 403}


def test_a_bulk_archive_load_gets_one_record_with_its_counts(db, make_archive_rows):
    from littlegiant.web.enterprises.services import load_archive_rows

    load_archive_rows(tables=make_archive_rows(3), user=system_user())
    loads = AuditEvent.objects.filter(object_type="enterprises.archive_load")
    assert loads.count() == 1
    load = loads.get()
    assert load.username == "littlegiant-system"
    assert load.detail["tables"]["enterprise"]["created"] == 3
    assert load.detail["tables"]["yearly"]["created"] == 9


def test_a_foreign_enterprise_is_404_but_audited_as_a_denial(users, archive):
    client = Client()
    client.force_login(users["enterprise"])
    assert client.get(f"/enterprises/{archive['foreign'].uscc}/").status_code == 404
    assert client.get(f"/api/enterprises/{archive['foreign'].uscc}").status_code == 404
    assert client.get("/enterprises/91330106MA0000000X/").status_code == 404  # does not exist
    denied = AuditEvent.objects.filter(kind="denied", username="ent1")
    assert denied.count() == 2
    assert set(denied.values_list("object_id", flat=True)) == {archive["foreign"].uscc}
