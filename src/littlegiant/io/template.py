"""The import template: one sheet per archive table, drop-down lists, and a 说明 sheet.

Row 1 is the Chinese header with unit, row 2 the field ids (the importer locates columns by them),
data starts on row 3. Key columns have a red header. Yes/no and choice columns get drop-down lists;
region codes get a list from a hidden code sheet.

Examples:
    >>> workbook = build_template()
    >>> workbook.sheetnames[:3]
    ['说明', '企业基本信息', '年度数据']
    >>> workbook["年度数据"]["B2"].value
    'fiscal_year'
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from littlegiant.io._layout import (
    DATA_START_ROW,
    HEADER_ALIGNMENT,
    HEADER_FILL,
    HEADER_FONT,
    ID_FONT,
    KEY_FILL,
    column_width,
    number_format,
    required_columns,
)
from littlegiant.records import codes
from littlegiant.records.fields import Field, FieldKind, flat_field_ids
from littlegiant.records.labels import NO, YES, field_label
from littlegiant.records.tables import TABLES, Table

__all__ = [
    "CODES_SHEET",
    "GUIDE_SHEET",
    "VALIDATION_ROWS",
    "build_template",
    "flat_template_guide",
    "write_flat_template",
    "write_template",
]

GUIDE_SHEET = "说明"
CODES_SHEET = "代码表"
VALIDATION_ROWS = 100_000
"""Drop-down lists cover data rows 3 … VALIDATION_ROWS + 2."""
_INLINE_LIST_LIMIT = 250  # Excel caps an inline list formula at 255 characters

_GUIDE = (
    ("LittleGiant（小巨人）企业成长档案导入模板", True),
    ("", False),
    ("1. 每个工作表对应档案中的一张表；只需填写有数据的工作表，其余可以留空或删除。", False),
    (
        "2. 第 1 行是中文表头（括号内为单位），第 2 行是字段代码，请勿修改或删除这两行；数据从第 3 行开始。",
        False,
    ),
    ("3. 红色表头的列为必填（本表的关键列），其余列可留空；留空表示“未知”，不会被当作 0。", False),
    ("4. 金额单位为万元；百分比填数字，如 12.5 表示 12.5%（也可写 12.5%）。", False),
    (
        "5. 是/否 列可从下拉框选择，也可填 true/false、1/0、Y/N。日期写作 YYYY-MM-DD，如 2023-06-30。",
        False,
    ),
    (
        "6. 统一社会信用代码为 18 位，系统会核对 GB 32100 校验位；地区代码为 GB/T 2260 六位代码；",
        False,
    ),
    ("   行业代码按 GB/T 4754-2017 填写，如 C3985，也可只填门类字母（C）或两位大类（39）。", False),
    ("7. 多选列（如“主导产品所属领域”）用“、”分隔多个选项。", False),
    (
        "8. 导入按关键列更新已有记录：同一文件导入两次，档案不变。有任何错误时默认整批不导入，并给出逐格的问题清单。",
        False,
    ),
    (
        "9. “年度数据”每个企业每个会计年度一行；“企业基本信息”表中没有的企业，需先在该表建档。",
        False,
    ),
)


def build_template() -> Workbook:
    """The template workbook (not yet saved)."""
    workbook = Workbook()
    guide = workbook.active
    assert guide is not None
    _fill_guide(guide)
    code_sheet = workbook.create_sheet(CODES_SHEET)
    lists = _fill_code_sheet(code_sheet)
    for table in TABLES:
        _fill_table_sheet(workbook.create_sheet(table.sheet), table, lists)
    code_sheet.sheet_state = "hidden"
    workbook.move_sheet(CODES_SHEET, offset=len(TABLES))
    return workbook


def write_template(target: str | Path | IO[bytes]) -> None:
    """Build the template and save it to a path or a binary file object."""
    build_template().save(target)


_KIND_WORDS = {
    FieldKind.TEXT: "文本",
    FieldKind.CODE: "代码",
    FieldKind.NUMBER: "数值",
    FieldKind.PERCENT: "百分数（12.5 表示 12.5%）",
    FieldKind.INTEGER: "整数",
    FieldKind.BOOLEAN: "是/否",
    FieldKind.DATE: "日期，如 2023-06-30",
    FieldKind.CHOICE: "单选（填选项代码）",
    FieldKind.CHOICES: "多选（选项代码用“;”分隔）",
}


def flat_template_guide() -> list[list[str]]:
    """One row per flat field of the batch format: id, Chinese name, unit, kind, options."""
    from littlegiant.records.fields import split_flat_id

    rows = [["字段 ID", "中文名称", "单位", "类型", "选项（代码=名称）"]]
    for flat_id in flat_field_ids():
        field, _ = split_flat_id(flat_id)
        options = "；".join(f"{value}={label}" for value, label in field.choices or ())
        kind = _KIND_WORDS.get(field.kind, str(field.kind))
        rows.append([flat_id, field_label(flat_id), field.unit, kind, options])
    return rows


def write_flat_template(target: str | Path) -> Path:
    """The batch format of ``littlegiant evaluate``: a CSV whose first row is every flat field id,
    and beside it ``<name>.说明.csv`` with each field's Chinese name, unit and kind. Returns the guide's path.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> guide = write_flat_template(folder / "firms.csv")
        >>> (folder / "firms.csv").read_text(encoding="utf-8-sig").split(",")[:3]
        ['uscc', 'name', 'region_code']
        >>> guide.name
        'firms.说明.csv'
    """
    path = Path(target)
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerow(flat_field_ids())
    guide = path.with_name(f"{path.stem}.说明.csv")
    with guide.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(flat_template_guide())
    return guide


def _fill_guide(sheet: Worksheet) -> None:
    sheet.title = GUIDE_SHEET
    sheet.column_dimensions["A"].width = 120
    for row, (text, bold) in enumerate(_GUIDE, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        if bold:
            cell.font = Font(bold=True, color="1D4ED8", size=14)
    start = len(_GUIDE) + 2
    sheet.cell(row=start, column=1, value="各工作表：").font = Font(bold=True)
    for offset, table in enumerate(TABLES, start=1):
        keys = "、".join(column.label for column in table.columns if column.id in table.key)
        note = (
            "；同一称号复核后重新认定的，另起一行（原认定保留为历史）"
            if table.id == "titles"
            else ""
        )
        sheet.cell(
            row=start + offset, column=1, value=f"「{table.sheet}」：按 {keys} 确定一行{note}"
        )


def _fill_code_sheet(sheet: Worksheet) -> dict[str, str]:
    """Write the long lists (region codes, long choice lists); return field id → range formula."""
    sheet["A1"], sheet["B1"] = "地区代码", "地区名称"
    for row, item in enumerate(codes.regions().values(), start=2):
        sheet.cell(row=row, column=1, value=item.code).number_format = "@"
        sheet.cell(row=row, column=2, value="".join(codes.region_path(item.code)))
    lists = {"region_code": f"'{CODES_SHEET}'!$A$2:$A${len(codes.regions()) + 1}"}
    column = 3
    for field in _choice_fields():
        if len(",".join(label for _, label in field.choices)) <= _INLINE_LIST_LIMIT:
            continue
        letter = get_column_letter(column)
        sheet.cell(row=1, column=column, value=field.label)
        for row, (_, label) in enumerate(field.choices, start=2):
            sheet.cell(row=row, column=column, value=label)
        lists[field.id] = f"'{CODES_SHEET}'!${letter}$2:${letter}${len(field.choices) + 1}"
        column += 1
    return lists


def _choice_fields() -> list[Field]:
    seen: dict[str, Field] = {}
    for table in TABLES:
        for column in table.columns:
            if column.kind is FieldKind.CHOICE:
                seen.setdefault(column.id, column)
    return list(seen.values())


def _fill_table_sheet(sheet: Worksheet, table: Table, lists: dict[str, str]) -> None:
    required = required_columns(table)
    for index, field in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=field.label_with_unit())
        header.font, header.alignment = HEADER_FONT, HEADER_ALIGNMENT
        header.fill = KEY_FILL if field.id in required else HEADER_FILL
        header.comment = Comment(_column_help(field, field.id in required), "LittleGiant")
        sheet.cell(row=2, column=index, value=field.id).font = ID_FONT
        sheet.column_dimensions[letter].width = column_width(field)
        fmt = number_format(field)
        if fmt:
            sheet.column_dimensions[letter].number_format = fmt
        validation = _validation(field, lists)
        if validation is not None:
            validation.add(
                f"{letter}{DATA_START_ROW}:{letter}{VALIDATION_ROWS + DATA_START_ROW - 1}"
            )
            sheet.add_data_validation(validation)
    sheet.row_dimensions[1].height = 36
    sheet.freeze_panes = f"B{DATA_START_ROW}"


def _column_help(field: Field, required: bool) -> str:
    parts = [f"{field.label}（{field.id}）", "必填" if required else "可留空"]
    if field.unit:
        parts.append(f"单位：{field.unit}")
    if field.minimum is not None or field.maximum is not None:
        low = "" if field.minimum is None else f"{field.minimum:g}"
        high = "" if field.maximum is None else f"{field.maximum:g}"
        parts.append(f"取值范围：{low} ~ {high}")
    if field.choices:
        parts.append("可选：" + "、".join(label for _, label in field.choices))
    if field.description:
        parts.append(field.description)
    return "\n".join(parts)


def _validation(field: Field, lists: dict[str, str]) -> DataValidation | None:
    if field.kind is FieldKind.BOOLEAN:
        formula = f'"{YES},{NO}"'
    elif field.id in lists:
        formula = lists[field.id]
    elif field.kind is FieldKind.CHOICE:
        formula = '"' + ",".join(label for _, label in field.choices) + '"'
    else:
        return None
    # "warning" lets people type an id or an accepted spelling (Y, true, provincial) anyway.
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        errorStyle="warning",
        showErrorMessage=True,
        errorTitle=field.label,
        error="请从下拉列表中选择，或填写系统可识别的写法。",
    )
