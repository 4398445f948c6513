"""Keep ``Enterprise.size_class`` (大/中/小/微型) in step with the archive, computed by the ``sme_size`` pack.

The size class is derived data (工信部联企业〔2011〕300号 applied to the latest fiscal year), stored only so the list
can filter and count by it. It is refreshed whenever the figures it depends on are written; being derived, it
writes no history rows of its own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from littlegiant import rules
from littlegiant.web.enterprises.flat_records import enterprise_records
from littlegiant.web.enterprises.models import Enterprise, SizeClass
from littlegiant.web.enterprises.validation import ArchiveValidationError

__all__ = [
    "SIZE_PROGRAMME",
    "refresh_size_classes",
    "refresh_size_classes_on_commit",
    "store_size_classes",
]

SIZE_PROGRAMME = "sme_size"


def store_size_classes(classes: Mapping[str, str | None]) -> int:
    """Write derived size classes by USCC (None or ``unknown`` = not determined); returns how many changed.

    Raises:
        ArchiveValidationError: a value is not one of the size classes (nothing is written).
    """
    wanted = {uscc: "" if size in (None, "unknown") else size for uscc, size in classes.items()}
    for size in set(wanted.values()) - {"", *SizeClass.values}:
        raise ArchiveValidationError(
            f"企业规模“{size}”不在可选值之内（{'、'.join(SizeClass.values)}）"
        )
    stored = dict(
        Enterprise.objects.filter(uscc__in=list(wanted)).values_list("uscc", "size_class")
    )
    changed: dict[str, list[str]] = defaultdict(list)
    for uscc, size in wanted.items():
        if uscc in stored and size != stored[uscc]:
            changed[size].append(uscc)
    with transaction.atomic():
        for size, usccs in changed.items():
            Enterprise.objects.filter(uscc__in=usccs).update(size_class=size)
    return sum(len(usccs) for usccs in changed.values())


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
    return store_size_classes(
        {
            record["uscc"]: rules.evaluate(pack, record, as_of, tracer=False).classification
            for record in enterprise_records(enterprises, as_of)
        }
    )


def refresh_size_classes_on_commit(enterprise_ids: Iterable[int]) -> None:
    """Refresh after the surrounding transaction commits (nothing happens if it rolls back)."""
    ids = list(enterprise_ids)
    if ids:
        transaction.on_commit(lambda: refresh_size_classes(ids))
