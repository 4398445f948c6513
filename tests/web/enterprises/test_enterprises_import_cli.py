"""``littlegiant import | export | template`` against the test database."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from littlegiant.cli.main import app
from littlegiant.io.export import write_archive
from littlegiant.web.enterprises.models import Enterprise, YearlyFigure

pytestmark = pytest.mark.django_db
runner = CliRunner()


def _write(path, tables):
    buffer = io.BytesIO()
    write_archive(tables, buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_template_command_writes_the_template(tmp_path):
    target = tmp_path / "模板.xlsx"
    result = runner.invoke(app, ["template", str(target)])
    assert result.exit_code == 0, result.output
    assert "年度数据" in load_workbook(target).sheetnames


def test_import_command_imports_and_is_idempotent(tmp_path, make_archive_rows):
    path = _write(tmp_path / "a.xlsx", make_archive_rows(3, first=30))
    first = runner.invoke(app, ["import", str(path)])
    assert first.exit_code == 0, first.output
    assert "已导入" in first.output and "yearly：新增 9" in first.output
    second = runner.invoke(app, ["import", str(path)])
    assert second.exit_code == 0 and "yearly：新增 0，更新 0，未变化 9" in second.output
    assert YearlyFigure.objects.filter(enterprise__name__startswith="测试企业003").count() == 9


def test_import_command_fails_with_report_when_a_cell_is_bad(tmp_path, make_archive_rows):
    tables = make_archive_rows(2, first=40)
    tables["yearly"][0]["revenue"] = -1
    path = _write(tmp_path / "bad.xlsx", tables)
    report = tmp_path / "report.xlsx"
    result = runner.invoke(app, ["import", str(path), "--report", str(report)])
    assert result.exit_code == 1
    assert "校验未通过" in result.output and "不得小于 0" in result.output
    assert not Enterprise.objects.filter(name__startswith="测试企业004").exists()
    rows = list(load_workbook(report)["校验报告"].values)
    assert rows[1][:4] == ("年度数据", 3, "D", "revenue")
    only_valid = runner.invoke(app, ["import", str(path), "--only-valid"])
    assert only_valid.exit_code == 0
    # the firm with the bad row is left out whole (issue 10 #1); the other one's 3 years are in
    assert YearlyFigure.objects.filter(enterprise__name__startswith="测试企业004").count() == 3
    assert Enterprise.objects.filter(name__startswith="测试企业004").count() == 1


def test_export_command_filters_by_region(tmp_path, archive):
    target = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["export", str(target), "--region", "320000"])
    assert result.exit_code == 0, result.output
    usccs = [
        row[0]
        for row in load_workbook(target)["企业基本信息"].iter_rows(min_row=3, values_only=True)
    ]
    assert usccs == [archive["foreign"].uscc]
    assert runner.invoke(app, ["export", str(target), "--region", "999999"]).exit_code == 2
