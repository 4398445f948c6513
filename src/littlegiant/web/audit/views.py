"""The audit administrator's page: the audit log with filters (user, event, outcome, object,
address, dates). Reading it is itself audited."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from littlegiant.web.accounts.models import Role
from littlegiant.web.audit.models import EventKind, Outcome
from littlegiant.web.audit.queries import events_for, verify_chain
from littlegiant.web.audit.services import record

__all__ = ["audit_log"]

PAGE_SIZE = 50


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _object_label(object_type: str) -> str:
    """The model's Chinese name for ``app_label.Model``; the view name otherwise."""
    if object_type.count(".") == 1:
        try:
            return str(apps.get_model(object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return object_type
    return object_type


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The log, newest first, 50 a page; the chain's state on top."""
    filters = {
        "username": request.GET.get("username", "").strip()[:150],
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in EventKind.values else "",
        "outcome": request.GET.get("outcome", "")
        if request.GET.get("outcome") in Outcome.values
        else "",
        "object_id": request.GET.get("object_id", "").strip()[:100],
        "ip": request.GET.get("ip", "").strip()[:64],
    }
    since, until = _date(request.GET.get("since", "")), _date(request.GET.get("until", ""))
    events = events_for(request.user, since=since, until=until, **filters)  # 403 for anybody else
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    record("audit", user=request.user, detail={"action": "query", **filters})
    roles = dict(Role.choices)
    rows = [
        (event, _object_label(event.object_type), roles.get(event.role, event.role))
        for event in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "since": request.GET.get("since", ""),
        "until": request.GET.get("until", ""),
        "kinds": EventKind.choices,
        "outcomes": Outcome.choices,
        "chain": verify_chain() if request.GET.get("verify") else None,
        "query": query.urlencode(),
    }
    return render(request, "audit/log.html", context)
