"""The publishing form of a catalog entry: which fields a user fills, and reading what was typed.

Values are read by the catalog's one cell reader (``matching.catalog_files.parse_value``, the same
rules as file imports and the API); every bad or missing field gets its own Chinese message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from littlegiant.matching import CATALOGS_BY_ID
from littlegiant.matching.catalog_files import parse_value
from littlegiant.records.fields import FIELDS_BY_ID, Field, FieldKind
from littlegiant.records.values import FieldValueError
from littlegiant.records.values import parse_value as parse_record_value
from littlegiant.rules import UnknownProgrammeError, policy_pack
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import enterprises_visible_to, is_bureau, role_of

__all__ = ["FormField", "entry_initial", "form_fields", "read_entry_form"]

_LONG_TEXT = frozenset({"summary", "full_text", "description"})
_BUREAU_ONLY = frozenset({"pack_id"})  # eligibility packs are configured by the bureau
_NEVER = frozenset({"ref"})  # given by the platform


@dataclass(frozen=True, slots=True)
class FormField:
    """One field of the form as the template draws it."""

    field: Field
    widget: str  # text | textarea | number | date | select | checkboxes | firm
    required: bool
    value: Any = None
    error: str = ""
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        """The field id (the input's name)."""
        return self.field.id


def _widget(field: Field) -> str:
    if field.id in _LONG_TEXT:
        return "textarea"
    return {
        FieldKind.NUMBER: "number", FieldKind.PERCENT: "number", FieldKind.INTEGER: "number",
        FieldKind.DATE: "date", FieldKind.CHOICE: "select", FieldKind.CHOICES: "checkboxes",
    }.get(field.kind, "text")  # fmt: skip


def _firm_choices(user: Any) -> tuple[tuple[str, str], ...]:
    return tuple(enterprises_visible_to(user).order_by("name").values_list("uscc", "name"))


def form_fields(
    catalog_id: str,
    user: Any,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[FormField]:
    """The fields ``user`` fills to publish in the catalog, with values and errors to show.

    A need's enterprise is chosen among the user's own firms (an enterprise user) or typed (the bureau).
    """
    catalog = CATALOGS_BY_ID[catalog_id]
    values, errors = values or {}, errors or {}
    shown = []
    for field in catalog.fields:
        if field.id in _NEVER or (field.id in _BUREAU_ONLY and not is_bureau(user)):
            continue
        widget, choices = _widget(field), tuple(field.choices or ())
        if catalog_id == "needs" and field.id == "uscc" and role_of(user) is Role.ENTERPRISE:
            widget, choices = "firm", _firm_choices(user)
        required = field.id in catalog.required or (catalog_id == "needs" and field.id == "uscc")
        shown.append(
            FormField(
                field, widget, required, values.get(field.id), errors.get(field.id, ""), choices
            )
        )
    return shown


def entry_initial(entry: Any) -> dict[str, Any]:
    """An entry's stored values by field id (the edit form's starting values)."""
    catalog = CATALOGS_BY_ID[entry.catalog_id]
    initial: dict[str, Any] = {}
    for field in catalog.fields:
        value: Any = getattr(entry, field.id, None)
        initial[field.id] = value.isoformat() if isinstance(value, dt.date) else value
    return initial


def read_entry_form(catalog_id: str, data: Any, user: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The values typed into the form (by field id) and every ``field id → message`` problem.

    ``data`` is a ``QueryDict`` (several checked boxes share a name) or a plain mapping.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for form_field in form_fields(catalog_id, user):
        field = form_field.field
        if form_field.widget == "checkboxes":
            raw: Any = data.getlist(field.id) if hasattr(data, "getlist") else data.get(field.id)
            raw = ",".join(raw) if isinstance(raw, list) else raw
        else:
            raw = data.get(field.id)
        try:
            value = parse_value(field, raw)
        except ValueError as error:
            shown = raw if raw not in (None, "") else "（空）"
            errors[field.id] = f"「{field.label}」的值“{shown}”无效：{error}"
            values[field.id] = raw
            continue
        if field.kind is FieldKind.CODE and value and field.id in FIELDS_BY_ID:
            try:  # coded values (USCC check digit, GB/T 2260, GB/T 4754) as the archive reads them
                value = parse_record_value(FIELDS_BY_ID[field.id], value)
            except FieldValueError as error:
                errors[field.id] = f"「{field.label}」的值“{raw}”无效：{error.rule}"
                values[field.id] = raw
                continue
        if field.id == "pack_id" and value:
            try:  # a pack the matching cannot load would break every search of the catalog
                policy_pack(str(value))
            except UnknownProgrammeError as error:
                errors[field.id] = str(error)
                values[field.id] = raw
                continue
        values[field.id] = value
        if form_field.required and value in (None, "", []):
            errors[field.id] = f"请填写「{field.label}」（必填）"
    lower, upper = _range(catalog_id)
    low, high = values.get(lower), values.get(upper)
    checked = lower and lower not in errors and upper not in errors
    if checked and isinstance(low, float) and isinstance(high, float) and low > high:
        catalog = CATALOGS_BY_ID[catalog_id]
        errors[upper] = f"「{catalog.field(upper).label}」不能小于「{catalog.field(lower).label}」"
    return values, errors


def _range(catalog_id: str) -> tuple[str, str]:
    return {
        "achievements": ("price_min", "price_max"),
        "products": ("amount_min", "amount_max"),
    }.get(catalog_id, ("", ""))
