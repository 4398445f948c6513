"""Candidate lists for officials: per programme, over the user's pool, who qualifies and who is close.

The pool's flat records are built in a constant number of queries (``enterprise_records``); the
statuses come from the batch engine (``batch.run``, DuckDB) for pools of ``BATCH_MIN_RECORDS`` or
more — below that DuckDB's fixed cost (~0.15 s a call, measured) exceeds the one-record engine's
(~50 µs a record), which gives the same verdicts (the engine's differential test); the not-qualified
are ranked by their open conditions (``rules.conditions``: fewest conditions to change, then fewest
failing, then by how much — the definition push lists use too); gaps (``rules.gaps``) are computed
only for the rows a page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from littlegiant import rules
from littlegiant.rules.ladder import TIERS
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import enterprises_visible_to, membership_of, role_of
from littlegiant.web.assessments.labels import STATUS_LABELS
from littlegiant.web.assessments.queries.candidates_cache import cached_pool
from littlegiant.web.assessments.queries.evaluation import gap_dicts, resolve_pack
from littlegiant.web.digital.models import AssessmentStatus, DigitalAssessment
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.records import enterprise_records

__all__ = [
    "BATCH_MIN_RECORDS",
    "Candidate",
    "CandidateFilters",
    "CandidateList",
    "candidate_list",
    "candidate_programmes",
    "pool_verdicts",
]

BATCH_MIN_RECORDS = 1000
"""From this many records on, statuses come from DuckDB (``batch.run``) rather than record by record."""


@dataclass(frozen=True, slots=True)
class CandidateFilters:
    """What an official narrows the pool by."""

    region: str = ""  # GB/T 2260 prefix
    industry: str = ""  # GB/T 4754 门类 letter or code prefix
    q: str = ""  # name or USCC contains
    max_conditions: int | None = 3  # "close" = at most this many conditions to change; None = all


@dataclass(slots=True)
class Candidate:
    """One enterprise of a candidate list."""

    uscc: str
    name: str
    region_code: str
    industry_code: str
    status: str
    score: float | None
    shortfall: rules.Shortfall = field(default_factory=rules.Shortfall)
    gaps: list[dict[str, Any]] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def status_label(self) -> str:
        """符合 / 不符合 / 待定."""
        return STATUS_LABELS[self.status]

    @property
    def fields_to_change(self) -> int | None:
        """The fewest fields to change among the computed gaps (None before gaps are computed)."""
        counts = [len(gap.get("changes") or ()) for gap in self.gaps if gap.get("changes")]
        return min(counts) if counts else None

    @property
    def first_gap(self) -> str:
        """The smallest gap's message ('' when none was computed)."""
        return str(self.gaps[0].get("message", "")) if self.gaps else ""


@dataclass(slots=True)
class CandidateList:
    """Qualified enterprises (by name) and close ones (by shortfall) for one pack and date."""

    pack: rules.Pack
    as_of: dt.date
    pool_size: int
    qualified: list[Candidate]
    close: list[Candidate]

    def fill_gaps(self, candidates: Iterable[Candidate]) -> None:
        """Compute the gaps of the given (shown) candidates with the one-record engine."""
        gaps_of = getattr(rules, "gaps", None)
        if gaps_of is None:
            return
        for candidate in candidates:
            if not candidate.gaps:
                candidate.gaps = gap_dicts(gaps_of(self.pack, candidate.record, self.as_of))


def _matches(candidate: Candidate, filters: CandidateFilters) -> bool:
    """The filters of the old SQL query (startswith / istartswith / icontains), applied in Python."""
    if filters.region and not candidate.region_code.startswith(filters.region.strip()):
        return False
    industry = filters.industry.strip().upper()
    if filters.industry and not candidate.industry_code.upper().startswith(industry):
        return False
    text = filters.q.strip()
    if text and text.casefold() not in candidate.name.casefold():
        return text.upper() in candidate.uscc.upper()
    return True


Verdicts = dict[str, tuple[str, Any, Any]]


def _batch_verdicts(records: list[dict[str, Any]], pack: rules.Pack, as_of: dt.date) -> Verdicts:
    from littlegiant import batch
    from littlegiant.web.assessments.tables import records_table

    columns = batch.run(records_table(records), [pack], as_of).to_pydict()
    usccs = columns["uscc"]
    blank = [None] * len(usccs)
    statuses = columns[f"{pack.id}__status"]
    scores = columns.get(f"{pack.id}__score", blank)
    classes = columns.get(f"{pack.id}__class", blank)
    return {
        uscc: (status or "unknown", score, cls)
        for uscc, status, score, cls in zip(usccs, statuses, scores, classes, strict=True)
    }


def pool_verdicts(records: list[dict[str, Any]], pack: rules.Pack, as_of: dt.date) -> Verdicts:
    """USCC → (status, score, class) of every record: the batch engine if present, else one by one."""
    from littlegiant import batch

    if len(records) >= BATCH_MIN_RECORDS and hasattr(batch, "run"):
        return _batch_verdicts(records, pack, as_of)
    result = {}
    for record in records:
        verdict = rules.evaluate(pack, record, as_of, tracer=False)
        result[record["uscc"]] = (verdict.status.value, verdict.score, verdict.classification)
    return result


