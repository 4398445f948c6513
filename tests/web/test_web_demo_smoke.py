"""``littlegiant demo`` end to end: a fresh data folder, a small district, a real server process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"server exited early: {process.stdout.read() if process.stdout else ''}"
            )
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"server did not answer at {url}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_demo_serves_the_home_and_login_pages(tmp_path: Path):
    port = _free_port()
    env = {**os.environ, "LITTLEGIANT_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    command = [
        sys.executable,
        "-c",
        "from littlegiant.cli.main import app; app()",
        "demo",
        "--n",
        "30",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/accounts/login/", process)
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(f"{base}/")
        assert redirect.value.code == 302
        assert redirect.value.headers["Location"].startswith("/accounts/login/")
        with urllib.request.urlopen(f"{base}/accounts/login/") as response:
            assert "登录" in response.read().decode()
        with urllib.request.urlopen(f"{base}/static/vendor/htmx/htmx.min.js") as response:
            assert response.status == 200
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert "demo_official" in output and "demo_enterprise" in output
    assert "已加载演示数据" in output
    assert (tmp_path / "home" / "db.sqlite3").exists()
    assert (tmp_path / "home" / "secret_key").exists()
