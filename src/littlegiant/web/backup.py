"""Backup and restore of the platform's database and uploaded files (等保 §8.1.4.9 a, §8.1.10).

A backup is one folder, ``<destination>/littlegiant-<UTC stamp>/``, holding:

- ``database.sqlite3`` (SQLite: the online backup API, a consistent copy while the platform runs) or
  ``database.dump`` (PostgreSQL: ``pg_dump --format=custom`` inside a repeatable-read snapshot);
- ``uploads.tar.gz``: the uploaded files (``LITTLEGIANT_HOME/uploads``);
- ``manifest.json``: engine, time, the SHA-256 of every file, and per table its row count and a
  checksum of its rows, computed **on the backed-up data itself** (the SQLite copy; the very snapshot
  ``pg_dump`` read).

``restore`` verifies every file's SHA-256 first (a damaged backup is refused before anything is
touched), restores the database (SQLite: the backup API into the live file; PostgreSQL:
``pg_restore --clean --if-exists --exit-on-error --single-transaction``), unpacks the uploads, then
recomputes every table's row count and checksum and compares them with the manifest: the restore
drill's evidence. ``table_stats`` is the one definition of that checksum.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "BackupError",
    "BackupResult",
    "RestoreResult",
    "TableStats",
    "backup",
    "database_stats",
    "restore",
    "table_stats",
]

_MANIFEST = "manifest.json"
_UPLOADS = "uploads.tar.gz"
_FORMAT = 1


class BackupError(Exception):
    """A backup or a restore could not be made (message in Chinese, for the operator)."""


@dataclass(frozen=True)
class TableStats:
    """One table's row count and the SHA-256 of its rows (each row's canonical text, sorted)."""

    rows: int
    checksum: str


@dataclass(frozen=True)
class BackupResult:
    """Where a backup went and what it holds."""

    folder: Path
    engine: str
    tables: dict[str, TableStats]
    files: dict[str, str]

    @property
    def total_rows(self) -> int:
        """Rows over all tables."""
        return sum(stats.rows for stats in self.tables.values())


@dataclass(frozen=True)
class RestoreResult:
    """What a restore found: tables compared, those that differ (empty = 100 % match), seconds taken."""

    folder: Path
    tables: int
    rows: int
    mismatches: dict[str, tuple[TableStats, TableStats | None]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether every table's row count and checksum match the manifest."""
        return not self.mismatches


# --- checksums --------------------------------------------------------------------------------------


def _canonical(value: Any) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return repr(value)


def table_stats(cursor: Any, table: str, quote: str = '"') -> TableStats:
    """Row count and checksum of one table read through a DB-API cursor (order-independent)."""
    cursor.execute(f"SELECT * FROM {quote}{table}{quote}")  # noqa: S608 - table names come from the catalog
    digests = sorted(
        hashlib.sha256("\x1f".join(_canonical(v) for v in row).encode()).digest()
        for row in cursor.fetchall()
    )
    total = hashlib.sha256()
    for digest in digests:
        total.update(digest)
    return TableStats(len(digests), total.hexdigest())


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [name for (name,) in rows]


def _postgres_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [name for (name,) in cursor.fetchall()]


def _sqlite_stats(path: Path) -> dict[str, TableStats]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = connection.cursor()
        return {table: table_stats(cursor, table) for table in _sqlite_tables(connection)}
    finally:
        connection.close()


def _postgres_stats(cursor: Any) -> dict[str, TableStats]:
    return {table: table_stats(cursor, table) for table in _postgres_tables(cursor)}


def database_stats(database: dict[str, Any]) -> dict[str, TableStats]:
    """Every table's stats of a Django ``DATABASES`` entry (SQLite or PostgreSQL)."""
    if _engine(database) == "sqlite":
        return _sqlite_stats(Path(database["NAME"]))
    with _postgres(database) as connection, connection.cursor() as cursor:
        return _postgres_stats(cursor)


# --- helpers ----------------------------------------------------------------------------------------


