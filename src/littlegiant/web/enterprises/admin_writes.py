"""The admin's writes, routed through ``services`` so that permission, validation and audit have
one place: admin forms run the archive's rules (``validation.validate_form_row``, the validate
module's checks) and the user's scope in ``clean()``; saves and deletes call the services.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db import models

from littlegiant.records.tables import TABLES_BY_ID
from littlegiant.web.accounts.permissions import can_create_in, can_edit
from littlegiant.web.enterprises import services
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.validation import validate_form_row

__all__ = [
    "ArchiveAdminForm",
    "admin_form_for",
    "delete_object",
    "save_formset_rows",
    "save_object",
]


def _columns(table_id: str) -> tuple[str, ...]:
    return tuple(column.id for column in TABLES_BY_ID[table_id].columns if column.id != "uscc")


class ArchiveAdminForm(forms.ModelForm):
    """An admin form that checks the row by the record's rules and the acting user's scope."""

    table_id: ClassVar[str] = ""
    acting_user: ClassVar[Any] = None

    def clean(self) -> dict[str, Any]:
        """The archive's rules on the row as it will be stored; errors go next to their fields."""
        cleaned: dict[str, Any] = super().clean() or {}
        values = {
            name: cleaned.get(name, getattr(self.instance, name, None))
            for name in _columns(self.table_id)
        }
        if self.table_id == "enterprise":
            values["uscc"] = cleaned.get("uscc", self.instance.uscc)
        _, errors = validate_form_row(
            self.table_id, values, ignore=frozenset({"uscc"}) - set(values)
        )
        for field_id, message in errors:
            target = field_id if field_id in self.fields else None
            if target is None or not self.has_error(target):
                self.add_error(target, message)
        self._check_scope(cleaned)
        return cleaned

    def _check_scope(self, cleaned: dict[str, Any]) -> None:
        user = self.acting_user
        if user is None:
            return
        if self.table_id == "enterprise":
            region = cleaned.get("region_code") or ""
            moved = self.instance.pk is None or region != self.instance.region_code
            if moved and not can_create_in(user, region):
                self.add_error(
                    "region_code", f"您无权在地区 {region or '（空）'} 建立或迁入企业档案"
                )
        elif isinstance(cleaned.get("enterprise"), Enterprise) and not can_edit(
            user, cleaned["enterprise"]
        ):
            self.add_error("enterprise", "您无权修改该企业的档案")


def admin_form_for(table_id: str, base: type[forms.ModelForm], user: Any) -> type[ArchiveAdminForm]:
    """The admin's form class for one request: the model form plus the archive's rules and scope."""
    attrs = {"table_id": table_id, "acting_user": user, "__module__": __name__}
    return type(base.__name__, (base, ArchiveAdminForm), attrs)


def _values(table_id: str, form: forms.ModelForm) -> dict[str, Any]:
    return {
        name: form.cleaned_data[name] for name in _columns(table_id) if name in form.cleaned_data
    }


def _adopt(obj: models.Model, saved: models.Model) -> None:
    """Make the admin's object the saved one (the admin logs and redirects with it)."""
    obj.__dict__.update(
        {name: value for name, value in saved.__dict__.items() if not name.startswith("_")}
    )
    obj._state.adding = False


def save_object(user: Any, obj: models.Model, form: forms.ModelForm, change: bool) -> None:
    """Save an admin form's object through the services (create or update, any archive table)."""
    table_id = services.table_id_of(type(obj))
    values = _values(table_id, form)
    model = type(obj)
    saved: models.Model
    if table_id == "enterprise":
        if change:
            saved = services.update_enterprise(
                user=user, enterprise=Enterprise.objects.get(pk=obj.pk), **values
            )
        else:
            saved = services.create_enterprise(user=user, uscc=form.cleaned_data["uscc"], **values)
    elif change:
        saved = services.update_archive_row(
            user=user, row=model._default_manager.get(pk=obj.pk), **values
        )
    else:
        enterprise = obj.enterprise  # type: ignore[attr-defined]
        saved = services.add_archive_row(
            user=user, enterprise=enterprise, table_id=table_id, **values
        )
    _adopt(obj, saved)


def delete_object(user: Any, obj: models.Model) -> None:
    """Delete through the services: an enterprise (administrators) or one row of a child table."""
    if isinstance(obj, Enterprise):
        services.delete_enterprise(user=user, enterprise=obj)
    else:
        services.delete_archive_row(user=user, row=obj)


def save_formset_rows(user: Any, formset: Any) -> None:
    """Save an inline formset row by row through the services, filling what the admin logs."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = set(map(id, formset.deleted_forms)) if formset.can_delete else set()
    for form in formset.forms:
        obj = form.instance
        if id(form) in deleted:
            if obj.pk is not None:
                delete_object(user, obj)
                formset.deleted_objects.append(obj)
            continue
        if not form.has_changed():
            continue
        is_new = obj.pk is None
        if is_new:
            obj.enterprise = formset.instance
        save_object(user, obj, form, change=not is_new)
        if is_new:
            formset.new_objects.append(obj)
        else:
            formset.changed_objects.append((obj, form.changed_data))
