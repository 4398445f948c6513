"""Opportunity matching pages: search with filters and facets, an enterprise's opportunities, a trace."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from littlegiant.matching import CATALOGS, CATALOGS_BY_ID, snippet, to_html
from littlegiant.records.fields import FLAT_FIELDS_BY_ID
from littlegiant.records.labels import NO, STATUS_LABELS, YES
from littlegiant.rules import Pack, evaluate, policy_pack
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import get_enterprise_for, is_bureau, role_of
from littlegiant.web.catalog.models import CatalogEntry
from littlegiant.web.catalog.permissions import (
    can_push,
    public_entries,
    publishable_catalogs,
    ranking_enterprise,
    visible_entries,
)
from littlegiant.web.catalog.queries.search import Opportunity, opportunities_for, search_entries
from littlegiant.web.enterprises.queries.records import enterprise_record

__all__ = ["catalog_id_or_404", "entry_meta", "opportunities", "search", "trace"]

FACET_FIELDS = {
    "achievements": "maturity",
    "needs": "maturity",
    "policies": "support_type",
    "products": "product_type",
}
_SNIPPET_FIELD = {
    "achievements": "summary",
    "needs": "summary",
    "policies": "full_text",
    "products": "description",
}


def catalog_id_or_404(kind: str) -> str:
    """The catalog id named in a URL; ``Http404`` for anything else."""
    if kind not in CATALOGS_BY_ID:
        raise Http404("没有这个目录")
    return kind


def _facets(queryset: QuerySet[CatalogEntry], catalog_id: str, chosen: str) -> list[dict[str, Any]]:
    field_id = FACET_FIELDS[catalog_id]
    labels = dict(CATALOGS_BY_ID[catalog_id].field(field_id).choices)
    counts = queryset.order_by().values(field_id).annotate(n=Count("pk"))
    return [
        {
            "value": row[field_id],
            "label": labels.get(row[field_id], "未填写"),
            "count": row["n"],
            "active": row[field_id] == chosen,
        }
        for row in counts
    ]


def _display(entry: CatalogEntry, field_id: str) -> str:
    getter = getattr(entry, f"get_{field_id}_display", None)
    return str(getter()) if callable(getter) else str(getattr(entry, field_id, "") or "")


def _money(value: float | None, label: str) -> str:
    return f"{label} {value:g} 万元" if value is not None else ""


def entry_meta(entry: CatalogEntry) -> list[str]:
    """The short facts shown under an entry's title (holder, stage, issuer, amounts ...)."""
    catalog_id = entry.catalog_id
    if catalog_id == "achievements":
        parts = [
            _display(entry, "holder"),
            _display(entry, "maturity"),
            _money(getattr(entry, "price_min", None), "报价"),
        ]
    elif catalog_id == "needs":
        deadline = getattr(entry, "deadline", None)
        parts = [
            _money(getattr(entry, "budget", None), "预算"),
            f"截止 {deadline:%Y-%m-%d}" if deadline else "",
        ]
    elif catalog_id == "policies":
        parts = [_display(entry, "issuer"), _display(entry, "level"), _display(entry, "support_type"),
                 _money(getattr(entry, "amount_max", None), "最高")]  # fmt: skip
    else:
        parts = [_display(entry, "provider"), _display(entry, "product_type"),
                 _money(getattr(entry, "amount_max", None), "额度最高")]  # fmt: skip
    return [part for part in parts if part]


def _rendered(opportunities: list[Opportunity], catalog_id: str) -> list[dict[str, Any]]:
    field_id = _SNIPPET_FIELD[catalog_id]
    return [
        {
            "entry": o.entry,
            "match": o.match,
            "meta": entry_meta(o.entry),
            "snippet": mark_safe(  # noqa: S308 - escaped by to_html
                to_html(snippet(getattr(o.entry, field_id, ""), o.match.matched_terms, width=90))
            ),
            "title": mark_safe(to_html(snippet(o.entry.title, o.match.matched_terms, width=200))),  # noqa: S308 - escaped by to_html
        }
        for o in opportunities
    ]


PAGE_SIZE = 20
"""Entries per page of a catalog list."""
RANKED = 500
"""At most this many entries are ranked for one search (then shown page by page)."""


