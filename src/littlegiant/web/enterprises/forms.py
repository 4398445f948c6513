"""Edit forms of the growth archive, built from the record definitions (``records.fields`` /
``records.tables``): one form per archive table, labels with units, help from the field's
description, and every value read by ``littlegiant.records.validate`` (Chinese messages naming the
field, value and rule; cross-field checks such as 主营业务收入 ≤ 营业收入 included).

The admin's forms run the same rules and the acting user's scope in ``clean()`` (``admin_form_for``).
Forms only read and check what was typed; saving goes through ``services`` (permission, audit).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any, ClassVar

from django import forms
from django.db import models

from littlegiant.records import codes
from littlegiant.records.fields import FIELDS_BY_ID, Field, FieldKind
from littlegiant.records.labels import NO, YES
from littlegiant.records.tables import TABLES_BY_ID
from littlegiant.web.accounts.permissions import can_create_in, can_edit
from littlegiant.web.enterprises.models import ConsentScope, Enterprise
from littlegiant.web.enterprises.validation import required_columns, validate_form_row

__all__ = [
    "ArchiveAdminForm",
    "ArchiveForm",
    "ChoiceSetField",
    "ConsentForm",
    "admin_form_for",
    "admin_form_values",
    "archive_form_class",
    "choice_set_field",
    "form_field",
    "form_initial",
    "region_choices",
    "use_region_select",
]

_BOOLEAN_CHOICES = (("", "未填"), ("true", YES), ("false", NO))
_NUMERIC = {FieldKind.INTEGER: "numeric", FieldKind.NUMBER: "decimal", FieldKind.PERCENT: "decimal"}


def _label(field: Field) -> str:
    return field.label_with_unit()


def _text_widget(field: Field) -> forms.Widget:
    attrs: dict[str, str] = {"autocomplete": "off"}
    if field.kind in _NUMERIC:
        attrs |= {"inputmode": _NUMERIC[field.kind], "class": "num"}
        if field.unit:
            attrs["placeholder"] = field.unit
    if field.kind is FieldKind.DATE:
        # Plain text, not type=date: browsers show a date input in the OS locale (10/13/2021); the
        # platform writes dates as YYYY-MM-DD and the record's reader accepts 2021/10/13 and 2021年10月13日 too.
        return forms.TextInput(attrs=attrs | {"placeholder": "如 2024-01-31", "class": "date"})
    if field.id == "email":
        return forms.EmailInput(attrs=attrs)
    return forms.TextInput(attrs=attrs)


def form_field(field: Field, *, required: bool = False) -> forms.Field:
    """The form field for one record field; it keeps the raw text, which the form reads by the record's rules.

    "Required" is checked by the record's rules (one Chinese message), not by Django; the field only
    carries the HTML ``required`` attribute and a ``record_required`` flag for the label's marker.
    """
    common: dict[str, Any] = {
        "label": _label(field),
        "required": False,
        "help_text": field.description,
    }
    built: forms.Field
    if field.kind is FieldKind.BOOLEAN:
        built = forms.ChoiceField(choices=_BOOLEAN_CHOICES, **common)
    elif field.kind is FieldKind.CHOICE:
        built = forms.ChoiceField(choices=(("", "请选择"), *field.choices), **common)
    elif field.kind is FieldKind.CHOICES:
        built = forms.MultipleChoiceField(
            choices=field.choices, widget=forms.CheckboxSelectMultiple, **common
        )
    else:
        built = forms.CharField(widget=_text_widget(field), strip=True, **common)
    _mark_required(built, required)
    return built


def _mark_required(field: Any, required: bool) -> None:
    """Flag a field for the label's ``*`` and the browser's hint; the record's rules do the check."""
    if required:
        field.widget.attrs["required"] = True
    field.record_required = required


def _initial_value(field: Field, value: Any) -> Any:
    if value is None:
        return "" if field.kind is not FieldKind.CHOICES else []
    if field.kind is FieldKind.BOOLEAN:
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def form_initial(table_id: str, obj: Any) -> dict[str, Any]:
    """A stored row as the form shows it (是/否 as ``true``/``false``, dates as YYYY-MM-DD)."""
    columns = TABLES_BY_ID[table_id].columns
    return {column.id: _initial_value(column, getattr(obj, column.id, None)) for column in columns}


