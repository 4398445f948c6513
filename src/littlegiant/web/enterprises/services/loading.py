"""The single upsert path of the growth archive: many rows of many tables in one transaction.

``load_archive_rows(user=..., tables=...)`` takes ``{table_id: [row, ...]}`` with the column ids of
``littlegiant.records.tables`` (the demo loader, the CLI and the web import all call it):

- the acting ``user`` must be allowed to write every enterprise the rows touch (the permission layer:
  existing ones editable, new ones in a region the user may create in); otherwise nothing is written;
- rows are cleaned against the record definitions; the first bad value aborts the whole load
  (nothing is half-written) with an ``ArchiveValidationError`` naming sheet, row, field and value;
- each table is upserted on its ``key``; a column absent from a row is left as stored;
- unchanged rows are not written and get no history row: loading the same rows twice changes
  nothing; changed rows get one history row each (``history_user`` = ``user``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from littlegiant.records.personal import PERSONAL_TABLES, is_masked_form
from littlegiant.records.tables import TABLES, TABLES_BY_ID
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import can_create_in, enterprises_visible_to, role_of
from littlegiant.web.audit.services import record
from littlegiant.web.enterprises.models import TABLE_MODELS, Enterprise
from littlegiant.web.enterprises.search_keys import name_keys
from littlegiant.web.enterprises.services.sizing import refresh_size_classes_in_transaction
from littlegiant.web.enterprises.validation import ArchiveValidationError, clean_row

__all__ = ["LoadReport", "TableCounts", "load_archive_rows"]

_CHUNK = 500  # stays under SQLite's bound-parameter limit in ``IN`` lookups


@dataclass
class TableCounts:
    """How many rows of one table were created, updated or already up to date."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LoadReport:
    """What a load did, per table id."""

    tables: dict[str, TableCounts] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        """Rows created or updated over all tables."""
        return sum(counts.created + counts.updated for counts in self.tables.values())


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _model_value(model: type[models.Model], name: str, value: Any) -> Any:
    model_field = model._meta.get_field(name)
    if value is None and isinstance(model_field, models.CharField) and not model_field.null:
        return ""
    return value


