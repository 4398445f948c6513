"""REST API of the digital-maturity assessment: questionnaire, scoring, drafts per enterprise and campaigns.

Every endpoint goes through the permission layer (``littlegiant.web.accounts.permissions``): an enterprise
user reaches only its own firm, an official the firms of its regions, an admin all; a firm or campaign out of
the caller's scope is 404 (no existence leak). Campaigns are officials' and admins' (403 for other roles).
"""

# No ``from __future__ import annotations``: django-ninja builds path/query models from evaluated annotations.
import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from littlegiant.digital.answers import AnswerProblem, missing_answers, require_complete
from littlegiant.digital.path import next_level_path
from littlegiant.digital.questionnaire import DIMENSIONS, QUESTIONS, SCENES, answer_ids
from littlegiant.digital.scoring import assess
from littlegiant.web.accounts.permissions import (
    enterprises_visible_to,
    get_enterprise_for,
    is_bureau,
)
from littlegiant.web.digital import services
from littlegiant.web.digital.models import Campaign, DigitalAssessment
from littlegiant.web.digital.queries.campaigns import (
    Comparison,
    campaign_progress,
    campaign_rows,
    campaigns_visible_to,
    compare_campaigns,
)
from littlegiant.web.digital.queries.questionnaires import open_assessment
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.inputs import DbId

__all__ = ["router"]

router = Router(tags=["数字化水平评测"])


class ScoreIn(Schema):
    """Answers keyed by answer id (or question text); ``as_of`` picks the pack version (default today)."""

    answers: dict[str, Any]
    as_of: dt.date | None = None


class DraftIn(Schema):
    """Answers given so far, keyed by answer id or question text (invalid ones are reported, not kept)."""

    answers: dict[str, Any]


class ProblemOut(Schema):
    """One bad answer: the answer id, the value given and the rule it breaks (Chinese)."""

    field: str
    value: Any
    message: str


class DraftOut(Schema):
    """An enterprise's open questionnaire: its answers so far, what is still missing, and the campaign."""

    id: int
    uscc: str
    enterprise_name: str
    campaign_id: int | None
    campaign_name: str | None
    status: str
    answers: dict[str, Any]
    answered: int
    total: int
    missing: list[str]
    updated_at: dt.datetime
    problems: list[ProblemOut] = Field(default_factory=list)


class CampaignIn(Schema):
    """A new campaign: name, round, the earlier round to compare with, deadline, firms by USCC."""

    name: str
    round_label: str = ""
    baseline_id: DbId | None = None
    deadline: dt.date | None = None
    usccs: list[str] = Field(default_factory=list)


class AssignIn(Schema):
    """Firms to add to a campaign, by USCC."""

    usccs: list[str]


class CampaignOut(Schema):
    """A campaign, with its completion in the caller's scope."""

    id: int
    name: str
    round_label: str
    baseline_id: int | None
    deadline: dt.date | None
    created_at: dt.datetime
    progress: dict[str, Any]


class AssignOut(Schema):
    """How many firms were newly assigned, and the campaign's size in the caller's scope."""

    assigned: int
    total: int


class CampaignRowOut(Schema):
    """One firm of a campaign: its questionnaire's status and, once submitted, its result."""

    assessment_id: int
    uscc: str
    name: str
    region_code: str
    status: str
    score: float | None
    level: int | None
    submitted_at: dt.datetime | None
    on_behalf: bool


# --- questionnaire and scoring -------------------------------------------------------------------


@router.get("/questionnaire")
def get_questionnaire(request: HttpRequest) -> dict[str, Any]:
    """The 2024 questionnaire: dimensions, questions with their options, scenes with level descriptors."""
    return {
        "dimensions": [{"id": d.id, "label": d.label, "points": d.points} for d in DIMENSIONS],
        "questions": [{"id": q.id, "dimension": q.dimension, "sub_dimension": q.sub_dimension, "text": q.text,
                       "kind": q.kind, "points": q.points, "rule": q.rule,
                       "options": [{"id": o.id, "text": o.text} for o in q.options]} for q in QUESTIONS],
        "scenes": [{"id": s.field_id, "label": s.label, "group": s.group, "mandatory": s.mandatory,
                    "levels": list(s.descriptors)} for s in SCENES],
    }  # fmt: skip


