"""Database triggers that make the audit log append-only: UPDATE is always refused; DELETE only of
records older than the legal retention floor (180 days), which is what ``audit purge`` does."""

from django.conf import settings
from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    """,
    """
    CREATE TRIGGER audit_event_no_young_delete BEFORE DELETE ON audit_auditevent
    WHEN OLD.at > strftime('%Y-%m-%d %H:%M:%f', 'now', '-180 days')
    BEGIN SELECT RAISE(ABORT, 'audit records younger than 180 days cannot be deleted'); END;
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update;",
    "DROP TRIGGER IF EXISTS audit_event_no_young_delete;",
]
POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION audit_event_guard() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION 'audit log is append-only';
        END IF;
        IF OLD.at > now() - interval '180 days' THEN
            RAISE EXCEPTION 'audit records younger than 180 days cannot be deleted';
        END IF;
        RETURN OLD;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER audit_event_guard BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_guard();
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_guard ON audit_auditevent;",
    "DROP FUNCTION IF EXISTS audit_event_guard();",
]


def install(schema_editor):
    """Create the triggers (also called by the audit tests, whose test database goes without)."""
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    if getattr(settings, "LITTLEGIANT_AUDIT_DB_GUARD", True):
        install(schema_editor)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_log")]

    operations = [migrations.RunPython(forwards, backwards)]
