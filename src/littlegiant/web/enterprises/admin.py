"""Admin pages of the archive, narrowed by the permission layer for everybody but superusers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets as admin_widgets
from django.db import models
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from littlegiant.records.fields import FIELDS_BY_ID
from littlegiant.records.personal import PERSONAL_FIELDS, mask_value
from littlegiant.web.accounts.permissions import (
    can_edit,
    enterprises_visible_to,
    filter_rows_visible_to,
    sees_personal_info,
)
from littlegiant.web.enterprises import services
from littlegiant.web.enterprises.forms import admin_form_for, admin_form_values, choice_set_field
from littlegiant.web.enterprises.models import (
    Award,
    Certification,
    Contact,
    Enterprise,
    IntellectualProperty,
    Standard,
    Title,
    YearlyFigure,
    table_id_of,
)

DATE_FORMAT = "%Y-%m-%d"
_NARROW_NUMBER = {"style": "width: 8em"}
_NARROW_TEXT = {"style": "width: 12em"}


class _CompactWidgets:
    """Dates as YYYY-MM-DD, numbers in narrow inputs, choice sets as labelled checkboxes."""

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name in FIELDS_BY_ID and FIELDS_BY_ID[db_field.name].kind.value == "choices":
            return choice_set_field(db_field)
        if isinstance(db_field, models.DateField) and not isinstance(
            db_field, models.DateTimeField
        ):
            kwargs["widget"] = admin_widgets.AdminDateWidget(format=DATE_FORMAT)
        elif isinstance(db_field, models.FloatField | models.IntegerField) and not db_field.choices:
            kwargs["widget"] = forms.NumberInput(attrs=_NARROW_NUMBER)
        elif (
            isinstance(self, admin.TabularInline)
            and isinstance(db_field, models.CharField)
            and not db_field.choices
        ):
            kwargs["widget"] = forms.TextInput(
                attrs=_NARROW_TEXT
            )  # a table row of 20em inputs overflows
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


def date_column(name: str, label: str) -> Callable[[Any], str]:
    """A list column showing a date (or a date-time, local) as YYYY-MM-DD ('—' when empty)."""

    @admin.display(description=label, ordering=name)
    def column(obj: Any) -> str:
        value = getattr(obj, name)
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).strftime(f"{DATE_FORMAT} %H:%M")
        return value.strftime(DATE_FORMAT) if value is not None else "—"

    column.__name__ = f"{name}_text"
    return column


# --- writes: the admin saves and deletes through ``services`` (permission, validation, history) ---


def _adopt(obj: models.Model, saved: models.Model) -> None:
    """Make the admin's object the saved one (the admin logs and redirects with it)."""
    obj.__dict__.update(
        {name: value for name, value in saved.__dict__.items() if not name.startswith("_")}
    )
    obj._state.adding = False


def _save_object(user: Any, obj: models.Model, form: forms.ModelForm, change: bool) -> None:
    """Save an admin form's object through the services (create or update, any archive table)."""
    table_id = table_id_of(type(obj))
    values = admin_form_values(table_id, form)
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


def _delete_object(user: Any, obj: models.Model) -> None:
    """Delete through the services: an enterprise (administrators) or one row of a child table."""
    if isinstance(obj, Enterprise):
        services.delete_enterprise(user=user, enterprise=obj)
    else:
        services.delete_archive_row(user=user, row=obj)


def _save_formset_rows(user: Any, formset: Any) -> None:
    """Save an inline formset row by row through the services, filling what the admin logs."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = set(map(id, formset.deleted_forms)) if formset.can_delete else set()
    for form in formset.forms:
        obj = form.instance
        if id(form) in deleted:
            if obj.pk is not None:
                _delete_object(user, obj)
                formset.deleted_objects.append(obj)
            continue
        if not form.has_changed():
            continue
        is_new = obj.pk is None
        if is_new:
            obj.enterprise = formset.instance
        _save_object(user, obj, form, change=not is_new)
        if is_new:
            formset.new_objects.append(obj)
        else:
            formset.changed_objects.append((obj, form.changed_data))


class _ServiceWrites:
    """Admin saves and deletes go through ``services`` (permission, validation, history in one place)."""

    model: type[Model]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        return admin_form_for(table_id_of(self.model), form, request.user)

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        _save_object(request.user, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        _delete_object(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            _delete_object(request.user, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        _save_formset_rows(request.user, formset)


class _ScopedFormset(_CompactWidgets):
    """Inline forms check the archive's rules too (the parent's save goes through the services)."""

    model: type[Model]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        formset.form = admin_form_for(table_id_of(self.model), formset.form, request.user)
        return formset


class _InlinePermissions:
    """Inline rows are editable only where the parent enterprise is."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed: bool = super().has_change_permission(request, obj)  # type: ignore[misc]
        return allowed and (obj is None or can_edit(request.user, obj))

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed: bool = super().has_add_permission(request, obj)  # type: ignore[misc]
        return allowed and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed: bool = super().has_delete_permission(request, obj)  # type: ignore[misc]
        return allowed and (obj is None or can_edit(request.user, obj))


