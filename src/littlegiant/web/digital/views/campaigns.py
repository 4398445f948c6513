"""Officials' campaign pages: start a round, its completion firm by firm, two rounds compared, the export."""

from __future__ import annotations

import datetime as dt

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


def _chosen_firms(request: HttpRequest, baseline: Campaign | None) -> list[Enterprise]:
    visible = enterprises_visible_to(request.user)
    codes = [line.strip().upper() for line in request.POST.get("usccs", "").split() if line.strip()]
    prefix = request.POST.get("region_prefix", "").strip()
    if codes:
        firms = list(visible.filter(uscc__in=codes))
        unknown = sorted(set(codes) - {firm.uscc for firm in firms})
        if unknown:
            raise PermissionDenied(
                "以下统一社会信用代码不在您的管辖范围或档案中：" + "、".join(unknown[:10])
            )
        return firms
    if prefix:
        return list(visible.filter(region_code__startswith=prefix))
    if baseline is not None:
        return list(visible.filter(digital_assessments__campaign=baseline).distinct())
    return []


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Officials' campaigns, and a form to start one (firms by USCC list, region prefix or the baseline's)."""
    if not is_bureau(request.user):
        raise PermissionDenied("只有主管部门工作人员可以组织评测活动")
    campaigns = campaigns_visible_to(request.user)
    if request.method == "POST":
        baseline = campaigns.filter(pk=request.POST.get("baseline") or 0).first()
        deadline = (
            dt.date.fromisoformat(request.POST["deadline"])
            if request.POST.get("deadline")
            else None
        )
        try:
            firms = _chosen_firms(request, baseline)
            campaign = services.create_campaign(
                user=request.user, name=request.POST.get("name", ""), round_label=request.POST.get("round_label", ""),
                baseline=baseline, deadline=deadline, enterprises=firms,
            )  # fmt: skip
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已创建评测活动，分派 {len(firms)} 家企业")
            return redirect("digital:campaign", pk=campaign.pk)
    return render(request, "digital/campaigns.html", {"campaigns": campaigns})


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
