"""A policy's push list page: qualified firms and those one condition away; export and record the push."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from littlegiant.web.accounts.permissions import enterprises_visible_to
from littlegiant.web.catalog import services
from littlegiant.web.catalog.models import EntryStatus, Policy
from littlegiant.web.catalog.permissions import can_push
from littlegiant.web.catalog.queries.push_lists import push_list, push_rows, push_workbook
from littlegiant.web.downloads import xlsx_response

__all__ = ["PAGE_SIZE", "push"]

PAGE_SIZE = 25
"""Firms per page in each group of the push list (the export has them all)."""


def _without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@login_required
def push(request: HttpRequest, pk: int) -> HttpResponse:
    """A policy's push list over the user's enterprises: qualified, one condition away; export and record the push."""
    if not can_push(request.user):
        raise PermissionDenied("仅主管部门可推送政策")
    policy = get_object_or_404(Policy.objects.filter(status=EntryStatus.PUBLISHED), pk=pk)
    as_of = timezone.localdate()
    pool = enterprises_visible_to(request.user)
    if request.method == "POST":
        found = push_list(policy=policy, enterprises=pool, as_of=as_of)
        services.record_push(user=request.user, push=found)
        messages.success(
            request,
            f"已记录本次推送：符合条件 {len(found.result.qualified):,} 家，差一项即符合 "
            f"{len(found.result.near):,} 家（评价基准日 {as_of:%Y-%m-%d}），见下方推送记录。",
        )
        return redirect("catalog:push", pk=pk)
    pages = (request.GET.get("qp"), request.GET.get("np"))
    found = push_list(policy=policy, enterprises=pool, as_of=as_of, shown=PAGE_SIZE, pages=pages)
    if request.GET.get("format") == "xlsx":
        rows = push_rows(found, pool)
        return xlsx_response(push_workbook(rows), f"push-{policy.ref}.xlsx")
    context = {
        "policy": policy,
        "push": found,
        "qualified_query": _without(request, "qp"),
        "near_query": _without(request, "np"),
        "pushes": policy.pushes.select_related("pushed_by")[:10],
    }
    return render(request, "catalog/push.html", context)