def _row_key(table_id: str, cleaned: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(cleaned.get(column) or "" for column in TABLES_BY_ID[table_id].key)


_Rows = dict[tuple[Any, ...], dict[str, Any]]


def _clean_rows(
    table_id: str, rows: Sequence[Mapping[str, Any]]
) -> tuple[_Rows, dict[tuple[Any, ...], int]]:
    """Rows cleaned and merged by key (a later row for the same key overrides earlier columns),
    with the first row number of each key."""
    merged: _Rows = {}
    numbers: dict[tuple[Any, ...], int] = {}
    for number, row in enumerate(rows, start=1):
        cleaned = clean_row(table_id, dict(row), number)
        row_key = _row_key(table_id, cleaned)
        merged.setdefault(row_key, {}).update(cleaned)
        numbers.setdefault(row_key, number)
    return merged, numbers


def _enterprise_ids(usccs: set[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in _chunks(sorted(usccs)):
        ids.update(Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", "pk"))
    return ids


def _stored_rows(table_id: str, ids: dict[str, int]) -> dict[tuple[Any, ...], Any]:
    """Stored rows of a table for the given enterprises, by table key (USCC first)."""
    model = TABLE_MODELS[table_id]
    usccs = {pk: uscc for uscc, pk in ids.items()}
    found: dict[tuple[Any, ...], Any] = {}
    for chunk in _chunks(sorted(usccs)):
        lookup = {"pk__in": chunk} if table_id == "enterprise" else {"enterprise_id__in": chunk}
        for obj in model._default_manager.filter(**lookup):
            values = {column: getattr(obj, column, None) for column in TABLES_BY_ID[table_id].key}
            values["uscc"] = getattr(obj, "uscc", None) or usccs[getattr(obj, "enterprise_id", 0)]
            found[_row_key(table_id, values)] = obj
    return found


def _attributes(
    table_id: str, cleaned: Mapping[str, Any], ids: Mapping[str, int]
) -> dict[str, Any]:
    model = TABLE_MODELS[table_id]
    attributes = {
        name: _model_value(model, name, value)
        for name, value in cleaned.items()
        if name != "uscc" or table_id == "enterprise"
    }
    if table_id != "enterprise":
        attributes["enterprise_id"] = ids[cleaned["uscc"]]
    elif "name" in attributes:
        attributes["name_pinyin"], attributes["name_initials"] = name_keys(attributes["name"])
    return attributes


def _check_new_enterprise(
    table_id: str, cleaned: Mapping[str, Any], row_key: tuple[Any, ...]
) -> None:
    if table_id == "enterprise" and not cleaned.get("name"):
        raise ArchiveValidationError(
            f"「{TABLES_BY_ID[table_id].sheet}」：新企业 {row_key[0]} 缺少企业名称",
            table=table_id,
            field="name",
        )


def _upsert_table(table_id: str, rows: _Rows, ids: dict[str, int], user: Any) -> TableCounts:
    model = TABLE_MODELS[table_id]
    stored = _stored_rows(table_id, ids)
    counts = TableCounts()
    new_objs: list[models.Model] = []
    changed_objs: list[models.Model] = []
    changed_fields: set[str] = set()
    for row_key, cleaned in rows.items():
        attributes = _attributes(table_id, cleaned, ids)
        obj = stored.get(row_key)
        if obj is None:
            _check_new_enterprise(table_id, cleaned, row_key)
            new_objs.append(model(**attributes))
            continue
        if table_id in PERSONAL_TABLES:  # a masked export read back in keeps the stored values
            attributes = {
                name: getattr(obj, name)
                if is_masked_form(name, value, getattr(obj, name))
                else value
                for name, value in attributes.items()
            }
        changed = {name for name, value in attributes.items() if getattr(obj, name) != value}
        if not changed:
            counts.unchanged += 1
            continue
        for name in changed:
            setattr(obj, name, attributes[name])
        changed_objs.append(obj)
        changed_fields |= changed
    if new_objs:
        bulk_create_with_history(new_objs, model, batch_size=_CHUNK, default_user=user)
    if changed_objs:
        if table_id == "enterprise":
            now = timezone.now()
            for obj in changed_objs:
                setattr(obj, "updated_at", now)  # noqa: B010 - bulk_update skips auto_now
            changed_fields.add("updated_at")
        bulk_update_with_history(
            changed_objs, model, sorted(changed_fields), batch_size=_CHUNK, default_user=user
        )
    counts.created, counts.updated = len(new_objs), len(changed_objs)
    return counts


def _check_known(
    table_id: str, rows: _Rows, numbers: dict[tuple[Any, ...], int], ids: Mapping[str, int]
) -> None:
    for row_key, cleaned in rows.items():
        if cleaned["uscc"] not in ids:
            raise ArchiveValidationError(
                f"「{TABLES_BY_ID[table_id].sheet}」第 {numbers[row_key]} 行：统一社会信用代码"
                f"“{cleaned['uscc']}”的企业不在档案中，请先在「企业基本信息」中建档",
                table=table_id,
                row=numbers[row_key],
                field="uscc",
            )


def _stored_regions(usccs: set[str]) -> dict[str, str]:
    regions: dict[str, str] = {}
    for chunk in _chunks(sorted(usccs)):
        regions.update(Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", "region_code"))
    return regions


def _editable(user: Any, usccs: Iterable[str]) -> set[str]:
    """The USCCs among ``usccs`` whose archive ``user`` may edit (officials and firm users: visible)."""
    if role_of(user) not in {Role.OFFICIAL, Role.ENTERPRISE}:
        return set()
    editable: set[str] = set()
    for chunk in _chunks(sorted(usccs)):
        editable.update(
            enterprises_visible_to(user).filter(uscc__in=chunk).values_list("uscc", flat=True)
        )
    return editable


def _require_scope(user: Any, cleaned: Mapping[str, tuple[_Rows, Any]]) -> None:
    """Refuse the whole load unless ``user`` may write every enterprise it touches (admins: all)."""
    if role_of(user) is Role.ADMIN:
        return
    usccs = {row["uscc"] for rows, _ in cleaned.values() for row in rows.values()}
    stored = _stored_regions(usccs)
    editable = _editable(user, stored)
    regions = {
        row["uscc"]: row.get("region_code")
        for row in cleaned.get("enterprise", ({}, 0))[0].values()
    }
    for uscc in sorted(usccs):
        region = regions.get(uscc) or stored.get(uscc)
        if uscc in stored and uscc not in editable:
            raise PermissionDenied(f"您无权修改企业 {uscc} 的档案")
        if region and region != stored.get(uscc) and not can_create_in(user, region):
            raise PermissionDenied(f"您无权在地区 {region} 建立或迁入企业档案（{uscc}）")


def load_archive_rows(
    *, user: Any, tables: Mapping[str, Sequence[Mapping[str, Any]]]
) -> LoadReport:
    """Upsert rows of archive tables in one transaction; same rows twice = no change (see module doc).

    Args:
        user: the acting user: checked by the permission layer and recorded as ``history_user``
            (system loads pass ``accounts.services.system_user()``).
        tables: ``{table_id: rows}`` with ids from ``littlegiant.records.tables`` (any subset).

    Raises:
        PermissionDenied: a row touches an enterprise the user may not edit, or creates one (or moves
            one) in a region the user may not create in.
        ArchiveValidationError: an unknown table, an unknown column, a bad value, a new enterprise
            without a name, or a row of an enterprise that is neither stored nor loaded.
    """
    unknown = sorted(set(tables) - set(TABLE_MODELS))
    if unknown:
        raise ArchiveValidationError(f"未知的档案表：{'、'.join(unknown)}", table=unknown[0])
    cleaned = {
        table.id: _clean_rows(table.id, tables[table.id]) for table in TABLES if table.id in tables
    }
    _require_scope(user, cleaned)
    report = LoadReport()
    with transaction.atomic():
        for table_id, (rows, numbers) in cleaned.items():
            ids = _enterprise_ids({row["uscc"] for row in rows.values()})
            if table_id != "enterprise":
                _check_known(table_id, rows, numbers, ids)
            report.tables[table_id] = _upsert_table(table_id, rows, ids, user)
        sized = {
            row["uscc"]
            for table_id in ("enterprise", "yearly")
            for row in cleaned.get(table_id, ({}, None))[0].values()
        }
        refresh_size_classes_in_transaction(
            Enterprise.objects.filter(uscc__in=sized).values_list("pk", flat=True)
        )
        _audit_load(user, report)
    return report


def _audit_load(user: Any, report: LoadReport) -> None:
    """One audit record for the whole load (bulk writes send no per-row signal)."""
    record(
        "write",
        user=user,
        object_type="enterprises.archive_load",
        detail={
            "action": "bulk_load",
            "tables": {
                table_id: {"created": c.created, "updated": c.updated}
                for table_id, c in report.tables.items()
            },
        },
    )
