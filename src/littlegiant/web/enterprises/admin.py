"""Admin pages of the archive, narrowed by the permission layer for everybody but superusers."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from littlegiant.web.accounts.permissions import (
    can_edit,
    enterprises_visible_to,
    filter_rows_visible_to,
)
from littlegiant.web.enterprises import admin_writes
from littlegiant.web.enterprises.loading import TABLE_MODELS
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


def _table_id(model: type[Model]) -> str:
    return next(table_id for table_id, table_model in TABLE_MODELS.items() if table_model is model)


class _ServiceWrites:
    """Admin saves and deletes go through ``services`` (permission, validation, history in one place)."""

    model: type[Model]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        return admin_writes.admin_form_for(_table_id(self.model), form, request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        admin_writes.save_object(request.user, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        admin_writes.delete_object(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            admin_writes.delete_object(request.user, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        admin_writes.save_formset_rows(request.user, formset)


class _ScopedFormset:
    """Inline forms check the archive's rules too (the parent's save goes through the services)."""

    model: type[Model]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        formset.form = admin_writes.admin_form_for(_table_id(self.model), formset.form, request.user)
        return formset


class _ScopedInline(_ScopedFormset, admin.TabularInline):
    extra = 0

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or can_edit(request.user, obj))

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or can_edit(request.user, obj))


class YearlyInline(_ScopedInline):
    model = YearlyFigure


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


@admin.register(Enterprise)
class EnterpriseAdmin(_ServiceWrites, SimpleHistoryAdmin):
    """Enterprises with every archive table inline."""

    readonly_fields = ("size_class",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("uscc", "size_class") if obj is not None else ("size_class",)

    list_display = ("name", "uscc", "region_code", "industry_code", "size_class", "updated_at")
    list_filter = ("size_class",)
    search_fields = ("name", "uscc")
    inlines = (YearlyInline, TitleInline, IPInline, AwardInline, CertificationInline, StandardInline, ContactInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Enterprise]:
        if request.user.is_superuser:
            return super().get_queryset(request)
        return super().get_queryset(request) & enterprises_visible_to(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or can_edit(request.user, obj))


class _RowAdmin(_ServiceWrites, SimpleHistoryAdmin):
    list_select_related = ("enterprise",)
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("enterprise",) if obj is not None else ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Model]:
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else filter_rows_visible_to(request.user, queryset)

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

    list_display = ("enterprise", "title", "issued_on", "expires_on", "certificate_no")
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

    list_display = ("enterprise", "certification", "cert_name", "expires_on")
    list_filter = ("certification",)


@admin.register(Standard)
class StandardAdmin(_RowAdmin):
    """Standards."""

    list_display = ("enterprise", "standard_code", "standard_level", "role", "year")


@admin.register(Contact)
class ContactAdmin(_RowAdmin):
    """Contacts."""

    list_display = ("enterprise", "contact_name", "position", "phone")
