"""Every write of the digital-maturity app, plus the read models its pages need (progress, comparison, peers).

Permission checks go through ``littlegiant.web.accounts.permissions``: a questionnaire may be filled by the
enterprise's own users and, on its behalf, by officials whose region covers it; campaigns are officials' and
admins', and only ever show enterprises the user may see. Submitting writes the level into the archive
(``Enterprise.digital_level``) through the enterprises service, so the 专精特新 packs read it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from littlegiant.digital.answers import AnswerProblem, parse_answers, require_complete
from littlegiant.digital.questionnaire import DIMENSIONS, SCENES
from littlegiant.digital.rows import AnswerRow
from littlegiant.digital.scoring import DigitalResult, assess
from littlegiant.rules.semantics import industry_digits, industry_section
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import can_edit, enterprises_visible_to, role_of
from littlegiant.web.digital.models import AssessmentStatus, Campaign, DigitalAssessment
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import update_enterprise

__all__ = [
    "Comparison",
    "ComparisonRow",
    "SheetStoreOutcome",
    "assign_enterprises",
    "campaign_progress",
    "campaigns_visible_to",
    "compare_campaigns",
    "create_campaign",
    "industry_group",
    "latest_submitted",
    "peer_summary",
    "save_draft",
    "sheet_row_problems",
    "start_assessment",
    "store_sheet_rows",
    "submit_assessment",
    "submit_open_assessment",
]


def _require_fill(user: Any, enterprise: Enterprise) -> None:
    if not can_edit(user, enterprise):
        raise PermissionDenied("您无权填写该企业的数字化水平评测")


def _require_official(user: Any) -> None:
    if role_of(user) not in {Role.ADMIN, Role.OFFICIAL}:
        raise PermissionDenied("只有主管部门工作人员可以组织评测活动")


def _on_behalf(user: Any) -> bool:
    return role_of(user) in {Role.ADMIN, Role.OFFICIAL}


@transaction.atomic
def start_assessment(*, user: Any, enterprise: Enterprise) -> DigitalAssessment:
    """The enterprise's open questionnaire (assigned or draft), or a new self-initiated draft."""
    _require_fill(user, enterprise)
    open_one = (
        DigitalAssessment.objects.filter(enterprise=enterprise)
        .exclude(status=AssessmentStatus.SUBMITTED).order_by("-updated_at").first()
    )  # fmt: skip
    if open_one is not None:
        return open_one
    return DigitalAssessment.objects.create(
        enterprise=enterprise, filled_by=user, on_behalf=_on_behalf(user)
    )


@transaction.atomic
def save_draft(
    *, user: Any, assessment: DigitalAssessment, raw: Mapping[str, Any]
) -> list[AnswerProblem]:
    """Keep the valid answers given so far (come back later); returns the problems of the invalid ones."""
    _require_fill(user, assessment.enterprise)
    if assessment.is_submitted:
        raise PermissionDenied("该评测已提交，不能再修改")
    answers, problems = parse_answers(raw)
    assessment.answers = answers
    assessment.status = AssessmentStatus.DRAFT
    assessment.filled_by, assessment.on_behalf = user, _on_behalf(user)
    assessment.save()
    return problems


@transaction.atomic
def submit_assessment(
    *,
    user: Any,
    assessment: DigitalAssessment,
    raw: Mapping[str, Any],
    as_of: dt.date | None = None,
) -> DigitalResult:
    """Check that every answer is given, score it, store the result and write the level into the archive.

    Raises:
        AnswerError: an answer is missing or invalid (nothing is saved).
    """
    _require_fill(user, assessment.enterprise)
    if assessment.is_submitted:
        raise PermissionDenied("该评测已提交，不能重复提交")
    answers = require_complete(raw)
    day = as_of or timezone.localdate()
    result = assess(answers, day)
    assessment.answers, assessment.status, assessment.as_of = (
        answers,
        AssessmentStatus.SUBMITTED,
        day,
    )
    assessment.submitted_at, assessment.score, assessment.level = (
        timezone.now(),
        result.score,
        result.level,
    )
    assessment.dimension_points = {d.id: d.points for d in result.dimensions}
    assessment.pack_key = f"{result.verdict.programme}@{result.verdict.version}"
    assessment.pack_sha256 = result.verdict.sha256
    assessment.filled_by, assessment.on_behalf = user, _on_behalf(user)
    assessment.save()
    # 0 (未达一级) is not a level of the record (1-4): the archive keeps "no level" as empty.
    update_enterprise(
        user=user,
        enterprise=assessment.enterprise,
        digital_level=result.level or None,
        digital_level_on=day,
    )
    return result