@router.post("/score")
def score_answers(request: HttpRequest, payload: ScoreIn) -> dict[str, Any]:
    """Score a complete questionnaire: total, level, dimensions, scenes, trace and the path to the next level.

    Missing or invalid answers give 400 with every problem named in Chinese.
    """
    day = payload.as_of or timezone.localdate()
    answers = require_complete(payload.answers)
    result = assess(answers, day).to_dict()
    path = next_level_path(answers, day)
    result["next_level"] = None if path is None else {
        "target_level": path.target_level, "reachable": path.reachable, "points_gained": path.points_gained,
        "steps": [{"field": s.field_id, "label": s.label, "current": s.current, "proposed": s.proposed,
                   "points": s.points} for s in path.steps],
    }  # fmt: skip
    return result


# --- drafts ----------------------------------------------------------------------------------------


def _draft_out(
    assessment: DigitalAssessment, problems: list[AnswerProblem] | None = None
) -> DraftOut:
    answers = assessment.answers or {}
    missing = missing_answers(answers)
    campaign = assessment.campaign
    return DraftOut(
        id=assessment.pk, uscc=assessment.enterprise.uscc, enterprise_name=assessment.enterprise.name,
        campaign_id=campaign.pk if campaign else None, campaign_name=str(campaign) if campaign else None,
        status=assessment.status, answers=answers, answered=len(answer_ids()) - len(missing),
        total=len(answer_ids()), missing=missing, updated_at=assessment.updated_at,
        problems=[ProblemOut(field=p.field_id, value=p.value, message=p.message) for p in problems or []],
    )  # fmt: skip


@router.get("/enterprises/{uscc}/draft", response=DraftOut)
def get_draft(request: HttpRequest, uscc: str) -> DraftOut:
    """The enterprise's open questionnaire (draft, or assigned by a campaign); 404 when there is none."""
    enterprise = get_enterprise_for(request.user, uscc)
    assessment = open_assessment(enterprise)
    if assessment is None:
        raise HttpError(404, "该企业没有未提交的数字化水平评测")
    return _draft_out(assessment)


@router.put("/enterprises/{uscc}/draft", response=DraftOut)
def save_draft(request: HttpRequest, uscc: str, payload: DraftIn) -> DraftOut:
    """Save the answers given so far into the enterprise's open questionnaire (started if there is none).

    The draft keeps the valid answers; ``problems`` names each invalid one (question, value, rule).
    """
    enterprise = get_enterprise_for(request.user, uscc, write=True)
    assessment = services.start_assessment(user=request.user, enterprise=enterprise)
    problems = services.save_draft(user=request.user, assessment=assessment, raw=payload.answers)
    assessment.refresh_from_db()
    return _draft_out(assessment, problems)


@router.post("/enterprises/{uscc}/submit")
def submit_draft(request: HttpRequest, uscc: str, payload: ScoreIn) -> dict[str, Any]:
    """Submit the enterprise's open questionnaire with complete answers; the level goes into the archive.

    Incomplete or invalid answers give 400 and nothing is saved.
    """
    enterprise = get_enterprise_for(request.user, uscc, write=True)
    assessment, result = services.submit_open_assessment(
        user=request.user, enterprise=enterprise, raw=payload.answers, as_of=payload.as_of
    )
    return {"assessment_id": assessment.pk, **result.to_dict()}


# --- campaigns -------------------------------------------------------------------------------------


def _require_official(request: HttpRequest) -> None:
    if not is_bureau(request.user):
        raise PermissionDenied("只有主管部门工作人员可以查看和组织评测活动")


def _campaign(request: HttpRequest, pk: DbId) -> Campaign:
    _require_official(request)
    campaign = campaigns_visible_to(request.user).filter(pk=pk).first()
    if campaign is None:
        raise HttpError(404, "未找到该评测活动，或您无权查看")
    return campaign


def _firms(request: HttpRequest, usccs: list[str]) -> list[Enterprise]:
    codes = sorted({code.strip().upper() for code in usccs if code.strip()})
    firms = list(enterprises_visible_to(request.user).filter(uscc__in=codes))
    unknown = sorted(set(codes) - {firm.uscc for firm in firms})
    if unknown:
        raise HttpError(
            404, "以下统一社会信用代码不在您的管辖范围或档案中：" + "、".join(unknown[:10])
        )
    return firms


