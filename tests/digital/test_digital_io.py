"""Answers from JSON/forms/sheets, the path to the next level, answer sheets and the CLI."""

from __future__ import annotations

import csv
import json

import pytest
from dq_answers import AS_OF, lowest_answers, top_answers
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from littlegiant.cli.main import app
from littlegiant.digital.answers import AnswerError, parse_answers, require_complete
from littlegiant.digital.path import next_level_path
from littlegiant.digital.questionnaire import QUESTIONS_BY_ID, SCENES
from littlegiant.digital.rows import CellProblem, score_rows, with_problems
from littlegiant.digital.scoring import assess
from littlegiant.io.digital_sheets import (
    read_answer_rows,
    read_answer_sheet,
    template_headers,
    write_results,
)


def test_answers_accept_chinese_texts_separators_and_scene_words():
    answers, problems = parse_answers(
        {
            "企业网络建设情况": "建设工业控制网络，建设或租用 5G 工业网络",
            "dq_info_system_coverage": "覆盖多个业务环节",
            "质量管理": "三级",
            "dq_scene_finance": "4",
            "dq_scene_energy": 2.0,
            "unrelated column": "x",
        }
    )
    assert problems == []
    assert answers == {
        "dq_network_items": ["industrial_control", "industrial_5g"],
        "dq_info_system_coverage": "multiple",
        "dq_scene_quality": 3,
        "dq_scene_finance": 4,
        "dq_scene_energy": 2,
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("dq_scene_quality", 5, "须为 1-4 级"),
        ("dq_scene_quality", 2.5, "须为 1-4 级"),
        ("dq_info_system_coverage", "全部", "没有选项“全部”"),
        ("dq_talent_measures", ["none", "staff"], "选择“无”时不能同时选择其他选项"),
    ],
)
def test_bad_answers_are_named_with_question_and_value(field, value, message):
    answers, problems = parse_answers({field: value})
    assert field not in answers
    assert len(problems) == 1 and message in problems[0].message and problems[0].field_id == field


def test_require_complete_lists_every_missing_answer():
    answers = top_answers()
    del answers["dq_cost_per_revenue"]
    del answers["dq_scene_safety"]
    with pytest.raises(AnswerError) as error:
        require_complete(answers)
    assert [p.field_id for p in error.value.problems] == ["dq_cost_per_revenue", "dq_scene_safety"]


def test_path_from_nothing_to_level_one_takes_the_two_biggest_questions():
    path = next_level_path(lowest_answers(), AS_OF)
    assert path is not None and path.reachable
    assert {step.field_id for step in path.steps} == {
        "dq_info_system_coverage",
        "dq_data_collection_links",
    }
    assert path.points_gained == 20.0


def test_path_takes_the_smallest_upgrade_that_closes_the_last_gap():
    answers = lowest_answers() | {
        "dq_info_system_coverage": "full",
        "dq_data_collection_links": ["human_resources"],
    }
    answers |= {
        "dq_data_security_items": ["policy", "protection", "risk_assessment"]
    }  # 10 + 0.9 + 3.75
    path = next_level_path(answers, AS_OF)
    assert path.score == 14.65 and path.target_level == 1
    assert len(path.steps) == 1
    step = path.steps[0]
    assert step.points >= 5.35 and step.points <= 6.0  # not the question's maximum unless needed
    assert assess({**answers, step.field_id: step.proposed}, AS_OF).level == 1


def test_path_raises_mandatory_scenes_first_when_they_are_short():
    answers = top_answers() | {s.field_id: (3 if not s.mandatory else 2) for s in SCENES}
    assert assess(answers, AS_OF).level == 2  # 6 scenes at 3, none of them 约束性
    path = next_level_path(answers, AS_OF)
    scene_steps = [step for step in path.steps if step.is_scene]
    assert len(scene_steps) == 5
    assert all(
        next(s for s in SCENES if s.field_id == step.field_id).mandatory for step in scene_steps
    )
    assert path.verified_level == 3 and not [step for step in path.steps if not step.is_scene]


def test_no_path_at_the_top_level_or_while_answers_are_missing():
    assert next_level_path(top_answers(), AS_OF) is None
    partial = top_answers()
    del partial["dq_investment_ratio"]
    assert next_level_path(partial, AS_OF) is None


