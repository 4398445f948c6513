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
        *(
            f"{p}__{c}"
            for p in ("sme_size", "tech_sme")
            for c in ("status", "failing", "failing_labels", "missing")
        ),
        "sme_size__class",
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


def test_explain_names_missing_data_by_label_and_in_the_gap(tmp_path):
    path = tmp_path / "firm.csv"  # tech_sme@2017: R&D ratio fails, ip_class1_count missing
    path.write_text(
        "uscc,employees_y1,revenue_y1,total_assets_y1,restricted_industry,major_violation,tech_staff_y1,"
        "rd_expense_y1,ip_class2_count,high_tech_enterprise,led_standard_setting,rd_institution_level,"
        "total_cost_y1\n"
        "91350100M000100Y43,100,1000,800,否,否,20,21,3,否,否,none,10000\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["explain", str(path), "--uscc", "91350100M000100Y43", "-p", "tech_sme@2017",
                                 "--as-of", "2025-06-30"])  # fmt: skip
    assert result.exit_code == 0, result.output
    output = result.output.replace("\n", "")
    assert "ip_class1_count" not in output.split("差距与建议")[0].split("缺失数据")[-1][:60]
    assert "Ⅰ类知识产权数量" in output


def test_explain_shows_the_route_of_a_qualified_firm_and_no_unused_clause_as_failed(tmp_path):
    path = tmp_path / "firm.csv"  # tech_sme@2017 qualified directly as 高新技术企业
    path.write_text(
        "uscc,employees_y1,revenue_y1,total_assets_y1,restricted_industry,major_violation,tech_staff_y1,"
        "rd_expense_y1,ip_class1_count,ip_class2_count,high_tech_enterprise,led_standard_setting,"
        "rd_institution_level,total_cost_y1\n"
        "91350100M000100Y43,100,1000,800,否,否,20,21,0,3,是,否,none,10000\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["explain", str(path), "--uscc", "91350100M000100Y43", "-p", "tech_sme@2017",
                                 "--as-of", "2025-06-30"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "符合" in result.output and "达标路径" in result.output
    assert "未采用" in result.output and "：否  " not in result.output.split("逐条结果")[1]


def test_evaluate_names_absent_columns_and_the_unknowns_they_caused_and_can_speak_chinese(tmp_path):
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["evaluate", str(_input(tmp_path)), "-o", str(out), "--as-of", "2025-06-30",
                                 "-p", "tech_sme@2017", "--zh", "--gaps"])  # fmt: skip
    assert result.exit_code == 0, result.output
    output = result.output.replace("\n", "")
    assert (
        "缺少列 restricted_industry（属于限制类产业）：2 家科技型中小企业评价结论为待定" in output
        or ("缺少列 restricted_industry" in output and "结论为待定" in output)
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {row["tech_sme__status"] for row in rows} <= {"符合", "不符合", "待定"}
    assert "restricted_industry" in rows[0]["tech_sme__missing"].split(",")
    assert rows[0]["tech_sme__gap"].startswith("缺少")


def test_evaluate_lists_the_failing_clauses_by_id_and_label(tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text(
        "uscc,employees_y1,revenue_y1,total_assets_y1,restricted_industry,major_violation,tech_staff_y1,"
        "rd_expense_y1,ip_class1_count,ip_class2_count,high_tech_enterprise,led_standard_setting,"
        "rd_institution_level,total_cost_y1\n"
        "91350100M000100Y43,100,1000,800,否,否,20,21,0,3,否,否,none,10000\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["evaluate", str(path), "-o", str(out), "--as-of", "2025-06-30",
                                 "-p", "tech_sme@2017", "--gaps"])  # fmt: skip
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert row["tech_sme__status"] == "not_qualified" and row["tech_sme__failing"]
    assert row["tech_sme__failing_labels"] and not row["tech_sme__missing"]
    assert "研发费用再增加 19.0 万元" in row["tech_sme__gap"]