@transaction.atomic
def submit_open_assessment(
    *, user: Any, enterprise: Enterprise, raw: Mapping[str, Any], as_of: dt.date | None = None
) -> tuple[DigitalAssessment, DigitalResult]:
    """Submit the enterprise's open questionnaire (one is started if there is none), all or nothing.

    Raises:
        AnswerError: an answer is missing or invalid (nothing is saved, not even a new draft).
    """
    assessment = start_assessment(user=user, enterprise=enterprise)
    return assessment, submit_assessment(user=user, assessment=assessment, raw=raw, as_of=as_of)


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    """Admins: every campaign; officials: those they created or that include a firm in their regions."""
    role = role_of(user)
    if role is Role.ADMIN:
        return Campaign.objects.all()
    if role is not Role.OFFICIAL:
        return Campaign.objects.none()
    visible = enterprises_visible_to(user).values("pk")
    return Campaign.objects.filter(
        Q(created_by=user) | Q(assessments__enterprise__in=visible)
    ).distinct()


@transaction.atomic
def create_campaign(
    *, user: Any, name: str, round_label: str = "", baseline: Campaign | None = None,
    deadline: dt.date | None = None, enterprises: Iterable[Enterprise] = (),
) -> Campaign:  # fmt: skip
    """Start an assessment round and assign it to ``enterprises`` (officials and admins only)."""
    _require_official(user)
    if not name.strip():
        raise PermissionDenied("评测活动名称不能为空")
    campaign = Campaign.objects.create(
        name=name.strip(),
        round_label=round_label.strip(),
        baseline=baseline,
        deadline=deadline,
        created_by=user,
    )
    assign_enterprises(user=user, campaign=campaign, enterprises=enterprises)
    return campaign


