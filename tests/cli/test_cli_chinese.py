"""The command line reads Chinese: help screens at 80 and 120 columns (no English, nothing cut off),
verdict words, ``template --flat``, the shipped example and ``littlegiant password``."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from littlegiant.cli.main import app

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "evaluate-example.csv"
COMMANDS = [
    [], ["evaluate"], ["explain"], ["template"], ["import"], ["export"], ["search"], ["demo"],
    ["password"], ["serve"], ["catalog"], ["digital"], ["packs"], ["packs", "list"],
]  # fmt: skip
ENGLISH = ("Show this message", "Usage:", "Options", "Arguments", "Commands", "[required]",
           "<bool>", "<path>", "<str>", "[OPTIONS]")  # fmt: skip


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "main")
def test_help_is_chinese_and_never_cut_off(command, width):
    result = runner.invoke(
        app, [*command, "--help"], env={"COLUMNS": str(width)}, terminal_width=width
    )
    assert result.exit_code == 0, result.output
    assert "用法：" in result.output
    for word in ENGLISH:
        assert word not in result.output, (word, result.output)
    assert "…" not in result.output.replace("[参数]…", ""), result.output
    assert all(len(line) <= width for line in result.output.splitlines())


def test_evaluate_prints_chinese_verdict_words(tmp_path):
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["evaluate", str(EXAMPLE), "-o", str(out), "--as-of", "2025-06-30"])
    assert result.exit_code == 0, result.output
    summary = result.output[result.output.index("完成") :]
    assert not re.search(r"\b(qualified|not_qualified|unknown)\b", summary), summary
    assert "中小企业划型（sme_size@2011）：符合 8 家" in summary
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 8


def test_template_flat_writes_the_batch_header_and_a_chinese_guide(tmp_path, monkeypatch):
    from littlegiant.records.fields import flat_field_ids

    target = tmp_path / "firms.csv"
    result = runner.invoke(app, ["template", "--flat", str(target)])
    assert result.exit_code == 0, result.output
    header = next(csv.reader(target.open(encoding="utf-8-sig")))
    assert tuple(header) == flat_field_ids()
    guide = {
        row[0]: row for row in csv.reader((tmp_path / "firms.说明.csv").open(encoding="utf-8-sig"))
    }
    assert guide["rd_expense_y1"][1:3] == ["研发费用（上年度）", "万元"]
    # the example file uses only ids of the batch format, so evaluate reads every column of it
    example_header = next(csv.reader(EXAMPLE.open(encoding="utf-8")))
    assert set(example_header) <= set(header)


@pytest.mark.django_db
def test_password_resets_a_users_password_and_refuses_weak_or_unknown_ones(tmp_path):
    from django.contrib.auth import get_user_model

    from littlegiant.web.accounts.models import Role
    from littlegiant.web.accounts.services import create_platform_user, system_user

    create_platform_user(user=system_user(), username="demo_official", password="Old-pass-123",
                         role=Role.OFFICIAL, region_codes=["330106"])  # fmt: skip
    result = runner.invoke(app, ["password", "demo_official", "--password", "New-pass-456x"])
    assert result.exit_code == 0, result.output
    assert "已重置" in result.output
    assert get_user_model().objects.get(username="demo_official").check_password("New-pass-456x")
    weak = runner.invoke(app, ["password", "demo_official", "--password", "123"])
    assert weak.exit_code == 1 and "未修改" in weak.output
    missing = runner.invoke(app, ["password", "nobody", "--password", "New-pass-456x"])
    assert missing.exit_code == 1 and "没有用户名为“nobody”" in missing.output


def test_explain_names_fields_rules_and_thresholds_in_chinese(tmp_path):
    from littlegiant.records.fields import FLAT_FIELDS_BY_ID

    uscc = next(csv.DictReader(EXAMPLE.open(encoding="utf-8")))["uscc"]
    result = runner.invoke(
        app,
        [
            "explain",
            str(EXAMPLE),
            "--uscc",
            uscc,
            "-p",
            "little_giant",
            "-p",
            "sme_size",
            "--as-of",
            "2025-06-30",
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    # the pack key stays beside the title, in brackets (little_giant@2022): a secondary position
    words = set(re.findall(r"[A-Za-z_]{3,}", re.sub(r"[a-z_]+@\d{4}", "", result.output)))
    assert not words & set(FLAT_FIELDS_BY_ID), words & set(FLAT_FIELDS_BY_ID)
    assert not words & {"small", "micro", "medium", "large", "industry", "qualified", "unknown"}
    assert "主营业务收入（上年度）" in result.output and "万元" in result.output