_LADDER_ORDER = [programme for _, _, programmes in TIERS for programme in programmes]
_AFTER_LADDER = ["sme_size"]


def _programme_order(pack: rules.Pack) -> tuple[int, str]:
    """Ladder order (科技型/创新型 → 专精特新 → 小巨人), an overlay right after its base, then 划型,
    then the rest (数字化水平评测) by id."""
    base = (pack.extends or "").partition("@")[0] or pack.id
    order = [*_LADDER_ORDER, *_AFTER_LADDER]
    rank = order.index(base) if base in order else len(order)
    return rank * 2 + (base != pack.id), pack.id


def _regions_of(user: Any) -> list[str] | None:
    """The region prefixes a user's pool lies in (None: every region, for administrators)."""
    if role_of(user) is Role.ADMIN:
        return None
    membership = membership_of(user)
    return membership.region_prefixes() if membership is not None else []


def candidate_programmes(user: Any, as_of: dt.date) -> list[rules.Pack]:
    """The programmes a candidate list can be drawn for: those with a pack in force at ``as_of``,
    a provincial overlay only for users whose regions lie in (or cover) its region, in ladder order.

    The 数字化水平评测 is included: its candidates are scored on each firm's latest submitted
    questionnaire (see :func:`questionnaire_answers`).
    """
    regions = _regions_of(user)
    packs = []
    for info in rules.programmes():
        try:
            pack = rules.pack_for(info.id, as_of)
        except rules.UnknownProgrammeError:
            continue
        if pack.region is not None and regions is not None:
            region = pack.region
            if not any(p.startswith(region) or region.startswith(p) for p in regions):
                continue
        packs.append(pack)
    return sorted(packs, key=_programme_order)


def questionnaire_answers(scope: QuerySet[Enterprise]) -> dict[str, dict[str, Any]]:
    """USCC → the answers of each firm's latest submitted 数字化 questionnaire (firms of ``scope``)."""
    rows = (
        DigitalAssessment.objects.filter(
            enterprise__in=scope.values("pk"), status=AssessmentStatus.SUBMITTED
        )
        .order_by("enterprise_id", "-submitted_at", "-pk")
        .values_list("enterprise__uscc", "answers")
    )
    latest: dict[str, dict[str, Any]] = {}
    for uscc, answers in rows:
        latest.setdefault(uscc, dict(answers or {}))
    return latest


def _candidate(record: Mapping[str, Any], status: str, score: Any) -> Candidate:
    return Candidate(
        record["uscc"], record.get("name") or "", record.get("region_code") or "",
        record.get("industry_code") or "", status, score, record=dict(record),
    )  # fmt: skip


@dataclass(slots=True)
class _EvaluatedPool:
    """A whole scope evaluated once: qualified by name, the others with shortfalls, ranked."""

    qualified: list[Candidate]
    others: list[Candidate]


def _evaluate_pool(scope: QuerySet[Enterprise], pack: rules.Pack, as_of: dt.date) -> _EvaluatedPool:
    records = list(enterprise_records(scope.order_by("name", "pk"), as_of))
    if (
        pack.reads_questionnaire
    ):  # scored on submitted questionnaires: firms without one are left out
        answers = questionnaire_answers(scope)
        records = [
            {**record, **answers[record["uscc"]]} for record in records if record["uscc"] in answers
        ]
    verdicts = pool_verdicts(records, pack, as_of)
    program = rules.program_for(pack, as_of)
    qualified, others = [], []
    for record in records:
        status, score, _ = verdicts[record["uscc"]]
        candidate = _candidate(record, status, score)
        if status == "qualified":
            qualified.append(candidate)
            continue
        candidate.shortfall = program.open_conditions(program.run(record))
        others.append(candidate)
    others.sort(key=lambda c: (*c.shortfall.sort_key(), -(c.score or 0.0), c.name))
    return _EvaluatedPool(qualified, others)


def candidate_list(
    *,
    user: Any,
    programme: str,
    as_of: dt.date,
    version: str | None = None,
    filters: CandidateFilters | None = None,
) -> CandidateList:
    """Qualified and close enterprises of ``user``'s pool for one programme at ``as_of``.

    The whole pool is evaluated once and kept for ``CACHE_SECONDS`` (keyed by the user's scope,
    the pack and its file hash, the date and ``archive_stamp()``); paging and filtering reuse it.

    Raises:
        UnknownProgrammeError: no such programme or version, or none in force at ``as_of``.
    """
    filters = filters or CandidateFilters()
    pack = resolve_pack(programme, as_of, version)
    pool = cached_pool(enterprises_visible_to(user), pack, as_of, _evaluate_pool)
    qualified = [c for c in pool.qualified if _matches(c, filters)]
    others = [c for c in pool.others if _matches(c, filters)]
    limit = filters.max_conditions
    close = others if limit is None else [c for c in others if c.shortfall.total <= limit]
    return CandidateList(pack, as_of, len(qualified) + len(others), qualified, close)
