"""The framework-free import pipeline, with an in-memory "archive" as the write target."""

import datetime as dt
import io

from littlegiant.io.export import write_archive
from littlegiant.io.importing import plan_import, run_import
from littlegiant.io.template import build_template

TODAY = dt.date(2025, 6, 30)


class Archive:
    """Stands in for ``load_archive_rows``: upserts on the table key, counts writes."""

    def __init__(self):
        self.tables = {}
        self.calls = 0

    def write(self, tables):
        self.calls += 1
        from littlegiant.records.tables import TABLES_BY_ID

        for table_id, rows in tables.items():
            key = TABLES_BY_ID[table_id].key
            store = self.tables.setdefault(table_id, {})
            for row in rows:
                store.setdefault(tuple(row[column] for column in key), {}).update(row)
        return sum(len(rows) for rows in tables.values())


def _file(enterprises=(), yearly=(), titles=()):
    workbook = build_template()
    for row in enterprises:
        workbook["企业基本信息"].append(list(row))
    for row in yearly:
        workbook["年度数据"].append(list(row))
    for row in titles:
        workbook["资质称号"].append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_clean_file_is_written_once_with_only_present_columns(uscc):
    data = _file(
        enterprises=[(uscc(1), "甲公司", "330106", "3985")], yearly=[(uscc(1), 2024, 10, "1,234.5")]
    )
    archive = Archive()
    result = run_import(data, filename="a.xlsx", write=archive.write, today=TODAY)
    assert result.written and result.report.ok and archive.calls == 1
    yearly = archive.tables["yearly"][(uscc(1), 2024)]
    assert yearly["revenue"] == 1234.5 and yearly["employees"] == 10
    assert archive.tables["enterprise"][(uscc(1),)]["industry_code"] == "C3985"


def test_any_bad_cell_means_nothing_is_written_and_every_cell_is_reported(uscc):
    data = _file(
        enterprises=[(uscc(1), "甲公司", "330106"), (uscc(2)[:-1] + "0", "乙公司", "999999")],
        yearly=[(uscc(1), 2024, -3, "abc"), (uscc(1), 2023, 5, 10)],
    )
    archive = Archive()
    result = run_import(data, filename="a.xlsx", write=archive.write, today=TODAY)
    assert not result.written and archive.calls == 0
    cells = {(issue.sheet, issue.row, issue.column, issue.field_id) for issue in result.report}
    assert cells == {
        ("企业基本信息", 4, "A", "uscc"),
        ("企业基本信息", 4, "C", "region_code"),
        ("年度数据", 3, "C", "employees"),
        ("年度数据", 3, "D", "revenue"),
        # the valid rows of 甲, whose 2024 row failed, are dropped with it
        ("企业基本信息", 3, None, "uscc"),
        ("年度数据", 4, None, "uscc"),
    }
    messages = {issue.field_id: issue.message for issue in result.report}
    assert messages["employees"] == "不得小于 0"
    assert result.report.rows_read == {"企业基本信息": 2, "年度数据": 2}


def test_only_valid_imports_the_rest_and_drops_rows_of_failed_enterprises(uscc):
    data = _file(
        enterprises=[
            (uscc(1), "甲公司", "330106"),
            (uscc(2), "乙公司", "999999"),
            (uscc(3), "丙公司", "330106"),
        ],
        yearly=[(uscc(3), 2024, 5), (uscc(2), 2024, 6), (uscc(1), 2023, -1), (uscc(1), 2024, 5)],
    )
    archive = Archive()
    result = run_import(data, filename="a.xlsx", write=archive.write, only_valid=True, today=TODAY)
    assert result.written
    # 甲's own 企业基本信息 row is valid, but its 2023 row failed: none of 甲's rows are imported.
    assert set(archive.tables["enterprise"]) == {(uscc(3),)}
    assert set(archive.tables["yearly"]) == {(uscc(3), 2024)}
    messages = {(issue.sheet, issue.row): issue.message for issue in result.report}
    assert messages[("企业基本信息", 3)] == "所属企业在「年度数据」第 5 行有错误，本行一并不导入"
    assert messages[("年度数据", 6)] == "所属企业在「年度数据」第 5 行有错误，本行一并不导入"
    assert messages[("年度数据", 4)] == "所属企业在「企业基本信息」第 4 行有错误，本行一并不导入"


def test_only_valid_does_not_create_a_firm_whose_only_yearly_row_failed(uscc):
    """Issue 10 #1: a valid 企业基本信息 row with a revenue of -500 in 年度数据 imports nothing."""
    data = _file(enterprises=[(uscc(1), "甲公司", "330106")], yearly=[(uscc(1), 2024, 5, -500)])
    plan = plan_import(data, filename="a.xlsx", today=TODAY)
    assert plan.row_count == 0
    archive = Archive()
    result = run_import(data, filename="a.xlsx", write=archive.write, only_valid=True, today=TODAY)
    assert not result.written and archive.tables == {}


def test_rows_of_unknown_enterprises_fail_unless_known_to_the_archive(uscc):
    data = _file(yearly=[(uscc(7), 2024, 5)])
    refused = plan_import(data, filename="a.xlsx", known_usccs=lambda usccs: set(), today=TODAY)
    assert [issue.message for issue in refused.report] == [
        "该企业不在档案中：请先在「企业基本信息」表中填写该企业"
    ]
    accepted = plan_import(data, filename="a.xlsx", known_usccs=lambda usccs: usccs, today=TODAY)
    assert accepted.report.ok and accepted.row_count == 1


