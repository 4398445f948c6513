"""Checking an uploaded answer sheet: every row scored, and located problems of its cells, of the
user's scope and of repeats (nothing is written)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied

from littlegiant.digital.rows import AnswerRow, CellProblem, RowResult, score_rows, with_problems
from littlegiant.errors import LittleGiantError
from littlegiant.io.digital_sheets import read_answer_sheet
from littlegiant.web.accounts.permissions import enterprises_visible_to, is_bureau
from littlegiant.web.digital.models import AssessmentStatus, Campaign
from littlegiant.web.enterprises.models import Enterprise

__all__ = [
    "MAX_ROWS",
    "CheckedSheet",
    "SheetTooLongError",
    "check_sheet",
    "sheet_firms",
    "sheet_row_problems",
]

MAX_ROWS = 5000


class SheetTooLongError(LittleGiantError):
    """An uploaded answer sheet has more rows than one upload may hold."""


@dataclass(frozen=True, slots=True)
class CheckedSheet:
    """An uploaded sheet scored and checked: every row's result, and the rows that can be stored."""

    results: list[RowResult]
    storable: list[AnswerRow]


def sheet_firms(user: Any, usccs: Iterable[str]) -> dict[str, Enterprise]:
    """The firms among ``usccs`` the user may fill questionnaires for, by USCC.

    Visible is fillable for every role (``can_edit``); ``submit_assessment`` checks each firm again.
    """
    wanted = sorted({code for code in usccs if code})
    found: dict[str, Enterprise] = {}
    for start in range(0, len(wanted), 500):
        chunk = enterprises_visible_to(user).filter(uscc__in=wanted[start : start + 500])
        found.update({firm.uscc: firm for firm in chunk})
    return found


def _submitted_in(campaign: Campaign | None, firms: Iterable[Enterprise]) -> set[int]:
    if campaign is None:
        return set()
    rows = campaign.assessments.filter(
        enterprise__in=list(firms), status=AssessmentStatus.SUBMITTED
    )
    return set(rows.values_list("enterprise_id", flat=True))


def sheet_row_problems(
    *, user: Any, rows: Sequence[AnswerRow], campaign: Campaign | None = None
) -> dict[int, str]:
    """Why rows of an uploaded sheet cannot be stored, by Excel row: firm missing, out of scope, repeated,
    or (with a campaign) already submitted in it. Answer problems are the sheet's own (``score_rows``).
    """
    if campaign is not None and not is_bureau(user):
        raise PermissionDenied("只有主管部门工作人员可以组织评测活动")
    firms = sheet_firms(user, (row.uscc.upper() for row in rows))
    done = _submitted_in(campaign, firms.values())
    first_row: dict[str, int] = {}
    problems: dict[int, str] = {}
    for row in rows:
        code = row.uscc.upper()
        if not code:
            problems[row.row] = "未填写统一社会信用代码，无法对应到企业"
        elif code not in firms:
            problems[row.row] = f"统一社会信用代码“{row.uscc}”不在您的管辖范围或企业档案中"
        elif code in first_row:
            problems[row.row] = f"与第 {first_row[code]} 行是同一企业（{code}），只保存第一行"
        elif firms[code].pk in done and campaign is not None:
            problems[row.row] = f"该企业在评测活动「{campaign}」中已提交，不能重复提交"
        first_row.setdefault(code, row.row)
    return problems


def _scope_problem(
    row: AnswerRow, message: str, columns: dict[str, tuple[str, str]]
) -> CellProblem:
    letter, header = columns.get("uscc", ("", "统一社会信用代码"))
    return CellProblem(row.row, letter, header, row.uscc, message)


def check_sheet(
    *, user: Any, path: str | Path, as_of: dt.date, campaign: Campaign | None = None
) -> CheckedSheet:
    """Read, score and check an answer sheet as ``user`` would store it (into ``campaign`` when given).

    Raises:
        AnswerSheetError: the file cannot be read or has no answer column.
        SheetTooLongError: more than ``MAX_ROWS`` rows.
    """
    sheet = read_answer_sheet(path)
    if len(sheet.rows) > MAX_ROWS:
        raise SheetTooLongError(
            f"答卷表共 {len(sheet.rows)} 行，超过单次上限 {MAX_ROWS} 行，请拆分后上传"
        )
    scope = sheet_row_problems(user=user, rows=sheet.rows, campaign=campaign)
    results, storable = [], []
    for item in score_rows(sheet.rows, as_of, sheet.columns):
        extra = (
            [_scope_problem(item.row, scope[item.row.row], sheet.columns)]
            if item.row.row in scope
            else []
        )
        checked = with_problems(item, extra)
        results.append(checked)
        if not checked.problems and checked.result is not None and checked.result.level is not None:
            storable.append(checked.row)
    return CheckedSheet(results, storable)
