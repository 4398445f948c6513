"""Evaluations of archive enterprises for the 评价 tab and the API: verdicts, what-if, stored assessments.

Every read of an enterprise goes through the permission layer (``enterprises_visible_to``); views and
the API call these functions with the acting ``user`` and never query enterprises themselves. Nothing
here writes (storing a verdict is ``services.save_assessment``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from littlegiant import rules
from littlegiant.errors import LittleGiantError
from littlegiant.web.accounts.permissions import enterprises_visible_to, get_enterprise_for
from littlegiant.web.assessments.models import Assessment
from littlegiant.web.assessments.queries.evaluation import (
    ProgrammeResult,
    evaluate_programme,
    packs_for_region,
    resolve_pack,
)
from littlegiant.web.assessments.queries.ladder import LadderStep, ladder_steps
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.records import enterprise_record

__all__ = [
    "Overview",
    "ProgrammeFailure",
    "evaluate_enterprise",
    "evaluate_record",
    "evaluation_overview",
    "find_enterprise",
    "require_visible",
    "saved_assessments",
    "what_if_enterprise",
]


def find_enterprise(*, user: Any, uscc: str) -> Enterprise:
    """The enterprise if ``user`` may see it; else ``Http404`` (no existence leak)."""
    return get_enterprise_for(user, uscc)


def require_visible(user: Any, enterprise: Enterprise) -> None:
    """Raise ``Http404`` unless ``user`` may see the enterprise."""
    if not enterprises_visible_to(user).filter(pk=enterprise.pk).exists():
        raise Http404("未找到该企业，或您无权查看")


def _packs(
    region_code: str | None,
    as_of: dt.date,
    versions: Mapping[str, str] | None,
    programmes: list[str] | None,
) -> list[rules.Pack]:
    chosen = dict(versions or {})
    packs = []
    for pack in packs_for_region(region_code, as_of):
        if programmes and pack.id not in programmes:
            continue
        version = chosen.get(pack.id)
        packs.append(
            resolve_pack(pack.id, as_of, version) if version and version != pack.version else pack
        )
    known = {pack.id for pack in packs}
    for programme in programmes or ():
        if programme not in known:  # asked for but not in force: an explicit version, or an error
            packs.append(resolve_pack(programme, as_of, chosen.get(programme)))
    return packs


def evaluate_record(
    record: Mapping[str, Any],
    as_of: dt.date,
    *,
    programmes: list[str] | None = None,
    versions: Mapping[str, str] | None = None,
) -> list[ProgrammeResult]:
    """Evaluate a flat record against every programme in force (or the ones asked for).

    Raises:
        UnknownProgrammeError: an asked programme or version does not exist or is not in force.
    """
    region = record.get("region_code")
    packs = _packs(str(region) if region else None, as_of, versions, programmes)
    return [evaluate_programme(pack, record, as_of) for pack in packs]


def evaluate_enterprise(
    *,
    user: Any,
    enterprise: Enterprise,
    as_of: dt.date,
    programmes: list[str] | None = None,
    versions: Mapping[str, str] | None = None,
) -> list[ProgrammeResult]:
    """Evaluate a stored enterprise as of a date (``Http404`` when out of the user's scope)."""
    require_visible(user, enterprise)
    record = enterprise_record(enterprise, as_of)
    return evaluate_record(record, as_of, programmes=programmes, versions=versions)


def what_if_enterprise(
    *,
    user: Any,
    enterprise: Enterprise,
    programme: str,
    as_of: dt.date,
    changes: Mapping[str, Any],
    version: str | None = None,
) -> tuple[ProgrammeResult, ProgrammeResult]:
    """The verdict before and after applying ``changes`` to the enterprise's record; nothing is saved."""
    require_visible(user, enterprise)
    pack = resolve_pack(programme, as_of, version)
    record = enterprise_record(enterprise, as_of)
    before = evaluate_programme(pack, record, as_of, with_gaps=False)
    after = evaluate_programme(pack, record, as_of, changes=changes)
    return before, after


def saved_assessments(*, user: Any, enterprise: Enterprise, limit: int = 20) -> list[Assessment]:
    """The enterprise's stored assessments, newest first."""
    require_visible(user, enterprise)
    return list(
        Assessment.objects.filter(enterprise=enterprise).select_related("created_by")[:limit]
    )


@dataclass(frozen=True, slots=True)
class ProgrammeFailure:
    """A programme that could not be evaluated at the chosen date or version, with why."""

    programme: str
    title: str
    message: str


@dataclass(slots=True)
class Overview:
    """Everything the 评价 tab shows for one enterprise and date."""

    as_of: dt.date
    record: dict[str, Any]
    results: list[ProgrammeResult] = field(default_factory=list)
    failures: list[ProgrammeFailure] = field(default_factory=list)

    @property
    def ladder(self) -> list[LadderStep]:
        """The cultivation ladder with the next step's gap."""
        return ladder_steps(self.record, {result.pack.id: result for result in self.results})


CARD_ORDER = ("tech_sme", "innovative_sme", "specialized_sme", "little_giant", "sme_size")
"""The tab shows the ladder's programmes first (bottom up), then the size class, then the others."""


def _card_order(pack: rules.Pack) -> tuple[int, str]:
    base = pack.extends.split("@")[0] if pack.extends else pack.id
    rank = CARD_ORDER.index(base) if base in CARD_ORDER else len(CARD_ORDER)
    return rank, pack.id


def evaluation_overview(
    *, user: Any, enterprise: Enterprise, as_of: dt.date, versions: Mapping[str, str] | None = None
) -> Overview:
    """Every programme in force for the enterprise at ``as_of`` (or the chosen versions), one card each.

    A programme that cannot be evaluated (a chosen version has no parameters at ``as_of``) becomes a
    failure with its Chinese message instead of failing the whole tab.
    """
    require_visible(user, enterprise)
    record = enterprise_record(enterprise, as_of)
    overview = Overview(as_of, record)
    chosen = dict(versions or {})
    for pack in sorted(packs_for_region(enterprise.region_code, as_of), key=_card_order):
        try:
            if chosen.get(pack.id) and chosen[pack.id] != pack.version:
                pack = resolve_pack(pack.id, as_of, chosen[pack.id])
            overview.results.append(evaluate_programme(pack, record, as_of))
        except LittleGiantError as error:
            overview.failures.append(ProgrammeFailure(pack.id, pack.title, str(error)))
    return overview
