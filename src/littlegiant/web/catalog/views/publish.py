"""Publishing pages: "我的发布" (a user's entries in every state), the form to publish or edit an
entry, withdrawing one, and the bureau's approval queue for what service providers publish."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from littlegiant.matching import CATALOGS_BY_ID
from littlegiant.web.accounts.permissions import is_bureau
from littlegiant.web.catalog import services
from littlegiant.web.catalog.forms import entry_initial, form_fields, read_entry_form
from littlegiant.web.catalog.models import MODELS, CatalogEntry, EntryStatus
from littlegiant.web.catalog.permissions import (
    can_change_entry,
    check_publish,
    needs_review,
    own_entries,
    publishable_catalogs,
    reviewable_entries,
)
from littlegiant.web.catalog.views.search import catalog_id_or_404, entry_meta

__all__ = ["entry_edit", "entry_new", "entry_review", "entry_withdraw", "mine", "review_queue"]


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The user's entries of every catalog it may publish in, with their state and actions."""
    catalogs = publishable_catalogs(request.user)
    if not catalogs:
        raise PermissionDenied("您的账号不能发布条目")
    sections: list[dict[str, Any]] = [
        {
            "catalog": CATALOGS_BY_ID[catalog_id],
            "reviewed": needs_review(request.user, catalog_id),
            "entries": [
                {"entry": entry, "meta": entry_meta(entry)}
                for entry in own_entries(request.user, catalog_id).order_by("-updated_at", "-pk")
            ],
        }
        for catalog_id in catalogs
    ]
    reviewed = "、".join(s["catalog"].label for s in sections if s["reviewed"])
    return render(request, "catalog/mine.html", {"sections": sections, "reviewed_labels": reviewed})


def _changeable(request: HttpRequest, catalog_id: str, pk: int) -> CatalogEntry:
    """An entry the user may change; 404 otherwise (no existence leak)."""
    entry = MODELS[catalog_id].objects.filter(pk=pk).first()
    if entry is None or not can_change_entry(request.user, entry):
        raise Http404("未找到该条目，或您无权修改")
    return entry


def _saved_message(entry: CatalogEntry, created: bool) -> str:
    action = "已发布" if created else "已保存"
    if entry.status == EntryStatus.PENDING:
        return f"「{entry.title}」已提交，主管部门审核通过后公开"
    return f"「{entry.title}」{action}"


def _form(request: HttpRequest, catalog_id: str, entry: CatalogEntry | None) -> HttpResponse:
    """Show the form (GET) or save what was typed (POST), keeping it all on a problem."""
    user = request.user
    values = entry_initial(entry) if entry is not None else {}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        values, errors = read_entry_form(catalog_id, request.POST, user)
        if not errors:
            values["ref"] = entry.ref if entry is not None else None
            try:
                saved, created = services.save_entry(
                    user=user, catalog_id=catalog_id, values=values, entry=entry
                )
            except Http404:
                errors["uscc"] = "该企业不在档案中，或不在您的管辖范围内"
            except PermissionDenied as error:
                errors["__all__"] = str(error)
            else:
                messages.success(request, _saved_message(saved, created))
                return redirect("catalog:mine")
        status = 400
    context: dict[str, Any] = {
        "catalog": CATALOGS_BY_ID[catalog_id],
        "entry": entry,
        "fields": form_fields(catalog_id, user, values, errors),
        "form_error": errors.get("__all__", ""),
        "error_count": len(errors),
        "reviewed": needs_review(user, catalog_id),
    }
    return render(request, "catalog/entry_form.html", context, status=status)


@login_required
def entry_new(request: HttpRequest, kind: str) -> HttpResponse:
    """Publish a new entry (a provider's waits for the bureau's approval)."""
    catalog_id = catalog_id_or_404(kind)
    if catalog_id not in publishable_catalogs(request.user):
        raise PermissionDenied("您无权在该目录发布条目")
    return _form(request, catalog_id, None)


@login_required
def entry_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Edit an entry (a provider's change waits for approval again)."""
    catalog_id = catalog_id_or_404(kind)
    entry = _changeable(request, catalog_id, pk)
    check_publish(request.user, catalog_id, getattr(entry, "uscc", None) or None)
    return _form(request, catalog_id, entry)


@login_required
@require_POST
def entry_withdraw(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Take an entry off the public catalogs."""
    entry = _changeable(request, catalog_id_or_404(kind), pk)
    services.withdraw_entry(user=request.user, entry=entry)
    messages.success(request, f"「{entry.title}」已撤回，不再公开；可编辑后重新提交")
    return redirect("catalog:mine")


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """The bureau's queue: entries of service providers waiting for approval, oldest first."""
    if not is_bureau(request.user):
        raise PermissionDenied("只有主管部门工作人员可以审核发布的条目")
    sections: list[dict[str, Any]] = [
        {
            "catalog": CATALOGS_BY_ID[catalog_id],
            "entries": [
                {"entry": entry, "meta": entry_meta(entry), "fields": _shown_fields(entry)}
                for entry in reviewable_entries(request.user, catalog_id).select_related(
                    "published_by"
                )
            ],
        }
        for catalog_id in MODELS
    ]
    total = sum(len(section["entries"]) for section in sections)
    return render(request, "catalog/review.html", {"sections": sections, "total": total})


def _shown_fields(entry: CatalogEntry) -> list[tuple[str, str]]:
    """(label, value) of every filled field of an entry, choices as their labels."""
    shown = []
    for field in CATALOGS_BY_ID[entry.catalog_id].fields:
        if field.id == "ref":
            continue
        value = getattr(entry, field.id, None)
        if value in (None, "", []):
            continue
        labels = dict(field.choices or ())
        if isinstance(value, list):
            text = "、".join(str(labels.get(item, item)) for item in value)
        elif isinstance(value, float):
            text = f"{value:g}"
        else:
            text = str(labels.get(value, value))
        unit = f" {field.unit}" if field.unit and not isinstance(value, list) else ""
        shown.append((field.label, text + unit))
    return shown


@login_required
@require_POST
def entry_review(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Approve or reject one entry waiting for review (a rejection needs its reason)."""
    if not is_bureau(request.user):
        raise PermissionDenied("只有主管部门工作人员可以审核发布的条目")
    entry = reviewable_entries(request.user, catalog_id_or_404(kind)).filter(pk=pk).first()
    if entry is None:
        raise Http404("未找到待审核的该条目（可能已被审核或已撤回）")
    approve = request.POST.get("decision") == "approve"
    try:
        services.review_entry(
            user=request.user, entry=entry, approve=approve, note=request.POST.get("note", "")
        )
    except PermissionDenied as error:
        messages.error(request, f"「{entry.title}」：{error}")
    else:
        messages.success(
            request, f"「{entry.title}」" + ("已审核通过并公开" if approve else "已退回")
        )
    return redirect("catalog:review")
