"""Writes of catalog entries (achievements, needs, policies, products) and the search index after commit.

Each function takes the acting ``user`` and checks it through ``catalog.permissions`` (on top of the accounts
permission layer): who may publish in which catalog, who may overwrite, withdraw or delete an existing
entry, and who reviews. What a service provider saves waits for the bureau's approval (``待审核``);
what others save is published at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from littlegiant.matching import CATALOGS_BY_ID, content_hash
from littlegiant.web.catalog.models import MODELS, CatalogEntry, EntryStatus, Need
from littlegiant.web.catalog.permissions import (
    can_change_entry,
    can_review,
    check_publish,
    needs_review,
)
from littlegiant.web.catalog.queries.index import get_index
from littlegiant.web.enterprises.models import Enterprise

__all__ = ["delete_entry", "import_entries", "review_entry", "save_entry", "withdraw_entry"]

_REF_PREFIX = {"achievements": "CG", "needs": "XQ", "policies": "ZC", "products": "JR"}


def _apply(entry: CatalogEntry, values: Mapping[str, Any]) -> None:
    catalog = CATALOGS_BY_ID[entry.catalog_id]
    for field_id, value in values.items():
        if field_id not in catalog.field_ids:
            continue
        column = entry._meta.get_field(field_id)
        if not isinstance(column, models.Field):
            continue
        setattr(entry, field_id, column.get_default() if value is None else column.to_python(value))
    if isinstance(entry, Need) and entry.uscc:
        entry.enterprise = Enterprise.objects.filter(uscc=entry.uscc).first()


def _require_change(user: Any, entry: CatalogEntry) -> None:
    if not can_change_entry(user, entry):
        raise PermissionDenied("该编号的条目由他人发布，您无权修改")


def save_entry(
    *,
    user: Any,
    catalog_id: str,
    values: Mapping[str, Any],
    entry: CatalogEntry | None = None,
) -> tuple[CatalogEntry, bool]:
    """Create or update one entry and update the index after commit; returns (entry, created).

    ``entry`` is the row to update (the admin's edit form); without it the entry is found by
    ``ref`` (imports: the same file twice updates the same rows) or created.

    The entry is published at once, or (a service provider's achievements and products, new or
    changed) waits for the bureau's approval.

    Raises:
        PermissionDenied: ``user`` may not publish in the catalog (a need: for that enterprise), or
            the entry with that ``ref`` is someone else's.
        Http404: a need names an enterprise ``user`` may not see.
    """
    model = MODELS[catalog_id]
    ref = values.get("ref") or (entry.ref if entry is not None else "")
    ref = ref or f"{_REF_PREFIX[catalog_id]}-{uuid.uuid4().hex[:10].upper()}"
    if entry is None or entry.pk is None:
        entry = model.objects.filter(ref=ref).first() or entry
    check_publish(user, catalog_id, values.get("uscc"))
    created = entry is None or entry.pk is None
    if entry is None:
        entry = model(ref=ref)
    if created:
        entry.published_by = user
    else:
        _require_change(user, entry)
    _apply(entry, {**values, "ref": ref})
    entry.status = EntryStatus.PENDING if needs_review(user, catalog_id) else EntryStatus.PUBLISHED
    entry.review_note = ""
    entry.index_hash = content_hash(entry.indexed_text())
    entry.save()
    key, text = str(entry.pk), entry.indexed_text()
    transaction.on_commit(lambda: get_index(catalog_id).upsert(key, text))
    return entry, created


def withdraw_entry(*, user: Any, entry: CatalogEntry) -> CatalogEntry:
    """Take an entry off the public catalogs (it stays in its publisher's list, to edit and submit again).

    Raises:
        PermissionDenied: ``user`` may not change the entry.
    """
    _require_change(user, entry)
    entry.status = EntryStatus.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    return entry


def review_entry(*, user: Any, entry: CatalogEntry, approve: bool, note: str = "") -> CatalogEntry:
    """Approve (publish) or reject an entry waiting for review; a rejection needs its reason.

    Raises:
        PermissionDenied: ``user`` may not review the entry, the entry is not waiting for review,
            or a rejection has no reason.
    """
    if not can_review(user, entry):
        raise PermissionDenied("您无权审核该条目")
    if entry.status != EntryStatus.PENDING:
        raise PermissionDenied("该条目不在待审核状态（可能已被他人审核或已撤回）")
    note = note.strip()
    if not approve and not note:
        raise PermissionDenied("退回时请填写审核意见，说明需要修改的地方")
    entry.status = EntryStatus.PUBLISHED if approve else EntryStatus.REJECTED
    entry.review_note, entry.reviewed_by, entry.reviewed_at = note[:300], user, timezone.now()
    entry.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    return entry


def delete_entry(*, user: Any, entry: CatalogEntry) -> None:
    """Delete one entry and drop it from the index after commit.

    Raises:
        PermissionDenied: ``user`` may not change the entry.
    """
    _require_change(user, entry)
    catalog_id, key = entry.catalog_id, str(entry.pk)
    entry.delete()
    transaction.on_commit(lambda: get_index(catalog_id).delete(key))


@transaction.atomic
def import_entries(
    *, user: Any, catalog_id: str, rows: Iterable[Mapping[str, Any]]
) -> tuple[int, int]:
    """Import validated rows atomically (all or nothing, each row checked as ``save_entry``); returns (created, updated)."""
    created = updated = 0
    for row in rows:
        _, is_new = save_entry(user=user, catalog_id=catalog_id, values=row)
        created, updated = created + is_new, updated + (not is_new)
    return created, updated
