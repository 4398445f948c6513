from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from littlegiant.cli.main import app


@pytest.fixture
def home(tmp_path, monkeypatch, settings):
    monkeypatch.setenv("LITTLEGIANT_HOME", str(tmp_path))
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_import_then_search_json(home, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        "ref,title,summary\nA1,机器视觉缺陷检测,极片\nA2,氢能双极板,冲压\n", encoding="utf-8"
    )
    runner = CliRunner()
    result = runner.invoke(app, ["catalog", "import", "achievements", str(path)])
    assert result.exit_code == 0, result.output
    assert "新增 2 条" in result.output
    result = runner.invoke(app, ["search", "achievements", "机器视觉", "--json", "--top", "5"])
    hits = json.loads(result.output)
    assert [h["title"] for h in hits] == ["机器视觉缺陷检测"]
    assert set(hits[0]) == {"id", "title", "score", "matched_terms"}


@pytest.mark.django_db(transaction=True)
def test_a_query_of_unknown_words_finds_nothing_through_a_function_word(home, tmp_path):
    """Issue 10 #11: "zzzz不存在" must not hit every entry that says 不 (or 存在)."""
    path = tmp_path / "p.csv"
    path.write_text(
        "ref,title,description\nF1,科技贷,额度不超过500万元\nF2,知识产权质押贷,不存在抵押物也可申请\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(app, ["catalog", "import", "products", str(path)]).exit_code == 0
    result = runner.invoke(app, ["search", "products", "zzzz不存在", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []
    found = runner.invoke(app, ["search", "products", "没有抵押物", "--json"])
    assert [hit["title"] for hit in json.loads(found.output)] == ["知识产权质押贷"]


def test_import_reports_the_bad_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("ref,title,summary,price_min\nA1,成果,简介,很多\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["catalog", "import", "achievements", str(path)])
    assert result.exit_code == 1
    assert "第 2 行" in result.output


def test_push_over_a_parquet_file_of_flat_records(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table(
            {
                "uscc": ["A", "B", "C"],
                "region_code": ["440305", "440305", "330106"],
                "specialized_sme": [True, True, True],
                "major_violation": [False, None, False],
            }
        ),
        tmp_path / "firms.parquet",
    )
    out = tmp_path / "push.csv"
    result = CliRunner().invoke(
        app,
        [
            "catalog",
            "push",
            "zjtx_reward@2025",
            str(tmp_path / "firms.parquet"),
            "--region",
            "440300",
            "--as-of",
            "2025-06-30",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "企业2家：符合条件1家，差一项即符合1家" in "".join(
        result.output.split()
    )  # Rich wraps lines
    assert out.read_text(encoding="utf-8-sig").splitlines() == [
        "统一社会信用代码,分组,预计金额（万元）",
        "uscc,group,estimated_amount",
        "A,符合条件,20.0",
        "B,差一项,",
    ]


def test_push_names_an_unknown_pack(tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text("uscc,region_code\nA,440305\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["catalog", "push", "no_such_policy", str(path)])
    assert result.exit_code == 1
    assert "找不到申报条件规则包「no_such_policy」" in "".join(result.output.split())
