"""Keep ``Enterprise.size_class`` (大/中/小/微型) in step with the archive, computed by the ``sme_size`` pack.

The size class is derived data (工信部联企业〔2011〕300号 applied to the latest fiscal year), stored only so the list
can filter and count by it. It is refreshed whenever the figures it depends on are written; being derived, it
writes no history rows of its own. The acting user must be allowed to edit every enterprise whose class is written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from littlegiant import rules
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import enterprises_visible_to, role_of
from littlegiant.web.enterprises.models import Enterprise, SizeClass
from littlegiant.web.enterprises.queries.records import enterprise_records
from littlegiant.web.enterprises.validation import ArchiveValidationError

__all__ = [
    "SIZE_PROGRAMME",
    "refresh_size_classes",
    "refresh_size_classes_in_transaction",
    "store_size_classes",
]

SIZE_PROGRAMME = "sme_size"
_CHUNK = 500  # stays under SQLite's bound-parameter limit in ``IN`` lookups


def _editable(user: Any) -> QuerySet[Enterprise]:
    """The enterprises whose derived data ``user`` may write: admins all, officials and firm users theirs."""
    role = role_of(user)
    if role is Role.ADMIN:
        return Enterprise.objects.all()
    if role in {Role.OFFICIAL, Role.ENTERPRISE}:
        return enterprises_visible_to(user)
    return Enterprise.objects.none()


def _require_editable(user: Any, usccs: list[str]) -> None:
    if role_of(user) is Role.ADMIN:
        return
    found: set[str] = set()
    for start in range(0, len(usccs), _CHUNK):
        chunk = usccs[start : start + _CHUNK]
        found.update(Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", flat=True))
        found.difference_update(
            _editable(user).filter(uscc__in=chunk).values_list("uscc", flat=True)
        )
    if found:
        raise PermissionDenied(f"您无权修改企业 {min(found)} 的档案")


def store_size_classes(*, user: Any, classes: Mapping[str, str | None]) -> int:
    """Write derived size classes by USCC (None or ``unknown`` = not determined); returns how many changed.

    Raises:
        PermissionDenied: a USCC names an enterprise ``user`` may not edit (nothing is written).
        ArchiveValidationError: a value is not one of the size classes (nothing is written).
    """
    wanted = {uscc: "" if size in (None, "unknown") else size for uscc, size in classes.items()}
    for size in set(wanted.values()) - {"", *SizeClass.values}:
        raise ArchiveValidationError(
            f"企业规模“{size}”不在可选值之内（{'、'.join(SizeClass.values)}）"
        )
    _require_editable(user, sorted(wanted))
    return _store(wanted)


def _store(wanted: Mapping[str, str]) -> int:
    usccs = sorted(wanted)
    stored: dict[str, str] = {}
    for start in range(0, len(usccs), _CHUNK):
        stored.update(
            Enterprise.objects.filter(uscc__in=usccs[start : start + _CHUNK]).values_list(
                "uscc", "size_class"
            )
        )
    changed: dict[str, list[str]] = defaultdict(list)
    for uscc, size in wanted.items():
        if uscc in stored and size != stored[uscc]:
            changed[size].append(uscc)
    with transaction.atomic():
        for size, group in changed.items():
            for start in range(0, len(group), _CHUNK):
                Enterprise.objects.filter(uscc__in=group[start : start + _CHUNK]).update(
                    size_class=size
                )
    return sum(len(group) for group in changed.values())


def _refresh(enterprises: QuerySet[Enterprise], as_of: dt.date | None = None) -> int:
    as_of = as_of or timezone.localdate()
    pack = rules.pack_for(SIZE_PROGRAMME, as_of)
    classes = {
        record["uscc"]: rules.evaluate(pack, record, as_of, tracer=False).classification
        for record in enterprise_records(enterprises, as_of)
    }
    return _store(
        {uscc: "" if size in (None, "unknown") else size for uscc, size in classes.items()}
    )


def refresh_size_classes(
    *, user: Any, enterprise_ids: Iterable[int] | None = None, as_of: dt.date | None = None
) -> int:
    """Recompute the size class of the given enterprises (default: every one ``user`` may edit).

    Raises:
        PermissionDenied: an id names an enterprise ``user`` may not edit.
    """
    scope = _editable(user)
    if enterprise_ids is None:
        return _refresh(scope, as_of)
    ids = sorted(set(enterprise_ids))
    if scope.filter(pk__in=ids).count() != Enterprise.objects.filter(pk__in=ids).count():
        raise PermissionDenied("所选企业中有您无权修改的企业")
    return _refresh(Enterprise.objects.filter(pk__in=ids), as_of)


def refresh_size_classes_in_transaction(enterprise_ids: Iterable[int]) -> None:
    """Refresh inside the surrounding (already authorised) write's transaction: the figures and the size
    class they imply are committed together (a process killed after the commit cannot leave firms
    without their class), and nothing is written on rollback."""
    ids = sorted(set(enterprise_ids))
    for start in range(0, len(ids), _CHUNK):
        _refresh(Enterprise.objects.filter(pk__in=ids[start : start + _CHUNK]))
