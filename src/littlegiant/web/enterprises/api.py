"""The archive's REST endpoints: the enterprises a user may see, one enterprise with its years."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from littlegiant.web.accounts.permissions import enterprises_visible_to, get_enterprise_for
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.inputs import Pagination

__all__ = ["router"]

router = Router(tags=["企业档案"])


class EnterpriseOut(Schema):
    """An enterprise's identity and classification."""

    uscc: str
    name: str
    region_code: str
    industry_code: str
    established_on: dt.date | None
    size_class: str


class YearlyOut(Schema):
    """The figures of one fiscal year (money in 万元, persons in 人)."""

    fiscal_year: int
    employees: int | None
    revenue: float | None
    main_revenue: float | None
    total_assets: float | None
    total_liabilities: float | None
    net_profit: float | None
    rd_expense: float | None
    rd_staff: int | None
    tech_staff: int | None
    equity_financing: float | None
    total_cost: float | None
    high_tech_revenue: float | None


class EnterpriseDetailOut(EnterpriseOut):
    """An enterprise with its facts and its yearly figures, newest year first."""

    niche_years: float | None
    main_product_field: list[str] | None
    market_share: float | None
    domestic_market_rank: int | None
    digital_level: int | None
    rd_institution_level: str | None
    yearly: list[YearlyOut]


@router.get("", response=list[EnterpriseOut])
@paginate(Pagination)
def list_enterprises(request: HttpRequest, q: str = "") -> object:
    """The enterprises the current user may see, by name; ``q`` filters by name or USCC."""
    enterprises = enterprises_visible_to(request.user).order_by("name", "pk")
    if q:
        enterprises = enterprises.filter(name__icontains=q) | enterprises.filter(
            uscc__icontains=q.upper()
        )
    return enterprises


@router.get("/{uscc}", response=EnterpriseDetailOut)
def get_enterprise(request: HttpRequest, uscc: str) -> dict[str, object]:
    """One enterprise by USCC with its yearly figures (404 when missing or out of scope)."""
    enterprise: Enterprise = get_enterprise_for(request.user, uscc)
    data = {
        field: getattr(enterprise, field)
        for field in EnterpriseDetailOut.model_fields
        if field != "yearly"
    }
    data["yearly"] = list(enterprise.yearlyfigure_set.order_by("-fiscal_year"))
    return data
