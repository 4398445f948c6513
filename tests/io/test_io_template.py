import io

from openpyxl import load_workbook

from littlegiant.io.template import CODES_SHEET, GUIDE_SHEET, VALIDATION_ROWS, write_template
from littlegiant.records.fields import FieldKind
from littlegiant.records.tables import TABLES


def _template():
    buffer = io.BytesIO()
    write_template(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def test_template_has_guide_a_sheet_per_table_and_a_hidden_code_sheet():
    workbook = _template()
    assert workbook.sheetnames == [GUIDE_SHEET, *(table.sheet for table in TABLES), CODES_SHEET]
    assert workbook[CODES_SHEET].sheet_state == "hidden"
    assert "第 2 行是字段代码" in "".join(str(cell.value) for cell in workbook[GUIDE_SHEET]["A"])


def test_each_sheet_has_chinese_headers_with_units_then_field_ids():
    workbook = _template()
    for table in TABLES:
        sheet = workbook[table.sheet]
        headers = [cell.value for cell in sheet[1]]
        ids = [cell.value for cell in sheet[2]]
        assert headers == [column.label_with_unit() for column in table.columns]
        assert ids == list(table.column_ids)
        assert sheet.freeze_panes == "B3"
        assert sheet.max_row == 2


def test_yearly_header_shows_money_unit():
    sheet = _template()["年度数据"]
    assert "营业收入（万元）" in [cell.value for cell in sheet[1]]


def test_drop_down_lists_for_booleans_choices_and_regions():
    workbook = _template()
    for table in TABLES:
        sheet = workbook[table.sheet]
        by_column = {}
        for validation in sheet.data_validations.dataValidation:
            for cell_range in validation.sqref.ranges:
                by_column[cell_range.min_col] = (validation, cell_range)
        for index, column in enumerate(table.columns, start=1):
            expects_list = (
                column.kind in (FieldKind.BOOLEAN, FieldKind.CHOICE) or column.id == "region_code"
            )
            assert (index in by_column) is expects_list, (table.id, column.id)
            if not expects_list:
                continue
            validation, cell_range = by_column[index]
            assert validation.type == "list"
            assert (cell_range.min_row, cell_range.max_row) == (3, VALIDATION_ROWS + 2)
            if column.kind is FieldKind.BOOLEAN:
                assert validation.formula1 == '"是,否"'
            elif column.id == "region_code":
                assert validation.formula1.startswith(f"'{CODES_SHEET}'!$A$2")
            else:
                assert all(label in validation.formula1 for _, label in column.choices)


def test_code_sheet_lists_every_region_code_as_text():
    sheet = _template()[CODES_SHEET]
    codes_in_sheet = [
        row[0] for row in sheet.iter_rows(min_row=2, max_col=1, values_only=True) if row[0]
    ]
    assert len(codes_in_sheet) > 3000
    assert "330106" in codes_in_sheet
    assert all(isinstance(code, str) for code in codes_in_sheet)


def test_code_columns_are_text_formatted_so_long_digit_strings_survive():
    sheet = _template()["企业基本信息"]
    assert sheet.column_dimensions["A"].number_format == "@"  # uscc
    established = next(i for i, c in enumerate(sheet[2], start=1) if c.value == "established_on")
    letter = sheet.cell(row=2, column=established).column_letter
    assert sheet.column_dimensions[letter].number_format == "yyyy-mm-dd"


def test_key_headers_carry_a_help_comment():
    sheet = _template()["年度数据"]
    assert "必填" in sheet["A1"].comment.text
    revenue = next(cell for cell in sheet[2] if cell.value == "revenue")
    comment = sheet.cell(row=1, column=revenue.column).comment.text
    assert "可留空" in comment and "单位：万元" in comment
