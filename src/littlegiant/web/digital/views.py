"""Pages of the digital-maturity assessment: questionnaire, result, campaigns, comparison, export."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from littlegiant.digital.answers import AnswerError, AnswerProblem, missing_answers
from littlegiant.digital.path import next_level_path
from littlegiant.digital.questionnaire import DIMENSIONS, QUESTIONS, SCENE_GROUPS, SCENES
from littlegiant.digital.scoring import LEVEL_LABELS, assess
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import enterprises_visible_to, get_enterprise_for, role_of
from littlegiant.web.digital import exporting, services
from littlegiant.web.digital.models import AssessmentStatus, Campaign, DigitalAssessment
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.names import region_name

__all__ = [
    "campaign_compare", "campaign_detail", "campaign_export", "campaign_list", "index",
    "profile_tab_context", "questionnaire", "result", "start",
]  # fmt: skip

PAGE_SIZE = 50
"""Firms per page of the assessment list and of a campaign's firm list."""


def _assessment_for(request: HttpRequest, pk: int) -> DigitalAssessment:
    assessment = get_object_or_404(
        DigitalAssessment.objects.select_related("enterprise", "campaign"), pk=pk
    )
    get_enterprise_for(request.user, assessment.enterprise.pk)  # 404 outside the user's scope
    return assessment


def _is_official(request: HttpRequest) -> bool:
    return role_of(request.user) in {Role.ADMIN, Role.OFFICIAL}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Firms in the user's scope with their latest level, a page at a time; a firm user sees its own."""
    query = request.GET.get("q", "").strip()
    firms = enterprises_visible_to(request.user)
    if query:
        firms = firms.filter(Q(name__icontains=query) | Q(uscc__icontains=query))
    page = Paginator(firms.order_by("name"), PAGE_SIZE).get_page(request.GET.get("page"))
    firms_list = list(page.object_list)
    latest = {row.enterprise_id: row for row in services.latest_submitted(
        DigitalAssessment.objects.filter(enterprise__in=[firm.pk for firm in firms_list]))}  # fmt: skip
    open_ones = dict(
        DigitalAssessment.objects.filter(enterprise__in=[f.pk for f in firms_list])
        .exclude(status=AssessmentStatus.SUBMITTED).values_list("enterprise_id", "pk")
    )  # fmt: skip
    rows = [
        {"enterprise": f, "latest": latest.get(f.pk), "open": open_ones.get(f.pk)}
        for f in firms_list
    ]
    return render(request, "digital/index.html", {
        "rows": rows, "q": query, "page": page, "is_official": _is_official(request),
        "level_labels": LEVEL_LABELS, "query_string": urlencode({"q": query}) if query else "",
    })  # fmt: skip


@login_required
@require_POST
def start(request: HttpRequest, uscc: str) -> HttpResponse:
    """Open (or resume) the questionnaire of one firm."""
    enterprise = get_enterprise_for(request.user, uscc, write=True)
    assessment = services.start_assessment(user=request.user, enterprise=enterprise)
    return redirect("digital:questionnaire", pk=assessment.pk)


def _posted_answers(request: HttpRequest) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for question in QUESTIONS:
        raw[question.id] = (
            request.POST.getlist(question.id)
            if question.kind == "multi"
            else request.POST.get(question.id)
        )
    for scene in SCENES:
        raw[scene.field_id] = request.POST.get(scene.field_id)
    return raw


def _questionnaire_context(
    assessment: DigitalAssessment, problems: list[AnswerProblem]
) -> dict[str, Any]:
    answers = assessment.answers or {}
    by_field = {problem.field_id: problem.message for problem in problems}
    dimensions = [
        {"dimension": d, "questions": [
            {"q": q, "answer": answers.get(q.id), "error": by_field.get(q.id)} for q in QUESTIONS if q.dimension == d.id
        ]} for d in DIMENSIONS if d.id != "operations"
    ]  # fmt: skip
    groups = [
        {"label": label, "scenes": [
            {"scene": s, "answer": answers.get(s.field_id), "error": by_field.get(s.field_id),
             "levels": list(zip((1, 2, 3, 4), s.descriptors, strict=True))}
            for s in SCENES if s.group == group
        ]} for group, label in SCENE_GROUPS
    ]  # fmt: skip
    answered = len(QUESTIONS) + len(SCENES) - len(missing_answers(answers))
    return {"assessment": assessment, "dimensions": dimensions, "scene_groups": groups, "problems": problems,
            "answered": answered, "total_questions": len(QUESTIONS) + len(SCENES)}  # fmt: skip


@login_required
def questionnaire(request: HttpRequest, pk: int) -> HttpResponse:
    """The questionnaire: one card per question, grouped by dimension; save a draft or submit."""
    assessment = _assessment_for(request, pk)
    if assessment.is_submitted:
        return redirect("digital:result", pk=assessment.pk)
    problems: list[AnswerProblem] = []
    if request.method == "POST":
        raw = _posted_answers(request)
        problems = services.save_draft(user=request.user, assessment=assessment, raw=raw)
        if request.POST.get("action") == "submit" and not problems:
            try:
                services.submit_assessment(user=request.user, assessment=assessment, raw=raw)
            except AnswerError as error:
                problems = error.problems
            else:
                messages.success(request, "评测已提交，等级已写入企业档案")
                return redirect("digital:result", pk=assessment.pk)
        elif not problems:
            messages.success(request, "草稿已保存，可稍后继续填写")
            return redirect("digital:questionnaire", pk=assessment.pk)
    return render(
        request, "digital/questionnaire.html", _questionnaire_context(assessment, problems)
    )


