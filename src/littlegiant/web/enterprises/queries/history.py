"""The change history of one enterprise's archive, from django-simple-history rows.

Each entry says who changed what and when, with old → new values per field; the enterprise and
all of its child tables are merged, newest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from littlegiant.records.fields import Field
from littlegiant.records.personal import mask_value
from littlegiant.records.tables import TABLES
from littlegiant.web.enterprises.display import display_value
from littlegiant.web.enterprises.models import (
    Award,
    Certification,
    Contact,
    Enterprise,
    IntellectualProperty,
    Standard,
    Title,
    YearlyFigure,
)

__all__ = ["FieldChange", "HistoryEntry", "enterprise_history"]

_CHILD_MODELS: tuple[type[models.Model], ...] = (
    YearlyFigure,
    Title,
    IntellectualProperty,
    Award,
    Certification,
    Standard,
    Contact,
)
_ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}
_SKIPPED = {"id", "enterprise", "updated_at", "created_at"}
_DERIVED = {"size_class"}
"""Derived columns (``services.sizing``): recomputed by the platform without a history row of their
own, so a difference between two history rows is no change anybody made."""


@dataclass(frozen=True)
class FieldChange:
    """One field's change: label, old and new value as displayed."""

    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One history row: when, who, which table row, what happened and the field changes."""

    when: dt.datetime
    who: str
    table: str
    row: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)


_COLUMNS: dict[str, Field] = {column.id: column for table in TABLES for column in table.columns}


def _shown(model: type[models.Model], name: str, value: Any, *, masked: bool = False) -> str:
    if masked:
        value = mask_value(name, value)
    column = _COLUMNS.get(name)
    if column is None:  # a column of the model only: its choices' labels, never the stored code
        choices = dict(getattr(model._meta.get_field(name), "choices", None) or ())
        if value in choices:
            return str(choices[value])
    return display_value(value, column, with_unit=True)


def _entry(
    model: type[models.Model], record: Any, previous: Any, *, masked: bool = False
) -> HistoryEntry:
    masked = masked and model is Contact
    user = record.history_user
    entry = HistoryEntry(
        when=record.history_date,
        who=(user.get_full_name() or user.get_username()) if user is not None else "系统",
        table=str(model._meta.verbose_name),
        row=(
            record.name
            if model is Enterprise
            else _shown(model, "contact_name", str(record.instance), masked=masked)
        ),
        action=_ACTIONS.get(record.history_type, record.history_type),
    )
    if previous is not None and record.history_type == "~":
        delta = record.diff_against(previous)
        for change in delta.changes:
            if change.field in _SKIPPED or change.field in _DERIVED:
                continue
            label = str(getattr(model._meta.get_field(change.field), "verbose_name", change.field))
            entry.changes.append(
                FieldChange(
                    label,
                    _shown(model, change.field, change.old, masked=masked),
                    _shown(model, change.field, change.new, masked=masked),
                )
            )
    return entry


def _entries_for(
    model: type[models.Model], rows: list[Any], *, masked: bool = False
) -> list[HistoryEntry]:
    previous_by_object: dict[Any, Any] = {}
    entries = []
    for record in rows:
        entries.append(_entry(model, record, previous_by_object.get(record.id), masked=masked))
        previous_by_object[record.id] = record
    return entries


def enterprise_history(
    enterprise: Enterprise, limit: int = 50, *, masked: bool = False
) -> list[HistoryEntry]:
    """The latest ``limit`` changes of the enterprise and its child rows, newest first.

    ``masked``: contacts' personal information is shown masked (the viewer lacks the right).
    """
    entries: list[HistoryEntry] = []
    sources: list[tuple[type[models.Model], Any]] = [
        (Enterprise, Enterprise.history.filter(id=enterprise.pk))
    ]
    sources += [
        (model, model.history.filter(enterprise_id=enterprise.pk))  # type: ignore[attr-defined]
        for model in _CHILD_MODELS
    ]
    for model, history in sources:
        rows = list(history.select_related("history_user").order_by("history_date", "history_id"))
        entries += _entries_for(model, rows, masked=masked)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
