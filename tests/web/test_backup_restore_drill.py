"""Restore drill (等保 L3-CES1-29): ``littlegiant backup`` then a disaster then ``littlegiant restore``.

Each drill runs the real commands in a fresh ``LITTLEGIANT_HOME`` (SQLite) or a throwaway PostgreSQL
database, loads an archive, backs it up, damages the live data (deleted rows, a changed figure, a lost
upload), restores, and compares every table's row count and row checksum with what was there before
the disaster, computed here independently of the backup module (sorted row dumps through the
database's own driver). Tampered backups are refused before anything is touched.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

from littlegiant.demo import generate
from littlegiant.io.export import write_archive

CLI = [str(Path(sys.executable).parent / "littlegiant")]


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _fingerprint(rows: list[tuple]) -> tuple[int, str]:
    """Row count and SHA-256 of the sorted repr of every row (independent of littlegiant.web.backup)."""
    lines = sorted(repr(tuple(row)) for row in rows)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _sqlite_snapshot(path: Path) -> dict[str, tuple[int, str]]:
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            t: _fingerprint(connection.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables
        }
    finally:
        connection.close()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    buffer = io.BytesIO()
    write_archive(generate(seed=11, n=40), buffer)
    path = tmp_path_factory.mktemp("drill") / "archive.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture(scope="module")
def loaded_home(tmp_path_factory, workbook) -> Path:
    """A data folder (SQLite) with the archive imported and one uploaded file, made once per module."""
    base = tmp_path_factory.mktemp("drill-home")
    _load(_home_env(base), workbook)
    return base / "home"


@pytest.fixture
def sqlite_env(tmp_path, loaded_home) -> dict[str, str]:
    """A private copy of ``loaded_home`` for one test."""
    shutil.copytree(loaded_home, tmp_path / "home")
    return _home_env(tmp_path)


def _upload_of(env: dict[str, str]) -> Path:
    return Path(env["LITTLEGIANT_HOME"]) / "uploads" / "imports" / "answer-sheet.xlsx"


def _home_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["LITTLEGIANT_HOME"] = str(tmp_path / "home")
    env.update(extra)
    return env


def _load(env: dict[str, str], workbook: Path) -> Path:
    _ok(_cli(env, "init"))
    _ok(_cli(env, "import", str(workbook)))
    upload = _upload_of(env)
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(workbook.read_bytes())
    return upload


def _only_backup(folder: Path) -> Path:
    (backup,) = [p for p in folder.iterdir() if p.name.startswith("littlegiant-")]
    return backup


def test_sqlite_restore_drill_brings_back_every_row_and_file(tmp_path, workbook, sqlite_env):
    env = sqlite_env
    upload = _upload_of(env)
    database = Path(env["LITTLEGIANT_HOME"]) / "db.sqlite3"
    before = _sqlite_snapshot(database)
    assert before["enterprises_enterprise"][0] == 40 and before["enterprises_contact"][0] > 40

    out = _ok(_cli(env, "backup", str(tmp_path / "backups")))
    assert "备份完成" in out
    backup = _only_backup(tmp_path / "backups")
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["engine"] == "sqlite"
    assert {t: s["rows"] for t, s in manifest["tables"].items()} == {
        t: rows for t, (rows, _) in before.items()
    }

    # the disaster: rows deleted, a figure changed, an upload lost
    connection = sqlite3.connect(database)
    connection.execute("DELETE FROM enterprises_contact")
    connection.execute("DELETE FROM enterprises_yearlyfigure WHERE fiscal_year = 2023")
    connection.execute("UPDATE enterprises_enterprise SET name = '被篡改' WHERE id = 1")
    connection.commit()
    connection.close()
    upload.unlink()
    assert _sqlite_snapshot(database) != before

    refused = _cli(env, "restore", str(backup))
    assert refused.returncode == 2 and "--yes" in refused.stdout

    out = _ok(_cli(env, "restore", str(backup), "--yes"))
    assert "恢复完成并核对一致" in out
    assert _sqlite_snapshot(database) == before
    assert upload.read_bytes() == workbook.read_bytes()


def test_a_tampered_backup_is_refused_and_the_live_database_is_untouched(tmp_path, sqlite_env):
    env = sqlite_env
    database = Path(env["LITTLEGIANT_HOME"]) / "db.sqlite3"
    _ok(_cli(env, "backup", str(tmp_path / "backups")))
    backup = _only_backup(tmp_path / "backups")
    copy = backup / "database.sqlite3"
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE enterprises_yearlyfigure SET revenue = revenue + 1")
    connection.close()
    live = _sqlite_snapshot(database)

    refused = _cli(env, "restore", str(backup), "--yes")
    assert refused.returncode == 1
    assert "校验和不符" in refused.stdout and "database.sqlite3" in refused.stdout
    assert _sqlite_snapshot(database) == live


def test_sqlite_backup_under_concurrent_writes_is_consistent(tmp_path, sqlite_env):
    """BAK-02: a writer keeps committing during the backup; the copy passes integrity_check and its
    manifest describes exactly the copy (counts and checksums recomputed from the copied file)."""
    env = sqlite_env
    database = Path(env["LITTLEGIANT_HOME"]) / "db.sqlite3"
    stop = threading.Event()
    written = []

    def writer() -> None:
        connection = sqlite3.connect(database, timeout=30)
        connection.execute("CREATE TABLE IF NOT EXISTS drill_ticks (n INTEGER)")
        n = 0
        while not stop.is_set():
            connection.execute("INSERT INTO drill_ticks VALUES (?)", (n,))
            connection.commit()
            written.append(n)
            n += 1
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        _ok(_cli(env, "backup", str(tmp_path / "backups")))
    finally:
        stop.set()
        thread.join()
    assert written, "the writer never ran"
    backup = _only_backup(tmp_path / "backups")
    copy = backup / "database.sqlite3"
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    copied = _sqlite_snapshot(copy)
    assert {t: s["rows"] for t, s in manifest["tables"].items()} == {
        t: rows for t, (rows, _) in copied.items()
    }


# --- PostgreSQL (skipped when no server answers on 127.0.0.1:5432) ---------------------------------

_PG = "postgres://postgres@127.0.0.1:5432"


def _pg_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{_PG}/postgres", connect_timeout=3).close()
    except Exception:
        return False
    return shutil.which("pg_dump") is not None and shutil.which("pg_restore") is not None


@pytest.fixture
def pg_database():
    if not _pg_available():
        pytest.skip("no PostgreSQL on 127.0.0.1:5432 (or no pg_dump/pg_restore)")
    import psycopg

    name = f"lg_drill_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{_PG}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(f"{_PG}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_snapshot(name: str) -> dict[str, tuple[int, str]]:
    import psycopg

    with psycopg.connect(f"{_PG}/{name}") as connection, connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [t for (t,) in cursor.fetchall()]
        snapshot = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            snapshot[table] = _fingerprint(cursor.fetchall())
        return snapshot


def test_postgresql_restore_drill_brings_back_every_row(tmp_path, workbook, pg_database):
    import psycopg

    env = _home_env(tmp_path, DATABASE_URL=f"{_PG}/{pg_database}")
    upload = _load(env, workbook)
    before = _pg_snapshot(pg_database)
    assert before["enterprises_enterprise"][0] == 40

    _ok(_cli(env, "backup", str(tmp_path / "backups")))
    backup = _only_backup(tmp_path / "backups")
    assert (backup / "database.dump").stat().st_size > 0

    with psycopg.connect(f"{_PG}/{pg_database}") as connection:
        connection.execute("DELETE FROM enterprises_contact")
        connection.execute("UPDATE enterprises_yearlyfigure SET revenue = 0")
        connection.execute("DROP TABLE catalog_policy CASCADE")
    upload.unlink()

    out = _ok(_cli(env, "restore", str(backup), "--yes"))
    assert "恢复完成并核对一致" in out
    assert _pg_snapshot(pg_database) == before
    assert upload.exists()
