"""The evaluate / explain / packs commands."""

from __future__ import annotations

import csv

from typer.testing import CliRunner

from littlegiant.cli.main import app

runner = CliRunner()


def _input(tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text(
        "uscc,industry_code,employees_y1,revenue_y1,rd_expense_y1\n"
        "91350100M000100Y43,C3985,120,3000,63\n"
        "91110000600037341L,C3985,abc,900,90\n",
        encoding="utf-8",
    )
    return path


def test_evaluate_writes_one_row_per_firm_and_reports_bad_values_with_row_and_field(tmp_path):
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["evaluate", str(_input(tmp_path)), "-o", str(out), "--as-of", "2025-06-30",
                                 "-p", "sme_size", "-p", "tech_sme@2017"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "第 2 行" in result.output and "employees_y1" in result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["sme_size__class"] for r in rows] == ["small", ""]
    assert set(rows[0]) == {
        "uscc",
        "sme_size__status",
        "sme_size__class",
        "tech_sme__status",
        "tech_sme__score",
    }


def test_evaluate_rejects_an_unknown_programme(tmp_path):
    result = runner.invoke(
        app, ["evaluate", str(_input(tmp_path)), "-o", str(tmp_path / "o.csv"), "-p", "nope"]
    )
    assert result.exit_code != 0


def test_explain_prints_the_trace_and_the_gaps(tmp_path):
    result = runner.invoke(app, ["explain", str(_input(tmp_path)), "--uscc", "91350100M000100Y43",
                                 "-p", "sme_size", "--as-of", "2025-06-30"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "中小企业划型" in result.output and "划型行业" in result.output
    assert "划型行业：工业" in result.output and "类型 小型" in result.output  # labels, not ids


def test_explain_reports_an_unknown_uscc(tmp_path):
    result = runner.invoke(app, ["explain", str(_input(tmp_path)), "--uscc", "NOPE"])
    assert result.exit_code == 1


def test_packs_list_and_validate():
    listed = runner.invoke(app, ["packs", "list"])
    assert listed.exit_code == 0 and "sme_size" in listed.output
    validated = runner.invoke(app, ["packs", "validate"])
    assert "sme_size@2011" in validated.output and "0 个失败" in validated.output


def test_evaluate_fast_skips_row_validation_and_gives_the_same_classes(tmp_path):
    out = tmp_path / "out.parquet"
    result = runner.invoke(app, ["evaluate", str(_input(tmp_path)), "-o", str(out), "--as-of", "2025-06-30",
                                 "-p", "sme_size", "--fast"])  # fmt: skip
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    assert pq.read_table(out).column("sme_size__class").to_pylist() == ["small", None]