def test_duplicate_keys_in_one_file_are_reported(uscc):
    data = _file(
        enterprises=[(uscc(1), "甲", "330106")], yearly=[(uscc(1), 2024, 5), (uscc(1), "2024", 6)]
    )
    plan = plan_import(data, filename="a.xlsx", today=TODAY)
    issue, *dropped = plan.report.issues
    assert (issue.sheet, issue.row) == ("年度数据", 4)
    assert "与第 3 行重复" in issue.message
    assert {(d.sheet, d.row) for d in dropped} == {("企业基本信息", 3), ("年度数据", 3)}
    assert plan.row_count == 0


def test_missing_key_column_is_one_sheet_issue(uscc):
    data = "uscc,revenue\n" + f"{uscc(1)},5\n"
    plan = plan_import(data.encode(), filename="年度数据.csv", today=TODAY)
    [issue] = plan.report.issues
    assert issue.row is None and "缺少必填列：会计年度" in issue.message


def test_empty_key_cell_is_reported_per_row(uscc):
    data = _file(enterprises=[(uscc(1), None, "330106")])
    [issue] = plan_import(data, filename="a.xlsx", today=TODAY).report.issues
    assert (issue.row, issue.column, issue.field_id) == (3, "B", "name")
    assert issue.message == "不能为空（本表必填列）"


def test_scope_check_refuses_rows_and_their_dependants(uscc):
    data = _file(
        enterprises=[(uscc(1), "甲", "330106"), (uscc(2), "乙", "320102")],
        yearly=[(uscc(1), 2024, 5), (uscc(2), 2024, 5)],
    )

    def check(uscc_value, region):
        return None if region is None or region.startswith("3301") else "无权"

    plan = plan_import(data, filename="a.xlsx", check_scope=check, today=TODAY)
    assert {(issue.sheet, issue.row) for issue in plan.report} == {
        ("企业基本信息", 4),
        ("年度数据", 4),
    }
    assert [row.values["uscc"] for row in plan.rows["yearly"]] == [uscc(1)]


def test_text_as_number_and_full_width_cells(uscc):
    data = _file(
        enterprises=[(uscc(1), "甲", "330106")],
        yearly=[(uscc(1), "\uff12\uff10\uff12\uff14", " 12 ", "1,234.5", "\uff11\uff10\uff10")],
    )
    plan = plan_import(data, filename="a.xlsx", today=TODAY)
    assert plan.report.ok
    row = plan.rows["yearly"][0].values
    assert (row["fiscal_year"], row["employees"], row["revenue"], row["main_revenue"]) == (
        2024,
        12,
        1234.5,
        100.0,
    )


def test_progress_is_reported_up_to_the_total(uscc):
    rows = [(uscc(1), 1950 + i, i) for i in range(2500)]
    data = _file(enterprises=[(uscc(1), "甲", "330106")], yearly=rows)
    calls = []
    plan_import(
        data,
        filename="a.xlsx",
        on_progress=lambda done, total: calls.append((done, total)),
        today=TODAY,
    )
    assert calls[-1] == (2501, 2501)
    assert [done for done, _ in calls[:2]] == [1000, 2000]
    assert all(done <= total for done, total in calls)


def test_export_then_import_round_trips_every_table(uscc):
    tables = {
        "enterprise": [
            {
                "uscc": uscc(1),
                "name": "甲公司",
                "region_code": "330106",
                "industry_code": "C3985",
                "established_on": dt.date(2015, 3, 1),
                "niche_years": 5.0,
                "main_product_field": ["strategic_emerging", "key_chain_link"],
                "market_share": 12.5,
                "core_business_info_system": True,
                "own_brand": False,
                "rd_institution_level": "provincial",
                "major_violation": False,
            }
        ],
        "yearly": [
            {
                "uscc": uscc(1),
                "fiscal_year": 2024,
                "employees": 120,
                "revenue": 8000.5,
                "main_revenue": 7000.0,
                "net_profit": -12.5,
                "rd_expense": 400.0,
            }
        ],
        "titles": [
            {
                "uscc": uscc(1),
                "title": "specialized_sme",
                "issued_on": dt.date(2023, 1, 1),
                "expires_on": dt.date(2026, 12, 31),
                "certificate_no": "ZJ-001",
            }
        ],
        "ip": [
            {
                "uscc": uscc(1),
                "ip_class1_count": 3,
                "ip_class1_self_developed_count": 2,
                "ip_class1_high_value_count": 1,
                "ip_class2_count": 10,
            }
        ],
        "awards": [
            {
                "uscc": uscc(1),
                "award": "makers_china",
                "year": 2023,
                "rank": 12,
                "award_name": "创客中国",
            }
        ],
        "certifications": [
            {
                "uscc": uscc(1),
                "certification": "quality_management",
                "cert_name": "ISO 9001",
                "issued_on": dt.date(2022, 5, 1),
                "expires_on": dt.date(2025, 4, 30),
            }
        ],
        "standards": [
            {
                "uscc": uscc(1),
                "standard_code": "T/ZJ 001-2023",
                "standard_name": "某标准",
                "standard_level": "group",
                "role": "lead",
                "year": 2023,
            }
        ],
        "contacts": [
            {
                "uscc": uscc(1),
                "contact_name": "张三",
                "position": "总经理",
                "phone": "13800138000",
                "email": "a@example.com",
            }
        ],
    }
    buffer = io.BytesIO()
    write_archive(tables, buffer)
    plan = plan_import(buffer.getvalue(), filename="export.xlsx", today=TODAY)
    assert plan.report.ok, [str(issue) for issue in plan.report]
    for table_id, rows in tables.items():
        [imported] = plan.rows[table_id]
        for column, value in rows[0].items():
            assert imported.values[column] == value, (table_id, column)
