"""The generated pack docs: committed files up to date, every id documented, writing idempotent."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from littlegiant.records.fields import FIELDS
from littlegiant.records.questionnaires import QUESTIONNAIRE_FIELDS
from littlegiant.rules import Pack, all_packs
from littlegiant.rules.docs import (
    GENERATED_MARK,
    GLOSSARY,
    PackDocsError,
    every_pack,
    label_text,
    page_name,
    render_docs,
    stale_docs,
    write_docs,
)
from littlegiant.rules.registry import criteria_root

REPO_DOCS = Path(__file__).resolve().parents[2] / "docs"
HINT = "run `littlegiant packs docs`"


@pytest.fixture(scope="module")
def packs() -> list[Pack]:
    return every_pack()


@pytest.fixture(scope="module")
def docs(packs) -> dict[str, str]:
    return render_docs(packs)


def _section(glossary: str, pack: Pack) -> str:
    start = glossary.index(f"## `{pack.key}` — ")
    end = glossary.find("\n## ", start + 1)
    return glossary[start:end]


def test_committed_docs_equal_a_fresh_regeneration(docs, tmp_path):
    write_docs(tmp_path, docs)
    generated = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md"))
    assert generated == sorted(docs), HINT
    for name in generated:
        committed = REPO_DOCS / name
        assert committed.is_file(), f"docs/{name} is missing: {HINT}"
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        assert committed.read_text(encoding="utf-8") == fresh, f"docs/{name} is out of date: {HINT}"
    assert stale_docs(REPO_DOCS, docs) == [], f"stale generated pages in docs/packs: {HINT}"


def test_every_pack_folder_gets_a_page_including_policies_and_overlays(packs, docs):
    folders = sorted(p.parent.resolve() for p in criteria_root().rglob("pack.yaml"))
    assert sorted(p.path.resolve() for p in packs) == folders
    keys = {pack.key for pack in packs}
    assert {"zjtx_reward@2025", "digital_level@2024", "specialized_sme_guangdong@2022"} <= keys
    assert {page_name(p) for p in packs} | {GLOSSARY} == set(docs)
    assert len(packs) > len(all_packs())  # the registry alone misses criteria/policies/*/*


def test_every_rule_and_parameter_id_appears_on_its_pack_page(packs, docs):
    for pack in packs:
        page = docs[page_name(pack)]
        assert page.startswith(GENERATED_MARK + "\n")
        for rule_id in pack.rules:
            assert f"| `{rule_id}` |" in page, (pack.key, rule_id)
        for parameter_id in pack.parameters:
            assert f"| `{parameter_id}` |" in page, (pack.key, parameter_id)


def test_glossary_maps_every_rule_id_to_its_chinese_label_and_clause(packs, docs):
    glossary = docs[GLOSSARY]
    by_folder = {pack.path.resolve(): pack for pack in packs}
    for pack in packs:
        for rule_id, rule in pack.rules.items():
            # An overlay's inherited rules are documented once, in the section of the pack that writes them.
            home = by_folder[Path(rule.source.rsplit(":", 1)[0]).resolve().parent]
            label = label_text(home, rule_id).replace("|", "｜")
            row = f"| `{rule_id}` | {label} | {rule.clause.replace('|', '｜')} |"
            assert row in _section(glossary, home), (pack.key, rule_id)


def test_overlay_section_lists_only_what_the_overlay_adds_or_overrides(packs, docs):
    overlay = next(p for p in packs if p.key == "specialized_sme_guangdong@2022")
    section = _section(docs[GLOSSARY], overlay)
    assert "| `gd_score_strategic_cluster` |" in section
    assert "| `score_local_feature` |" in section  # override: true
    assert "| `pass_score` |" in section  # re-dated parameter
    assert "| `revenue_ok` |" not in section and "| `score_ip` |" not in section
    page = docs[page_name(overlay)]
    assert (
        "| `score_ip` | 与主导产品相关的有效知识产权得分 | 附件2 三、指标10 | 分 | 基础包 |" in page
    )
    assert "| 本包 | `min(gd_score_strategic_cluster + gd_score_first_set_product" in page


def test_glossary_lists_every_record_and_questionnaire_field(docs):
    glossary = docs[GLOSSARY]
    for field in FIELDS:
        ident = f"`{field.id}_y1/_y2/_y3`" if field.yearly else f"`{field.id}`"
        assert f"| {ident} | {field.label} |" in glossary, field.id
    for field in QUESTIONNAIRE_FIELDS:
        assert f"| `{field.id}` | {field.label} |" in glossary, field.id
    assert "| `revenue_y1/_y2/_y3` | 营业收入 | 万元 | number |" in glossary


def test_pages_show_dated_values_and_band_definitions(docs):
    page = docs["packs/specialized_sme_guangdong@2022.md"]
    assert (
        "| `pass_score` | 评分通过线 | 分 | 2022-08-01: 60; 2024-01-01: 70（广东省专精特新中小企业认定评分通过线） |"
        in page
    )
    assert "bands of `debt_ratio`: ≤ `50` → `5`; ≤ `60` → `3`; ≤ `70` → `1`; else `0`" in page
    reward = docs["packs/zjtx_reward@2025.md"]
    assert "*Generated from `src/littlegiant/criteria/policies/zjtx_reward/2025/`" in reward
    assert "- Outputs: status `qualified`, score `reward_amount`" in reward
    assert "cases in `tests/tiers.yaml`." in reward


def test_rendering_is_deterministic(packs, docs):
    assert render_docs(packs) == docs
    assert str(criteria_root()) not in "".join(docs.values())  # no absolute paths


def test_writing_twice_changes_nothing_and_spares_hand_written_pages(docs, tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "format.md").write_text("# hand-written\n", encoding="utf-8")
    (tmp_path / "packs" / "gone@1.md").write_text(GENERATED_MARK + "\nold\n", encoding="utf-8")
    first = write_docs(tmp_path, docs)
    assert "packs/gone@1.md" in first and not (tmp_path / "packs" / "gone@1.md").exists()
    assert write_docs(tmp_path, docs) == []
    assert (tmp_path / "packs" / "format.md").read_text(encoding="utf-8") == "# hand-written\n"
    (tmp_path / GLOSSARY).write_text("edited\n", encoding="utf-8")
    assert stale_docs(tmp_path, docs) == [GLOSSARY]


def test_two_packs_with_the_same_key_are_refused(packs):
    with pytest.raises(PackDocsError, match="zjtx_reward@2025"):
        render_docs([p for p in packs if p.key == "zjtx_reward@2025"] * 2)


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")


def test_a_nested_pack_outside_the_package_is_found_and_escaped(tmp_path):
    folder = tmp_path / "deploy" / "demo_policy" / "2030"
    _write(folder, "pack.yaml", """\
        id: demo_policy
        version: "2030"
        title: 示例政策
        issuer: 示例局
        document: 示例文件
        in_force: {from: 2030-01-01}
        outputs: {status: qualified}
        """)  # fmt: skip
    _write(folder, "rules.yaml", """\
        - id: qualified
          label: 营业收入|达标
          clause: 第一条
          expr: revenue_y1 >= 100
        """)  # fmt: skip
    (pack,) = every_pack(tmp_path)
    page = render_docs([pack])[page_name(pack)]
    assert "| `qualified` | 营业收入｜达标 | 第一条 |  | `revenue_y1 >= 100` |" in page
    assert "*Generated from `demo_policy/2030/`" in page
    assert "0 cases in —." in page
