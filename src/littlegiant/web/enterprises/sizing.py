"""Keep ``Enterprise.size_class`` (大/中/小/微型) in step with the archive, computed by the ``sme_size`` pack.

The size class is derived data (工信部联企业〔2011〕300号 applied to the latest fiscal year), stored only so the list
can filter and count by it. It is refreshed whenever the figures it depends on are written; being derived, it
writes no history rows of its own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from littlegiant import rules
from littlegiant.web.enterprises.flat_records import enterprise_records
from littlegiant.web.enterprises.models import Enterprise

__all__ = ["SIZE_PROGRAMME", "refresh_size_classes", "refresh_size_classes_on_commit"]

SIZE_PROGRAMME = "sme_size"


def refresh_size_classes(
    enterprise_ids: Iterable[int] | None = None, *, as_of: dt.date | None = None
) -> int:
    """Recompute the size class of the given enterprises (all when None); returns how many changed."""
    as_of = as_of or timezone.localdate()
    pack = rules.pack_for(SIZE_PROGRAMME, as_of)
    enterprises = (
        Enterprise.objects.all()
        if enterprise_ids is None
        else Enterprise.objects.filter(pk__in=list(enterprise_ids))
    )
    stored = dict(enterprises.values_list("uscc", "size_class"))
    changed: dict[str, list[str]] = defaultdict(list)
    for record in enterprise_records(enterprises, as_of):
        size = rules.evaluate(pack, record, as_of, tracer=False).classification or ""
        if size == "unknown":
            size = ""
        if size != stored.get(record["uscc"]):
            changed[size].append(record["uscc"])
    with transaction.atomic():
        for size, usccs in changed.items():
            Enterprise.objects.filter(uscc__in=usccs).update(size_class=size)
    return sum(len(usccs) for usccs in changed.values())


def refresh_size_classes_on_commit(enterprise_ids: Iterable[int]) -> None:
    """Refresh after the surrounding transaction commits (nothing happens if it rolls back)."""
    ids = list(enterprise_ids)
    if ids:
        transaction.on_commit(lambda: refresh_size_classes(ids))
