"""Uploading an answer sheet in the web: per-row results and located problems, Excel download, nothing stored
before the confirmation, then all storable rows in one transaction (and not twice)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from littlegiant.digital.answers import AnswerError, answer_label
from littlegiant.digital.questionnaire import answer_ids
from littlegiant.digital.rows import AnswerRow
from littlegiant.io.digital_sheets import RESULT_HEADERS, template_headers
from littlegiant.web.digital import services
from littlegiant.web.digital.models import AssessmentStatus, DigitalAssessment

pytestmark = pytest.mark.django_db

AS_OF = "2025-06-30"


def sheet_line(uscc: str, name: str, answers: dict) -> list:
    cells = []
    for field_id in answer_ids():
        value = answers.get(field_id)
        cells.append("、".join(value) if isinstance(value, list) else value)
    return [uscc, name, *cells]


def workbook(lines: list[list]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(template_headers())
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "答卷.xlsx"
    return buffer


@pytest.fixture
def mixed_sheet(archive, answers):
    """Row 2 storable; 3 a bad scene level; 4 out of the official's scope; 5 repeats row 2; 6 incomplete."""
    own, other, foreign = archive["own"], archive["own_other"], archive["foreign"]
    bad = answers(True, 3) | {"dq_scene_quality": 7}
    incomplete = {k: v for k, v in answers(True, 3).items() if k != "dq_scene_finance"}
    return workbook([
        sheet_line(own.uscc, own.name, answers(True, 3)),
        sheet_line(other.uscc, other.name, bad),
        sheet_line(foreign.uscc, foreign.name, answers(True, 4)),
        sheet_line(own.uscc, own.name, answers(False, 1)),
        sheet_line(other.uscc, other.name, incomplete),
    ])  # fmt: skip


def upload(client, file, **fields):
    return client.post(reverse("digital:upload"), {"file": file, "as_of": AS_OF, **fields})


