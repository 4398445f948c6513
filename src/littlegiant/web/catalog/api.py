"""The catalogs' REST endpoints: list, search, get and publish entries; an enterprise's
opportunities; a policy's push list. Every endpoint goes through the permission layer
(:mod:`littlegiant.web.catalog.permissions` on top of ``accounts.permissions``)."""

# No ``from __future__ import annotations``: django-ninja builds its path/query models from the
# evaluated annotations, and a string "CatalogKind" in a path parameter is left unresolved.
import datetime as dt
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Body, Router, Schema, Status
from ninja.pagination import paginate

from littlegiant.matching import CATALOGS_BY_ID
from littlegiant.matching.catalog_files import parse_row
from littlegiant.web.accounts.permissions import enterprises_visible_to, get_enterprise_for
from littlegiant.web.catalog import services
from littlegiant.web.catalog.models import CatalogEntry, EntryStatus, Policy
from littlegiant.web.catalog.permissions import can_push, ranking_enterprise, visible_entries
from littlegiant.web.catalog.queries.push_lists import PushList, PushRow, push_list
from littlegiant.web.catalog.queries.search import Opportunity, entry_values, opportunities_for
from littlegiant.web.catalog.queries.search import search_entries as rank_entries
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.inputs import DbId, Pagination

__all__ = ["router"]

router = Router(tags=["机会匹配"])


class CatalogKind(StrEnum):
    """The four catalogs."""

    achievements = "achievements"
    needs = "needs"
    policies = "policies"
    products = "products"


class EntryOut(Schema):
    """One catalog entry: its id, catalog, ref, title and every column of its catalog (by column id)."""

    id: int
    catalog: str
    ref: str
    title: str
    status: str
    values: dict[str, Any]

    @staticmethod
    def resolve_catalog(obj: Any) -> str:
        """Rows of a queryset are models; the other endpoints build dicts."""
        return str(obj["catalog"] if isinstance(obj, dict) else obj.catalog_id)

    @staticmethod
    def resolve_status(obj: Any) -> str:
        """published / pending (a provider's entry before the bureau's approval) / rejected / withdrawn."""
        return str(obj["status"] if isinstance(obj, dict) else obj.status)

    @staticmethod
    def resolve_values(obj: Any) -> dict[str, Any]:
        """Every column of the entry's catalog, by column id."""
        return obj["values"] if isinstance(obj, dict) else entry_values(obj)


class ReasonOut(Schema):
    """A structured reason of a match (industry, region, stage, budget) with its score in [0, 1]."""

    kind: str
    score: float
    text: str


class EligibilityOut(Schema):
    """Eligibility from the rules engine: qualified, unknown or not_qualified, with the reason."""

    status: str
    label: str
    reason: str
    estimated_amount: float | None
    trace_url: str | None


class MatchOut(Schema):
    """A ranked entry and everything that explains its place."""

    entry: EntryOut
    score: float
    text_score: float
    fit_score: float | None
    matched_terms: list[str]
    reasons: list[ReasonOut]
    verdict: EligibilityOut | None


class OpportunitiesOut(Schema):
    """An enterprise's recommended achievements (from its needs), policies and products."""

    uscc: str
    achievements: list[MatchOut]
    policies: list[MatchOut]
    products: list[MatchOut]


class PushFirmOut(Schema):
    """A firm of a push list; ``gap`` says what a firm one condition away lacks."""

    uscc: str
    name: str
    reason: str
    estimated_amount: float | None
    gap: str


class PushOut(Schema):
    """A policy's push list over the caller's enterprises (``total`` firms in the policy's region)."""

    policy_id: int
    as_of: dt.date
    closed: str
    total: int
    qualified_count: int
    near_count: int
    qualified: list[PushFirmOut]
    near: list[PushFirmOut]


class PushRecordOut(Schema):
    """A recorded push."""

    id: int
    pushed_at: dt.datetime
    as_of: dt.date
    pack: str
    pack_sha256: str
    qualified: list[str]
    near: list[str]


def _entry_out(entry: CatalogEntry) -> dict[str, Any]:
    return {"id": entry.pk, "catalog": entry.catalog_id, "ref": entry.ref, "title": entry.title,
            "status": entry.status, "values": entry_values(entry)}  # fmt: skip


def _match_out(item: Opportunity, enterprise: Enterprise | None) -> dict[str, Any]:
    match, entry = item.match, item.entry
    verdict = None
    if match.verdict is not None:
        trace, pack_ref = None, str(getattr(entry, "pack_id", "") or "")
        if enterprise is not None and pack_ref:
            trace = reverse("catalog:trace", args=[entry.catalog_id, entry.pk, enterprise.uscc])
        verdict = {"status": match.verdict.status, "label": match.verdict.label, "reason": match.verdict.reason,
                   "estimated_amount": match.verdict.estimated_amount, "trace_url": trace}  # fmt: skip
    return {
        "entry": _entry_out(entry), "score": match.score, "text_score": match.text_score, "fit_score": match.fit_score,
        "matched_terms": list(match.matched_terms), "verdict": verdict,
        "reasons": [{"kind": r.kind, "score": r.score, "text": r.text} for r in match.reasons],
    }  # fmt: skip