class ArchiveForm(forms.Form):
    """A form for one row of an archive table; ``cleaned_data`` holds the record's typed values."""

    table_id = ""
    uscc = ""  # set per instance: the enterprise's code completes the row for the checks

    def __init__(self, *args: Any, uscc: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.uscc = uscc

    def clean(self) -> dict[str, Any]:
        """Read every value by the record's rules; each broken rule is shown next to its field."""
        raw = {
            name: field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            for name, field in self.fields.items()
        }
        # An empty set of ticks is "not filled" (None), like every other empty value of the record.
        raw = {name: None if value == [] else value for name, value in raw.items()}
        if "uscc" not in self.fields:
            raw["uscc"] = self.uscc
        clean, errors = validate_form_row(self.table_id, raw)
        for field_id, message in errors:
            if field_id in self.fields and self.has_error(field_id):
                continue  # Django already refused the choice; one message per field is enough
            self.add_error(field_id if field_id in self.fields else None, message)
        return {name: clean.get(name) for name in self.fields}

    def add_service_error(self, field_errors: list[tuple[str, str]]) -> None:
        """Show errors a service raised (duplicate key, permission...) on their fields."""
        for field_id, message in field_errors:
            self.add_error(field_id if field_id in self.fields else None, message)


@cache
def archive_form_class(table_id: str, exclude: tuple[str, ...] = ("uscc",)) -> type[ArchiveForm]:
    """The form class of an archive table (cached), without the excluded columns."""
    required = set(required_columns(table_id))
    attrs: dict[str, Any] = {"table_id": table_id}
    for column in TABLES_BY_ID[table_id].columns:
        if column.id not in exclude:
            attrs[column.id] = form_field(column, required=column.id in required)
    return type(f"{table_id.title()}Form", (ArchiveForm,), attrs)


def use_region_select(form: forms.Form, prefixes: list[str] | None, current: str = "") -> None:
    """Turn the form's region code into a select of named regions within reach of the user."""
    old = form.fields["region_code"]
    form.fields["region_code"] = forms.ChoiceField(
        choices=region_choices(prefixes, current),
        label="所在地区",
        required=False,
        help_text=old.help_text,
    )
    _mark_required(form.fields["region_code"], True)


def _region_label(code: str) -> str:
    path = codes.region_path(code)
    return f"{code} {' '.join(path)}" if path else code


def region_choices(prefixes: list[str] | None, current: str = "") -> list[tuple[str, str]]:
    """Region options with names (``330106 浙江省 杭州市 西湖区``) within the prefixes (None = all),
    plus the current code so that an edit never silently drops it."""
    options = [
        code
        for code in codes.regions()
        if prefixes is None or any(code.startswith(prefix) for prefix in prefixes)
    ]
    if current and current not in options:
        options.append(current)
    return [("", "请选择地区"), *((code, _region_label(code)) for code in sorted(options))]


class ChoiceSetField(forms.MultipleChoiceField):
    """A set of choices (``FieldKind.CHOICES``, stored as a JSON list) as Chinese checkboxes.

    Nothing ticked is ``None`` (unknown), never an empty list: "none of these" is a choice of its own.
    """

    widget = forms.CheckboxSelectMultiple

    def __init__(self, field_id: str, **kwargs: Any) -> None:
        self.field_id = field_id
        super().__init__(choices=list(FIELDS_BY_ID[field_id].choices), **kwargs)

    def clean(self, value: Any) -> list[str] | None:
        """The ticked values in the order of the choices, or None."""
        chosen = set(super().clean(value) or ())
        ordered = [key for key, _ in FIELDS_BY_ID[self.field_id].choices if key in chosen]
        return ordered or None


def choice_set_field(db_field: models.Field[Any, Any]) -> ChoiceSetField:
    """The form field of a record field of kind CHOICES (labels from ``records.fields``)."""
    return ChoiceSetField(
        db_field.name, required=False, label=db_field.verbose_name, help_text=db_field.help_text
    )


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


def admin_form_values(table_id: str, form: forms.ModelForm) -> dict[str, Any]:
    """The cleaned values of an admin form, by column of the archive table (the service's arguments)."""
    return {
        name: form.cleaned_data[name] for name in _columns(table_id) if name in form.cleaned_data
    }


class ConsentForm(forms.Form):
    """An enterprise user grants a service provider a view of parts of the archive."""

    provider = forms.TypedChoiceField(label="被授权服务机构", coerce=int, choices=())
    scopes = forms.MultipleChoiceField(
        label="授权范围",
        choices=[(s.value, s.label) for s in ConsentScope if s is not ConsentScope.BASIC],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="基本信息（名称、信用代码、地区、行业、成立日期、规模等）始终包含在内。",
    )
    purpose = forms.CharField(
        label="用途", max_length=200, help_text="例如：申请贷款授信评估、申报项目辅导"
    )
    expires_on = forms.DateField(
        label="有效期至",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空表示长期有效，直至撤回。",
    )

    def __init__(self, *args: Any, providers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", "请选择服务机构"), *providers]  # type: ignore[attr-defined]
