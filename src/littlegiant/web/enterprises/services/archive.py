"""Writes of one enterprise or one archive row, with the permission check and validation in one place.

Views, the admin, the API and other apps' services call these functions (through ``services``); nothing
else saves archive models. Each function takes the acting ``user`` (keyword-only) and raises
``PermissionDenied`` / ``Http404`` through the permission layer, or ``ArchiveValidationError`` (a
``LittleGiantError``) with a Chinese message naming the field and value. History rows record the acting user.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction

from littlegiant.records.tables import TABLES_BY_ID
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import can_create_in, can_edit, role_of
from littlegiant.web.enterprises.models import (
    TABLE_MODELS,
    Enterprise,
    IntellectualProperty,
    YearlyFigure,
    table_id_of,
)
from littlegiant.web.enterprises.services.sizing import refresh_size_classes_in_transaction
from littlegiant.web.enterprises.validation import (
    ArchiveValidationError,
    check_cross_fields,
    clean_row,
    cross_field_ids,
)

__all__ = [
    "add_archive_row",
    "create_enterprise",
    "delete_archive_row",
    "delete_enterprise",
    "set_ip_counts",
    "update_archive_row",
    "update_enterprise",
]

Row = TypeVar("Row", bound=models.Model)


def _require_edit(user: Any, enterprise: Enterprise) -> None:
    if not can_edit(user, enterprise):
        raise PermissionDenied("您无权修改该企业的档案")


def _stamp(obj: models.Model, user: Any) -> None:
    """Record the acting user on the next history row (simple_history reads ``_history_user``)."""
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user  # type: ignore[attr-defined]


def _cleaned(table_id: str, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = clean_row(table_id, values)
    model = TABLE_MODELS[table_id]
    for name, value in cleaned.items():
        model_field = (
            model._meta.get_field(name) if name != "uscc" or table_id == "enterprise" else None
        )
        if value is None and isinstance(model_field, models.CharField) and not model_field.null:
            cleaned[name] = ""
    return cleaned


@transaction.atomic
def create_enterprise(
    *, user: Any, uscc: str, name: str, region_code: str, **fields: Any
) -> Enterprise:
    """Add an enterprise to the archive (admins anywhere, officials within their regions)."""
    values = _cleaned(
        "enterprise", {"uscc": uscc, "name": name, "region_code": region_code, **fields}
    )
    if not values.get("name"):
        raise ArchiveValidationError("「企业名称」不能为空", table="enterprise", field="name")
    if not can_create_in(user, values["region_code"] or ""):
        raise PermissionDenied(f"您无权在地区 {values['region_code']} 建立企业档案")
    if Enterprise.objects.filter(uscc=values["uscc"]).exists():
        raise ArchiveValidationError(f"统一社会信用代码 {values['uscc']} 已在档案中", field="uscc")
    enterprise = Enterprise(**values)
    _stamp(enterprise, user)
    enterprise.save()
    return enterprise


@transaction.atomic
def update_enterprise(*, user: Any, enterprise: Enterprise, **changes: Any) -> Enterprise:
    """Change identity or facts of an enterprise; only real changes are saved (and historised)."""
    _require_edit(user, enterprise)
    values = _cleaned("enterprise", {"uscc": enterprise.uscc, **changes})
    values.pop("uscc")
    if "uscc" in changes and changes["uscc"] != enterprise.uscc:
        raise ArchiveValidationError("统一社会信用代码建档后不能修改", field="uscc")
    moved_to = values.get("region_code")
    if moved_to and moved_to != enterprise.region_code and not can_create_in(user, moved_to):
        raise PermissionDenied(f"您无权将企业迁入地区 {moved_to}")
    return _save_changes(enterprise, values, user)


def _check_merged(table_id: str, obj: models.Model, values: dict[str, Any]) -> None:
    """The record's cross-field checks on the row as it will be stored (stored values + changes)."""
    merged = {name: getattr(obj, name, None) for name in cross_field_ids(table_id)}
    merged.update({name: value for name, value in values.items() if name in merged})
    check_cross_fields(table_id, merged)


