"""What the enterprise profile page shows: facts with units, the multi-year table, chart series,
titles with expiry warnings and the archive's child tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from littlegiant.records.fields import FIELDS_BY_ID, YEARLY_FIELDS
from littlegiant.records.tables import TABLES_BY_ID
from littlegiant.web.enterprises.display import INDUSTRY_SECTIONS, display_value
from littlegiant.web.enterprises.models import Enterprise, Title, YearlyFigure

__all__ = ["EXPIRY_WARNING_DAYS", "TitleStatus", "chart_series", "facts", "title_statuses", "yearly_table"]

EXPIRY_WARNING_DAYS = 180


@dataclass(frozen=True)
class TitleStatus:
    """A title with its state on a day: ``valid``, ``expiring`` (≤ 180 days left), ``expired``, ``pending``."""

    title: Title
    state: str
    label: str
    days_left: int | None


def title_status(title: Title, today: dt.date) -> TitleStatus:
    """The state of one title on ``today``."""
    if title.issued_on is not None and title.issued_on > today:
        return TitleStatus(title, "pending", "尚未生效", None)
    if title.expires_on is None:
        return TitleStatus(title, "valid", "有效", None)
    days_left = (title.expires_on - today).days
    if days_left < 0:
        return TitleStatus(title, "expired", f"已过期 {-days_left} 天", days_left)
    if days_left <= EXPIRY_WARNING_DAYS:
        return TitleStatus(title, "expiring", f"{days_left} 天后到期", days_left)
    return TitleStatus(title, "valid", "有效", days_left)


def title_statuses(titles: list[Title], today: dt.date) -> list[TitleStatus]:
    """Every title's state, expired and expiring first."""
    order = {"expired": 0, "expiring": 1, "pending": 2, "valid": 3}
    statuses = [title_status(title, today) for title in titles]
    return sorted(statuses, key=lambda status: (order[status.state], status.title.title))


def facts(enterprise: Enterprise) -> list[tuple[str, str]]:
    """The enterprise's identity and facts as (label, displayed value) pairs, units included."""
    sections = dict(INDUSTRY_SECTIONS)
    rows = []
    for column in TABLES_BY_ID["enterprise"].columns:
        value = getattr(enterprise, column.id)
        shown = display_value(value, column, with_unit=True)
        if column.id == "industry_code" and value:
            shown = f"{value}（{sections.get(value[:1], '未知门类')}）"
        rows.append((column.label, shown))
    rows.append(("企业规模", enterprise.get_size_class_display() or "未划型"))
    return rows


def yearly_table(years: list[YearlyFigure]) -> dict[str, Any]:
    """Rows = yearly fields (label with unit) plus R&D intensity; columns = fiscal years, oldest first."""
    ordered = sorted(years, key=lambda row: row.fiscal_year)
    rows = [
        {"label": field.label_with_unit(), "cells": [display_value(getattr(y, field.id), field) for y in ordered]}
        for field in YEARLY_FIELDS
    ]
    intensity = [None if y.rd_intensity is None else round(y.rd_intensity, 2) for y in ordered]
    rows.append({"label": "研发费用占营业收入比重（%）", "cells": [display_value(v) for v in intensity]})
    return {"years": [row.fiscal_year for row in ordered], "rows": rows}


def chart_series(years: list[YearlyFigure]) -> dict[str, Any]:
    """Series for the charts: revenue and R&D expense (万元), R&D intensity (%); None = gap."""
    ordered = sorted(years, key=lambda row: row.fiscal_year)
    return {
        "years": [str(row.fiscal_year) for row in ordered],
        "revenue": [row.revenue for row in ordered],
        "rd_expense": [row.rd_expense for row in ordered],
        "rd_intensity": [None if row.rd_intensity is None else round(row.rd_intensity, 2) for row in ordered],
        "labels": {
            "revenue": FIELDS_BY_ID["revenue"].label,
            "rd_expense": FIELDS_BY_ID["rd_expense"].label,
            "rd_intensity": "研发费用占营业收入比重",
        },
    }
