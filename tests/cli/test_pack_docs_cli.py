"""``littlegiant packs docs``: writes the docs, and ``--check`` reports stale files with exit code 1."""

from __future__ import annotations

from typer.testing import CliRunner

from littlegiant.cli.main import app

runner = CliRunner()


def test_packs_docs_writes_then_check_passes_then_detects_an_edit(tmp_path):
    first = runner.invoke(app, ["packs", "docs", "--out", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "glossary.md").is_file()
    assert (tmp_path / "packs" / "zjtx_reward@2025.md").is_file()
    assert (tmp_path / "packs" / "digital_level@2024.md").is_file()

    check = runner.invoke(app, ["packs", "docs", "--out", str(tmp_path), "--check"])
    assert check.exit_code == 0, check.output
    assert "文档是最新的" in check.output

    page = tmp_path / "packs" / "little_giant@2026.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nhand edit\n", encoding="utf-8")
    stale = runner.invoke(app, ["packs", "docs", "--out", str(tmp_path), "--check"])
    assert stale.exit_code == 1
    assert "little_giant@2026.md" in stale.output and "littlegiant packs docs" in stale.output

    again = runner.invoke(app, ["packs", "docs", "--out", str(tmp_path)])
    total = len(list(tmp_path.rglob("*.md")))
    assert again.exit_code == 0 and f"共 {total} 个文件，1 个有变化" in again.output