def _save_changes(obj: Row, values: dict[str, Any], user: Any) -> Row:
    _check_merged(table_id_of(type(obj)), obj, values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed and obj.pk is not None:
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    _stamp(obj, user)
    obj.save()
    _refresh_size_if_needed(obj)
    return obj


def _refresh_size_if_needed(obj: models.Model) -> None:
    """The size class follows the industry and the yearly figures (see ``sizing``)."""
    if isinstance(obj, Enterprise):
        refresh_size_classes_in_transaction([obj.pk])
    elif isinstance(obj, YearlyFigure):
        refresh_size_classes_in_transaction([obj.enterprise_id])


def _save_row(obj: Row, values: dict[str, Any], user: Any) -> Row:
    """Save with a savepoint so that a duplicate key becomes a Chinese error, not a broken transaction."""
    try:
        with transaction.atomic():
            return _save_changes(obj, values, user)
    except IntegrityError:
        table = TABLES_BY_ID[table_id_of(type(obj))]
        labels = "、".join(
            column.label
            for column in table.columns
            if column.id in table.key and column.id != "uscc"
        )
        raise ArchiveValidationError(
            f"「{table.sheet}」中已有相同{labels}的记录，请直接修改该记录",
            table=table.id,
            field=next(key for key in table.key if key != "uscc"),
        ) from None


def _upsert_row(
    model: type[Row], table_id: str, *, user: Any, enterprise: Enterprise, **values: Any
) -> Row:
    _require_edit(user, enterprise)
    cleaned = _cleaned(table_id, {"uscc": enterprise.uscc, **values})
    cleaned.pop("uscc")
    key = {column: cleaned[column] for column in TABLES_BY_ID[table_id].key if column != "uscc"}
    obj = model._default_manager.filter(enterprise=enterprise, **key).first()
    if obj is None:
        obj = model(enterprise=enterprise, **key)
    return _save_changes(obj, cleaned, user)


@transaction.atomic
def set_ip_counts(*, user: Any, enterprise: Enterprise, **counts: Any) -> IntellectualProperty:
    """Set the enterprise's IP counts by class (the ``ip`` table, one row per enterprise)."""
    return _upsert_row(IntellectualProperty, "ip", user=user, enterprise=enterprise, **counts)


@transaction.atomic
def add_archive_row(
    *, user: Any, enterprise: Enterprise, table_id: str, **values: Any
) -> models.Model:
    """Add a new row to a child table (``yearly``, ``titles``...); a row with the same key is refused
    (use :func:`update_archive_row` to change it)."""
    if table_id == "enterprise" or table_id not in TABLE_MODELS:
        raise ArchiveValidationError(f"未知的档案明细表：{table_id}", table=table_id)
    _require_edit(user, enterprise)
    cleaned = _cleaned(table_id, {"uscc": enterprise.uscc, **values})
    cleaned.pop("uscc")
    return _save_row(TABLE_MODELS[table_id](enterprise=enterprise), cleaned, user)


@transaction.atomic
def update_archive_row(*, user: Any, row: models.Model, **changes: Any) -> models.Model:
    """Change a stored row of a child table, key columns included (a clash with another row is refused)."""
    enterprise = getattr(row, "enterprise", None)
    if not isinstance(enterprise, Enterprise):
        raise ArchiveValidationError("只能修改企业档案的明细行；企业本身请用 update_enterprise")
    _require_edit(user, enterprise)
    table_id = table_id_of(type(row))
    key = {
        column: getattr(row, column) for column in TABLES_BY_ID[table_id].key if column != "uscc"
    }
    cleaned = _cleaned(table_id, {"uscc": enterprise.uscc, **key, **changes})
    cleaned.pop("uscc")
    return _save_row(row, cleaned, user)


@transaction.atomic
def delete_enterprise(*, user: Any, enterprise: Enterprise) -> None:
    """Delete an enterprise with its whole archive (administrators only); history keeps the deletion."""
    if role_of(user) is not Role.ADMIN:
        raise PermissionDenied("只有管理员可以删除企业档案")
    _stamp(enterprise, user)
    for model in TABLE_MODELS.values():
        if model is Enterprise:
            continue
        for row in model._default_manager.filter(enterprise=enterprise):
            _stamp(row, user)
            row.delete()
    enterprise.delete()


@transaction.atomic
def delete_archive_row(*, user: Any, row: models.Model) -> None:
    """Delete a row of a child table (yearly, title, award...); history keeps the deletion."""
    if isinstance(row, Enterprise) or not hasattr(row, "enterprise"):
        raise ArchiveValidationError("只能删除企业档案的明细行，不能删除企业本身")
    _require_edit(user, row.enterprise)
    _stamp(row, user)
    row.delete()
    _refresh_size_if_needed(row)
