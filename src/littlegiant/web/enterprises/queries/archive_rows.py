"""The archive's rows for the Excel export (the import template's layout) and for the import's checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from littlegiant.records.personal import PERSONAL_TABLES, mask_row
from littlegiant.records.tables import TABLES
from littlegiant.web.enterprises.models import TABLE_MODELS, Enterprise

__all__ = ["archive_rows", "known_usccs"]

_CHUNK = 2000


def archive_rows(
    enterprises: QuerySet[Enterprise], unmasked: QuerySet[Enterprise] | None = None
) -> dict[str, Iterator[dict[str, Any]]]:
    """Every archive table's rows for these (already scoped) enterprises, as ``{table_id: rows}`` (streamed).

    ``unmasked``: the enterprises whose personal information the reader may see
    (``permissions.personal_info_visible_to``); the rows of the personal tables of every other
    enterprise are masked (``records.personal``). ``None`` (the CLI, run by the operator): nothing masked.
    """
    return {table.id: _table_rows(table.id, enterprises, unmasked) for table in TABLES}


def _table_rows(
    table_id: str, enterprises: QuerySet[Enterprise], unmasked: QuerySet[Enterprise] | None
) -> Iterator[dict[str, Any]]:
    table = next(table for table in TABLES if table.id == table_id)
    if table_id == "enterprise":
        yield from (
            enterprises.order_by("uscc").values(*table.column_ids).iterator(chunk_size=_CHUNK)
        )
        return
    model = TABLE_MODELS[table_id]
    columns = [column for column in table.column_ids if column != "uscc"]
    rows = (
        model._default_manager.filter(enterprise__in=enterprises.values("pk"))
        .order_by("enterprise__uscc", *table.key[1:])
        .values("enterprise__uscc", "enterprise_id", *columns)
    )
    clear: set[int] | None = None
    if unmasked is not None and table_id in PERSONAL_TABLES:
        clear = set(unmasked.filter(pk__in=enterprises.values("pk")).values_list("pk", flat=True))
    for row in rows.iterator(chunk_size=_CHUNK):
        row["uscc"] = row.pop("enterprise__uscc")
        enterprise_id = row.pop("enterprise_id")
        yield row if clear is None or enterprise_id in clear else mask_row(row)


def known_usccs(usccs: set[str]) -> set[str]:
    """The USCCs among ``usccs`` that are already in the archive (the import tells new from known)."""
    found: set[str] = set()
    ordered = sorted(usccs)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found.update(Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", flat=True))
    return found
