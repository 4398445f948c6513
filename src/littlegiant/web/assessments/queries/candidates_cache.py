"""A short-lived, in-process cache of evaluated candidate pools, so that paging and filtering a
candidate list does not rebuild and re-evaluate the whole pool (0.3 to 0.6 s for ~2,400 firms).

An entry is keyed by the user's scope (the SQL of ``enterprises_visible_to``, which holds the
regions or bound firms), the pack (id, version, file hash), the as-of date and
``archive_stamp()`` (row counts, last history ids, latest ``updated_at``): any archive write makes
a new key, so a stale pool is never served; old entries age out after ``CACHE_SECONDS`` and at
most ``CACHE_ENTRIES`` are kept. In-process (no pickling: a hit costs the ~1 ms stamp); every
process keys on the shared database, so several processes stay consistent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from littlegiant import rules
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.records import archive_stamp

__all__ = ["CACHE_ENTRIES", "CACHE_SECONDS", "cached_pool", "clear_cache"]

CACHE_SECONDS = 120.0
"""How long an evaluated pool is reused (0 switches the cache off)."""
CACHE_ENTRIES = 8
"""At most this many pools are kept (least recently used dropped first)."""

PoolT = TypeVar("PoolT")

_entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()
_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every cached pool."""
    with _lock:
        _entries.clear()


def _scope_text(scope: QuerySet[Enterprise]) -> str:
    try:
        return str(scope.order_by("pk").query)
    except EmptyResultSet:  # e.g. a provider's ``none()`` scope
        return "<none>"


def _key(scope: QuerySet[Enterprise], pack: rules.Pack, as_of: dt.date) -> str:
    parts = (_scope_text(scope), pack.key, pack.sha256, as_of.isoformat(), archive_stamp())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _lookup(key: str, now: float) -> Any:
    with _lock:
        for stale in [k for k, (stored, _) in _entries.items() if now - stored > CACHE_SECONDS]:
            del _entries[stale]
        entry = _entries.get(key)
        if entry is None:
            return None
        _entries.move_to_end(key)
        return entry[1]


def cached_pool(
    scope: QuerySet[Enterprise],
    pack: rules.Pack,
    as_of: dt.date,
    evaluate: Callable[[QuerySet[Enterprise], rules.Pack, dt.date], PoolT],
) -> PoolT:
    """``evaluate(scope, pack, as_of)``, reused while the scope, pack, date and archive are unchanged."""
    if CACHE_SECONDS <= 0:
        return evaluate(scope, pack, as_of)
    key = _key(scope, pack, as_of)
    found = _lookup(key, time.monotonic())
    if found is not None:
        result: PoolT = found
        return result
    result = evaluate(scope, pack, as_of)
    with _lock:
        _entries[key] = (time.monotonic(), result)
        while len(_entries) > CACHE_ENTRIES:
            _entries.popitem(last=False)
    return result