def _campaign_out(request: HttpRequest, campaign: Campaign) -> CampaignOut:
    return CampaignOut(
        id=campaign.pk, name=campaign.name, round_label=campaign.round_label,
        baseline_id=campaign.baseline_id, deadline=campaign.deadline, created_at=campaign.created_at,
        progress=campaign_progress(user=request.user, campaign=campaign),
    )  # fmt: skip


@router.get("/campaigns", response=list[CampaignOut])
def list_campaigns(request: HttpRequest) -> list[CampaignOut]:
    """The campaigns the official may see (created by them, or including a firm of their regions)."""
    _require_official(request)
    return [_campaign_out(request, c) for c in campaigns_visible_to(request.user)]


@router.post("/campaigns", response={201: CampaignOut})
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Status[CampaignOut]:
    """Start a campaign and assign it to firms of the official's regions (404 names codes out of scope)."""
    _require_official(request)
    baseline = _campaign(request, payload.baseline_id) if payload.baseline_id else None
    if not payload.name.strip():
        raise HttpError(400, "评测活动名称不能为空")
    campaign = services.create_campaign(
        user=request.user, name=payload.name, round_label=payload.round_label, baseline=baseline,
        deadline=payload.deadline, enterprises=_firms(request, payload.usccs),
    )  # fmt: skip
    return Status(201, _campaign_out(request, campaign))


@router.get("/campaigns/{pk}", response=CampaignOut)
def get_campaign(request: HttpRequest, pk: DbId) -> CampaignOut:
    """One campaign with its completion: totals by status, submission rate and level distribution."""
    return _campaign_out(request, _campaign(request, pk))


@router.post("/campaigns/{pk}/enterprises", response=AssignOut)
def assign_enterprises(request: HttpRequest, pk: DbId, payload: AssignIn) -> AssignOut:
    """Assign the campaign to more firms; firms already in it are left as they are."""
    campaign = _campaign(request, pk)
    added = services.assign_enterprises(
        user=request.user, campaign=campaign, enterprises=_firms(request, payload.usccs)
    )
    return AssignOut(assigned=added, total=campaign_rows(request.user, campaign).count())


@router.get("/campaigns/{pk}/assessments", response=list[CampaignRowOut])
def list_campaign_assessments(request: HttpRequest, pk: DbId) -> list[CampaignRowOut]:
    """Firm by firm completion of a campaign (only firms in the caller's scope)."""
    campaign = _campaign(request, pk)
    rows = campaign_rows(request.user, campaign).order_by("enterprise__name")
    return [
        CampaignRowOut(
            assessment_id=r.pk,
            uscc=r.enterprise.uscc,
            name=r.enterprise.name,
            region_code=r.enterprise.region_code,
            status=r.status,
            score=r.score,
            level=r.level,
            submitted_at=r.submitted_at,
            on_behalf=r.on_behalf,
        )
        for r in rows
    ]


def _round(campaign: Campaign) -> dict[str, Any]:
    return {"id": campaign.pk, "name": campaign.name, "round_label": campaign.round_label}


def _aggregate(comparison: Comparison) -> dict[str, Any]:
    aggregate = comparison.aggregate()
    for key in ("levels_before", "levels_after"):
        aggregate[key] = {str(level): aggregate[key].get(level, 0) for level in (0, 1, 2, 3, 4)}
    return aggregate


@router.get("/campaigns/{pk}/comparison")
def compare_campaign(request: HttpRequest, pk: DbId, other: DbId | None = None) -> dict[str, Any]:
    """Before/after: this campaign against its baseline (or ``?other=<id>``), firm by firm and in aggregate.

    ``aggregate`` counts firms improved/same/declined among those submitted in both rounds, mean scores,
    level distributions and how many reached level 2 or higher.
    """
    after = _campaign(request, pk)
    before = _campaign(request, other) if other is not None else after.baseline
    if before is None:
        raise HttpError(400, "该活动没有可对比的上一轮，请用 ?other=<活动编号> 指定")
    comparison = compare_campaigns(user=request.user, before=before, after=after)
    rows = [{"uscc": r.enterprise.uscc, "name": r.enterprise.name, "before_score": r.before_score,
             "before_level": r.before_level, "after_score": r.after_score, "after_level": r.after_level,
             "score_change": r.score_change, "level_change": r.level_change} for r in comparison.rows]  # fmt: skip
    return {
        "before": _round(before),
        "after": _round(after),
        "aggregate": _aggregate(comparison),
        "rows": rows,
    }