def _sheet(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(template_headers())
    for row in rows:
        sheet.append(row)
    book.save(path)


def _row(uscc: str, answers: dict) -> list:
    values = [uscc, "企业"]
    for field_id in [*(q for q in QUESTIONS_BY_ID), *(s.field_id for s in SCENES)]:
        question = QUESTIONS_BY_ID.get(field_id)
        value = answers.get(field_id)
        if question is not None and isinstance(value, list):
            value = "、".join(question.option_text(v) for v in value)
        elif question is not None and value is not None:
            value = question.option_text(value)
        values.append(value)
    return values


def test_a_sheet_of_answers_is_batch_scored_with_row_level_problems(tmp_path):
    incomplete = top_answers()
    del incomplete["dq_scene_finance"]
    bad = top_answers() | {"dq_scene_quality": 9}
    _sheet(
        tmp_path / "a.xlsx",
        [
            _row("A", top_answers()),
            _row("B", lowest_answers()),
            _row("C", incomplete),
            _row("D", bad),
        ],
    )
    rows = read_answer_rows(tmp_path / "a.xlsx")
    results = score_rows(rows, AS_OF)
    assert [(r.row.row, r.result.level if r.result else "x") for r in results] == [
        (2, 4),
        (3, 0),
        (4, None),
        (5, "x"),
    ]
    assert "第 5 行" in results[3].messages[0] and "1-4 级" in results[3].messages[0]
    assert "答卷不完整" in results[2].messages[0]
    write_results(results, tmp_path / "out.xlsx")
    out = list(load_workbook(tmp_path / "out.xlsx").active.iter_rows(min_row=2, values_only=True))
    assert out[0][3:5] == (100.0, "四级") and out[3][4] == "无法评测"


def test_a_csv_with_answer_ids_as_headers_is_read(tmp_path):
    answers = top_answers()
    with (tmp_path / "a.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["uscc", *answers])
        writer.writerow(
            ["X", *(",".join(v) if isinstance(v, list) else v for v in answers.values())]
        )
    [row] = read_answer_rows(tmp_path / "a.csv")
    assert row.uscc == "X" and row.answers == answers and row.problems == []


runner = CliRunner()


def test_cli_scores_a_json_questionnaire(tmp_path):
    source = tmp_path / "answers.json"
    source.write_text(
        json.dumps(lowest_answers() | {"dq_info_system_coverage": "full"}), encoding="utf-8"
    )
    result = runner.invoke(
        app, ["digital", "score", str(source), "--as-of", "2025-06-30", "--json"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert (body["score"], body["level"], body["version"]) == (10.0, 0, "2024")


def test_cli_reports_missing_answers_and_fails(tmp_path):
    source = tmp_path / "answers.json"
    source.write_text(json.dumps({"dq_info_system_coverage": "full"}), encoding="utf-8")
    result = runner.invoke(app, ["digital", "score", str(source)])
    assert result.exit_code == 0
    assert "未作答" in result.output and "待定" in result.output


def test_cli_batch_and_template(tmp_path):
    assert runner.invoke(app, ["digital", "template", str(tmp_path / "t.xlsx")]).exit_code == 0
    header = next(load_workbook(tmp_path / "t.xlsx").active.iter_rows(max_row=1, values_only=True))
    assert list(header) == template_headers()
    _sheet(tmp_path / "in.xlsx", [_row("A", top_answers()), _row("B", lowest_answers())])
    result = runner.invoke(
        app,
        [
            "digital",
            "batch",
            str(tmp_path / "in.xlsx"),
            "-o",
            str(tmp_path / "out.xlsx"),
            "--as-of",
            "2025-06-30",
        ],
    )
    assert result.exit_code == 0, result.output
    text = "".join(result.output.split())  # Rich wraps long lines, even inside a word
    assert "已评测2行" in text and "四级1家" in text and "未达一级1家" in text
    result = runner.invoke(
        app, ["digital", "score", str(tmp_path / "in.xlsx"), "--row", "3", "--json"]
    )
    assert json.loads(result.output)["level"] == 0


def test_problems_are_located_by_column_letter_header_and_value(tmp_path):
    headers = [
        "备注",
        *template_headers(),
    ]  # an extra first column shifts every answer one to the right
    book = Workbook()
    book.active.append(headers)
    book.active.append(["x", *_row("A", top_answers() | {"dq_scene_quality": 9})])
    book.save(tmp_path / "a.xlsx")
    sheet = read_answer_sheet(tmp_path / "a.xlsx")
    assert sheet.columns["uscc"] == ("B", "统一社会信用代码")
    letter, header = sheet.columns["dq_scene_quality"]
    assert header == "数字化经营场景：质量管理"
    assert letter == get_column_letter(headers.index(header) + 1)
    [located] = score_rows(sheet.rows, AS_OF, sheet.columns)
    [problem] = located.problems
    assert (problem.row, problem.column, problem.header, problem.value) == (2, letter, header, 9)
    assert located.messages == (f"第 2 行 {letter} 列：「{header}」的等级须为 1-4 级，填写的是“9”",)
    [unlocated] = score_rows(sheet.rows, AS_OF)
    assert unlocated.messages[0].startswith("第 2 行：")


def test_more_problems_append_to_a_row_result(tmp_path):
    _sheet(tmp_path / "a.xlsx", [_row("A", top_answers())])
    [item] = score_rows(read_answer_rows(tmp_path / "a.xlsx"), AS_OF)
    extra = CellProblem(2, "A", "统一社会信用代码", "A", "不在档案中")
    merged = with_problems(item, [extra])
    assert item.problems == () and merged.problems == (extra,)
    assert merged.messages == ("第 2 行 A 列：不在档案中",) and merged.result is item.result


def test_the_template_guide_lists_one_option_a_line_and_answers_split_at_semicolons(tmp_path):
    """Options themselves contain 、 and ，, so the guide never joins them with those; an answer written
    as the guide says (options copied, ；between them) reads back as exactly those options."""
    import openpyxl

    from littlegiant.digital.answers import parse_answers
    from littlegiant.digital.questionnaire import QUESTIONS
    from littlegiant.io.digital_sheets import write_template

    path = tmp_path / "template.xlsx"
    write_template(path)
    guide = openpyxl.load_workbook(path)["填写说明"]
    rows = {row[0]: row for row in guide.iter_rows(min_row=2, values_only=True)}
    tricky = [
        q
        for q in QUESTIONS
        if q.kind == "multi" and any("、" in o.text or "，" in o.text for o in q.options)
    ]
    assert tricky  # the questionnaire does have such options
    for question in tricky:
        listed = rows[question.text][2].split("\n")
        assert listed == [option.text for option in question.options]
        chosen = [o for o in question.options if "、" in o.text or "，" in o.text][:1] + list(
            question.options[:1]
        )
        answers, problems = parse_answers({question.id: "；".join(o.text for o in chosen)})
        assert not problems, problems
        assert set(answers[question.id]) == {o.id for o in chosen}
