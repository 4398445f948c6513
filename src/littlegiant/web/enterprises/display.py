"""How archive values are shown on pages: units, 是/否, choice labels, dates as YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt
from typing import Any

from littlegiant.records.fields import Field, FieldKind
from littlegiant.records.labels import yes_no

__all__ = ["INDUSTRY_SECTIONS", "display_value"]

INDUSTRY_SECTIONS: tuple[tuple[str, str], ...] = (
    ("A", "农、林、牧、渔业"),
    ("B", "采矿业"),
    ("C", "制造业"),
    ("D", "电力、热力、燃气及水生产和供应业"),
    ("E", "建筑业"),
    ("F", "批发和零售业"),
    ("G", "交通运输、仓储和邮政业"),
    ("H", "住宿和餐饮业"),
    ("I", "信息传输、软件和信息技术服务业"),
    ("J", "金融业"),
    ("K", "房地产业"),
    ("L", "租赁和商务服务业"),
    ("M", "科学研究和技术服务业"),
    ("N", "水利、环境和公共设施管理业"),
    ("O", "居民服务、修理和其他服务业"),
    ("P", "教育"),
    ("Q", "卫生和社会工作"),
    ("R", "文化、体育和娱乐业"),
    ("S", "公共管理、社会保障和社会组织"),
    ("T", "国际组织"),
)
"""GB/T 4754-2017 门类 (sections)."""


def _number(value: float | int, field: Field | None) -> str:
    if field is not None and field.unit == "年" and float(value).is_integer():
        return str(int(value))  # a year (2023) or a count of years, never "2,023"
    if isinstance(value, int) or (field is not None and field.kind is FieldKind.INTEGER):
        return f"{int(value):,}"
    if field is not None and field.unit == "万元":
        return f"{value:,.2f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def display_value(value: Any, field: Field | None = None, *, with_unit: bool = False) -> str:
    """A value as a page shows it; ``None`` and blanks are an em dash (missing, not zero)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    choices = dict(field.choices) if field is not None else {}
    if isinstance(value, list):
        return "、".join(choices.get(item, str(item)) for item in value)
    if isinstance(value, str):
        return choices.get(value, value)
    text = _number(value, field)
    unit = field.unit if field is not None else ""
    if field is not None and field.kind is FieldKind.PERCENT:
        return f"{text}%"
    return f"{text} {unit}" if with_unit and unit else text
