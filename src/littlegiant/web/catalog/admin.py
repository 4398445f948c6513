"""Admin for the catalogs; saves go through the services so the index stays current."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from littlegiant.web.catalog import services
from littlegiant.web.catalog.models import (
    Achievement,
    CatalogEntry,
    Need,
    Policy,
    PolicyPush,
    Product,
)


class _EntryAdmin(admin.ModelAdmin):
    list_display = ("ref", "title", "status", "updated_at")
    list_filter = ("status",)
    search_fields = ("ref", "title")
    # the state changes on the approval queue page (services.review_entry / withdraw_entry)
    readonly_fields = ("status", "review_note", "reviewed_by", "reviewed_at")

    def save_model(self, request: Any, obj: CatalogEntry, form: Any, change: bool) -> None:
        """Save through the service (index update after commit)."""
        values = {f: getattr(obj, f) for f in form.cleaned_data if hasattr(obj, f)}
        entry, _ = services.save_entry(
            user=request.user,
            catalog_id=obj.catalog_id,
            values=values,
            entry=obj if change else None,
        )
        obj.pk = entry.pk

    def delete_model(self, request: Any, obj: CatalogEntry) -> None:
        """Delete through the service (index update after commit)."""
        services.delete_entry(user=request.user, entry=obj)


for _model in (Achievement, Need, Policy, Product):
    admin.site.register(_model, _EntryAdmin)


@admin.register(PolicyPush)
class PolicyPushAdmin(admin.ModelAdmin):
    """Read-only record of pushes."""

    list_display = ("policy", "pushed_at", "pushed_by", "as_of", "pack")
    readonly_fields = ("policy", "pushed_by", "as_of", "pack", "pack_sha256", "qualified", "near")

    def has_add_permission(self, request: Any) -> bool:
        """Pushes are recorded from the push list page only."""
        return False
