"""A long import in a real browser: the task queue's worker runs it (here a worker thread of the test
process), the page polls the one progress partial, then shows the result."""

from __future__ import annotations

import io
import time

import pytest

from littlegiant.io.export import write_archive
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import imports

pytestmark = pytest.mark.browser


def test_a_background_import_shows_its_progress_then_its_result(
    browser_page, browser_login, live_server, users, settings, monkeypatch, make_archive_rows,
    screenshots_dir, tmp_path, task_worker,
):  # fmt: skip
    settings.LITTLEGIANT_JOB_BACKGROUND_BYTES = 1  # every upload goes to the background
    real = imports.run_import

    def slow(*args, on_progress, **kwargs):  # hold the job at 1 of 4 long enough to be seen
        on_progress(1, 4)
        time.sleep(2.5)
        return real(*args, on_progress=on_progress, **kwargs)

    monkeypatch.setattr(imports, "run_import", slow)
    buffer = io.BytesIO()
    write_archive(make_archive_rows(3, first=70), buffer)
    upload = tmp_path / "档案.xlsx"
    upload.write_bytes(buffer.getvalue())
    page = browser_page
    browser_login(page, live_server, users["admin"])
    page.goto(f"{live_server.url}/enterprises/import/")
    page.set_input_files("#id_file", str(upload))
    page.click("button:has-text('上传并校验')")
    page.wait_for_selector(".job-progress progress[value='25']", timeout=10000)
    assert "已处理 1 / 4 行" in page.inner_text(".job-progress")
    page.screenshot(path=str(screenshots_dir / "jobs-import-progress.png"), full_page=True)
    page.wait_for_selector("text=导入成功", timeout=20000)
    assert Enterprise.objects.filter(name__startswith="测试企业007").count() == 3
    page.screenshot(path=str(screenshots_dir / "jobs-import-done.png"), full_page=True)
