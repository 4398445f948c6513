"""Pack test files: a case built on a named base record lists only what differs; errors name file:line."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from test_pack_loader import write_pack

from littlegiant.rules import PackLoadError, load_pack
from littlegiant.rules.cases import load_cases, run_case

BASED = """\
records:
  firm: {revenue_y1: 1000, rd_expense_y1: 30}
cases:
- name: The base firm spends exactly 3% on R&D.
  base: firm
  output: {status: qualified, score: 10}
- name: One 万元 less R&D misses the line.
  base: firm
  input: {rd_expense_y1: 29}
  output: {status: not_qualified}
- name: Without R&D data the verdict is unknown.
  base: firm
  input: {rd_expense_y1: null}
  output: {status: unknown}
- name: A case may still spell out its whole record.
  input: {revenue_y1: 100, rd_expense_y1: 5}
  output: {status: qualified}
"""


def _pack_with_cases(tmp_path, text):
    folder = write_pack(tmp_path)
    (folder / "tests").mkdir()
    (folder / "tests" / "cases.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return load_pack(folder)


def test_a_case_merges_its_input_over_its_base_record(tmp_path):
    pack = _pack_with_cases(tmp_path, BASED)
    cases = load_cases(pack)
    assert [c.case.input for c in cases] == [
        {"revenue_y1": 1000, "rd_expense_y1": 30},
        {"revenue_y1": 1000, "rd_expense_y1": 29},
        {"revenue_y1": 1000, "rd_expense_y1": None},
        {"revenue_y1": 100, "rd_expense_y1": 5},
    ]
    results = [run_case(pack, case) for case in cases]
    assert all(result.passed for result in results), [r.report() for r in results]
    assert results[0].verdict.as_of == dt.date(2024, 1, 1)


def test_a_failing_case_reports_where_it_is_what_differs_and_the_trace(tmp_path):
    pack = _pack_with_cases(tmp_path, BASED.replace("status: not_qualified", "status: qualified"))
    result = run_case(pack, load_cases(pack)[1])
    assert not result.passed
    report = result.report()
    assert "cases.yaml:7: One 万元 less R&D misses the line." in report
    assert "status: 期望 qualified，实际 not_qualified" in report and "rd_ratio = 2.9" in report


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            BASED.replace("base: firm\n  input: {rd_expense_y1: 29}", "base: nope"),
            "cases.yaml:7: .*base 指向不存在的记录 nope",
        ),
        (
            BASED.replace("{revenue_y1: 1000,", "{revenue: 1000,"),
            "cases.yaml:2: 基础记录「firm」含未知字段：revenue",
        ),
        (BASED.replace("cases:", "kases:"), "cases.yaml:1: cases: Field required"),
        ("records: {}\ncases: {a: 1}\n", "cases"),
    ],
)
def test_a_malformed_test_file_is_refused_with_its_line(tmp_path, text, message):
    with pytest.raises(PackLoadError, match=message):
        load_cases(_pack_with_cases(tmp_path, text))
