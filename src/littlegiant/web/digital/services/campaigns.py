"""Officials' assessment rounds: start one and assign its questionnaire to firms of their scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from littlegiant.web.accounts.permissions import enterprises_visible_to, is_bureau
from littlegiant.web.audit.services import record
from littlegiant.web.digital.models import AssessmentStatus, Campaign, DigitalAssessment
from littlegiant.web.digital.queries.campaigns import campaigns_visible_to
from littlegiant.web.enterprises.models import Enterprise

__all__ = ["assign_enterprises", "create_campaign"]


@transaction.atomic
def create_campaign(
    *, user: Any, name: str, round_label: str = "", baseline: Campaign | None = None,
    deadline: dt.date | None = None, enterprises: Iterable[Enterprise] = (),
) -> Campaign:  # fmt: skip
    """Start an assessment round and assign it to ``enterprises`` (officials and admins only)."""
    if not is_bureau(user):
        raise PermissionDenied("只有主管部门工作人员可以组织评测活动")
    if not name.strip():
        raise PermissionDenied("评测活动名称不能为空")
    campaign = Campaign.objects.create(
        name=name.strip(),
        round_label=round_label.strip(),
        baseline=baseline,
        deadline=deadline,
        created_by=user,
    )
    assign_enterprises(user=user, campaign=campaign, enterprises=enterprises)
    return campaign


@transaction.atomic
def assign_enterprises(*, user: Any, campaign: Campaign, enterprises: Iterable[Enterprise]) -> int:
    """Assign the questionnaire to more firms of the user's scope; returns how many were newly assigned.

    Raises:
        PermissionDenied: ``user`` is not an official or admin, or a firm is out of the user's scope.
        Http404: the campaign is not one the user may see.
    """
    if not is_bureau(user):
        raise PermissionDenied("只有主管部门工作人员可以组织评测活动")
    if not campaigns_visible_to(user).filter(pk=campaign.pk).exists():
        raise Http404("未找到该评测活动，或您无权查看")
    wanted = {enterprise.pk for enterprise in enterprises}
    visible = set(enterprises_visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - visible:
        raise PermissionDenied("所选企业中有不在您管辖范围内的企业")
    have = set(campaign.assessments.values_list("enterprise_id", flat=True))
    new = [DigitalAssessment(enterprise_id=pk, campaign=campaign, status=AssessmentStatus.ASSIGNED)
           for pk in sorted(visible - have)]  # fmt: skip
    DigitalAssessment.objects.bulk_create(new)
    record(  # bulk writes send no per-row signal: one audit record for them
        "write",
        user=user,
        object_type="digital.Campaign",
        object_id=campaign.pk,
        detail={"action": "assign_enterprises", "created": len(new)},
    )
    return len(new)