def column_of(field_id: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(template_headers().index(answer_label(field_id)) + 1)


def test_the_upload_page_offers_the_template(login, users):
    client = login(users["official"])
    assert "批量评测答卷表" in client.get(reverse("digital:upload")).content.decode()
    template = client.get(reverse("digital:upload_template"))
    headers = [c.value for c in load_workbook(io.BytesIO(template.content)).active[1]]
    assert headers == template_headers()


def test_a_mixed_sheet_is_scored_row_by_row_with_located_problems_and_nothing_stored(
    login, users, archive, mixed_sheet
):
    client = login(users["official"])
    response = upload(client, mixed_sheet)
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert (
        '<strong id="dq-rows">5</strong>' in html and '<strong id="dq-storable">1</strong>' in html
    )
    assert '<strong id="dq-problem-rows">4</strong>' in html
    scene = column_of("dq_scene_quality")
    assert (
        f'第 3 行 <span class="mono" title="数字化经营场景：质量管理">{scene}</span> 列：'
        "「数字化经营场景：质量管理」的等级须为 1-4 级，填写的是“7”"
    ) in html
    foreign = archive["foreign"].uscc
    assert (
        f'第 4 行 <span class="mono" title="统一社会信用代码">A</span> 列：统一社会信用代码“{foreign}”'
        in html
    )
    assert "不在您的管辖范围或企业档案中" in html
    assert "与第 2 行是同一企业" in html
    assert "答卷不完整，等级待定（未答：数字化经营场景：财务管理）" in html
    assert not DigitalAssessment.objects.exists()
    archive["own"].refresh_from_db()
    assert archive["own"].digital_level is None


def test_the_results_download_has_one_line_per_row_with_its_problems(login, users, mixed_sheet):
    client = login(users["official"])
    preview = upload(client, mixed_sheet).url
    job_id = preview.rstrip("/").rsplit("/", 1)[1]
    download = client.get(reverse("digital:upload_results", args=[job_id]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert rows[0] == RESULT_HEADERS and [r[0] for r in rows[1:]] == [2, 3, 4, 5, 6]
    assert rows[1][4] == "三级" and not rows[1][10]  # no problems
    assert rows[2][4] == "无法评测" and f"第 3 行 {column_of('dq_scene_quality')} 列" in rows[2][10]
    assert "第 4 行 A 列" in rows[3][10]


def test_confirming_stores_the_storable_rows_once(login, users, archive, mixed_sheet):
    client = login(users["official"])
    preview = upload(client, mixed_sheet).url
    confirm = preview + "confirm/"
    assert client.post(confirm).status_code == 302
    stored = DigitalAssessment.objects.get()
    assert (stored.enterprise, stored.status, stored.level, stored.on_behalf) == (
        archive["own"], AssessmentStatus.SUBMITTED, 3, True)  # fmt: skip
    assert str(stored.as_of) == AS_OF
    archive["own"].refresh_from_db()
    assert archive["own"].digital_level == 3
    assert "已保存：新增 1 家" in client.get(preview).content.decode()
    client.post(confirm)
    assert DigitalAssessment.objects.count() == 1


def test_the_same_sheet_uploaded_again_stores_nothing_new(login, users, archive, answers):
    client = login(users["official"])
    own = archive["own"]
    for _ in range(2):
        preview = upload(client, workbook([sheet_line(own.uscc, own.name, answers(True, 2))])).url
        client.post(preview + "confirm/")
    assert DigitalAssessment.objects.count() == 1
    assert "与已有结果相同 1 家" in client.get(preview).content.decode()


def test_an_enterprise_user_can_only_store_its_own_firm(login, users, archive, answers):
    client = login(users["enterprise"])
    own, other = archive["own"], archive["own_other"]
    preview = upload(client, workbook([sheet_line(own.uscc, own.name, answers(True, 4)),
                                       sheet_line(other.uscc, other.name, answers(True, 4))])).url  # fmt: skip
    html = client.get(preview).content.decode()
    assert '<strong id="dq-storable">1</strong>' in html and "不在您的管辖范围" in html
    client.post(preview + "confirm/")
    assert list(DigitalAssessment.objects.values_list("enterprise__uscc", "on_behalf")) == [
        (own.uscc, False)
    ]


def test_another_user_cannot_open_or_confirm_the_upload(login, users, archive, mixed_sheet, client):
    preview = upload(login(users["official"]), mixed_sheet).url
    other = login(users["admin"])
    assert other.get(preview).status_code == 404
    assert other.post(preview + "confirm/").status_code == 404
    assert not DigitalAssessment.objects.exists()


def test_uploading_into_a_campaign_fills_its_questionnaires(login, users, archive, answers):
    official = users["official"]
    own = archive["own"]
    campaign = services.create_campaign(user=official, name="试点", enterprises=[own])
    client = login(official)
    sheet = [sheet_line(own.uscc, own.name, answers(True, 4))]
    preview = upload(client, workbook(sheet), campaign=campaign.pk).url
    client.post(preview + "confirm/")
    assert campaign.assessments.get(enterprise=own).status == AssessmentStatus.SUBMITTED
    assert DigitalAssessment.objects.count() == 1
    again = upload(client, workbook(sheet), campaign=campaign.pk).url
    assert "已提交，不能重复提交" in client.get(again).content.decode()


def test_a_wrong_file_is_refused_with_a_message(login, users):
    client = login(users["official"])
    text = io.BytesIO(b"hello")
    text.name = "a.txt"
    assert upload(client, text).status_code == 400
    empty = workbook([])
    book = Workbook()
    book.active.append(["统一社会信用代码", "备注"])
    book.active.append(["x", "y"])
    no_questions = io.BytesIO()
    book.save(no_questions)
    no_questions.seek(0)
    no_questions.name = "x.xlsx"
    response = client.get(upload(client, no_questions).url)
    assert response.status_code == 400 and "没有任何评测题目列" in response.content.decode()
    assert client.get(upload(client, empty).url).status_code == 200


def _row(number: int, firm, answers: dict) -> AnswerRow:
    return AnswerRow(number, firm.uscc, firm.name, answers)


def test_storing_is_all_or_nothing(users, archive, answers):
    import datetime as dt

    official = users["official"]
    good = _row(2, archive["own"], answers(True, 4))
    with pytest.raises(PermissionDenied, match="第 3 行"):
        services.store_sheet_rows(user=official, rows=[good, _row(3, archive["foreign"], answers(True, 4))],
                                  as_of=dt.date(2025, 6, 30))  # fmt: skip
    incomplete = _row(3, archive["own_other"], {"dq_scene_quality": 2})
    with pytest.raises(AnswerError):
        services.store_sheet_rows(
            user=official, rows=[good, incomplete], as_of=dt.date(2025, 6, 30)
        )
    assert not DigitalAssessment.objects.exists()
    archive["own"].refresh_from_db()
    assert archive["own"].digital_level is None


def test_uploads_past_the_retention_rule_are_forgotten(login, users, archive, answers, settings):
    import os
    import time
    from pathlib import Path

    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.jobs.services import cleanup_uploads

    settings.LITTLEGIANT_UPLOAD_RETENTION_DAYS = 2
    client = login(users["official"])
    own = archive["own"]
    old = upload(client, workbook([sheet_line(own.uscc, own.name, answers(True, 2))])).url
    folder = Path(settings.UPLOADS_DIR) / "digital"
    three_days_ago = time.time() - 3 * 24 * 3600
    for path in folder.iterdir():
        os.utime(path, (three_days_ago, three_days_ago))
    fresh = upload(client, workbook([sheet_line(own.uscc, own.name, answers(True, 2))])).url
    assert client.get(old).status_code == 200  # kept until the cleanup (worker, hourly) runs
    removed = {path.name for path in cleanup_uploads(user=system_user())}
    old_id, fresh_id = old.rstrip("/").split("/")[-1], fresh.rstrip("/").split("/")[-1]
    assert {f"{old_id}.xlsx", f"{old_id}.results.xlsx"} <= removed  # the sheet and its results
    assert not any(name.startswith(fresh_id) for name in removed)
    assert client.get(old).status_code == 404
    assert client.get(fresh).status_code == 200


def test_a_campaign_out_of_scope_or_malformed_is_404(login, users, archive, answers):
    own = archive["own"]
    campaign = services.create_campaign(user=users["official"], name="试点", enterprises=[own])
    client = login(users["enterprise"])  # firm users have no campaigns
    sheet = workbook([sheet_line(own.uscc, own.name, answers(True, 2))])
    assert upload(client, sheet, campaign=campaign.pk).status_code == 404
    sheet.seek(0)
    assert upload(login(users["official"]), sheet, campaign="x").status_code == 404
