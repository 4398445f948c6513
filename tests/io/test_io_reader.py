import io

import pytest
from openpyxl import Workbook

from littlegiant.io.reader import ReadError, read_tables
from littlegiant.io.template import build_template


def _xlsx(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _yearly(sheets):
    return next(sheet for sheet in sheets if sheet.table.id == "yearly")


def test_template_layout_is_read_by_field_id_row(uscc):
    workbook = build_template()
    workbook["年度数据"].append([uscc(1), 2024, 10, 123.5])
    sheet = _yearly(read_tables(_xlsx(workbook), filename="a.xlsx"))
    [(number, row)] = list(sheet.rows)
    assert number == 3
    assert set(row) == set(sheet.table.column_ids)
    assert (row["uscc"], row["fiscal_year"], row["employees"], row["revenue"]) == (
        uscc(1),
        2024,
        10,
        123.5,
    )
    assert not row["net_profit"]
    assert sheet.column_letters["revenue"] == "D"


def test_formula_cells_give_their_computed_value(uscc, cache_formula_results):
    workbook = build_template()
    sheet = workbook["年度数据"]
    sheet.append([uscc(1), 2024, 10, 123, "=D3*2"])
    index = workbook.sheetnames.index("年度数据") + 1
    data = cache_formula_results(_xlsx(workbook), index, {"E3": 246})
    row = next(_yearly(read_tables(data, filename="a.xlsx")).rows)[1]
    assert row["main_revenue"] == 246


def test_openpyxl_fallback_reads_the_same_cells(uscc, monkeypatch, cache_formula_results):
    import littlegiant.io.reader as reader

    def broken(_source):
        raise RuntimeError("calamine unavailable")

    monkeypatch.setattr(reader, "_read_with_calamine", broken)
    workbook = build_template()
    workbook["年度数据"].append([uscc(1), 2024, 10, 123, "=D3*2"])
    index = workbook.sheetnames.index("年度数据") + 1
    data = cache_formula_results(_xlsx(workbook), index, {"E3": 246})
    row = next(_yearly(read_tables(data, filename="a.xlsx")).rows)[1]
    assert row["main_revenue"] == 246 and row["uscc"] == uscc(1)


def test_chinese_headers_without_id_row_and_unknown_columns(uscc):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "年度数据"
    sheet.append(["统一社会信用代码", "会计年度（年）", "营业收入", "备注"])
    sheet.append([uscc(2), 2023, "1,234.5", "ignored"])
    [found] = read_tables(_xlsx(workbook), filename="b.xlsx")
    assert found.ignored_headers == ["备注"]
    assert list(found.rows) == [(2, {"uscc": uscc(2), "fiscal_year": 2023.0, "revenue": "1,234.5"})]


def test_sheet_with_unknown_name_is_matched_by_header(uscc):
    workbook = Workbook()
    workbook.active.append(["uscc", "fiscal_year", "revenue"])
    workbook.active.append([uscc(3), 2022, 5])
    [found] = read_tables(_xlsx(workbook), filename="c.xlsx")
    assert found.table.id == "yearly"


def test_blank_rows_are_skipped_and_numbering_follows_excel(uscc):
    workbook = build_template()
    sheet = workbook["年度数据"]
    sheet.append([uscc(1), 2024])
    sheet.append([None, None])
    sheet.append([uscc(1), 2023])
    numbers = [
        number for number, _ in _yearly(read_tables(_xlsx(workbook), filename="a.xlsx")).rows
    ]
    assert numbers == [3, 5]


def test_gbk_csv_from_chinese_excel(uscc):
    text = f"统一社会信用代码,企业名称,所在地区代码\n{uscc(4)},杭州测试有限公司,330106\n"
    [sheet] = read_tables(text.encode("gb18030"), filename="企业.csv")
    assert sheet.table.id == "enterprise"
    assert list(sheet.rows) == [
        (2, {"uscc": uscc(4), "name": "杭州测试有限公司", "region_code": "330106"})
    ]


def test_csv_with_template_header_rows_starts_data_on_row_three(uscc):
    text = f"统一社会信用代码,会计年度（年）\nuscc,fiscal_year\n{uscc(5)},2024\n"
    [sheet] = read_tables(text.encode("utf-8-sig"), filename="x.csv")
    assert list(sheet.rows) == [(3, {"uscc": uscc(5), "fiscal_year": "2024"})]


def test_unrecognizable_files_raise_read_errors():
    with pytest.raises(ReadError, match="不支持的文件类型"):
        read_tables(b"x", filename="a.pdf")
    with pytest.raises(ReadError, match="无法判断"):
        read_tables(b"a,b\n1,2\n", filename="x.csv")
    with pytest.raises(ReadError, match="无法读取该 Excel"):
        read_tables(b"not a zip", filename="x.xlsx")
    workbook = Workbook()
    workbook.active.append(["foo", "bar"])
    with pytest.raises(ReadError, match="没有可识别的工作表"):
        read_tables(_xlsx(workbook), filename="x.xlsx")
