"""`littlegiant cleanup-uploads`: the retention rule by hand (the worker applies it hourly)."""

from __future__ import annotations

import os
import time

import pytest
from typer.testing import CliRunner

from littlegiant.cli.main import app

pytestmark = pytest.mark.django_db


def test_cleanup_uploads_deletes_files_past_the_retention(settings):
    settings.LITTLEGIANT_UPLOAD_RETENTION_DAYS = 1
    folder = settings.UPLOADS_DIR / "cli-test"
    folder.mkdir(parents=True, exist_ok=True)
    old, fresh = folder / ("c" * 32 + ".csv"), folder / ("d" * 32 + ".csv")
    for path in (old, fresh):
        path.write_text("x")
    two_days = time.time() - 2 * 86400
    os.utime(old, (two_days, two_days))
    result = CliRunner().invoke(app, ["cleanup-uploads"])
    assert result.exit_code == 0, result.output
    assert "已删除 1 个过期文件" in result.output
    assert not old.exists() and fresh.exists()
