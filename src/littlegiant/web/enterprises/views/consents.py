"""Consents (PIPL): the profile's 数据授权 tab where an enterprise grants, sees and revokes its consents,
and the pages where a service provider sees the enterprises that consented (only the consented parts).

Every page goes through the permission layer: the tab is shown to whoever sees the enterprise
(read-only) and its forms only to the enterprise's own users (``can_manage_consents``); the provider
pages only reach enterprises with a consent in force (``enterprises_shared_with``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from littlegiant.web.accounts.models import Role
from littlegiant.web.accounts.permissions import (
    can_manage_consents,
    enterprises_shared_with,
    get_enterprise_for,
    get_shared_enterprise_for,
    role_of,
)
from littlegiant.web.enterprises import services
from littlegiant.web.enterprises.forms import ConsentForm
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries import consents as queries

__all__ = ["consents_tab", "grant", "revoke", "shared_detail", "shared_list"]


def _tab_url(enterprise: Enterprise) -> str:
    return reverse("enterprises:profile", args=[enterprise.uscc]) + "?tab=consents"


def consents_tab(request: HttpRequest, enterprise: Enterprise) -> dict[str, Any]:
    """Context of the profile's 数据授权 tab (the profile page already checked the user sees the firm)."""
    manage = can_manage_consents(request.user, enterprise)
    return {
        "consents": queries.consent_rows(enterprise, timezone.localdate()),
        "consent_history": queries.consent_history(enterprise),
        "can_manage_consents": manage,
        "consent_form": ConsentForm(providers=queries.provider_choices()) if manage else None,
    }


@login_required
@require_POST
def grant(request: HttpRequest, uscc: str) -> HttpResponse:
    """Grant a provider a view of the chosen parts of the archive (the enterprise's own users only)."""
    enterprise = get_enterprise_for(request.user, uscc)
    if not can_manage_consents(request.user, enterprise):
        raise PermissionDenied("只有该企业的企业用户可以授权或撤回授权")
    form = ConsentForm(request.POST, providers=queries.provider_choices())
    if form.is_valid():
        try:
            consent = services.grant_consent(
                user=request.user, enterprise=enterprise, **form.cleaned_data
            )
        except services.ConsentError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                f"已授权「{queries.provider_label(consent.provider)}」查看：{'、'.join(consent.scope_labels())}",
            )
            return redirect(_tab_url(enterprise))
    for field_name, errors in form.errors.items():
        label = form.fields[field_name].label if field_name in form.fields else "授权"
        messages.error(request, f"未能授权：{label}：{'；'.join(str(error) for error in errors)}")
    return redirect(_tab_url(enterprise))


@login_required
@require_POST
def revoke(request: HttpRequest, uscc: str, pk: int) -> HttpResponse:
    """Revoke a consent now (the enterprise's own users only)."""
    enterprise = get_enterprise_for(request.user, uscc)
    consent = get_object_or_404(enterprise.consents, pk=pk)
    services.revoke_consent(user=request.user, consent=consent)
    messages.success(request, f"已撤回对「{queries.provider_label(consent.provider)}」的授权")
    return redirect(_tab_url(enterprise))


def _require_provider(request: HttpRequest) -> None:
    if role_of(request.user) is not Role.PROVIDER:
        raise PermissionDenied("此页面仅供服务机构查看企业授权给本机构的信息")


@login_required
@require_GET
def shared_list(request: HttpRequest) -> HttpResponse:
    """A provider's list of the enterprises whose consent to it is in force."""
    _require_provider(request)
    rows = queries.shared_enterprise_rows(
        enterprises_shared_with(request.user), request.user, timezone.localdate()
    )
    return render(request, "enterprises/shared_list.html", {"rows": rows})


@login_required
@require_GET
def shared_detail(request: HttpRequest, uscc: str) -> HttpResponse:
    """What a provider sees of one consenting enterprise: only the consented parts."""
    _require_provider(request)
    enterprise, scopes = get_shared_enterprise_for(request.user, uscc)
    context = queries.shared_profile(enterprise, scopes, timezone.localdate())
    return render(request, "enterprises/shared_detail.html", {"enterprise": enterprise, **context})