def _engine(database: dict[str, Any]) -> str:
    engine = str(database.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"不支持备份此类数据库：{engine}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _libpq_args(database: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """``pg_dump``/``pg_restore`` connection arguments and environment (the password never on argv)."""
    args = ["--dbname", str(database["NAME"])]
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", str(database["USER"])]
    env = {"PGPASSWORD": str(database["PASSWORD"])} if database.get("PASSWORD") else {}
    return args, env


@contextmanager
def _postgres(database: dict[str, Any]) -> Iterator[Any]:
    import psycopg

    connection = psycopg.connect(
        dbname=database["NAME"],
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
    )
    try:
        yield connection
    finally:
        connection.close()


def _run(command: list[str], env: dict[str, str]) -> None:
    import os

    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"找不到 {command[0]}：请安装 PostgreSQL 客户端工具（postgresql-client）")
    done = subprocess.run(  # noqa: S603 - fixed tool, arguments from the settings
        [tool, *command[1:]], env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败（退出码 {done.returncode}）：{done.stderr.strip()}")


# --- backup -----------------------------------------------------------------------------------------


def _backup_sqlite(database: dict[str, Any], folder: Path) -> tuple[str, dict[str, TableStats]]:
    source_path = Path(database["NAME"])
    if not source_path.exists():
        raise BackupError(f"数据库文件不存在：{source_path}")
    target = folder / "database.sqlite3"
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=-1)  # one step: a stepped backup restarts under writes
    finally:
        copy.close()
        source.close()
    check = sqlite3.connect(target)
    try:
        (result,) = check.execute("PRAGMA integrity_check").fetchone()
    finally:
        check.close()
    if result != "ok":
        raise BackupError(f"备份副本完整性检查未通过：{result}")
    return target.name, _sqlite_stats(target)


def _backup_postgres(database: dict[str, Any], folder: Path) -> tuple[str, dict[str, TableStats]]:
    target = folder / "database.dump"
    args, env = _libpq_args(database)
    with _postgres(database) as connection:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        row = connection.execute("SELECT pg_export_snapshot()").fetchone()
        snapshot = str(row[0]) if row else ""
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(target), *args],
            env,
        )
        with connection.cursor() as cursor:
            stats = _postgres_stats(cursor)
        connection.execute("COMMIT")
    return target.name, stats


def _pack_uploads(uploads: Path, folder: Path) -> str:
    target = folder / _UPLOADS
    with tarfile.open(target, "w:gz") as archive:
        if uploads.is_dir():
            for path in sorted(uploads.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    archive.add(path, arcname=str(path.relative_to(uploads)), recursive=False)
    return target.name


def backup(database: dict[str, Any], uploads: Path, destination: Path) -> BackupResult:
    """Back up the database and the uploads into a new folder under ``destination`` (module doc)."""
    engine = _engine(database)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    destination.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=destination))
    try:
        if engine == "sqlite":
            database_file, stats = _backup_sqlite(database, partial)
        else:
            database_file, stats = _backup_postgres(database, partial)
        uploads_file = _pack_uploads(uploads, partial)
        files = {name: _sha256(partial / name) for name in (database_file, uploads_file)}
        manifest = {
            "format": _FORMAT,
            "engine": engine,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "database_file": database_file,
            "files": files,
            "tables": {name: {"rows": s.rows, "checksum": s.checksum} for name, s in stats.items()},
        }
        (partial / _MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        folder = destination / f"littlegiant-{stamp}"
        partial.rename(folder)  # a backup folder exists only once complete
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupResult(folder, engine, stats, files)


# --- restore ----------------------------------------------------------------------------------------


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / _MANIFEST
    if not path.is_file():
        raise BackupError(f"不是 LittleGiant 备份目录（缺少 {_MANIFEST}）：{folder}")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != _FORMAT:
        raise BackupError(f"备份格式版本不受支持：{manifest.get('format')}")
    for name, expected in manifest["files"].items():
        if Path(name).name != name or not (folder / name).is_file():
            raise BackupError(f"备份文件缺失：{name}")
        if _sha256(folder / name) != expected:
            raise BackupError(f"备份文件校验和不符，可能已损坏或被篡改：{name}")
    return manifest


def _restore_sqlite(folder: Path, manifest: dict[str, Any], database: dict[str, Any]) -> None:
    target_path = Path(database["NAME"])
    target_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{folder / manifest['database_file']}?mode=ro", uri=True)
    target = sqlite3.connect(target_path, timeout=30)
    try:
        source.backup(target, pages=-1)
    finally:
        target.close()
        source.close()


def _restore_postgres(folder: Path, manifest: dict[str, Any], database: dict[str, Any]) -> None:
    args, env = _libpq_args(database)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            *args,
            str(folder / manifest["database_file"]),
        ],
        env,
    )


def _unpack_uploads(folder: Path, uploads: Path) -> None:
    uploads.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / _UPLOADS, "r:gz") as archive:
        archive.extractall(uploads, filter="data")  # no absolute paths, no "..", no links out


def restore(folder: Path, database: dict[str, Any], uploads: Path) -> RestoreResult:
    """Restore a backup folder into the database and the uploads folder, then compare (module doc)."""
    import time

    started = time.monotonic()
    manifest = _read_manifest(folder)
    engine = _engine(database)
    if manifest["engine"] != engine:
        raise BackupError(f"备份来自 {manifest['engine']} 数据库，不能恢复到 {engine} 数据库")
    if engine == "sqlite":
        _restore_sqlite(folder, manifest, database)
    else:
        _restore_postgres(folder, manifest, database)
    _unpack_uploads(folder, uploads)
    restored = database_stats(database)
    expected = {name: TableStats(**stats) for name, stats in manifest["tables"].items()}
    mismatches = {
        name: (stats, restored.get(name))
        for name, stats in expected.items()
        if restored.get(name) != stats
    }
    return RestoreResult(
        folder,
        tables=len(expected),
        rows=sum(stats.rows for stats in expected.values()),
        mismatches=mismatches,
        seconds=time.monotonic() - started,
    )