class _ScopedInline(_InlinePermissions, _ScopedFormset, admin.TabularInline):
    extra = 0


class YearlyInline(_InlinePermissions, _ScopedFormset, admin.StackedInline):
    """One block per fiscal year, three figures a line (a 14-column table was 2,539 px wide)."""

    model = YearlyFigure
    extra = 0
    fieldsets = (
        (None, {"fields": (
            "fiscal_year",
            ("revenue", "main_revenue", "high_tech_revenue"),
            ("total_assets", "total_liabilities", "net_profit"),
            ("rd_expense", "total_cost", "equity_financing"),
            ("employees", "rd_staff", "tech_staff"),
        )}),
    )  # fmt: skip


class TitleInline(_ScopedInline):
    model = Title


class IPInline(_ScopedFormset, admin.StackedInline):
    model = IntellectualProperty
    extra = 0


class AwardInline(_ScopedInline):
    model = Award


class CertificationInline(_ScopedInline):
    model = Certification


class StandardInline(_ScopedInline):
    model = Standard


class ContactInline(_ScopedInline):
    model = Contact

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        """Phone and e-mail leave the form for a user without the right to see them (kept as stored)."""
        if obj is not None and not sees_personal_info(request.user, obj):
            return tuple(PERSONAL_FIELDS)
        return super().get_exclude(request, obj)


@admin.register(Enterprise)
class EnterpriseAdmin(_ServiceWrites, _CompactWidgets, SimpleHistoryAdmin):
    """Enterprises with every archive table inline."""

    readonly_fields = ("size_class",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("uscc", "size_class") if obj is not None else ("size_class",)

    list_display = (
        "name",
        "uscc",
        "region_code",
        "industry_code",
        "size_class",
        date_column("updated_at", "更新时间"),
    )
    list_filter = ("size_class",)
    search_fields = ("name", "uscc")
    inlines = (
        YearlyInline,
        TitleInline,
        IPInline,
        AwardInline,
        CertificationInline,
        StandardInline,
        ContactInline,
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Enterprise]:
        if request.user.is_superuser:
            return super().get_queryset(request)
        return super().get_queryset(request) & enterprises_visible_to(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or can_edit(request.user, obj)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is None or can_edit(request.user, obj)
        )


class _RowAdmin(_ServiceWrites, _CompactWidgets, SimpleHistoryAdmin):
    list_select_related = ("enterprise",)
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("enterprise",) if obj is not None else ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Model]:
        queryset = super().get_queryset(request)
        return (
            queryset
            if request.user.is_superuser
            else filter_rows_visible_to(request.user, queryset)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj.enterprise))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj.enterprise))


@admin.register(YearlyFigure)
class YearlyFigureAdmin(_RowAdmin):
    """Yearly figures."""

    list_display = ("enterprise", "fiscal_year", "revenue", "rd_expense", "employees")
    list_filter = ("fiscal_year",)


@admin.register(Title)
class TitleAdmin(_RowAdmin):
    """Titles."""

    list_display = ("enterprise", "title", date_column("issued_on", "发证/认定日期"), date_column("expires_on", "有效期至"),
                    "certificate_no")  # fmt: skip
    list_filter = ("title",)


@admin.register(IntellectualProperty)
class IntellectualPropertyAdmin(_RowAdmin):
    """IP counts."""

    list_display = ("enterprise", "ip_class1_count", "ip_class2_count")


@admin.register(Award)
class AwardAdmin(_RowAdmin):
    """Awards."""

    list_display = ("enterprise", "award", "year", "rank")
    list_filter = ("award", "year")


@admin.register(Certification)
class CertificationAdmin(_RowAdmin):
    """Certifications."""

    list_display = (
        "enterprise",
        "certification",
        "cert_name",
        date_column("expires_on", "有效期至"),
    )
    list_filter = ("certification",)


@admin.register(Standard)
class StandardAdmin(_RowAdmin):
    """Standards."""

    list_display = ("enterprise", "standard_code", "standard_level", "role", "year")


@admin.register(Contact)
class ContactAdmin(_RowAdmin):
    """Contacts: phone and e-mail masked in the list, left out of the form, for users without the right."""

    list_display = ("enterprise", "contact_name", "position", "phone")

    def get_list_display(self, request: HttpRequest) -> Any:
        @admin.display(description="电话")
        def phone(obj: Contact) -> object:
            if sees_personal_info(request.user, obj.enterprise):
                return obj.phone
            return mask_value("phone", obj.phone)

        return ("enterprise", "contact_name", "position", phone)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and not sees_personal_info(request.user, obj.enterprise):
            return tuple(PERSONAL_FIELDS)
        return super().get_exclude(request, obj)
