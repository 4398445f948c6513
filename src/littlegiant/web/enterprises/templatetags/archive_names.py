"""Template filters showing names for codes: ``{{ enterprise.region_code|region_name }}``."""

from __future__ import annotations

from django import template

from littlegiant.records.number_format import format_money
from littlegiant.web.enterprises import names

register = template.Library()

register.filter("region_name", names.region_name)
register.filter("region_short", names.region_short)
register.filter("region_label", names.region_label)
register.filter("industry_name", names.industry_name)
register.filter("industry_label", names.industry_label)


@register.filter
def money(value: float | None) -> str:
    """An amount in 万元 with thousands separators and two decimals (``—`` when missing)."""
    return "—" if value is None else format_money(value)


@register.filter
def table_sheet(table_id: str) -> str:
    """An archive table's Chinese name (its template sheet, 企业基本信息 for ``enterprise``)."""
    from littlegiant.records.tables import TABLES_BY_ID

    table = TABLES_BY_ID.get(table_id)
    return table.sheet if table is not None else table_id
