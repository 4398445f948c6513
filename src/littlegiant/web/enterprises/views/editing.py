"""Edit pages of the growth archive: create an enterprise, edit its master data, add/edit/delete
rows of its child tables (yearly figures, titles, IP counts, awards, certifications, standards,
contacts).

Every page works without JavaScript (full page, redirect to the profile); with htmx the profile
edits a section in place: GET returns only the form, a POST the refreshed section (plus the
change history, out of band). Writes go through ``services`` (permission, validation, history).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from littlegiant.records.personal import PERSONAL_FIELDS, PERSONAL_TABLES
from littlegiant.records.tables import TABLES_BY_ID
from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import (
    get_enterprise_for,
    is_bureau,
    membership_of,
    role_of,
    sees_personal_info,
)
from littlegiant.web.enterprises import forms, services
from littlegiant.web.enterprises.models import TABLE_MODELS, Enterprise, IntellectualProperty
from littlegiant.web.enterprises.queries import profile
from littlegiant.web.enterprises.queries.history import enterprise_history

__all__ = ["enterprise_create", "enterprise_edit", "ip_edit", "row_delete", "row_edit"]

EDITABLE_TABLES = ("yearly", *profile.ROW_TABLES)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _region_prefixes(user: Any) -> list[str] | None:
    """Regions the user may place an enterprise in: None = all (admins); [] = none (keep current)."""
    role = role_of(user)
    if role is Role.ADMIN:
        return None
    membership = membership_of(user)
    return membership.region_prefixes() if role is Role.OFFICIAL and membership is not None else []


def _save(form: forms.ArchiveForm, action: Any, **kwargs: Any) -> Any:
    """Run a service with the form's values; its refusals become form errors (None = not saved)."""
    try:
        return action(**kwargs, **form.cleaned_data)
    except services.ArchiveValidationError as error:
        form.add_service_error(error.errors)
    except PermissionDenied as error:
        form.add_service_error([("region_code", str(error))])
    return None


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    """New enterprise (officials within their regions, administrators anywhere)."""
    if not is_bureau(request.user):
        raise PermissionDenied("只有主管部门工作人员和管理员可以新建企业档案")
    form_class = forms.archive_form_class("enterprise", exclude=())
    form = form_class(request.POST or None)
    forms.use_region_select(form, _region_prefixes(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = _save(form, services.create_enterprise, user=request.user)
        if enterprise is not None:
            messages.success(request, f"已建立「{data['name']}」的企业档案")
            return redirect("enterprises:profile", enterprise.uscc)
    return render(request, "enterprises/edit_enterprise.html", {"form": form, "enterprise": None})


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, uscc: str) -> HttpResponse:
    """Edit the master data and facts of an enterprise (its USCC stays as registered)."""
    enterprise = get_enterprise_for(request.user, uscc, write=True)
    form_class = forms.archive_form_class("enterprise")
    form = form_class(
        request.POST or None,
        initial=forms.form_initial("enterprise", enterprise),
        uscc=enterprise.uscc,
    )
    forms.use_region_select(form, _region_prefixes(request.user), current=enterprise.region_code)
    if request.method == "POST" and form.is_valid():
        saved = _save(form, services.update_enterprise, user=request.user, enterprise=enterprise)
        if saved is not None:
            messages.success(request, "基本信息已保存")
            return redirect("enterprises:profile", enterprise.uscc)
    return render(
        request, "enterprises/edit_enterprise.html", {"form": form, "enterprise": enterprise}
    )


def _table_or_404(table_id: str) -> str:
    if table_id not in EDITABLE_TABLES:
        raise Http404("没有这张档案表")
    return table_id


def _section_context(request: HttpRequest, enterprise: Enterprise, table_id: str) -> dict[str, Any]:
    masked = not sees_personal_info(request.user, enterprise)
    context: dict[str, Any] = {
        "enterprise": enterprise,
        "can_edit": True,
        "oob": True,
        "history": enterprise_history(enterprise, masked=masked),
    }
    if table_id == "yearly":
        context["yearly"] = profile.yearly_table(list(enterprise.yearlyfigure_set.all()))
    elif table_id == "ip":
        context["ip"] = profile.ip_facts(enterprise)
    else:
        context["section"] = profile.archive_section(
            table_id, enterprise, timezone.localdate(), masked=masked
        )
    return context


def _saved(
    request: HttpRequest, enterprise: Enterprise, table_id: str, message: str
) -> HttpResponse:
    """After a write: the refreshed section for htmx (retargeted), else back to the profile."""
    profile_url = reverse("enterprises:profile", args=[enterprise.uscc]) + f"#section-{table_id}"
    if not _is_htmx(request) or table_id == "yearly":
        messages.success(request, message)
        if not _is_htmx(request):
            return redirect(profile_url)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = (
            profile_url  # the charts are drawn from the years: reload the page
        )
        return response
    context = _section_context(request, enterprise, table_id) | {"saved_message": message}
    response = render(
        request, "enterprises/_section_refresh.html", context | {"table_id": table_id}
    )
    response["HX-Retarget"] = f"#section-{table_id}"
    response["HX-Reswap"] = "outerHTML"
    return response


def _form_page(
    request: HttpRequest, enterprise: Enterprise, form: Any, table_id: str, row: Any
) -> HttpResponse:
    context = {
        "form": form,
        "enterprise": enterprise,
        "table_id": table_id,
        "row": row,
        "heading": TABLES_BY_ID[table_id].sheet,
        "action": request.path,
        "inline": _is_htmx(request),
    }
    template = "enterprises/_row_form.html" if _is_htmx(request) else "enterprises/edit_row.html"
    return render(request, template, context)


def _row_of(enterprise: Enterprise, table_id: str, pk: int | None) -> models.Model | None:
    if pk is None:
        return None
    return get_object_or_404(TABLE_MODELS[table_id]._default_manager, pk=pk, enterprise=enterprise)


@login_required
@require_http_methods(["GET", "POST"])
def row_edit(request: HttpRequest, uscc: str, table_id: str, pk: int | None = None) -> HttpResponse:
    """Add (no ``pk``) or edit a row of a child table: a fiscal year, a title, an award..."""
    enterprise = get_enterprise_for(request.user, uscc, write=True)
    row = _row_of(enterprise, _table_or_404(table_id), pk)
    initial = forms.form_initial(table_id, row) if row is not None else None
    hidden = _hidden_personal_fields(request, enterprise, table_id, row)
    if initial is not None:
        initial = {name: value for name, value in initial.items() if name not in hidden}
    form = forms.archive_form_class(table_id)(
        request.POST or None, initial=initial, uscc=enterprise.uscc
    )
    for name, shown in hidden.items():
        form.fields[name].widget.attrs["placeholder"] = f"已隐藏：{shown}（留空保持不变）"
        form.fields[name].help_text = "您无权查看完整的个人信息；留空则保持原值，填写则替换。"
    if request.method == "POST" and form.is_valid():
        for name in hidden:
            if form.cleaned_data.get(name) in (None, ""):
                form.cleaned_data[name] = getattr(row, name)
        if row is None:
            saved = _save(
                form,
                services.add_archive_row,
                user=request.user,
                enterprise=enterprise,
                table_id=table_id,
            )
        else:
            saved = _save(form, services.update_archive_row, user=request.user, row=row)
        if saved is not None:
            return _saved(
                request, enterprise, table_id, f"「{TABLES_BY_ID[table_id].sheet}」已保存：{saved}"
            )
    return _form_page(request, enterprise, form, table_id, row)


def _hidden_personal_fields(
    request: HttpRequest, enterprise: Enterprise, table_id: str, row: Any
) -> dict[str, str]:
    """The personal fields of a stored row the user may not see: ``{field id: masked value}``.

    Their form inputs start empty (the masked value as placeholder); left empty, the stored value stays.
    """
    if row is None or table_id not in PERSONAL_TABLES:
        return {}
    if sees_personal_info(request.user, enterprise):
        return {}
    return {
        name: masker(str(getattr(row, name)))
        for name, masker in PERSONAL_FIELDS.items()
        if getattr(row, name, None)
    }


@login_required
@require_POST
def row_delete(request: HttpRequest, uscc: str, table_id: str, pk: int) -> HttpResponse:
    """Delete a row of a child table (the history keeps it)."""
    enterprise = get_enterprise_for(request.user, uscc, write=True)
    row = _row_of(enterprise, _table_or_404(table_id), pk)
    shown = str(row)
    services.delete_archive_row(user=request.user, row=row)  # type: ignore[arg-type]
    return _saved(
        request, enterprise, table_id, f"「{TABLES_BY_ID[table_id].sheet}」已删除：{shown}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def ip_edit(request: HttpRequest, uscc: str) -> HttpResponse:
    """Edit the enterprise's IP counts (one row per enterprise)."""
    enterprise = get_enterprise_for(request.user, uscc, write=True)
    row = IntellectualProperty.objects.filter(enterprise=enterprise).first()
    initial = forms.form_initial("ip", row) if row is not None else None
    form = forms.archive_form_class("ip")(
        request.POST or None, initial=initial, uscc=enterprise.uscc
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(form, services.set_ip_counts, user=request.user, enterprise=enterprise)
        if saved is not None:
            return _saved(request, enterprise, "ip", "知识产权数量已保存")
    return _form_page(request, enterprise, form, "ip", row)
