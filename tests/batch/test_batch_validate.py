"""The vectorised validator against the per-row path: same clean table, same problems, word for word."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import random
from unittest import mock

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc
from typer.testing import CliRunner

from littlegiant.batch.arrow import records_to_arrow
from littlegiant.batch.rows import clean_rows, read_rows
from littlegiant.batch.validation import RowProblems, read_table, validate_table
from littlegiant.batch.validation import table as table_module
from littlegiant.batch.validation._codes import uscc_check_digits_valid
from littlegiant.batch.validation._text import SPACES
from littlegiant.cli.main import app
from littlegiant.records.values import today_in_china

TODAY = today_in_china()
TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _uscc(body: str) -> str:
    return body + stdnum_uscc.calc_check_digit(body)


def _same_as_per_row(table: pa.Table) -> RowProblems:
    """Run both paths on ``table``; assert equal clean tables and problem lists; return the problems."""
    clean, problems = validate_table(table, today=TODAY)
    rows_clean, rows_problems = clean_rows(table.to_pylist())
    expected = records_to_arrow(rows_clean)
    assert clean.schema == expected.schema
    for name in expected.column_names:
        assert clean.column(name).to_pylist() == expected.column(name).to_pylist(), name
    assert clean.equals(expected)
    assert list(problems) == rows_problems
    assert len(problems) == len(rows_problems)
    return problems


def _text_table(columns: dict[str, list[object]]) -> pa.Table:
    """Columns of text (as a CSV gives them), padded with None to the longest."""
    rows = max(len(values) for values in columns.values())
    return pa.table(
        {
            name: pa.array(values + [None] * (rows - len(values)), pa.string())
            for name, values in columns.items()
        }
    )


# --- hostile values, every kind, at every bound ---------------------------------------------------

HOSTILE_TEXT: dict[str, list[object]] = {
    "uscc": [
        "91110000600037341L", "91110000600037341l", " 9111-0000-6000-37341L ", "91110000600037341A",
        "9111000060003734", "911100006000373410L", "9111000060003734IL", "A1110000600037341L", "",
        "  ", "\uff19\uff11110000600037341L", "9111000060003734\t1L", "R1", _uscc("91320506MA1XY47Q0"),
    ],
    "name": ["  某某科技有限公司 ", "x" * 500, "y" * 501, "\u3000公司\u3000", "\t", "12"],
    "region_code": [
        "320506", "320506.0", "320506.00", "320599", "32050", "3205060", " 320506 ", "\uff13\uff12\uff10\uff15\uff10\uff16",
        "110000", "abc", "320506.5", "000000",
    ],
    "industry_code": [
        "C3985", "3985", "c39", " C 39 ", "C", "39", "A3985", "3986", "C9999", "Z", "39.0", "C39.0", "I65",
        "\uff16\uff15", "c", "C39 85", "0111", "A01", "-", "3", "C12345",
    ],
    "established_on": [
        "2020-01-31", "2020/1/31", "2020.01.31", "2020年1月31日", "2020 年 1 月 31 日", "2020-02-30", "2020-13-01",
        "1899-12-31", "1900-01-01", TODAY.isoformat(), TOMORROW, "43861", "43861.5", "0", "2020-01-31 00:00:00",
        "2020-01-31T10:00", "\uff12\uff10\uff12\uff10-01-31", "31/01/2020", "2020-1-31 extra", "2024-02-29",
        "2023-02-29", "0000-01-01", "2020-00-10", "2020-01-00", "2958466", "1",
    ],
    "revenue_y1": [
        "0", "-0", "1000000000", "1000000000.0001", "-0.0001", "1,234.5", "1,23.4", "\uff11\uff12\uff13",
        "\uff11\uff0c\uff12\uff13\uff14\uff0e\uff15", "12万元", "12 万元", "(12)", "abc", "1e400", "inf", "nan",
        " 12 ", "\t12", "12\n", "+.5", ".", "1.", "\uff11\uff12万元", "\u3000\uff11\uff12", "12%", "1,234,567",
        "1,234.", "--1", "\u0663", "1_000", "0x10", "1e3", "1E+03", "12万元万元", "1 234", "()",
    ],
    "net_profit_y1": ["-1000000000", "-1000000000.5", "(123.4)", "-12.5", "1000000000.1", "-1,000"],
    "employees_y1": ["10", "10.0", "10.5", "-1", "10000000", "10000001", "1e3", "10人", "\uff11\uff10", "0"],
    "market_share": ["12.5%", "12.5\uff05", "100", "100.01", "12.5%%", "-0", "50 %", "0", "%", "-0.01"],
    "digital_level": ["0", "1", "4", "5", "2.0", "2.5", "3级"],
    "niche_years": ["0", "200", "200.5", "3年", "-1"],
    "high_tech_enterprise": [
        "是", "否", "TRUE", "False", " y ", "N", "1", "0", "√", "\u00d7", "有", "无", "yes", "maybe",
        "\uff54\uff52\uff55\uff45", "\uff11", "2", "T", "\u3000是\u3000", "1.0",
    ],
    "rd_institution_level": [
        "national", "National", "国家级", " 省级 ", "NATIONAL", "national\u3000", "nat", "市级以下", "无", "none",
        "None", "\uff4e\uff41\uff54\uff49\uff4f\uff4e\uff41\uff4c",
    ],
    "main_product_field": [
        "strategic_emerging", "six_foundations、战略性新兴产业", "产业链供应链关键环节（补短板、锻长板、填空白）",
        "other,other", "Other; time_honored", "、", "bad,other", "其他 | 中华老字号", "STRATEGIC_EMERGING",
        "other\u3000time_honored", "其他其他", "/", "other,,", "\uff4f\uff54\uff48\uff45\uff52",
    ],
    "dq_network_items": ["none", "无", "建设或租用 5G 工业网络、none", "industrial_5g industrial_control"],
    "dq_device_digital_rate": ["0-10%（含）", "r0_10", "0-10%(含)", "60%以上", "R60_100"],
    "digital_level_on": [TODAY.isoformat(), TOMORROW, "2024-06-30"],
}  # fmt: skip


def test_every_kind_of_hostile_text_cell_gives_the_per_row_outcome():
    problems = _same_as_per_row(_text_table(HOSTILE_TEXT))
    assert {problem.field for problem in problems} >= {
        "uscc", "name", "region_code", "industry_code", "established_on", "revenue_y1", "employees_y1",
        "market_share", "digital_level", "high_tech_enterprise", "rd_institution_level", "main_product_field",
    }  # fmt: skip


def test_bounds_are_inclusive_and_one_step_beyond_is_a_problem():
    table = _text_table({
        "revenue_y1": ["0", "-0.0001", "1000000000", "1000000000.0001"],
        "employees_y1": ["0", "-1", "10000000", "10000001"],
        "market_share": ["0", "-0.01", "100", "100.01"],
        "digital_level": ["1", "0", "4", "5"],
        "established_on": ["1900-01-01", "1899-12-31", TODAY.isoformat(), TOMORROW],
    })  # fmt: skip
    clean, problems = validate_table(table, today=TODAY)
    assert clean.column("revenue_y1").to_pylist() == [0.0, None, 1e9, None]
    assert clean.column("digital_level").to_pylist() == [1.0, None, 4.0, None]
    assert clean.column("established_on").to_pylist() == [
        "1900-01-01",
        None,
        TODAY.isoformat(),
        None,
    ]
    assert sorted({p.row for p in problems}) == [2, 4]
    assert len(problems) == 10
    _same_as_per_row(table)


def test_cross_field_checks_name_the_smaller_field_and_the_larger_value():
    table = _text_table({
        "uscc": ["91110000600037341L", "X", ""],
        "revenue_y1": ["100", "100", None], "main_revenue_y1": ["120", "100", "5"],
        "employees_y2": ["25", "10", "3"], "rd_staff_y2": ["30", "10", "4"], "tech_staff_y2": ["26", "1", "x"],
        "ip_class1_count": ["1", "2", "0"], "ip_class1_self_developed_count": ["2", "2", "1"],
        "ip_class1_high_value_count": ["3", "0", "1"],
    })  # fmt: skip
    problems = _same_as_per_row(table)
    first = [p for p in problems if p.row == 1]
    assert [p.field for p in first] == [
        "main_revenue_y1", "rd_staff_y2", "tech_staff_y2", "ip_class1_self_developed_count",
        "ip_class1_high_value_count",
    ]  # fmt: skip
    assert first[0].message.endswith("主营业务收入不得大于营业收入（100）")
    assert first[0].uscc == "91110000600037341L"
    assert {p.uscc for p in problems if p.row == 3} == {""}


def test_typed_columns_as_parquet_gives_them_give_the_per_row_outcome():
    rows = 9
    table = pa.table({
        "uscc": pa.array([_uscc("91110000600037341"), "bad", None] + ["91110000600037341L"] * 6),
        "revenue_y1": pa.array([0.0, -0.0, float("nan"), float("inf"), 1e9, 1e9 + 1, -1e-9, None, 12.5]),
        "employees_y1": pa.array([0, 1, -1, 10_000_000, 10_000_001, None, 7, 2**62, 3], pa.int64()),
        "rd_staff_y1": pa.array([1, 2, 0, 10_000_000, 5, 5, 8, 1, 3], pa.int64()),
        "total_assets_y1": pa.array([True, False, None] * 3),
        "high_tech_enterprise": pa.array([0.0, 1.0, 2.0, float("nan"), -0.0, None, 1.0, 0.5, 1.0]),
        "tech_sme": pa.array([True, False, None] * 3),
        "established_on": pa.array([dt.date(2020, 1, 31), dt.date(1899, 12, 31), TODAY, TODAY + dt.timedelta(1),
                                    None, dt.date(1900, 1, 1), dt.date(2000, 2, 29), dt.date(9999, 1, 1),
                                    dt.date(1970, 1, 1)]),
        "digital_level_on": pa.array(["1969-12-31T23:00", None, "2020-01-01T00:00:01"] * 3).cast(pa.timestamp("us")),
        "region_code": pa.array([320506.0, 320599.0, 320506.5, float("nan"), 12345.0, None, 110000.0, -1.0, 1e20]),
        "industry_code": pa.array([3985, 39, 3986, None, 1, 111, 6510, -5, 398], pa.int64()),
        "main_product_field": pa.array([["other"], [], None, ["其他", " other "], ["bad"], [None], [""],
                                        ["time_honored", "OTHER"], ["none"]], pa.list_(pa.string())),
        "dq_network_items": pa.array([["none"], [None], ["无"], None, [], ["x"], ["None"], ["industrial_5g"],
                                      ["建设工业控制网络"]], pa.list_(pa.string())),
        "name": pa.array([12, None, 13_800_138_000, -5, 0, 1, 2, 3, 4], pa.int64()),
        "niche_years": pa.array([dt.date(2020, 1, 1)] * rows),
        "digital_level": pa.array(["1", "2", "3", "4", "5", "0", None, "\uff12", "1.5"]),
    })  # fmt: skip
    _same_as_per_row(table)


def test_a_column_of_numbers_keeps_the_given_uscc_when_it_is_not_valid():
    table = pa.table({"uscc": pa.array([1.0, None, 1.5]), "revenue_y1": [1.0, 2.0, 3.0]})
    clean, _problems = validate_table(table, today=TODAY)
    assert clean.column("uscc").type == pa.float64()  # records_to_arrow: a column of numbers only
    assert [p.field for p in _same_as_per_row(table)] == ["uscc", "uscc"]
    mixed = pa.table({"uscc": pa.array([9.1e17, 2.0])})
    _same_as_per_row(mixed)


def test_an_all_empty_column_is_text_as_records_to_arrow_makes_it():
    table = _text_table(
        {"uscc": ["91110000600037341L", "91110000600037341L"], "revenue_y1": ["", "  "]}
    )
    clean, problems = validate_table(table, today=TODAY)
    assert clean.column("revenue_y1").type == pa.string() and len(problems) == 0
    _same_as_per_row(table)


def test_an_empty_table_gives_an_empty_table():
    clean, problems = validate_table(pa.table({"uscc": pa.array([], pa.string())}), today=TODAY)
    assert clean.num_columns == 0 and len(problems) == 0
    assert records_to_arrow(clean_rows([])[0]).num_columns == 0


def test_many_rows_of_few_distinct_values_are_cleaned_per_value_with_the_same_outcome():
    rng = random.Random(5)
    columns = (
        "industry_code",
        "rd_institution_level",
        "main_product_field",
        "high_tech_enterprise",
        "region_code",
    )
    data = {
        name: [rng.choice(HOSTILE_TEXT[name] + [None]) for _ in range(10_500)] for name in columns
    }
    data["uscc"] = [rng.choice(HOSTILE_TEXT["uscc"]) for _ in range(10_500)]
    _same_as_per_row(_text_table(data))


def test_unknown_columns_are_ignored_and_a_repeated_column_counts_once_the_last():
    table = pa.Table.from_arrays(
        [pa.array(["1", "2"]), pa.array(["x", "5"]), pa.array(["a", "b"])],
        names=["revenue_y1", "revenue_y1", "not_a_field"],
    )
    clean, problems = validate_table(table, today=TODAY)
    assert clean.column("revenue_y1").to_pylist() == [None, 5.0]
    assert "not_a_field" not in clean.column_names
    assert [(p.row, p.field) for p in problems] == [(1, "revenue_y1")]


# --- generated rows --------------------------------------------------------------------------------

VALID_USCC = st.text(ALPHABET, min_size=9, max_size=9).map(lambda tail: _uscc("91320506" + tail))


def _figure(kind: str) -> st.SearchStrategy[str]:
    value = (
        st.floats(-2e9, 2e9, allow_nan=False) if kind == "money" else st.integers(-5, 10_000_001)
    )
    styles = st.sampled_from(["plain", "grouped", "wide", "unit", "percent", "exp"])
    return st.tuples(value, styles).map(lambda pair: _styled(*pair))


def _styled(value: float, style: str) -> str:
    text = repr(value) if isinstance(value, float) else str(value)
    if style == "grouped":
        return f"{value:,}"
    if style == "wide":
        return text.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    return {"unit": text + "万元", "percent": text + "%", "exp": f"{float(value):e}"}.get(
        style, text
    )


def _cell(column: str) -> st.SearchStrategy[object]:
    pools = {
        "uscc": st.one_of(VALID_USCC, st.sampled_from(HOSTILE_TEXT["uscc"]), st.text(ALPHABET, max_size=19)),
        "revenue_y1": st.one_of(_figure("money"), st.sampled_from(HOSTILE_TEXT["revenue_y1"])),
        "main_revenue_y1": _figure("money"),
        "employees_y1": st.one_of(_figure("count"), st.sampled_from(HOSTILE_TEXT["employees_y1"])),
        "rd_staff_y1": _figure("count"),
        "market_share": st.one_of(_figure("count"), st.sampled_from(HOSTILE_TEXT["market_share"])),
        "established_on": st.one_of(st.dates().map(str), st.dates().map(lambda d: f"{d.year}/{d.month}/{d.day}"),
                                    st.sampled_from(HOSTILE_TEXT["established_on"])),
        "name": st.text(max_size=8),
        "high_tech_enterprise": st.one_of(st.sampled_from(HOSTILE_TEXT["high_tech_enterprise"]), st.text(max_size=3)),
    }  # fmt: skip
    default = st.sampled_from(HOSTILE_TEXT.get(column, ["1"]))
    return st.one_of(st.none(), pools.get(column, default), st.text(max_size=4))


COLUMNS = (
    "uscc", "name", "region_code", "industry_code", "established_on", "revenue_y1", "main_revenue_y1",
    "employees_y1", "rd_staff_y1", "market_share", "high_tech_enterprise", "rd_institution_level",
    "main_product_field", "dq_network_items",
)  # fmt: skip
ROW = st.fixed_dictionaries({column: _cell(column) for column in COLUMNS})


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.large_base_example,
        HealthCheck.data_too_large,
    ],
)
@given(st.lists(ROW, min_size=30, max_size=60))
def test_generated_rows_mixing_good_and_bad_values_give_the_per_row_outcome(rows):
    table = pa.table(
        {column: pa.array([row[column] for row in rows], pa.string()) for column in COLUMNS}
    )
    _same_as_per_row(table)


# --- parts ------------------------------------------------------------------------------------------


def test_the_uscc_check_digit_agrees_with_stdnum_on_a_sample():
    rng = random.Random(11)
    bodies = ["".join(rng.choice("0123456789") for _ in range(8)) + "".join(rng.choice(ALPHABET) for _ in range(9))
              for _ in range(3000)]  # fmt: skip
    right = [_uscc(body) for body in bodies]
    wrong = [
        body + rng.choice(ALPHABET.replace(code[-1], ""))
        for body, code in zip(bodies, right, strict=True)
    ]
    assert uscc_check_digits_valid(pa.array(right)).all()
    assert not uscc_check_digits_valid(pa.array(wrong)).any()


def test_the_whitespace_set_is_pythons():
    assert {c for c in map(chr, range(0x110000)) if c.isspace()} == set(SPACES)


def test_problems_are_a_sequence_worded_when_read():
    table = _text_table(
        {"uscc": ["bad1", "91110000600037341L", "bad3"], "revenue_y1": ["-1", "1", "x"]}
    )
    _clean, problems = validate_table(table, today=TODAY)
    assert len(problems) == 4 and list(problems.rows()) == [1, 1, 3, 3]
    assert problems[-1].field == "revenue_y1" and problems[-1].row == 3
    assert [p.field for p in problems[:2]] == ["uscc", "revenue_y1"]
    assert (
        problems[0].message
        == "字段「统一社会信用代码」的值 bad1 不符合规则：统一社会信用代码 BAD1 长度为 4 位，应为 18 位"
    )
    with pytest.raises(IndexError):
        problems[4]


def _as_rows(table: pa.Table) -> list[dict[str, object]]:
    columns = [column.to_pylist() for column in table.columns]
    return [
        dict(zip(table.column_names, values, strict=True)) for values in zip(*columns, strict=True)
    ]


def test_read_table_gives_the_cells_read_rows_gives(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        '\ufeffuscc,revenue_y1,revenue_y1,name\nA, 1 ,2,"多行\n名称"\n,,,\n', encoding="utf-8"
    )
    table = read_table(path)
    assert _as_rows(table) == [dict(row) for row in read_rows(path)]
    assert _as_rows(table)[0] == {"uscc": "A", "revenue_y1": "2", "name": "多行\n名称"}
    _same_as_per_row(table)


def test_read_table_falls_back_to_pythons_csv_for_ragged_rows(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("uscc,revenue_y1,employees_y1\nA,1\nB,2,3,4\n", encoding="utf-8")
    table = read_table(path)
    assert _as_rows(table) == [
        {k: v for k, v in row.items() if k is not None} for row in read_rows(path)
    ]
    _same_as_per_row(table)


# --- the command ------------------------------------------------------------------------------------


def test_evaluate_reports_bad_rows_by_number_and_field_and_evaluates_every_row(tmp_path):
    source = tmp_path / "firms.csv"
    source.write_text(
        "uscc,industry_code,employees_y1,revenue_y1,main_revenue_y1,established_on\n"
        "91350100M000100Y43,C3985,120,3000,2000,2015-03-01\n"
        "91110000600037341L,C3985,abc,900,950,2015-03-01\n"
        "91110000600037341A,C9999,50,\uff11\uff0c200,300,2999-01-01\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(app, ["evaluate", str(source), "-o", str(out), "--as-of", "2025-06-30",
                                      "-p", "sme_size"])  # fmt: skip
    assert result.exit_code == 0, result.output
    output = result.output.replace("\n", "")
    assert "第 2 行" in output and "employees_y1" in output and "main_revenue_y1" in output
    assert (
        "第 3 行" in output
        and "uscc" in output
        and "industry_code" in output
        and "established_on" in output
    )
    assert "第 1 行" not in output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [row["uscc"] for row in rows] == [
        "91350100M000100Y43",
        "91110000600037341L",
        "91110000600037341A",
    ]
    assert [row["sme_size__class"] for row in rows] == ["small", "", ""]
    assert rows[2]["sme_size__status"] == "unknown"


# --- Arrow tables as files give them: every column type, nulls, chunks, row groups -------------------------


def _assert_same_as_per_row(table: pa.Table) -> None:
    clean, problems = validate_table(table, today=TODAY)
    rows_clean, rows_problems = clean_rows(table.to_pylist())
    expected = records_to_arrow(rows_clean)
    assert clean.schema == expected.schema
    for name in expected.column_names:
        assert clean.column(name).to_pylist() == expected.column(name).to_pylist(), name
    assert list(problems) == rows_problems


# --- the regression: an all-empty optional text column in a large Parquet file ---------------------------


def test_evaluate_reads_a_large_parquet_file_with_an_all_empty_text_column(tmp_path):
    rows = 12_000
    source = tmp_path / "firms.parquet"
    pq.write_table(
        pa.table(
            {
                "uscc": ["91110000600037341L"] * rows,
                "name": pa.nulls(rows, pa.string()),
                "rd_institution_level": pa.array([None] * rows, pa.string()),
                "industry_code": ["C3985"] * rows,
                "employees_y1": pa.array([120] * rows, pa.int64()),
                "revenue_y1": [3000.0] * rows,
            }
        ),
        source,
        row_group_size=4096,
    )
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        app, ["evaluate", str(source), "-o", str(out), "--as-of", "2025-06-30", "-p", "sme_size"]
    )
    assert result.exit_code == 0, result.output
    results = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(results) == rows and {row["sme_size__class"] for row in results} == {"small"}


def test_an_all_empty_text_column_of_many_rows_is_all_empty_like_the_per_row_path():
    rows = 10_500
    table = pa.table({"uscc": ["91110000600037341L"] * rows, "name": pa.nulls(rows, pa.string())})
    clean, problems = validate_table(table, today=TODAY)
    assert clean.column("name").null_count == rows and len(problems) == 0
    _assert_same_as_per_row(table)


# --- the property: any Arrow table, same outcome as the per-row path ---------------------------------------

ODD_FLOATS = [
    0.0,
    -0.0,
    float("nan"),
    float("inf"),
    -float("inf"),
    1e20,
    -1e-9,
    0.5,
    12.5,
    100.0,
    100.01,
]
ODD_INTS = [0, 1, -1, 2, 39, 3985, 320506, 10_000_000, 10_000_001, 2**62, -(2**62)]
ODD_DATES = [dt.date(1899, 12, 31), dt.date(1900, 1, 1), dt.date(2020, 2, 29), TODAY, TODAY + dt.timedelta(1),
             dt.date(9999, 12, 31), dt.date(1970, 1, 1)]  # fmt: skip
ARROW_COLUMNS = (
    "uscc", "name", "region_code", "industry_code", "established_on", "revenue_y1", "net_profit_y1",
    "employees_y1", "market_share", "niche_years", "digital_level", "high_tech_enterprise", "tech_sme",
    "rd_institution_level", "main_product_field", "digital_level_on", "dq_network_items",
    "dq_device_digital_rate",
)  # fmt: skip
TYPES = ("string", "large_string", "dictionary", "int64", "int32", "float64", "bool", "date", "timestamp",
         "list")  # fmt: skip


def _text_values(column: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(HOSTILE_TEXT.get(column, ["1", "", " "])), st.text(max_size=5))


def _values(column: str, kind: str) -> st.SearchStrategy[object]:
    if kind in {"string", "large_string", "dictionary"}:
        return _text_values(column)
    if kind in {"int64", "int32"}:
        bound = 2**31 - 1 if kind == "int32" else 2**63 - 1
        return st.one_of(st.sampled_from([v for v in ODD_INTS if abs(v) <= bound]),
                         st.integers(-bound - 1, bound))  # fmt: skip
    if kind == "float64":
        return st.one_of(
            st.sampled_from(ODD_FLOATS), st.floats(allow_nan=True, allow_infinity=True)
        )
    if kind == "bool":
        return st.booleans()
    if kind == "date":
        return st.one_of(st.sampled_from(ODD_DATES), st.dates())
    if kind == "timestamp":
        return st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1))  # noqa: DTZ001 (naive, as Parquet stores them)
    return st.lists(st.one_of(st.none(), _text_values(column)), max_size=3)


ARROW_TYPES = {
    "string": pa.string(), "large_string": pa.large_string(), "dictionary": pa.string(),
    "int64": pa.int64(), "int32": pa.int32(), "float64": pa.float64(), "bool": pa.bool_(),
    "date": pa.date32(), "timestamp": pa.timestamp("us"), "list": pa.list_(pa.string()),
}  # fmt: skip


@st.composite
def arrow_tables(draw: st.DrawFn) -> pa.Table:
    """A table of 1-90 rows: a few columns, each of one type, with a null density from none to all, chunked."""
    rows = draw(st.integers(1, 90))
    names = draw(st.lists(st.sampled_from(ARROW_COLUMNS), min_size=1, max_size=6, unique=True))
    columns = {}
    for name in names:
        kind = draw(st.sampled_from(TYPES))
        density = draw(st.sampled_from([0.0, 0.1, 0.9, 1.0]))
        pool = draw(st.lists(_values(name, kind), min_size=1, max_size=6))  # few distinct values
        picks = draw(st.lists(st.tuples(st.floats(0, 1), st.integers(0, len(pool) - 1)),
                              min_size=rows, max_size=rows))  # fmt: skip
        values = [None if null < density else pool[index] for null, index in picks]
        array = pa.array(values, ARROW_TYPES[kind])
        if kind == "dictionary":
            array = array.dictionary_encode()
        cuts = sorted(draw(st.lists(st.integers(0, rows), max_size=3)))
        bounds = [0, *cuts, rows]
        columns[name] = pa.chunked_array(
            [array.slice(a, b - a) for a, b in itertools.pairwise(bounds)], array.type
        )
    return pa.table(columns)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(arrow_tables(), st.integers(1, 40))
def test_any_arrow_table_in_memory_or_as_parquet_gives_the_per_row_outcome(
    tmp_path_factory, table, group
):
    # a small threshold sends text columns through the per-distinct-value path too
    with mock.patch.object(table_module, "_DICTIONARY_MIN_ROWS", 8):
        _assert_same_as_per_row(table)
        path = tmp_path_factory.mktemp("parquet") / "t.parquet"
        pq.write_table(table, path, row_group_size=group)
        _assert_same_as_per_row(read_table(path))
