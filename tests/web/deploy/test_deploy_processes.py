"""The deployment's processes on this machine: gunicorn with deploy/gunicorn.conf.py and `littlegiant
worker`, on the suite's database (SQLite, or PostgreSQL with DATABASE_URL), serving the probes and a
page, running a queued import, logging JSON."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from littlegiant.io.export import write_archive
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import start_archive_import
from littlegiant.web.jobs.models import JobStatus

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def test_gunicorn_and_the_worker_run_the_platform(users, make_archive_rows, tmp_path):
    port = _free_port()
    env = {
        **os.environ, "DATABASE_URL": _database_url(), "LITTLEGIANT_HOME": str(settings.LITTLEGIANT_HOME),
        "LITTLEGIANT_BIND": f"127.0.0.1:{port}", "LITTLEGIANT_WEB_WORKERS": "2",
        "LITTLEGIANT_LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "littlegiant.web.config.settings",
    }  # fmt: skip
    web_log, worker_log = tmp_path / "web.log", tmp_path / "worker.log"
    base = f"http://127.0.0.1:{port}"
    with web_log.open("wb") as web_out, worker_log.open("wb") as worker_out:
        web = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
            env=env, stdout=web_out, stderr=subprocess.STDOUT, cwd=tmp_path,
        )  # fmt: skip
        worker = subprocess.Popen(
            [sys.executable, "-c", "from littlegiant.cli.main import app; app()", "worker",
             "--interval", "0.2"],
            env=env, stdout=worker_out, stderr=subprocess.STDOUT, cwd=tmp_path,
        )  # fmt: skip
        try:
            assert _wait(lambda: _get(f"{base}/readyz")[0] == 200, 90), web_log.read_text()
            assert json.loads(_get(f"{base}/readyz")[1]) == {
                "status": "ready", "database": "ok", "migrations": "ok",
            }  # fmt: skip
            assert _get(f"{base}/healthz")[0] == 200
            status, page = _get(f"{base}/accounts/login/")
            assert status == 200 and "登录" in page.decode()

            settings.LITTLEGIANT_JOB_BACKGROUND_BYTES = 0  # to the worker, whatever its size
            buffer = io.BytesIO()
            write_archive(make_archive_rows(3, first=300), buffer)
            job = start_archive_import(
                user=users["admin"], upload=SimpleUploadedFile("档案.xlsx", buffer.getvalue())
            )
            assert job.status == JobStatus.QUEUED

            def finished() -> bool:
                job.refresh_from_db()
                return job.finished

            assert _wait(finished, 90), worker_log.read_text()
            assert job.status == JobStatus.DONE and job.result["written"], job.error
            assert Enterprise.objects.filter(name__startswith="测试企业030").count() == 3
        finally:
            for process in (web, worker):
                process.terminate()
            for process in (web, worker):
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
    access = [json.loads(line) for line in web_log.read_text().splitlines()
              if '"gunicorn.access"' in line]  # fmt: skip
    assert {"method": "GET", "path": "/healthz", "status": 200}.items() <= access[
        -2
    ].items() or any(entry["path"] == "/healthz" and entry["status"] == 200 for entry in access)
    assert any(entry["path"] == "/accounts/login/" for entry in access)
    assert worker.returncode is not None and web.returncode is not None
