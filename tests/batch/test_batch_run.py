"""Batch runs over CSV, XLSX, Parquet and Arrow give the same rows as the one-record path."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from littlegiant.batch import BatchError, run
from littlegiant.batch.arrow import records_to_arrow
from littlegiant.batch.rows import read_rows, write_table
from littlegiant.rules import evaluate, pack_for

pytestmark = pytest.mark.duckdb
AS_OF = dt.date(2025, 6, 30)
ROWS = [
    {"uscc": "A", "industry_code": "C3985", "employees_y1": 1500, "revenue_y1": 30000, "rd_expense_y1": 900,
     "main_revenue_y1": 29000, "main_revenue_y2": 25000, "total_liabilities_y1": 100, "total_assets_y1": 1000,
     "high_tech_enterprise": "是", "main_product_field": "strategic_emerging"},
    {"uscc": "B", "industry_code": "I6510", "employees_y1": 12, "revenue_y1": 40},
    {"uscc": "C", "industry_code": "F", "employees_y1": 3},
]  # fmt: skip


def _packs():
    return [pack_for(p, AS_OF) for p in ("sme_size", "innovative_sme", "tech_sme")]


def _expected():
    rows = []
    for record in ROWS:
        row = {"uscc": record["uscc"]}
        for pack in _packs():
            verdict = evaluate(pack, record, AS_OF, tracer=False)
            row[f"{pack.id}__status"] = verdict.status.value
            if pack.outputs.score:
                row[f"{pack.id}__score"] = verdict.score
            if pack.outputs.class_:
                row[f"{pack.id}__class"] = verdict.classification
        rows.append(row)
    return rows


def _write_csv(path):
    columns = sorted({k for r in ROWS for k in r})
    lines = [",".join(columns)] + [",".join(str(r.get(c, "")) for c in columns) for r in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_xlsx(path):
    columns = sorted({k for r in ROWS for k in r})
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for r in ROWS:
        sheet.append([r.get(c) for c in columns])
    workbook.save(path)


@pytest.mark.parametrize("kind", ["arrow", "csv", "xlsx", "parquet"])
def test_every_source_kind_gives_the_one_record_results_in_input_order(tmp_path, kind):
    if kind == "arrow":
        source = records_to_arrow(ROWS)
    elif kind == "csv":
        source = tmp_path / "in.csv"
        _write_csv(source)
    elif kind == "xlsx":
        source = tmp_path / "in.xlsx"
        _write_xlsx(source)
    else:
        source = tmp_path / "in.parquet"
        pq.write_table(records_to_arrow(ROWS), source)
    result = run(source, _packs(), AS_OF).to_pylist()
    assert result == _expected()


def test_the_result_has_one_status_column_per_pack_and_score_and_class_where_defined():
    names = run(records_to_arrow(ROWS), _packs(), AS_OF).column_names
    assert names == ["uscc", "sme_size__status", "sme_size__class", "innovative_sme__status",
                     "innovative_sme__score", "tech_sme__status", "tech_sme__score"]  # fmt: skip


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(BatchError, match="文件不存在"):
        run(tmp_path / "absent.parquet", _packs(), AS_OF)


def test_a_table_without_a_field_column_treats_it_as_missing():
    result = run(pa.table({"uscc": ["X"], "industry_code": ["C3985"]}), _packs(), AS_OF).to_pylist()
    assert result[0]["sme_size__status"] == "unknown"


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".json", ".xlsx"])
def test_results_are_written_by_extension_and_read_back(tmp_path, suffix):
    table = run(records_to_arrow(ROWS), _packs(), AS_OF)
    path = tmp_path / f"out{suffix}"
    write_table(table, path)
    if suffix == ".json":
        assert '"sme_size__class": "medium"' in path.read_text(encoding="utf-8")
    else:
        rows = list(read_rows(path))
        assert [str(r["uscc"]) for r in rows] == ["A", "B", "C"]


def test_xlsx_results_have_chinese_labels_over_muted_ids_and_read_back(tmp_path):
    from openpyxl import load_workbook

    from littlegiant.records.labels import field_label

    packs = _packs()
    table = run(records_to_arrow(ROWS), packs, AS_OF)
    path = tmp_path / "out.xlsx"
    write_table(table, path, titles={pack.id: pack.title for pack in packs})
    sheet = load_workbook(path).active
    assert sheet is not None
    labels, ids = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert ids == table.column_names
    assert sheet["A2"].font.color.rgb.endswith("888888") and sheet["A1"].font.b
    for label, name in zip(labels, ids, strict=True):
        programme, _, output = name.partition("__")
        titles = {pack.id: pack.title for pack in packs}
        expected = f"{titles[programme]}·" if output else field_label(name)
        assert label.startswith(expected) and label != name  # every header a Chinese label, no id
    assert [str(r["uscc"]) for r in read_rows(path)] == ["A", "B", "C"]  # the ids row is the header
    assert next(iter(read_rows(path))).keys() == set(table.column_names)
