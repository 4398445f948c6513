"""Excel import and export of the archive through the database, the pages and the permission layer."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from littlegiant.io.export import write_archive
from littlegiant.io.importing import run_import
from littlegiant.io.template import build_template
from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises.models import TABLE_MODELS, Enterprise, YearlyFigure
from littlegiant.web.enterprises.queries.archive_rows import known_usccs
from littlegiant.web.enterprises.services import load_archive_rows
from littlegiant.web.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def _with_cached_results(data, sheet_index, results):
    """Store formula results the way Excel does on save (openpyxl leaves them empty)."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == f"xl/worksheets/sheet{sheet_index}.xml":
                text = content.decode()
                for ref, value in results.items():
                    text = re.sub(
                        rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/>', rf"\g<1><v>{value}</v>", text
                    )
                content = text.encode()
            target.writestr(item, content)
    return buffer.getvalue()


def _counts():
    return {table_id: model._default_manager.count() for table_id, model in TABLE_MODELS.items()}


def _history_counts():
    return {table_id: model.history.count() for table_id, model in TABLE_MODELS.items()}


def _xlsx_of(tables):
    buffer = io.BytesIO()
    write_archive(tables, buffer)
    return buffer.getvalue()


def _upload(client, data, name="档案.xlsx"):
    return client.post(
        reverse("enterprises:import"), {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def _import(data, **options):
    return run_import(
        data,
        filename="a.xlsx",
        write=lambda tables: load_archive_rows(tables=tables, user=system_user()),
        known_usccs=known_usccs,
        **options,
    )


def test_clean_file_is_written_and_the_same_file_twice_changes_nothing(make_archive_rows):
    data = _xlsx_of(make_archive_rows(4))
    result = _import(data)
    assert result.written and result.report.ok
    counts, history = _counts(), _history_counts()
    assert counts == {
        "enterprise": 4,
        "yearly": 12,
        "titles": 4,
        "ip": 4,
        "awards": 4,
        "certifications": 4,
        "standards": 4,
        "contacts": 4,
    }
    again = _import(data)
    assert again.written and again.write_result.changed == 0
    assert _counts() == counts
    assert _history_counts() == history


def test_bad_cells_write_nothing_and_are_reported_with_sheet_row_column(make_archive_rows):
    tables = make_archive_rows(3)
    tables["yearly"][1]["revenue"] = -10  # 年度数据 row 4
    tables["enterprise"][2]["region_code"] = "999999"  # 企业基本信息 row 5
    result = _import(_xlsx_of(tables))
    assert not result.written
    assert _counts()["enterprise"] == 0 and _counts()["yearly"] == 0
    where = {(issue.sheet, issue.row, issue.column, issue.field_id) for issue in result.report}
    assert ("年度数据", 4, "D", "revenue") in where
    assert ("企业基本信息", 5, "C", "region_code") in where
    # the failed enterprise's rows on other sheets are reported too
    assert {issue.sheet for issue in result.report if issue.row is not None} >= {
        "资质称号",
        "知识产权",
    }


def test_only_valid_writes_the_good_enterprises(make_archive_rows, uscc_for):
    tables = make_archive_rows(3)
    tables["enterprise"][0]["established_on"] = "2999-01-01"
    result = _import(_xlsx_of(tables), only_valid=True)
    assert result.written
    assert set(Enterprise.objects.values_list("uscc", flat=True)) == {uscc_for(2), uscc_for(3)}
    assert YearlyFigure.objects.count() == 6


def test_a_formula_and_a_text_number_are_read_into_the_database(make_archive_rows, uscc_for):
    load_archive_rows(tables={"enterprise": make_archive_rows(1)["enterprise"]}, user=system_user())
    workbook = build_template()
    workbook["年度数据"].append([uscc_for(1), "2024", " 12 ", "1,234.5", "=D3/2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = _with_cached_results(
        buffer.getvalue(), workbook.sheetnames.index("年度数据") + 1, {"E3": 617.25}
    )
    assert _import(data).written
    figure = YearlyFigure.objects.get(enterprise__uscc=uscc_for(1), fiscal_year=2024)
    assert (figure.employees, figure.revenue, figure.main_revenue) == (12, 1234.5, 617.25)


def test_upload_page_offers_the_template(login, users):
    client = login(users["official"])
    page = client.get(reverse("enterprises:import"))
    assert page.status_code == 200
    assert reverse("enterprises:import_template") in page.content.decode()
    template = client.get(reverse("enterprises:import_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "年度数据" in load_workbook(io.BytesIO(template.content)).sheetnames


def test_upload_of_clean_file_imports_and_shows_counts(login, users, make_archive_rows):
    client = login(users["admin"])
    response = _upload(client, _xlsx_of(make_archive_rows(5, first=10)))
    page = response.content.decode()
    assert response.status_code == 200
    assert "导入成功" in page and "已写入" in page
    assert (
        '<td title="enterprise">企业基本信息</td>' in page
    )  # the table by its name, the id in a tooltip
    assert Enterprise.objects.filter(name__startswith="测试企业001").count() == 5


def test_upload_with_errors_shows_report_then_only_valid_on_confirm(
    login, users, make_archive_rows
):
    client = login(users["admin"])
    tables = make_archive_rows(2, first=20)
    tables["yearly"][0]["employees"] = "很多"
    before = YearlyFigure.objects.count()
    response = _upload(client, _xlsx_of(tables))
    page = response.content.decode()
    assert "校验未通过，未写入任何数据" in page
    assert "很多" in page and "应为数字" in page
    assert YearlyFigure.objects.count() == before
    job_id = response.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    report = client.get(reverse("enterprises:import_report", args=[job_id]))
    rows = list(load_workbook(io.BytesIO(b"".join(report.streaming_content))).active.values)
    assert rows[0][:3] == ("工作表", "行号", "列") and rows[1][:4] == (
        "年度数据",
        3,
        "C",
        "employees",
    )
    confirmed = client.post(reverse("enterprises:import_confirm", args=[job_id]), follow=True)
    assert "已导入有效行" in confirmed.content.decode()
    # 6 rows: the bad one and the other rows of its enterprise are left out, and so is the firm
    assert YearlyFigure.objects.count() == before + 3
    assert list(Enterprise.objects.filter(uscc__in=[r["uscc"] for r in tables["enterprise"]])
                .values_list("uscc", flat=True)) == [tables["enterprise"][1]["uscc"]]  # fmt: skip


def test_only_valid_does_not_create_a_firm_whose_yearly_row_failed(login, users, uscc_for):
    """Issue 10 #1: a valid 企业基本信息 row, its 年度数据 row with revenue -500."""
    client = login(users["admin"])
    uscc = uscc_for(91)
    tables = {
        "enterprise": [{"uscc": uscc, "name": "只有坏年度数据的企业", "region_code": "330106"}],
        "yearly": [{"uscc": uscc, "fiscal_year": 2024, "revenue": -500}],
    }
    response = _upload(client, _xlsx_of(tables))
    page = response.content.decode()
    assert "校验未通过，未写入任何数据" in page
    assert "所属企业在「年度数据」第 3 行有错误，本行一并不导入" in page
    assert "仅导入有效行" not in page  # nothing valid is left to import
    job_id = response.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    client.post(reverse("enterprises:import_confirm", args=[job_id]), follow=True)
    assert not Enterprise.objects.filter(uscc=uscc).exists()


@pytest.mark.parametrize(
    ("role", "shown"),
    [("admin", True), ("official", True), ("enterprise", True), ("provider", False)],
)
def test_the_enterprise_list_links_to_the_import_page(login, users, role, shown):
    """Issue 10 #2: 企业档案 → 导入 is reachable from the list for those who may import."""
    client = login(users[role])
    page = client.get(reverse("enterprises:list")).content.decode()
    assert (reverse("enterprises:import") + '"' in page) is shown
    assert client.get(reverse("enterprises:import")).status_code == (200 if shown else 403)


def test_officials_cannot_import_enterprises_outside_their_regions(
    login, users, make_archive_rows, archive
):
    client = login(users["official"])  # scoped to 330100
    tables = make_archive_rows(1, region_codes=("320102",), first=50)  # a new Nanjing enterprise
    tables["yearly"].append({"uscc": archive["foreign"].uscc, "fiscal_year": 2020, "revenue": 1})
    page = _upload(client, _xlsx_of(tables)).content.decode()
    assert "您无权导入该企业的数据" in page
    assert not Enterprise.objects.filter(
        region_code="320102", name__startswith="测试企业0050"
    ).exists()
    assert not YearlyFigure.objects.filter(enterprise=archive["foreign"], fiscal_year=2020).exists()


def test_enterprise_users_may_import_only_their_own(login, users, archive):
    client = login(users["enterprise"])
    tables = {
        "yearly": [
            {"uscc": archive["own"].uscc, "fiscal_year": 2021, "revenue": 10},
            {"uscc": archive["own_other"].uscc, "fiscal_year": 2021, "revenue": 10},
        ]
    }
    page = _upload(client, _xlsx_of(tables)).content.decode()
    assert "您无权导入该企业的数据" in page
    assert not YearlyFigure.objects.filter(fiscal_year=2021).exists()
    tables["yearly"].pop()
    assert "导入成功" in _upload(client, _xlsx_of(tables)).content.decode()
    assert YearlyFigure.objects.filter(enterprise=archive["own"], fiscal_year=2021).exists()


def test_wrong_file_type_is_refused(login, users):
    response = login(users["admin"]).post(
        reverse("enterprises:import"), {"file": SimpleUploadedFile("a.pdf", b"%PDF")}
    )
    assert response.status_code == 400
    assert "请选择 .xlsx 或 .csv 文件" in response.content.decode()


def test_jobs_are_private_to_their_user(login, users, make_archive_rows, client):
    response = _upload(login(users["admin"]), _xlsx_of(make_archive_rows(1, first=60)))
    job_id = response.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    client.force_login(users["official"])
    assert client.get(reverse("enterprises:import_status", args=[job_id])).status_code == 404


def test_running_job_page_polls_its_progress(login, users):
    client = login(users["admin"])
    job = Job.objects.create(
        kind="archive_import",
        owner=users["admin"],
        status=JobStatus.RUNNING,
        params={"filename": "x.xlsx", "path": "/nope"},
        progress_done=2500,
        progress_total=10000,
    )
    page = client.get(
        reverse("enterprises:import_status", args=[job.public_id]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 1s"' in page and "2500 / 10000" in page and 'value="25"' in page


def test_export_follows_list_filters_and_scope_and_round_trips(login, users, archive):
    client = login(users["official"])  # sees the two Hangzhou enterprises only
    response = client.get(reverse("enterprises:export"))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    usccs = [row[0] for row in workbook["企业基本信息"].iter_rows(min_row=3, values_only=True)]
    assert sorted(usccs) == sorted([archive["own"].uscc, archive["own_other"].uscc])
    filtered = client.get(reverse("enterprises:export"), {"q": archive["own"].name})
    rows = list(
        load_workbook(io.BytesIO(filtered.content))["年度数据"].iter_rows(
            min_row=3, values_only=True
        )
    )
    assert {row[0] for row in rows} == {archive["own"].uscc} and len(rows) == 3
    history = _history_counts()
    result = _import(response.content)
    assert result.report.ok, [str(issue) for issue in result.report]
    assert result.written and result.write_result.changed == 0
    assert _history_counts() == history


def test_a_file_past_its_retention_cannot_be_imported_again_and_says_so(
    login, users, make_archive_rows
):
    from littlegiant.web.jobs.models import Job

    client = login(users["admin"])
    tables = make_archive_rows(2, first=40)
    tables["yearly"][0]["employees"] = "很多"
    response = _upload(client, _xlsx_of(tables))
    job_id = response.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    job = Job.objects.get(pk=job_id)
    Path(job.params["path"]).unlink()  # what the retention rule does
    Path(job.result_file).unlink()
    before = YearlyFigure.objects.count()
    confirmed = client.post(reverse("enterprises:import_confirm", args=[job_id]))
    assert confirmed.status_code == 404
    assert client.get(reverse("enterprises:import_report", args=[job_id])).status_code == 404
    assert YearlyFigure.objects.count() == before
