"""The catalogs' search indexes (jieba + bm25s), opened or rebuilt from the database on first use.

An index is derived data: ``services`` update it after each committed write; searches read it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

from django.conf import settings

from littlegiant.matching import CatalogIndex
from littlegiant.web.catalog.models import MODELS, CatalogEntry

__all__ = ["get_index", "reset_indexes"]

_INDEXES: dict[str, CatalogIndex] = {}
_INDEX_LOCK = threading.Lock()


class _DatabaseSource:
    """The catalog table as an index source: fingerprints from ``index_hash``, texts on demand."""

    def __init__(self, model: type[CatalogEntry]) -> None:
        self.model = model

    def fingerprints(self) -> Mapping[str, str]:
        return {
            str(pk): digest for pk, digest in self.model.objects.values_list("pk", "index_hash")
        }

    def texts(self, keys: Sequence[str]) -> Mapping[str, str]:
        entries = self.model.objects.in_bulk([int(k) for k in keys])
        return {str(pk): entry.indexed_text() for pk, entry in entries.items()}


def get_index(catalog_id: str) -> CatalogIndex:
    """The catalog's index, opened (or rebuilt from the database) on first use in this process."""
    with _INDEX_LOCK:
        if catalog_id not in _INDEXES:
            directory = settings.INDEXES_DIR / catalog_id
            index, _ = CatalogIndex.open_or_build(directory, _DatabaseSource(MODELS[catalog_id]))
            _INDEXES[catalog_id] = index
        return _INDEXES[catalog_id]


def reset_indexes() -> None:
    """Forget the opened indexes (tests, or after LITTLEGIANT_HOME changes)."""
    with _INDEX_LOCK:
        _INDEXES.clear()
