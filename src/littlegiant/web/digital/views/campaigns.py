"""Officials' campaign pages: start a round, its completion firm by firm, two rounds compared, the export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from littlegiant.digital.scoring import LEVEL_LABELS
from littlegiant.web.accounts.permissions import enterprises_visible_to, is_bureau
from littlegiant.web.digital import services
from littlegiant.web.digital.models import Campaign
from littlegiant.web.digital.queries.campaigns import (
    campaign_progress,
    campaign_rows,
    campaigns_visible_to,
    compare_campaigns,
)
from littlegiant.web.digital.queries.exports import campaign_workbook
from littlegiant.web.digital.views.questionnaire import PAGE_SIZE
from littlegiant.web.downloads import xlsx_response
from littlegiant.web.enterprises.models import Enterprise

__all__ = ["campaign_compare", "campaign_detail", "campaign_export", "campaign_list"]


def _campaign_for(request: HttpRequest, pk: int) -> Campaign:
    if not is_bureau(request.user):
        raise PermissionDenied("只有主管部门工作人员可以查看评测活动")
    campaign = campaigns_visible_to(request.user).filter(pk=pk).first()
    if campaign is None:
        raise Http404("未找到该评测活动，或您无权查看")
    return campaign


class _FormError(Exception):
    """A problem with what was typed into the campaign form (shown above the kept form)."""


def _codes(text: str) -> list[str]:
    """USCCs typed one a line (commas, 、 and spaces separate them too)."""
    for separator in ",，、;；":
        text = text.replace(separator, " ")
    return [code.strip().upper() for code in text.split() if code.strip()]


def _chosen_firms(request: HttpRequest, baseline: Campaign | None) -> list[Enterprise]:
    visible = enterprises_visible_to(request.user)
    codes = _codes(request.POST.get("usccs", ""))
    prefix = request.POST.get("region_prefix", "").strip()
    if codes:
        firms = list(visible.filter(uscc__in=codes))
        unknown = sorted(set(codes) - {firm.uscc for firm in firms})
        if unknown:
            raise _FormError(
                f"以下 {len(unknown)} 个统一社会信用代码不在您的管辖范围或档案中，请更正或删去后再提交："
                + "、".join(unknown[:10])
                + ("等" if len(unknown) > 10 else "")
            )
        return firms
    if prefix:
        firms = list(visible.filter(region_code__startswith=prefix))
        if not firms:
            raise _FormError(f"地区代码前缀“{prefix}”下没有您管辖范围内的企业")
        return firms
    if baseline is not None:
        firms = list(visible.filter(digital_assessments__campaign=baseline).distinct())
        if not firms:
            raise _FormError(f"上一轮「{baseline}」没有分派企业，请填写企业代码或地区代码前缀")
        return firms
    raise _FormError(
        "请选择要分派的企业：填写统一社会信用代码、地区代码前缀，或选择上一轮沿用其名单"
    )


def _deadline(text: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise _FormError(f"截止日期“{text}”不是有效日期（格式：2025-12-31）") from None


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Officials' campaigns, and a form to start one (firms by USCC list, region prefix or the baseline's).

    A form with a problem is shown again with everything typed kept and the problem above it; a
    campaign is never created without firms.
    """
    if not is_bureau(request.user):
        raise PermissionDenied("只有主管部门工作人员可以组织评测活动")
    campaigns = campaigns_visible_to(request.user)
    context: dict[str, Any] = {"campaigns": campaigns, "form": {}, "errors": []}
    if request.method == "POST":
        post = request.POST
        context["form"] = {key: post.get(key, "") for key in
                           ("name", "round_label", "baseline", "deadline", "usccs", "region_prefix")}  # fmt: skip
        baseline = campaigns.filter(pk=post.get("baseline") or 0).first()
        try:
            if not post.get("name", "").strip():
                raise _FormError("请填写活动名称")
            deadline = _deadline(post.get("deadline", ""))
            firms = _chosen_firms(request, baseline)
            campaign = services.create_campaign(
                user=request.user, name=post.get("name", ""), round_label=post.get("round_label", ""),
                baseline=baseline, deadline=deadline, enterprises=firms,
            )  # fmt: skip
        except (_FormError, PermissionDenied) as error:
            context["errors"] = [str(error)]
            return render(request, "digital/campaigns.html", context, status=400)
        messages.success(request, f"已创建评测活动，分派 {len(firms)} 家企业")
        return redirect("digital:campaign", pk=campaign.pk)
    return render(request, "digital/campaigns.html", context)


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Completion of one campaign, firm by firm, with links to fill on a firm's behalf."""
    campaign = _campaign_for(request, pk)
    rows = campaign_rows(request.user, campaign).order_by("enterprise__name")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "digital/campaign_detail.html", {
        "campaign": campaign, "rows": page.object_list, "page": page, "progress": campaign_progress(user=request.user, campaign=campaign),
        "level_labels": LEVEL_LABELS, "others": campaigns_visible_to(request.user).exclude(pk=campaign.pk),
    })  # fmt: skip


@login_required
def campaign_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two rounds compared firm by firm and in aggregate (this campaign against its baseline or ``?with=``)."""
    after = _campaign_for(request, pk)
    other = request.GET.get("with")
    before = _campaign_for(request, int(other)) if other and other.isdigit() else after.baseline
    if before is None:
        messages.error(request, "该活动没有可对比的上一轮，请选择对比轮次")
        return redirect("digital:campaign", pk=after.pk)
    comparison = compare_campaigns(user=request.user, before=before, after=after)
    aggregate = comparison.aggregate()
    levels = [(label, aggregate["levels_before"].get(level, 0), aggregate["levels_after"].get(level, 0))
              for level, label in LEVEL_LABELS.items()]  # fmt: skip
    return render(request, "digital/compare.html", {
        "before": before, "after": after, "rows": comparison.rows, "aggregate": aggregate, "levels": levels,
        "level_labels": LEVEL_LABELS,
    })  # fmt: skip


@login_required
def campaign_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign as .xlsx: one row per firm (with the baseline round's result when there is one)."""
    campaign = _campaign_for(request, pk)
    return xlsx_response(
        campaign_workbook(request.user, campaign), f"digital-campaign-{campaign.pk}.xlsx"
    )