@router.get("/opportunities/{uscc}", response=OpportunitiesOut)
def get_opportunities(request: HttpRequest, uscc: str, top: int = 10) -> dict[str, Any]:
    """An enterprise's opportunities (404 when out of the caller's scope); policies carry estimated amounts."""
    enterprise = get_enterprise_for(request.user, uscc)
    found = opportunities_for(enterprise, top=max(1, min(top, 50)))
    return {
        "uscc": enterprise.uscc,
        **{cid: [_match_out(o, enterprise) for o in items] for cid, items in found.items()},
    }


def _push_firm(row: PushRow) -> dict[str, Any]:
    return {"uscc": row.enterprise.uscc, "name": row.enterprise.name, "reason": row.verdict.reason,
            "estimated_amount": row.verdict.estimated_amount, "gap": row.gap}  # fmt: skip


def _push_for(request: HttpRequest, pk: DbId, shown: int = 200) -> PushList:
    if not can_push(request.user):
        raise PermissionDenied("仅主管部门可推送政策")
    policy = get_object_or_404(Policy.objects.filter(status=EntryStatus.PUBLISHED), pk=pk)
    pool = enterprises_visible_to(request.user)
    return push_list(policy=policy, enterprises=pool, as_of=timezone.localdate(), shown=shown)


@router.get("/policies/{pk}/push", response=PushOut)
def get_push_list(request: HttpRequest, pk: DbId, shown: int = 200) -> dict[str, Any]:
    """Every firm in the caller's scope that qualifies for the policy, and those one condition away (officials)."""
    push = _push_for(request, pk, max(0, min(shown, 5000)))
    return {"policy_id": pk, "as_of": push.as_of, "closed": push.closed, "total": push.result.total,
            "qualified_count": len(push.result.qualified), "near_count": len(push.result.near),
            "qualified": [_push_firm(r) for r in push.qualified], "near": [_push_firm(r) for r in push.near]}  # fmt: skip


@router.post("/policies/{pk}/push", response={201: PushRecordOut})
def record_push(request: HttpRequest, pk: DbId) -> Status[Any]:
    """Record that the policy's push list was sent now (officials); returns the record."""
    push = _push_for(request, pk, shown=0)
    if push.closed:
        raise Http404(push.closed)
    return Status(201, services.record_push(user=request.user, push=push))


@router.get("/{kind}", response=list[EntryOut])
@paginate(Pagination)
def list_entries(request: HttpRequest, kind: CatalogKind) -> QuerySet[CatalogEntry]:
    """The entries of one catalog the caller may see, newest first (only the requested page is read)."""
    return visible_entries(request.user, kind.value).order_by("-updated_at", "-pk")


@router.post("/{kind}", response={201: EntryOut})
def publish_entry(
    request: HttpRequest,
    kind: CatalogKind,
    payload: dict[str, Any] = Body(...),  # noqa: B008 - ninja's marker
) -> Status[dict[str, Any]]:
    """Create or update (by ``ref``) one entry; columns are the catalog's column ids, validated as in imports."""
    values = parse_row(CATALOGS_BY_ID[kind.value], payload, 1)
    entry, _ = services.save_entry(user=request.user, catalog_id=kind.value, values=values)
    return Status(201, _entry_out(entry))


@router.get("/{kind}/search", response=list[MatchOut])
def search_entries(
    request: HttpRequest, kind: CatalogKind, q: str = "", top: int = 20, uscc: str = ""
) -> list[dict[str, Any]]:
    """Rank one catalog for ``q`` and an enterprise's profile (the caller's own, or ``uscc`` within scope)."""
    enterprise = ranking_enterprise(request.user, uscc)
    queryset = visible_entries(request.user, kind.value)
    found = rank_entries(catalog_id=kind.value, query=q.strip(), queryset=queryset,
                         enterprise=enterprise, top=max(1, min(top, 100)))  # fmt: skip
    return [_match_out(o, enterprise) for o in found]


@router.get("/{kind}/{pk}", response=EntryOut)
def get_entry(request: HttpRequest, kind: CatalogKind, pk: DbId) -> dict[str, Any]:
    """One entry (404 when missing or not visible to the caller)."""
    return _entry_out(get_object_or_404(visible_entries(request.user, kind.value), pk=pk))
