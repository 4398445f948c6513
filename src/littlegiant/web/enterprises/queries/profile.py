"""What the enterprise profile page shows: facts with units, the multi-year table, chart series,
titles with expiry warnings and the archive's child tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from littlegiant.records.fields import FIELDS_BY_ID, YEARLY_FIELDS
from littlegiant.records.personal import PERSONAL_TABLES, mask_value
from littlegiant.records.tables import TABLES_BY_ID
from littlegiant.web.enterprises.display import display_value
from littlegiant.web.enterprises.models import (
    TABLE_MODELS,
    Enterprise,
    IntellectualProperty,
    Title,
    YearlyFigure,
)
from littlegiant.web.enterprises.names import industry_label, region_label

__all__ = [
    "EXPIRY_WARNING_DAYS",
    "ROW_TABLES",
    "ArchiveSection",
    "SectionRow",
    "TitleStatus",
    "archive_section",
    "chart_series",
    "facts",
    "ip_facts",
    "key_figures",
    "title_statuses",
    "yearly_table",
]

ROW_TABLES = ("titles", "awards", "certifications", "standards", "contacts")
"""Child tables shown as one row per record, each editable inline on the profile."""

_EMPTY_TEXT = {
    "titles": "暂无称号记录。",
    "awards": "暂无奖项记录。",
    "certifications": "暂无认证记录。",
    "standards": "暂无标准记录。",
    "contacts": "暂无联系人。",
}
_NUMERIC_COLUMNS = frozenset({"rank"})
_NOWRAP_COLUMNS = frozenset({"issued_on", "expires_on", "year", "phone", "standard_code"})
_SHORT_HEADERS = {
    "issued_on": "认定/发证日期",
    "certificate_no": "证书/文号",
    "award_name": "奖项名称",
}

EXPIRY_WARNING_DAYS = 180


@dataclass(frozen=True)
class TitleStatus:
    """A title with its state on a day: ``valid``, ``expiring`` (≤ 180 days left), ``expired``,
    ``pending``, or ``renewed`` (a later award of the same title follows it)."""

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


def _renewed(title: Title, titles: list[Title]) -> bool:
    """Whether a later award of the same title kind follows this one (a renewal after 复核)."""
    return title.issued_on is not None and any(
        other.pk != title.pk
        and other.title == title.title
        and other.issued_on is not None
        and other.issued_on > title.issued_on
        for other in titles
    )


def title_statuses(titles: list[Title], today: dt.date) -> list[TitleStatus]:
    """Every title row's state, expired and expiring first; a row followed by a later award of the
    same title (renewed after 复核) is history (``renewed``), listed last, newest first."""
    order = {"expired": 0, "expiring": 1, "pending": 2, "valid": 3, "renewed": 4}
    statuses = []
    for title in titles:
        status = title_status(title, today)
        if status.state in ("expired", "expiring", "valid") and _renewed(title, titles):
            status = TitleStatus(title, "renewed", "已续期（复核后重新认定）", status.days_left)
        statuses.append(status)
    return sorted(
        statuses,
        key=lambda status: (
            order[status.state],
            status.title.title,
            -(status.title.issued_on or dt.date.min).toordinal(),
        ),
    )


def facts(enterprise: Enterprise, only: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """The enterprise's identity and facts as (label, displayed value) pairs, units included.

    ``only``: the column ids to show (a provider's basic consent scope); all when None.
    """
    shown_by: dict[str, Any] = {"region_code": region_label, "industry_code": industry_label}
    rows = []
    for column in TABLES_BY_ID["enterprise"].columns:
        if only is not None and column.id not in only:
            continue
        value = getattr(enterprise, column.id)
        show = shown_by.get(column.id)
        shown = show(value) if show is not None else display_value(value, column, with_unit=True)
        label = {"region_code": "所在地区", "industry_code": "所属行业"}.get(
            column.id, column.label
        )
        rows.append((label, shown))
    rows.append(("企业规模", enterprise.get_size_class_display() or "未划型"))
    return rows


def yearly_table(years: list[YearlyFigure]) -> dict[str, Any]:
    """Rows = yearly fields (label with unit) plus R&D intensity; columns = fiscal years, oldest first."""
    ordered = sorted(years, key=lambda row: row.fiscal_year)
    rows = [
        {
            "label": field.label_with_unit(),
            "cells": [display_value(getattr(y, field.id), field) for y in ordered],
        }
        for field in YEARLY_FIELDS
    ]
    intensity = [None if y.rd_intensity is None else round(y.rd_intensity, 2) for y in ordered]
    rows.append(
        {"label": "研发费用占营业收入比重（%）", "cells": [display_value(v) for v in intensity]}
    )
    columns = [{"fiscal_year": row.fiscal_year, "pk": row.pk} for row in ordered]
    return {"years": [row.fiscal_year for row in ordered], "columns": columns, "rows": rows}


def chart_series(years: list[YearlyFigure]) -> dict[str, Any]:
    """Series for the charts: revenue and R&D expense (万元), R&D intensity (%); None = gap."""
    ordered = sorted(years, key=lambda row: row.fiscal_year)
    return {
        "years": [str(row.fiscal_year) for row in ordered],
        "revenue": [row.revenue for row in ordered],
        "rd_expense": [row.rd_expense for row in ordered],
        "rd_intensity": [
            None if row.rd_intensity is None else round(row.rd_intensity, 2) for row in ordered
        ],
        "labels": {
            "revenue": FIELDS_BY_ID["revenue"].label,
            "rd_expense": FIELDS_BY_ID["rd_expense"].label,
            "rd_intensity": "研发费用占营业收入比重",
        },
    }


_IP_COLUMNS = tuple(column for column in TABLES_BY_ID["ip"].columns if column.id != "uscc")


def ip_facts(enterprise: Enterprise) -> list[tuple[str, str]] | None:
    """The IP counts as (label, value with unit), or None when the enterprise never filled them."""
    ip = IntellectualProperty.objects.filter(enterprise=enterprise).first()
    if ip is None:
        return None
    return [
        (column.label, display_value(getattr(ip, column.id), column, with_unit=True))
        for column in _IP_COLUMNS
    ]


def key_figures(years: list[YearlyFigure]) -> list[tuple[str, str, str]]:
    """The latest fiscal year's headline figures as (label, value, unit) for the profile's header cards."""
    if not years:
        return []
    latest = max(years, key=lambda row: row.fiscal_year)
    intensity = latest.rd_intensity
    figures = [
        (
            f"{latest.fiscal_year} 年营业收入",
            display_value(latest.revenue, FIELDS_BY_ID["revenue"]),
            "万元",
        ),
        ("研发费用占比", display_value(None if intensity is None else round(intensity, 2)), "%"),
        ("从业人员", display_value(latest.employees, FIELDS_BY_ID["employees"]), "人"),
        ("净利润", display_value(latest.net_profit, FIELDS_BY_ID["net_profit"]), "万元"),
    ]
    return [(label, value, unit if value != "—" else "") for label, value, unit in figures]


@dataclass(frozen=True)
class SectionRow:
    """One stored row of a child table: its primary key and the cells as shown."""

    pk: int
    cells: list[tuple[str, str]]  # (shown value, CSS class: "num", "nowrap" or "")
    state: str = ""
    state_label: str = ""


@dataclass(frozen=True)
class ArchiveSection:
    """A child table of the archive as the profile shows it (headers, rows, empty-state text)."""

    table_id: str
    heading: str
    headers: list[tuple[str, str]]  # (label with unit, CSS class)
    rows: list[SectionRow]
    empty_text: str
    with_state: bool = False


def _cell_class(column_id: str) -> str:
    return (
        "num" if column_id in _NUMERIC_COLUMNS else "nowrap" if column_id in _NOWRAP_COLUMNS else ""
    )


def _cells(table_id: str, obj: Any, *, masked: bool = False) -> list[tuple[str, str]]:
    columns = [column for column in TABLES_BY_ID[table_id].columns if column.id != "uscc"]
    cells = []
    for column in columns:
        value = getattr(obj, column.id)
        if masked and table_id in PERSONAL_TABLES:
            value = mask_value(column.id, value)
        shown = (
            "长期" if column.id == "expires_on" and value is None else display_value(value, column)
        )
        cells.append((shown, _cell_class(column.id)))
    return cells


def archive_section(
    table_id: str, enterprise: Enterprise, today: dt.date, *, masked: bool = False
) -> ArchiveSection:
    """One child table of the enterprise (titles come with their state on ``today``).

    ``masked``: the viewer may not see personal information (``permissions.sees_personal_info``), so
    the contacts' phone numbers and e-mails are shown masked (``records.personal``).
    """
    table = TABLES_BY_ID[table_id]
    headers = [
        (
            _SHORT_HEADERS.get(column.id)
            or (column.label_with_unit() if column.unit != "年" else column.label),
            _cell_class(column.id),
        )
        for column in table.columns
        if column.id != "uscc"
    ]
    if table_id == "titles":
        statuses = title_statuses(list(enterprise.title_set.all()), today)
        rows = [
            SectionRow(status.title.pk, _cells(table_id, status.title), status.state, status.label)
            for status in statuses
        ]
        return ArchiveSection(
            table_id, table.sheet, headers, rows, _EMPTY_TEXT[table_id], with_state=True
        )
    stored = TABLE_MODELS[table_id]._default_manager.filter(enterprise=enterprise)
    rows = [SectionRow(obj.pk, _cells(table_id, obj, masked=masked)) for obj in stored]
    return ArchiveSection(table_id, table.sheet, headers, rows, _EMPTY_TEXT[table_id])
