"""Candidate lists: per programme over the user's pool, who qualifies and who is close; as a page and as Excel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from littlegiant.errors import LittleGiantError
from littlegiant.web.accounts.permissions import is_bureau
from littlegiant.web.assessments.forms import parse_limit
from littlegiant.web.assessments.queries.candidates import (
    CandidateFilters,
    candidate_list,
    candidate_programmes,
)
from littlegiant.web.assessments.queries.evaluation import programme_titles, programme_versions
from littlegiant.web.assessments.queries.exports import candidates_workbook
from littlegiant.web.assessments.views.evaluation import as_of_of
from littlegiant.web.downloads import xlsx_response

__all__ = ["candidates", "candidates_export", "require_official"]

PAGE_SIZE = 20


def require_official(request: HttpRequest) -> None:
    """Refuse (403) anyone but officials and administrators: candidate lists and runs are bureau work."""
    if not is_bureau(request.user):
        raise PermissionDenied("此页面仅供主管部门工作人员和管理员使用")


def _candidate_request(
    request: HttpRequest,
) -> tuple[str, str | None, dt.date, CandidateFilters, dict[str, str]]:
    """The chosen programme, version, date and filters, and the programmes offered (in force at the
    date for the user's regions, in ladder order)."""
    get = request.GET
    as_of = as_of_of(request, get)
    titles = {pack.id: pack.title for pack in candidate_programmes(request.user, as_of)}
    programme = get.get("programme") or (
        "specialized_sme" if "specialized_sme" in titles else next(iter(titles), "")
    )
    filters = CandidateFilters(
        region=get.get("region", ""), industry=get.get("industry", ""), q=get.get("q", ""),
        max_conditions=parse_limit(get.get("max_conditions"), default=3),
    )  # fmt: skip
    return programme, get.get("version") or None, as_of, filters, titles


def _offered(programme: str, version: str | None, titles: dict[str, str], as_of: dt.date) -> None:
    """Refuse a programme that is not offered (no pack in force, or not for the user's regions),
    unless an explicit version of it is asked for."""
    if programme in titles or (version and programme in programme_versions()):
        return
    known = programme_titles()
    name = known.get(programme, programme)
    raise LittleGiantError(
        f"「{name}」在 {as_of:%Y-%m-%d} 没有适用于您管辖地区的生效规则包，请选择其他培育项目"
        if programme in known
        else f"没有培育项目「{programme}」"
    )


@login_required
@require_GET
def candidates(request: HttpRequest) -> HttpResponse:
    """Per programme over the user's pool: qualified firms and close ones ranked by shortfall."""
    require_official(request)
    programme, version, as_of, filters, titles = _candidate_request(request)
    context: dict[str, Any] = {"programme": programme, "version": version or "", "as_of": as_of,
                               "filters": filters, "titles": titles, "versions": programme_versions()}  # fmt: skip
    try:
        _offered(programme, version, titles, as_of)
        result = candidate_list(user=request.user, programme=programme, version=version,
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
    require_official(request)
    programme, version, as_of, filters, titles = _candidate_request(request)
    try:
        _offered(programme, version, titles, as_of)
        result = candidate_list(user=request.user, programme=programme, version=version,
                                         as_of=as_of, filters=filters)  # fmt: skip
    except LittleGiantError as error:
        return HttpResponse(
            f"导出失败：{error}", status=400, content_type="text/plain; charset=utf-8"
        )
    name = f"candidates-{programme}-{result.pack.version}-{as_of.isoformat()}.xlsx"
    return xlsx_response(candidates_workbook(result), name)