@transaction.atomic
def assign_enterprises(*, user: Any, campaign: Campaign, enterprises: Iterable[Enterprise]) -> int:
    """Assign the questionnaire to more firms of the user's scope; returns how many were newly assigned."""
    _require_official(user)
    wanted = {enterprise.pk for enterprise in enterprises}
    visible = set(enterprises_visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - visible:
        raise PermissionDenied("所选企业中有不在您管辖范围内的企业")
    have = set(campaign.assessments.values_list("enterprise_id", flat=True))
    new = [DigitalAssessment(enterprise_id=pk, campaign=campaign, status=AssessmentStatus.ASSIGNED)
           for pk in sorted(visible - have)]  # fmt: skip
    DigitalAssessment.objects.bulk_create(new)
    return len(new)


def campaign_rows(user: Any, campaign: Campaign) -> QuerySet[DigitalAssessment]:
    """The campaign's questionnaires of the firms the user may see."""
    visible = enterprises_visible_to(user).values("pk")
    return campaign.assessments.filter(enterprise__in=visible).select_related(
        "enterprise", "filled_by"
    )


def campaign_progress(*, user: Any, campaign: Campaign) -> dict[str, Any]:
    """Completion counts and the level distribution of the submitted questionnaires."""
    rows = list(campaign_rows(user, campaign).values_list("status", "level"))
    statuses = Counter(status for status, _ in rows)
    levels = Counter(level for status, level in rows if status == AssessmentStatus.SUBMITTED)
    total = len(rows)
    return {
        "total": total, "submitted": statuses[AssessmentStatus.SUBMITTED],
        "draft": statuses[AssessmentStatus.DRAFT], "assigned": statuses[AssessmentStatus.ASSIGNED],
        "rate": round(statuses[AssessmentStatus.SUBMITTED] / total * 100, 1) if total else 0.0,
        "levels": {level: levels.get(level, 0) for level in (0, 1, 2, 3, 4)},
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One firm in two rounds (None where it has not submitted)."""

    enterprise: Enterprise
    before_score: float | None
    before_level: int | None
    after_score: float | None
    after_level: int | None

    @property
    def score_change(self) -> float | None:
        """After minus before (None unless both are submitted)."""
        if self.before_score is None or self.after_score is None:
            return None
        return round(self.after_score - self.before_score, 4)

    @property
    def level_change(self) -> int | None:
        """Levels gained (negative when lost)."""
        if self.before_level is None or self.after_level is None:
            return None
        return self.after_level - self.before_level


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two rounds firm by firm and in aggregate (over firms submitted in both)."""

    rows: tuple[ComparisonRow, ...]

    def _both(self) -> list[ComparisonRow]:
        return [row for row in self.rows if row.level_change is not None]

    def aggregate(self, target_level: int = 2) -> dict[str, Any]:
        """Counts improved / same / declined, mean scores, level distributions, share at ``target_level``+."""
        both = self._both()
        n = len(both)

        def mean(values: list[float]) -> float | None:
            return round(sum(values) / len(values), 2) if values else None

        return {
            "compared": n,
            "improved": sum(1 for r in both if (r.level_change or 0) > 0),
            "same": sum(1 for r in both if r.level_change == 0),
            "declined": sum(1 for r in both if (r.level_change or 0) < 0),
            "mean_before": mean([r.before_score for r in both if r.before_score is not None]),
            "mean_after": mean([r.after_score for r in both if r.after_score is not None]),
            "levels_before": Counter(r.before_level for r in both),
            "levels_after": Counter(r.after_level for r in both),
            "target_before": sum(1 for r in both if (r.before_level or 0) >= target_level),
            "target_after": sum(1 for r in both if (r.after_level or 0) >= target_level),
        }


def _submitted_by_firm(user: Any, campaign: Campaign) -> dict[int, DigitalAssessment]:
    rows = campaign_rows(user, campaign).filter(status=AssessmentStatus.SUBMITTED)
    return {row.enterprise_id: row for row in rows}


def compare_campaigns(*, user: Any, before: Campaign, after: Campaign) -> Comparison:
    """Every firm of either round the user may see, with its score and level in each."""
    _require_official(user)
    first, second = _submitted_by_firm(user, before), _submitted_by_firm(user, after)
    firms = {row.enterprise_id: row.enterprise for rows in (campaign_rows(user, before), campaign_rows(user, after))
             for row in rows}  # fmt: skip
    result = []
    for pk, enterprise in sorted(firms.items(), key=lambda item: item[1].name):
        a, b = first.get(pk), second.get(pk)
        result.append(ComparisonRow(enterprise, a.score if a else None, a.level if a else None,
                                    b.score if b else None, b.level if b else None))  # fmt: skip
    return Comparison(tuple(result))


def industry_group(code: str | None) -> str:
    """The 门类 letter plus 2-digit 大类 of an industry code (``C3985`` → ``C39``); '' when unknown."""
    section, digits = industry_section(code), industry_digits(code)
    return f"{section}{(digits or '')[:2]}" if section else ""


def latest_submitted(
    queryset: QuerySet[DigitalAssessment] | None = None,
) -> list[DigitalAssessment]:
    """Each enterprise's most recent submitted questionnaire."""
    rows = (
        (queryset if queryset is not None else DigitalAssessment.objects.all())
        .filter(status=AssessmentStatus.SUBMITTED)
        .select_related("enterprise")
        .order_by("enterprise_id", "-submitted_at")
    )
    seen: dict[int, DigitalAssessment] = {}
    for row in rows:
        seen.setdefault(row.enterprise_id, row)
    return list(seen.values())


def peer_summary(assessment: DigitalAssessment, examples: int = 3) -> dict[str, Any]:
    """Levels of peers (same industry group; same city), and anonymised firms one level higher in the industry.

    Peers are every enterprise's latest submitted questionnaire on the platform, shown only in aggregate or
    without name, code or region below the city.
    """
    enterprise = assessment.enterprise
    group, city = industry_group(enterprise.industry_code), (enterprise.region_code or "")[:4]
    others = [row for row in latest_submitted() if row.enterprise_id != enterprise.pk]
    same_industry = [
        row for row in others if group and industry_group(row.enterprise.industry_code) == group
    ]
    same_region = [
        row for row in others if city and (row.enterprise.region_code or "").startswith(city)
    ]
    higher = (
        []
        if assessment.level is None
        else [r for r in same_industry if r.level == assessment.level + 1]
    )
    higher.sort(key=lambda row: -(row.score or 0))
    return {
        "industry_group": group, "city": city,
        "industry_levels": _distribution(same_industry), "region_levels": _distribution(same_region),
        "examples": [_anonymised(row, index) for index, row in enumerate(higher[:examples])],
    }  # fmt: skip


def _distribution(rows: list[DigitalAssessment]) -> dict[str, Any]:
    counts = Counter(row.level for row in rows)
    return {
        "total": len(rows),
        "levels": [(level, counts.get(level, 0)) for level in (0, 1, 2, 3, 4)],
    }


def _anonymised(row: DigitalAssessment, index: int) -> dict[str, Any]:
    answers = row.answers or {}
    points = row.dimension_points or {}
    return {
        "alias": f"同行企业 {chr(ord('A') + index)}", "score": row.score, "level": row.level,
        "dimensions": [(d.label, points.get(d.id)) for d in DIMENSIONS if d.id in points],
        "scenes": [(s.label, answers.get(s.field_id)) for s in SCENES],
    }  # fmt: skip


# --- answer sheets uploaded in the web -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SheetStoreOutcome:
    """What confirming an uploaded answer sheet wrote: new submissions, and rows already stored as they are."""

    created: int
    unchanged: int


def _sheet_firms(user: Any, usccs: Iterable[str]) -> dict[str, Enterprise]:
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
    if campaign is not None:
        _require_official(user)
    firms = _sheet_firms(user, (row.uscc.upper() for row in rows))
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


def _sheet_assessment(user: Any, firm: Enterprise, campaign: Campaign | None) -> DigitalAssessment:
    if campaign is None:
        return DigitalAssessment.objects.create(
            enterprise=firm, filled_by=user, on_behalf=_on_behalf(user)
        )
    existing = campaign.assessments.filter(enterprise=firm).first()
    if existing is not None:
        return existing
    assign_enterprises(user=user, campaign=campaign, enterprises=[firm])
    return campaign.assessments.get(enterprise=firm)


def _already_stored(firm: Enterprise, answers: Mapping[str, Any], as_of: dt.date) -> bool:
    """Whether the firm's latest self-standing submission has exactly these answers and date."""
    latest = (
        DigitalAssessment.objects.filter(enterprise=firm, campaign=None, status=AssessmentStatus.SUBMITTED)
        .order_by("-submitted_at", "-pk").first()
    )  # fmt: skip
    return latest is not None and latest.as_of == as_of and latest.answers == dict(answers)


@transaction.atomic
def store_sheet_rows(
    *, user: Any, rows: Sequence[AnswerRow], as_of: dt.date, campaign: Campaign | None = None
) -> SheetStoreOutcome:
    """Submit every row as its firm's questionnaire (in ``campaign`` when given), all or nothing.

    The rows must be complete and storable (see :func:`sheet_row_problems`); confirming the same sheet twice
    stores nothing new.

    Raises:
        PermissionDenied: a row names a firm the user may not fill for, or cannot be stored.
        AnswerError: a row's answers are incomplete or invalid.
    """
    problems = sheet_row_problems(user=user, rows=rows, campaign=campaign)
    if problems:
        number, message = min(problems.items())
        raise PermissionDenied(f"第 {number} 行：{message}（未保存任何数据）")
    firms = _sheet_firms(user, (row.uscc.upper() for row in rows))
    created = unchanged = 0
    for row in rows:
        firm = firms[row.uscc.upper()]
        if campaign is None and _already_stored(firm, require_complete(row.answers), as_of):
            unchanged += 1
            continue
        assessment = _sheet_assessment(user, firm, campaign)
        submit_assessment(user=user, assessment=assessment, raw=row.answers, as_of=as_of)
        created += 1
    return SheetStoreOutcome(created, unchanged)
