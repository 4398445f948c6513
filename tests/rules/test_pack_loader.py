"""Strict loading: every malformed pack fails with file:line and a message naming the problem."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from littlegiant.rules import PackLoadError, ParameterError, evaluate, load_pack

PACK = """\
id: demo
version: "2024"
title: 演示
issuer: 测试
document: 演示文件
in_force: {from: 2024-01-01}
outputs: {status: qualified, score: points}
"""
PARAMS = """\
rd_min:
  label: 研发占比下限
  unit: "%"
  reference: 第一条
  confidence: C
  values: {2024-01-01: 3, 2025-01-01: 4}
"""
RULES = """\
- id: rd_ratio
  label: 研发费用占比
  clause: 第一条
  unit: "%"
  expr: ratio(rd_expense_y1, revenue_y1)
- id: points
  label: 得分
  clause: 第二条
  bands:
    of: rd_ratio
    at_least: [[rd_min, 10]]
    else: 0
- id: qualified
  label: 通过
  clause: 第三条
  expr: rd_ratio >= rd_min
"""


def write_pack(root, pack=PACK, params=PARAMS, rules=RULES, programme="demo", version="2024"):
    folder = root / programme / version
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(textwrap.dedent(pack), encoding="utf-8")
    if params is not None:
        (folder / "parameters.yaml").write_text(textwrap.dedent(params), encoding="utf-8")
    if rules is not None:
        (folder / "rules.yaml").write_text(textwrap.dedent(rules), encoding="utf-8")
    return folder


def load_error(tmp_path, **files):
    with pytest.raises(PackLoadError) as caught:
        load_pack(write_pack(tmp_path, **files))
    return str(caught.value)


def test_a_good_pack_loads_and_evaluates_exactly_at_the_threshold(tmp_path):
    pack = load_pack(write_pack(tmp_path))
    verdict = evaluate(pack, {"rd_expense_y1": 8.04, "revenue_y1": 268}, dt.date(2024, 6, 30))
    assert (
        verdict.values["rd_ratio"] == 3.0
    )  # 8.04 / 268 * 100 = 2.9999999999999996 before rounding
    assert verdict.status.value == "qualified"
    assert verdict.score == 10


def test_just_below_the_threshold_fails_and_the_dated_parameter_changes_the_line(tmp_path):
    pack = load_pack(write_pack(tmp_path))
    assert (
        evaluate(pack, {"rd_expense_y1": 29.99, "revenue_y1": 1000}, dt.date(2024, 6, 30)).status
        == "not_qualified"
    )
    assert (
        evaluate(pack, {"rd_expense_y1": 30, "revenue_y1": 1000}, dt.date(2025, 6, 30)).status
        == "not_qualified"
    )
    assert (
        evaluate(pack, {"rd_expense_y1": 40, "revenue_y1": 1000}, dt.date(2025, 1, 1)).status
        == "qualified"
    )


def test_an_as_of_before_the_first_parameter_date_is_an_error(tmp_path):
    pack = load_pack(write_pack(tmp_path))
    with pytest.raises(ParameterError, match="rd_min"):
        evaluate(pack, {}, dt.date(2023, 12, 31))


def test_missing_data_is_unknown_and_named(tmp_path):
    verdict = evaluate(load_pack(write_pack(tmp_path)), {"revenue_y1": 1000}, dt.date(2024, 6, 30))
    assert verdict.status.value == "unknown"
    assert verdict.missing == ("rd_expense_y1",)


def test_duplicate_keys_are_rejected_with_their_line(tmp_path):
    message = load_error(tmp_path, pack=PACK + "title: 又一个\n")
    assert "pack.yaml:8:" in message and "重复的键 'title'" in message


def test_unknown_keys_are_rejected_with_their_line(tmp_path):
    message = load_error(
        tmp_path, rules=RULES.replace('  unit: "%"\n', '  unit: "%"\n  colour: red\n', 1)
    )
    assert "rules.yaml:" in message and "colour" in message


def test_unknown_names_in_expressions_are_rejected_with_the_rule_line(tmp_path):
    message = load_error(tmp_path, rules=RULES.replace("rd_ratio >= rd_min", "rd_ratio >= rd_max"))
    assert "rules.yaml:16:" in message and "rd_max" in message and "qualified" in message


def test_type_errors_are_rejected(tmp_path):
    message = load_error(tmp_path, rules=RULES.replace("rd_ratio >= rd_min", "rd_ratio and rd_min"))
    assert "and 需要 boolean" in message


def test_cycles_are_rejected(tmp_path):
    message = load_error(
        tmp_path, rules=RULES.replace("ratio(rd_expense_y1, revenue_y1)", "points + 1")
    )
    assert "循环引用" in message and "rd_ratio" in message


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        ("__import__('os').system('x')", "不支持"),
        ("rd_ratio.real > 1", "不支持的语法"),
        ("1 < rd_ratio < 3", "连续比较"),
        ("rd_ratio >= True", "小写"),
        ("max(x for x in (1, 2)) > 1", "不支持的语法"),
        ("rd_ratio ** 2 > 1", "不支持的运算符"),
    ],
)
def test_unsafe_or_unsupported_syntax_is_rejected(tmp_path, expression, fragment):
    message = load_error(tmp_path, rules=RULES.replace("rd_ratio >= rd_min", expression))
    assert fragment in message


def test_an_uncertain_parameter_needs_a_note(tmp_path):
    message = load_error(tmp_path, params=PARAMS.replace("confidence: C", "confidence: U"))
    assert "必须写 note" in message


def test_a_name_shared_by_a_rule_and_a_field_is_rejected(tmp_path):
    message = load_error(
        tmp_path,
        rules=RULES.replace("- id: points", "- id: revenue_y1").replace(
            "score: points", "score: revenue_y1"
        ),
    )
    assert "同名记录字段" in message


def test_outputs_must_point_at_rules_of_the_right_type(tmp_path):
    message = load_error(tmp_path, pack=PACK.replace("status: qualified", "status: rd_ratio"))
    assert "outputs.status" in message and "boolean" in message


def test_the_folder_must_match_id_and_version(tmp_path):
    with pytest.raises(PackLoadError, match="必须位于 demo/2024/"):
        load_pack(write_pack(tmp_path, version="2023"))


def test_the_hash_changes_when_a_rule_changes(tmp_path):
    first = load_pack(write_pack(tmp_path)).sha256
    second = load_pack(write_pack(tmp_path, rules=RULES.replace("第三条", "第三条（修订）"))).sha256
    assert first != second and len(first) == 64


OVERLAY = """\
id: demo_local
version: "2024"
title: 演示（地方）
issuer: 地方
document: 地方文件
in_force: {from: 2024-01-01}
extends: demo@2024
outputs: {status: qualified_local}
"""


def test_an_overlay_changes_parameters_adds_and_overrides_rules(tmp_path):
    write_pack(tmp_path)
    params = "rd_min:\n  values: {2024-01-01: 5}\n"
    rules = """\
- id: qualified_local
  label: 地方通过
  clause: 地方第一条
  expr: qualified and revenue_y1 >= 100
- id: points
  label: 得分（地方）
  clause: 地方第二条
  override: true
  expr: rd_ratio * 2
"""
    overlay = load_pack(
        write_pack(tmp_path, pack=OVERLAY, params=params, rules=rules, programme="demo_local")
    )
    verdict = evaluate(overlay, {"rd_expense_y1": 40, "revenue_y1": 1000}, dt.date(2024, 6, 30))
    assert verdict.values["qualified"] is False  # 4% < the overlay's 5%
    assert verdict.score == 8.0
    assert verdict.status.value == "not_qualified"
    assert overlay.parameters["rd_min"].label == "研发占比下限"


def test_an_overlay_must_say_override_to_replace_a_rule(tmp_path):
    write_pack(tmp_path)
    rules = "- id: points\n  label: 得分\n  clause: x\n  expr: 1\n"
    with pytest.raises(PackLoadError, match="override: true"):
        load_pack(
            write_pack(tmp_path, pack=OVERLAY, params=None, rules=rules, programme="demo_local")
        )
