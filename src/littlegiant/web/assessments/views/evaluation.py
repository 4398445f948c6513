"""The profile's 评价 tab: one card per programme in force, the ladder, what-if (htmx) and saving a verdict."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from littlegiant.errors import LittleGiantError
from littlegiant.web.assessments import services
from littlegiant.web.assessments.forms import (
    DateInputError,
    extra_fields,
    parse_date,
    what_if_fields,
    what_if_inputs,
)
from littlegiant.web.assessments.queries import overview as reads
from littlegiant.web.assessments.queries.evaluation import ProgrammeResult, programme_versions
from littlegiant.web.assessments.what_if import parse_changes
from littlegiant.web.enterprises.models import Enterprise

__all__ = ["as_of_of", "evaluation_tab_context", "save", "what_if"]


def as_of_of(request: HttpRequest, source: Any) -> dt.date:
    """The ``as_of`` date of a query or form (today when empty; a bad date is a message, then today)."""
    try:
        return parse_date(source.get("as_of")) or timezone.localdate()
    except DateInputError as error:
        messages.error(request, str(error))
        return timezone.localdate()


def evaluation_tab_context(request: HttpRequest, enterprise: Enterprise) -> dict[str, Any]:
    """Context of the profile's 评价 tab: one card per programme in force, the ladder, saved results."""
    as_of = as_of_of(request, request.GET)
    versions = {
        key[8:]: str(value)
        for key, value in request.GET.items()
        if key.startswith("version_") and value
    }
    overview = reads.evaluation_overview(
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
        "saved": reads.saved_assessments(user=request.user, enterprise=enterprise, limit=10),
    }


@login_required
@require_POST
def what_if(request: HttpRequest, uscc: str) -> HttpResponse:
    """Re-evaluate one programme with a few changed fields (htmx partial; nothing is saved)."""
    enterprise = reads.find_enterprise(user=request.user, uscc=uscc)
    context: dict[str, Any] = {"enterprise": enterprise}
    try:
        as_of = parse_date(request.POST.get("as_of")) or timezone.localdate()
        changes = parse_changes(what_if_inputs(request.POST))
        before, after = reads.what_if_enterprise(
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


def _changed_rows(before: ProgrammeResult, after: ProgrammeResult) -> list[tuple[Any, Any]]:
    old = {row.rule_id: row for row in before.rows}
    return [(old[row.rule_id], row) for row in after.rows
            if row.rule_id in old and (old[row.rule_id].value, old[row.rule_id].points) != (row.value, row.points)]  # fmt: skip


@login_required
@require_POST
def save(request: HttpRequest, uscc: str) -> HttpResponse:
    """Store the verdict of one programme (pack id, version, file hash, as-of date) and go back to
    the tab with every programme's chosen version kept."""
    enterprise = reads.find_enterprise(user=request.user, uscc=uscc)
    as_of = as_of_of(request, request.POST)
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
    # back to the tab as it was: every programme's chosen version, not only the saved one's
    query = {"tab": "evaluation", "as_of": as_of.isoformat()}
    known = programme_versions()
    for key, value in request.POST.items():
        if key.startswith("version_") and value in known.get(key[8:], ()):
            query[key] = value
    if version:
        query[f"version_{programme}"] = version
    return redirect(reverse("enterprises:profile", args=[enterprise.uscc]) + "?" + urlencode(query))
