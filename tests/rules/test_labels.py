"""Labels stay true: a rendered rule label shows only numbers that are applied or fixed by law.

A threshold that lives in a dated parameter is written ``{parameter_id}`` in the label and rendered with
the value in force, so the trace can never show a number other than the one applied.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap

import pytest

from littlegiant.rules import PackLoadError, evaluate, every_pack, load_pack, pack_for, program_for
from littlegiant.rules.labels import format_number, render_label

NUMBER = re.compile(r"\d+(?:\.\d+)?")

FIXED_PHRASES = (
    re.compile(r"GB/T \d+-\d{4}"),  # a national standard's number and year
    re.compile(r"（\d{4}年版"),  # the edition year of the document
    re.compile(r"5G"),  # the network technology's name
)
"""Phrases whose digits are names, not quantities."""

FIXED_NUMBERS: dict[tuple[str, str], set[str]] = {
    # The values the rule itself takes: size tiers 1 (large) to 4 (micro), 1 when an indicator is unused.
    **{
        ("sme_size", rule): {"1", "2", "3", "4"}
        for rule in ("employees_tier_by_bounds", "revenue_tier_by_bounds", "assets_tier_by_bounds")
    },
    ("sme_size", "size_tier"): {"1", "2", "3", "4"},
    ("sme_size", "employees_tier"): {"1"},
    ("sme_size", "revenue_tier"): {"1"},
    ("sme_size", "assets_tier"): {"1"},
    ("digital_level", "level"): {"0"},  # level 0 = below level one
    # Constants written in the rule's expression: a score "not 0", an expense "greater than 0".
    ("tech_sme", "score_path"): {"0"},
    ("zj_innovation_voucher", "has_rd"): {"0"},
}
"""Per (pack id, rule id): numbers fixed by the rule itself (its output codes or expression constants)."""


def _numbers(label: str) -> list[str]:
    for phrase in FIXED_PHRASES:
        label = phrase.sub("", label)
    return NUMBER.findall(label)


def _label_dates(pack):
    """Every date a rendered label may change on while the pack is in force."""
    dates = {pack.in_force_from, *pack.parameter_dates()}
    return sorted(d for d in dates if pack.in_force(d))


@pytest.mark.parametrize("pack", every_pack(), ids=lambda pack: pack.key)
def test_rendered_labels_show_only_parameter_values_in_force_or_fixed_numbers(pack):
    for as_of in _label_dates(pack):
        program = program_for(pack, as_of)
        in_force = {format_number(v) for v in program.params.values() if not isinstance(v, bool)}
        for rule_id, label in program.labels.items():
            allowed = in_force | FIXED_NUMBERS.get((pack.id, rule_id), set())
            stray = [n for n in _numbers(label) if n not in allowed]
            assert not stray, f"{pack.key} {as_of} {rule_id}: {label!r} shows {stray}"


def test_every_listed_fixed_number_is_still_needed():
    labels = {(p.id, rid): rule.label for p in every_pack() for rid, rule in p.rules.items()}
    for key, numbers in FIXED_NUMBERS.items():
        assert key in labels, key
        assert numbers <= set(_numbers(labels[key])), key


def test_the_guangdong_trace_shows_the_pass_line_it_applies():
    record = {"niche_years": 5}
    for as_of, line in ((dt.date(2023, 6, 30), "60"), (dt.date(2025, 6, 30), "70")):
        pack = pack_for("specialized_sme_guangdong", as_of)
        step = next(s for s in evaluate(pack, record, as_of).trace if s.rule_id == "score_passes")
        assert step.label == f"评分达到通过线（{line}分）"
        assert step.thresholds == {"pass_score": float(line)}


def test_labels_are_rendered_in_the_trace_json_and_the_verdict():
    as_of = dt.date(2026, 6, 30)
    verdict = evaluate(pack_for("little_giant", as_of), {"revenue_y1": 4000}, as_of)
    step = next(s for s in verdict.to_dict()["trace"] if s["rule"] == "revenue_ok")
    assert step["label"] == "上年度营业收入5000万元以上"
    assert verdict.labels["revenue_ok"] == "上年度营业收入5000万元以上"
    assert "{" not in "".join(verdict.labels.values())


@pytest.mark.parametrize(
    ("value", "shown"), [(5000.0, "5000"), (2.5, "2.5"), (0.1 + 0.2, "0.3"), (70, "70")]
)
def test_numbers_render_without_a_trailing_zero(value, shown):
    assert render_label("{x}", {"x": value}) == shown


def _write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.mark.parametrize(
    ("placeholder", "message"),
    [("{nope}", "不存在的参数 {nope}"), ("{strict}", "不能引用布尔参数 {strict}")],
)
def test_a_label_may_name_only_number_or_text_parameters(tmp_path, placeholder, message):
    folder = tmp_path / "demo" / "1"
    _write(folder, "pack.yaml", """\
        id: demo
        version: "1"
        title: 示例
        issuer: 示例局
        document: 示例文件
        in_force: {from: 2030-01-01}
        outputs: {status: qualified}
        """)  # fmt: skip
    _write(folder, "parameters.yaml", """\
        strict:
          label: 严格
          unit: ""
          reference: 第一条
          confidence: C
          values: {2030-01-01: true}
        """)  # fmt: skip
    _write(folder, "rules.yaml", f"""\
        - id: qualified
          label: 营业收入{placeholder}万元以上
          clause: 第一条
          expr: revenue_y1 >= 100
        """)  # fmt: skip
    with pytest.raises(PackLoadError, match=re.escape(message)):
        load_pack(folder)


TAG = re.compile(
    r"\[(?:C|C1|U)(?:[\u00d7：][^\]]*)?\]"
)  # [C] [C1] [U], the two-sources tag, [U：…]
INVENTED_NUMBERING = re.compile(r"\b[XS](?:10|[1-9])\b")  # our reference notes' X1-X10 / S1-S9


def test_text_a_user_reads_carries_no_confidence_tags():
    for pack in every_pack():
        assert not TAG.search(pack.notes), pack.key
        for rule in pack.rules.values():
            assert not TAG.search(rule.label), (pack.key, rule.id)


def test_clauses_and_references_cite_the_documents_own_structure():
    for pack in every_pack():
        assert not INVENTED_NUMBERING.search(pack.notes), pack.key
        for rule in pack.rules.values():
            assert not INVENTED_NUMBERING.search(rule.clause), (pack.key, rule.id)
        for parameter in pack.parameters.values():
            cited = " ".join((parameter.reference, *parameter.references))
            assert not INVENTED_NUMBERING.search(cited), (pack.key, parameter.id)


def test_a_dated_value_may_cite_its_own_source():
    pack = pack_for("specialized_sme_guangdong", dt.date(2025, 6, 30))
    pass_score = pack.parameters["pass_score"]
    assert pass_score.reference_at(dt.date(2023, 6, 30)) == "附件2 一、（四）"
    assert pass_score.reference_at(dt.date(2025, 6, 30)) == "广东省专精特新中小企业认定评分通过线"