def _querystring(request: HttpRequest) -> str:
    """The current search without the page number (pagination links append ``&page=N``)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Search one catalog with a query, a facet and an enterprise profile (the user's own, or chosen);
    the ranked entries are shown ``PAGE_SIZE`` to a page."""
    catalog_id = catalog_id_or_404(request.GET.get("kind", "achievements"))
    query = request.GET.get("q", "").strip()
    facet = request.GET.get("facet", "")
    queryset = visible_entries(request.user, catalog_id)
    facets = _facets(queryset, catalog_id, facet)
    if facet:
        queryset = queryset.filter(**{FACET_FIELDS[catalog_id]: facet})
    enterprise = ranking_enterprise(request.user, request.GET.get("uscc", ""))
    results = search_entries(
        catalog_id=catalog_id, query=query, queryset=queryset, enterprise=enterprise, top=RANKED
    )
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "catalogs": CATALOGS, "catalog": CATALOGS_BY_ID[catalog_id], "query": query, "facets": facets,
        "facet": facet, "facet_label": CATALOGS_BY_ID[catalog_id].field(FACET_FIELDS[catalog_id]).label,
        "results": _rendered(list(page.object_list), catalog_id), "enterprise": enterprise,
        "page": page, "page_range": page.paginator.get_elided_page_range(page.number),
        "querystring": _querystring(request), "ranked_limit": RANKED,
        "chosen_uscc": request.GET.get("uscc", "").strip(),
        "can_choose": is_bureau(request.user),
        "can_export": role_of(request.user) in (Role.ADMIN, Role.OFFICIAL, Role.PROVIDER),
        "can_push": can_push(request.user),
        "can_publish": catalog_id in publishable_catalogs(request.user),
    }  # fmt: skip
    return render(request, "catalog/search.html", context)


@login_required
def opportunities(request: HttpRequest, uscc: str) -> HttpResponse:
    """An enterprise's opportunities: achievements for its needs, policies (with amounts) and products."""
    enterprise = get_enterprise_for(request.user, uscc)
    found = opportunities_for(enterprise)
    sections = [(CATALOGS_BY_ID[cid], _rendered(items, cid)) for cid, items in found.items()]
    context = {"enterprise": enterprise, "sections": sections, "can_push": can_push(request.user)}
    return render(request, "catalog/opportunities.html", context)


@login_required
def trace(request: HttpRequest, kind: str, pk: int, uscc: str) -> HttpResponse:
    """The rules engine's trace of one enterprise against one policy's or product's pack."""
    entry = get_object_or_404(public_entries(catalog_id_or_404(kind)), pk=pk)
    enterprise = get_enterprise_for(request.user, uscc)
    pack_ref = getattr(entry, "pack_id", "")
    if not pack_ref:
        raise Http404("该条目未配置规则包")
    as_of = timezone.localdate()
    pack = policy_pack(pack_ref)
    verdict = evaluate(pack, enterprise_record(enterprise, as_of), as_of)
    labels = verdict.labels  # rule labels with the thresholds applied
    steps = [{"step": step, "reads": _labelled(pack, labels, step.reads),
              "thresholds": _labelled(pack, labels, step.thresholds)} for step in verdict.trace]  # fmt: skip
    context = {
        "entry": entry, "enterprise": enterprise, "verdict": verdict, "steps": steps,
        "status_label": STATUS_LABELS[verdict.status.value],
        "missing_labels": [_label(pack, labels, f) for f in verdict.missing],
    }  # fmt: skip
    return render(request, "catalog/trace.html", context)


def _label(pack: Pack, labels: Mapping[str, str], name: str) -> str:
    """The Chinese label of a record field, a rule (``labels``: rendered) or a parameter of ``pack``."""
    if name in FLAT_FIELDS_BY_ID:
        return FLAT_FIELDS_BY_ID[name].label
    if name in labels:
        return labels[name]
    return pack.parameters[name].label if name in pack.parameters else name


def _labelled(pack: Pack, labels: Mapping[str, str], values: Mapping[str, Any]) -> list[str]:
    """``label = value`` lines, booleans as 是/否 and missing values as （空）."""
    shown = {True: YES, False: NO, None: "（空）"}
    return [
        f"{_label(pack, labels, k)} = {shown[v] if v is None or isinstance(v, bool) else v}"
        for k, v in values.items()
    ]
