"""Titles expiring soon or expired, over the enterprises a user may see (the 称号到期 page).

A title kind is awarded again after its 复核 (review): every award is its own row (table ``titles``,
keyed by 称号 and 认定日期). Only the latest award of a kind counts here — an award followed by a later
one was renewed, so its end is history, not a lapse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from littlegiant.web.accounts.permissions import filter_rows_visible_to
from littlegiant.web.enterprises.models import Title

__all__ = ["EXPIRED_WITHIN_DAYS", "EXPIRING_WITHIN_DAYS", "TitleFilters", "titles_to_renew"]

EXPIRING_WITHIN_DAYS = 180
"""Default window ahead: titles ending within this many days are "expiring"."""
EXPIRED_WITHIN_DAYS = 365
"""Default window back: titles that ended within this many days are listed as "expired"."""


@dataclass(frozen=True, slots=True)
class TitleFilters:
    """What the page narrows the list by."""

    state: str = ""  # "expiring", "expired" or "" (both)
    title: str = ""  # a title kind, or "" (all)
    within_days: int = EXPIRING_WITHIN_DAYS
    expired_days: int = EXPIRED_WITHIN_DAYS


def titles_to_renew(user: Any, today: dt.date, filters: TitleFilters) -> QuerySet[Title]:
    """The latest award of each title kind of the user's enterprises that ends within
    ``within_days`` from ``today`` or ended within ``expired_days`` before it, soonest end first."""
    later = Title.objects.filter(
        enterprise=OuterRef("enterprise"),
        title=OuterRef("title"),
        issued_on__gt=OuterRef("issued_on"),
    )
    rows = filter_rows_visible_to(user, Title.objects.all()).exclude(Exists(later))
    ahead = today + dt.timedelta(days=filters.within_days)
    back = today - dt.timedelta(days=filters.expired_days)
    if filters.state == "expiring":
        rows = rows.filter(expires_on__gte=today, expires_on__lte=ahead)
    elif filters.state == "expired":
        rows = rows.filter(expires_on__lt=today, expires_on__gte=back)
    else:
        rows = rows.filter(expires_on__gte=back, expires_on__lte=ahead)
    if filters.title:
        rows = rows.filter(title=filters.title)
    return rows.select_related("enterprise").order_by("expires_on", "enterprise__name", "pk")
