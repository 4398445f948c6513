"""The campaign export (.xlsx): one row per firm, with the baseline round's result and the change."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from openpyxl import Workbook

from littlegiant.digital.scoring import LEVEL_LABELS
from littlegiant.io.table_sheet import add_table_sheet
from littlegiant.records.cells import spreadsheet_row
from littlegiant.records.labels import yes_no
from littlegiant.web.digital.models import Campaign, DigitalAssessment
from littlegiant.web.digital.queries.campaigns import campaign_rows

__all__ = ["EXPORT_HEADERS", "campaign_workbook"]

EXPORT_HEADERS = ("统一社会信用代码", "企业名称", "地区代码", "行业代码", "状态", "评测得分", "数字化水平等级",
                  "数字化基础", "数字化管理", "数字化成效", "场景平均等级", "提交时间", "主管部门代填",
                  "上一轮得分", "上一轮等级", "得分变化", "等级变化")  # fmt: skip


def _line(row: DigitalAssessment, before: DigitalAssessment | None) -> list[Any]:
    points = row.dimension_points or {}
    submitted = (
        timezone.localtime(row.submitted_at).strftime("%Y-%m-%d %H:%M") if row.submitted_at else ""
    )
    level = LEVEL_LABELS.get(row.level) if row.level is not None else ""
    change: list[float | int | None] = [None, None]
    if before is not None and row.score is not None and before.score is not None:
        change = [round(row.score - before.score, 4), (row.level or 0) - (before.level or 0)]
    return [
        row.enterprise.uscc, row.enterprise.name, row.enterprise.region_code, row.enterprise.industry_code,
        row.get_status_display(), row.score, level, points.get("foundation"), points.get("management"),
        points.get("effectiveness"), points.get("operations"), submitted, yes_no(row.on_behalf),
        before.score if before else None,
        LEVEL_LABELS.get(before.level) if before and before.level is not None else None, *change,
    ]  # fmt: skip


def campaign_workbook(user: Any, campaign: Campaign) -> bytes:
    """The workbook (.xlsx bytes) of one campaign as the user may see it."""
    book = Workbook()
    sheet = add_table_sheet(book, "评测结果", EXPORT_HEADERS)
    baseline: dict[int, DigitalAssessment] = {}
    if campaign.baseline is not None:
        baseline = {r.enterprise_id: r for r in campaign_rows(user, campaign.baseline)
                    if r.is_submitted}  # fmt: skip
    for row in campaign_rows(user, campaign).order_by("enterprise__name"):
        sheet.append(spreadsheet_row(_line(row, baseline.get(row.enterprise_id))))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
