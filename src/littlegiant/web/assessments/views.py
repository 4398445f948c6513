"""Pages of the assessments app: the profile's 评价 tab (with htmx what-if and save), candidate lists,
batch re-evaluation runs with a polled progress bar, and their Excel exports."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from littlegiant.errors import LittleGiantError
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import role_of
from littlegiant.web.assessments import exports, services
from littlegiant.web.assessments.candidates import CandidateFilters
from littlegiant.web.assessments.evaluation import programme_titles, programme_versions
from littlegiant.web.assessments.forms import (
    DateInputError,
    extra_fields,
    parse_date,
    parse_limit,
    what_if_fields,
    what_if_inputs,
)
from littlegiant.web.assessments.labels import STATUS_LABELS
from littlegiant.web.assessments.models import RunState
from littlegiant.web.assessments.what_if import parse_changes
from littlegiant.web.enterprises.models import Enterprise

__all__ = [
    "candidates",
    "candidates_export",
    "evaluation_tab_context",
    "run_detail",
    "run_export",
    "run_progress",
    "runs",
    "save",
    "what_if",
]

PAGE_SIZE = 20
DEFAULT_RUN = ("specialized_sme", "2022", "2026")


def _as_of(request: HttpRequest, source: Any) -> dt.date:
    try:
        return parse_date(source.get("as_of")) or timezone.localdate()
    except DateInputError as error:
        messages.error(request, str(error))
        return timezone.localdate()


def _require_official(request: HttpRequest) -> None:
    if role_of(request.user) not in {Role.ADMIN, Role.OFFICIAL}:
        raise PermissionDenied("此页面仅供主管部门工作人员和管理员使用")


def evaluation_tab_context(request: HttpRequest, enterprise: Enterprise) -> dict[str, Any]:
    """Context of the profile's 评价 tab: one card per programme in force, the ladder, saved results."""
    as_of = _as_of(request, request.GET)
    versions = {
        key[8:]: str(value)
        for key, value in request.GET.items()
        if key.startswith("version_") and value
    }
    overview = services.evaluation_overview(
        user=request.user, enterprise=enterprise, as_of=as_of, versions=versions
    )
    all_versions = programme_versions()
    cards = [
        {"result": result, "versions": all_versions.get(result.pack.id, ()),
         "fields": what_if_fields(result), "extra": extra_fields(result)}
        for result in overview.results
    ]  # fmt: skip
    return {
        "as_of": as_of,
        "evaluation": overview,
        "cards": cards,
        "saved": services.saved_assessments(user=request.user, enterprise=enterprise, limit=10),
    }


@login_required
@require_POST
def what_if(request: HttpRequest, uscc: str) -> HttpResponse:
    """Re-evaluate one programme with a few changed fields (htmx partial; nothing is saved)."""
    enterprise = services.find_enterprise(user=request.user, uscc=uscc)
    context: dict[str, Any] = {"enterprise": enterprise}
    try:
        as_of = parse_date(request.POST.get("as_of")) or timezone.localdate()
        changes = parse_changes(what_if_inputs(request.POST))
        before, after = services.what_if_enterprise(
            user=request.user, enterprise=enterprise, programme=request.POST.get("programme", ""),
            version=request.POST.get("version") or None, as_of=as_of, changes=changes,
        )  # fmt: skip
    except LittleGiantError as error:
        context["error"] = str(error)
        return render(request, "assessments/_what_if_result.html", context)
    context |= {
        "before": before,
        "after": after,
        "changes": changes,
        "changed_rows": _changed_rows(before, after),
    }
    return render(request, "assessments/_what_if_result.html", context)


def _changed_rows(
    before: services.ProgrammeResult, after: services.ProgrammeResult
) -> list[tuple[Any, Any]]:
    old = {row.rule_id: row for row in before.rows}
    return [(old[row.rule_id], row) for row in after.rows
            if row.rule_id in old and (old[row.rule_id].value, old[row.rule_id].points) != (row.value, row.points)]  # fmt: skip


@login_required
@require_POST
def save(request: HttpRequest, uscc: str) -> HttpResponse:
    """Store the verdict of one programme (pack id, version, file hash, as-of date) and go back."""
    enterprise = services.find_enterprise(user=request.user, uscc=uscc)
    as_of = _as_of(request, request.POST)
    programme, version = request.POST.get("programme", ""), request.POST.get("version") or None
    try:
        assessment = services.save_assessment(
            user=request.user,
            enterprise=enterprise,
            programme=programme,
            version=version,
            as_of=as_of,
        )
        messages.success(request, f"已保存评价结果：{assessment}（基准日 {as_of.isoformat()}）")
    except LittleGiantError as error:
        messages.error(request, f"保存失败：{error}")
    query = {"tab": "evaluation", "as_of": as_of.isoformat()}
    if version:
        query[f"version_{programme}"] = version
    return redirect(reverse("enterprises:profile", args=[enterprise.uscc]) + "?" + urlencode(query))


