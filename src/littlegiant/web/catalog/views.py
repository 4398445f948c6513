"""Catalog pages: search with filters and facets, an enterprise's opportunities, policy push lists, traces."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from littlegiant.matching import CATALOGS, CATALOGS_BY_ID, snippet, to_html
from littlegiant.matching.catalog_files import write_catalog_xlsx
from littlegiant.matching.eligibility import policy_pack
from littlegiant.rules import evaluate
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import (
    enterprises_visible_to,
    filter_rows_visible_to,
    get_enterprise_for,
    role_of,
)
from littlegiant.web.catalog import services
from littlegiant.web.catalog.models import CatalogEntry, Policy
from littlegiant.web.enterprises.flat_records import enterprise_record

FACET_FIELDS = {"achievements": "maturity", "needs": "maturity", "policies": "support_type", "products": "product_type"}
_SNIPPET_FIELD = {"achievements": "summary", "needs": "summary", "policies": "full_text", "products": "description"}


def _catalog_id(kind: str) -> str:
    if kind not in CATALOGS_BY_ID:
        raise Http404("没有这个目录")
    return kind


def visible_entries(user: Any, catalog_id: str) -> QuerySet[CatalogEntry]:
    """Needs follow the enterprise permission layer; the public catalogs are visible to every user."""
    queryset: QuerySet[CatalogEntry] = services.MODELS[catalog_id].objects.all()
    if catalog_id == "needs":
        return filter_rows_visible_to(user, queryset, "enterprise")
    return queryset


def _facets(queryset: QuerySet[CatalogEntry], catalog_id: str, chosen: str) -> list[dict[str, Any]]:
    field_id = FACET_FIELDS[catalog_id]
    labels = dict(CATALOGS_BY_ID[catalog_id].field(field_id).choices)
    counts = queryset.order_by().values(field_id).annotate(n=Count("pk"))
    return [
        {"value": row[field_id], "label": labels.get(row[field_id], "未填写"), "count": row["n"], "active": row[field_id] == chosen}
        for row in counts
    ]


def _rendered(opportunities: list[services.Opportunity], catalog_id: str) -> list[dict[str, Any]]:
    field_id = _SNIPPET_FIELD[catalog_id]
    return [
        {
            "entry": o.entry,
            "match": o.match,
            "snippet": mark_safe(to_html(snippet(getattr(o.entry, field_id, ""), o.match.matched_terms, width=90))),  # noqa: S308 - escaped by to_html
            "title": mark_safe(to_html(snippet(o.entry.title, o.match.matched_terms, width=200))),  # noqa: S308 - escaped by to_html
        }
        for o in opportunities
    ]


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Search one catalog with a query, a facet and the user's enterprise profile (if any)."""
    catalog_id = _catalog_id(request.GET.get("kind", "achievements"))
    query = request.GET.get("q", "").strip()
    facet = request.GET.get("facet", "")
    queryset = visible_entries(request.user, catalog_id)
    facets = _facets(queryset, catalog_id, facet)
    if facet:
        queryset = queryset.filter(**{FACET_FIELDS[catalog_id]: facet})
    enterprise = enterprises_visible_to(request.user).first() if role_of(request.user) is Role.ENTERPRISE else None
    results = services.search_entries(catalog_id=catalog_id, query=query, queryset=queryset, enterprise=enterprise, top=30)
    context = {
        "catalogs": CATALOGS, "catalog": CATALOGS_BY_ID[catalog_id], "query": query, "facets": facets,
        "facet": facet, "results": _rendered(results, catalog_id), "enterprise": enterprise,
        "can_export": role_of(request.user) in (Role.ADMIN, Role.OFFICIAL, Role.PROVIDER),
    }  # fmt: skip
    return render(request, "catalog/search.html", context)


@login_required
def opportunities(request: HttpRequest, uscc: str) -> HttpResponse:
    """An enterprise's opportunities: achievements for its needs, policies (with amounts) and products."""
    enterprise = get_enterprise_for(request.user, uscc)
    found = services.opportunities_for(enterprise)
    sections = [(CATALOGS_BY_ID[cid], _rendered(items, cid)) for cid, items in found.items()]
    return render(request, "catalog/opportunities.html", {"enterprise": enterprise, "sections": sections})


@login_required
def trace(request: HttpRequest, kind: str, pk: int, uscc: str) -> HttpResponse:
    """The rules engine's trace of one enterprise against one policy's or product's pack."""
    entry = get_object_or_404(services.MODELS[_catalog_id(kind)], pk=pk)
    enterprise = get_enterprise_for(request.user, uscc)
    pack_ref = getattr(entry, "pack_id", "")
    if not pack_ref:
        raise Http404("该条目未配置规则包")
    as_of = timezone.localdate()
    verdict = evaluate(policy_pack(pack_ref), enterprise_record(enterprise, as_of), as_of)
    return render(request, "catalog/trace.html", {"entry": entry, "enterprise": enterprise, "verdict": verdict})


@login_required
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """Download a catalog as XLSX (column ids on row 1, re-importable)."""
    catalog_id = _catalog_id(kind)
    if role_of(request.user) not in (Role.ADMIN, Role.OFFICIAL, Role.PROVIDER):
        raise PermissionDenied("无权导出")
    rows = [services.entry_values(e) for e in visible_entries(request.user, catalog_id)]
    return _xlsx_response(lambda path: write_catalog_xlsx(CATALOGS_BY_ID[catalog_id], rows, path), f"{catalog_id}.xlsx")


def _xlsx_response(write: Any, filename: str) -> HttpResponse:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        write(path)
        data = path.read_bytes()
    response = HttpResponse(io.BytesIO(data).getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def push(request: HttpRequest, pk: int) -> HttpResponse:
    """A policy's push list over the user's enterprises: qualified, one gap away; export and record the push."""
    if role_of(request.user) not in (Role.ADMIN, Role.OFFICIAL):
        raise PermissionDenied("仅主管部门可推送政策")
    policy = get_object_or_404(Policy, pk=pk)
    as_of = timezone.localdate()
    groups = services.push_list(policy=policy, enterprises=enterprises_visible_to(request.user), as_of=as_of)
    if request.method == "POST":
        services.record_push(policy=policy, groups=groups, as_of=as_of, user=request.user)
        return redirect("catalog:push", pk=pk)
    if request.GET.get("format") == "xlsx":
        return _xlsx_response(lambda path: _write_push(groups, path), f"push-{policy.ref}.xlsx")
    return render(request, "catalog/push.html", {"policy": policy, "groups": groups, "pushes": policy.pushes.all()[:10]})


def _write_push(groups: dict[str, Any], path: Any) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "推送名单"
    sheet.append(["uscc", "name", "region_code", "status", "reason", "estimated_amount"])
    for group in ("qualified", "near"):
        for enterprise, verdict in groups[group]:
            status = "符合条件" if group == "qualified" else "差一项"
            sheet.append([enterprise.uscc, enterprise.name, enterprise.region_code, status, verdict.reason, verdict.estimated_amount])
    workbook.save(path)