def _radar(result: Any) -> dict[str, Any]:
    return {"indicators": [{"name": d.label, "max": 100} for d in result.dimensions],
            "values": [d.percent or 0 for d in result.dimensions]}  # fmt: skip


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """Score, level, radar by dimension, scene levels, the path to the next level, and peers."""
    assessment = _assessment_for(request, pk)
    if not assessment.is_submitted or assessment.as_of is None:
        return redirect("digital:questionnaire", pk=assessment.pk)
    outcome = assess(assessment.answers, assessment.as_of)
    path = next_level_path(assessment.answers, assessment.as_of)
    groups = [
        {"label": label, "scenes": [s for s in outcome.scenes if s.group == group]}
        for group, label in SCENE_GROUPS
    ]
    peers = services.peer_summary(assessment)
    city = str(peers.get("city") or "")
    return render(request, "digital/result.html", {
        "assessment": assessment, "result": outcome, "path": path, "scene_groups": groups,
        "radar": _radar(outcome), "peers": peers, "level_labels": LEVEL_LABELS,
        "peer_city_name": region_name(city.ljust(6, "0")) if city else "",
        "scene_labels": {s.id: s.label for s in SCENES},
    })  # fmt: skip


def _campaign_for(request: HttpRequest, pk: int) -> Campaign:
    if not _is_official(request):
        raise PermissionDenied("只有主管部门工作人员可以查看评测活动")
    campaign = services.campaigns_visible_to(request.user).filter(pk=pk).first()
    if campaign is None:
        raise Http404("未找到该评测活动，或您无权查看")
    return campaign


def _chosen_firms(request: HttpRequest, baseline: Campaign | None) -> list[Enterprise]:
    visible = enterprises_visible_to(request.user)
    codes = [line.strip().upper() for line in request.POST.get("usccs", "").split() if line.strip()]
    prefix = request.POST.get("region_prefix", "").strip()
    if codes:
        firms = list(visible.filter(uscc__in=codes))
        unknown = sorted(set(codes) - {firm.uscc for firm in firms})
        if unknown:
            raise PermissionDenied(
                "以下统一社会信用代码不在您的管辖范围或档案中：" + "、".join(unknown[:10])
            )
        return firms
    if prefix:
        return list(visible.filter(region_code__startswith=prefix))
    if baseline is not None:
        return list(visible.filter(digital_assessments__campaign=baseline).distinct())
    return []


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Officials' campaigns, and a form to start one (firms by USCC list, region prefix or the baseline's)."""
    if not _is_official(request):
        raise PermissionDenied("只有主管部门工作人员可以组织评测活动")
    campaigns = services.campaigns_visible_to(request.user)
    if request.method == "POST":
        baseline = campaigns.filter(pk=request.POST.get("baseline") or 0).first()
        deadline = (
            dt.date.fromisoformat(request.POST["deadline"])
            if request.POST.get("deadline")
            else None
        )
        try:
            firms = _chosen_firms(request, baseline)
            campaign = services.create_campaign(
                user=request.user, name=request.POST.get("name", ""), round_label=request.POST.get("round_label", ""),
                baseline=baseline, deadline=deadline, enterprises=firms,
            )  # fmt: skip
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已创建评测活动，分派 {len(firms)} 家企业")
            return redirect("digital:campaign", pk=campaign.pk)
    return render(request, "digital/campaigns.html", {"campaigns": campaigns})


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Completion of one campaign, firm by firm, with links to fill on a firm's behalf."""
    campaign = _campaign_for(request, pk)
    rows = services.campaign_rows(request.user, campaign).order_by("enterprise__name")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "digital/campaign_detail.html", {
        "campaign": campaign, "rows": page.object_list, "page": page, "progress": services.campaign_progress(user=request.user, campaign=campaign),
        "level_labels": LEVEL_LABELS, "others": services.campaigns_visible_to(request.user).exclude(pk=campaign.pk),
    })  # fmt: skip


@login_required
def campaign_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two rounds compared firm by firm and in aggregate (this campaign against its baseline or ``?with=``)."""
    after = _campaign_for(request, pk)
    other = request.GET.get("with")
    before = _campaign_for(request, int(other)) if other and other.isdigit() else after.baseline
    if before is None:
        messages.error(request, "该活动没有可对比的上一轮，请选择对比轮次")
        return redirect("digital:campaign", pk=after.pk)
    comparison = services.compare_campaigns(user=request.user, before=before, after=after)
    aggregate = comparison.aggregate()
    levels = [(label, aggregate["levels_before"].get(level, 0), aggregate["levels_after"].get(level, 0))
              for level, label in LEVEL_LABELS.items()]  # fmt: skip
    return render(request, "digital/compare.html", {
        "before": before, "after": after, "rows": comparison.rows, "aggregate": aggregate, "levels": levels,
        "level_labels": LEVEL_LABELS,
    })  # fmt: skip


@login_required
def campaign_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign as .xlsx: one row per firm (with the baseline round's result when there is one)."""
    campaign = _campaign_for(request, pk)
    return exporting.campaign_workbook_response(request.user, campaign)


def profile_tab_context(request: HttpRequest, enterprise: Enterprise) -> dict[str, Any]:
    """The enterprise profile's 数字化水平 tab: its latest submitted assessment and open questionnaire."""
    rows = DigitalAssessment.objects.filter(enterprise=enterprise)
    latest = services.latest_submitted(rows)
    return {"digital_latest": latest[0] if latest else None,
            "digital_open": rows.exclude(status=AssessmentStatus.SUBMITTED).first(),
            "digital_level_labels": LEVEL_LABELS}  # fmt: skip