def _candidate_request(request: HttpRequest) -> tuple[str, str | None, dt.date, CandidateFilters]:
    get = request.GET
    titles = programme_titles()
    programme = get.get("programme") or (
        "specialized_sme" if "specialized_sme" in titles else next(iter(titles), "")
    )
    filters = CandidateFilters(
        region=get.get("region", ""), industry=get.get("industry", ""), q=get.get("q", ""),
        max_conditions=parse_limit(get.get("max_conditions"), default=3),
    )  # fmt: skip
    return programme, get.get("version") or None, _as_of(request, get), filters


@login_required
@require_GET
def candidates(request: HttpRequest) -> HttpResponse:
    """Per programme over the user's pool: qualified firms and close ones ranked by shortfall."""
    _require_official(request)
    programme, version, as_of, filters = _candidate_request(request)
    context: dict[str, Any] = {"programme": programme, "version": version or "", "as_of": as_of,
                               "filters": filters, "titles": programme_titles(), "versions": programme_versions()}  # fmt: skip
    try:
        result = services.candidate_list(user=request.user, programme=programme, version=version,
                                         as_of=as_of, filters=filters)  # fmt: skip
    except LittleGiantError as error:
        context["error"] = str(error)
        return render(request, "assessments/candidates.html", context)
    page = Paginator(result.close, PAGE_SIZE).get_page(request.GET.get("page"))
    result.fill_gaps(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context |= {"result": result, "page": page, "query": query.urlencode()}
    return render(
        request, "assessments/candidates.html", context
    )  # htmx swaps #candidate-page out of it


@login_required
@require_GET
def candidates_export(request: HttpRequest) -> HttpResponse:
    """The candidate list with the page's filters as an Excel workbook."""
    _require_official(request)
    programme, version, as_of, filters = _candidate_request(request)
    try:
        result = services.candidate_list(user=request.user, programme=programme, version=version,
                                         as_of=as_of, filters=filters)  # fmt: skip
    except LittleGiantError as error:
        return HttpResponse(
            f"导出失败：{error}", status=400, content_type="text/plain; charset=utf-8"
        )
    name = f"candidates-{programme}-{result.pack.version}-{as_of.isoformat()}.xlsx"
    return _xlsx(exports.candidates_workbook(result), name)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _start_run(request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        as_of = parse_date(post.get("as_of")) or timezone.localdate()
        run = services.start_evaluation_run(
            user=request.user, programme=post.get("programme", ""), base_version=post.get("base_version", ""),
            new_version=post.get("new_version", ""), as_of=as_of,
        )  # fmt: skip
    except LittleGiantError as error:
        messages.error(request, f"无法发起批量重评：{error}")
        return redirect("assessments:runs")
    return redirect("assessments:run", pk=run.pk)


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    """Start a batch re-evaluation (POST) or list the runs the user may see."""
    _require_official(request)
    if request.method == "POST":
        return _start_run(request)
    titles = programme_titles()
    context = {
        "runs": services.runs_visible_to(request.user)[:50],
        "programmes": [
            (pid, titles.get(pid, pid), v) for pid, v in programme_versions().items() if len(v) > 1
        ],
        "default": DEFAULT_RUN,
        "today": timezone.localdate(),
    }
    return render(request, "assessments/runs.html", context)


def _run_for(request: HttpRequest, pk: int) -> Any:
    run = services.runs_visible_to(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404("未找到该批量重评，或您无权查看")
    return run


@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One run: progress while it runs, then gained / lost / unchanged counts and the lists."""
    _require_official(request)
    run = _run_for(request, pk)
    lists = [("新增符合", _labelled(run.gained)), ("不再符合", _labelled(run.lost))]
    title = programme_titles().get(run.programme, run.programme)
    return render(
        request, "assessments/run_detail.html", {"run": run, "title": title, "run_lists": lists}
    )


def _labelled(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**e, "before_label": STATUS_LABELS.get(e["before"], e["before"]),
             "after_label": STATUS_LABELS.get(e["after"], e["after"])} for e in entries]  # fmt: skip


@login_required
@require_GET
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar (htmx polls it); once finished it tells the page to reload with results."""
    _require_official(request)
    run = _run_for(request, pk)
    response = render(request, "assessments/_run_progress.html", {"run": run})
    if run.finished:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def run_export(request: HttpRequest, pk: int) -> HttpResponse:
    """A finished run's gained and lost lists as an Excel workbook."""
    _require_official(request)
    run = _run_for(request, pk)
    if run.state != RunState.DONE:
        return HttpResponse(
            "批量重评尚未完成，暂不能导出", status=409, content_type="text/plain; charset=utf-8"
        )
    return _xlsx(
        exports.run_workbook(run),
        f"run-{run.pk}-{run.programme}-{run.base_version}-{run.new_version}.xlsx",
    )
