"""The questionnaire pages: firms with their latest level, filling a questionnaire, its result, the profile tab."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from littlegiant.digital.answers import AnswerError, AnswerProblem, missing_answers
from littlegiant.digital.path import next_level_path
from littlegiant.digital.questionnaire import DIMENSIONS, QUESTIONS, SCENE_GROUPS, SCENES
from littlegiant.digital.scoring import LEVEL_LABELS, assess
from littlegiant.web.accounts.permissions import get_enterprise_for, is_bureau
from littlegiant.web.digital import services
from littlegiant.web.digital.models import DigitalAssessment
from littlegiant.web.digital.queries.peers import peer_summary
from littlegiant.web.digital.queries.questionnaires import (
    assessment_for,
    firms_of,
    latest_assessment,
    open_assessment,
    questionnaire_rows,
)
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.names import region_name

__all__ = ["index", "profile_tab_context", "questionnaire", "result", "start"]

PAGE_SIZE = 50
"""Firms per page of the assessment list and of a campaign's firm list."""


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Firms in the user's scope with their latest level, a page at a time; a firm user sees its own."""
    query = request.GET.get("q", "").strip()
    page = Paginator(firms_of(request.user, query), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = questionnaire_rows(list(page.object_list))
    return render(request, "digital/index.html", {
        "rows": rows, "q": query, "page": page, "is_official": is_bureau(request.user),
        "level_labels": LEVEL_LABELS, "query_string": urlencode({"q": query}) if query else "",
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, uscc: str) -> HttpResponse:
    """Open (or resume) the questionnaire of one firm (POST); a GET (a bookmarked or typed link)
    resumes the open questionnaire, or shows a page with the button that starts one."""
    enterprise = get_enterprise_for(request.user, uscc, write=True)
    if request.method == "GET":
        current = open_assessment(enterprise)
        if current is not None:
            return redirect("digital:questionnaire", pk=current.pk)
        context = {"enterprise": enterprise, "latest": latest_assessment(enterprise),
                   "level_labels": LEVEL_LABELS}  # fmt: skip
        return render(request, "digital/start.html", context)
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
    assessment = assessment_for(request.user, pk)
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
    assessment = assessment_for(request.user, pk)
    if not assessment.is_submitted or assessment.as_of is None:
        return redirect("digital:questionnaire", pk=assessment.pk)
    outcome = assess(assessment.answers, assessment.as_of)
    path = next_level_path(assessment.answers, assessment.as_of)
    groups = [
        {"label": label, "scenes": [s for s in outcome.scenes if s.group == group]}
        for group, label in SCENE_GROUPS
    ]
    peers = peer_summary(assessment)
    city = str(peers.get("city") or "")
    return render(request, "digital/result.html", {
        "assessment": assessment, "result": outcome, "path": path, "scene_groups": groups,
        "radar": _radar(outcome), "peers": peers, "level_labels": LEVEL_LABELS,
        "peer_city_name": region_name(city.ljust(6, "0")) if city else "",
        "scene_labels": {s.id: s.label for s in SCENES},
    })  # fmt: skip


def profile_tab_context(request: HttpRequest, enterprise: Enterprise) -> dict[str, Any]:
    """The enterprise profile's 数字化水平 tab: its latest submitted assessment and open questionnaire."""
    return {"digital_latest": latest_assessment(enterprise),
            "digital_open": open_assessment(enterprise),
            "digital_level_labels": LEVEL_LABELS}  # fmt: skip
