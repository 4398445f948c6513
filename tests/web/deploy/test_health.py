"""Health and readiness probes: open to every role, no data, 503 when the database is not ready."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connections
from django.test import Client

from littlegiant.web import health

pytestmark = pytest.mark.django_db

ROLES = ["admin", "official", "official_outside", "enterprise", "provider", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_same_probes_and_no_data(roles, role):
    client = Client()
    if role != "anonymous":
        client.force_login(roles[role])
    live = client.get("/healthz")
    ready = client.get("/readyz")
    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (
        200,
        {"status": "ready", "database": "ok", "migrations": "ok"},
    )
    assert "no-cache" in ready["Cache-Control"]


def test_readiness_fails_with_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken(self):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(type(connections["default"]), "cursor", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "not ready", "database": "unavailable",
                               "migrations": "unknown"}  # fmt: skip
    assert client.get("/healthz").status_code == 200


def test_readiness_reports_pending_migrations(client, monkeypatch):
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [1])
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["migrations"] == "pending"


def test_probes_answer_get_only(client):
    assert client.post("/healthz").status_code == 405
