"""Template filters for numbers, one per kind (``littlegiant.records.number_format`` holds the rules).

``{% load number_format %}{{ value|score }} 分 · {{ share|percent }} · {{ n|count }} 户 · {{ amount|money }} 万元``;
a missing value (``None``) shows as ``—``.
"""

from __future__ import annotations

from typing import Any

from django import template

from littlegiant.records import number_format

__all__ = ["count", "money", "percent", "score"]

register = template.Library()


def _shown(value: Any, format_: Any) -> str:
    if value is None or value == "":
        return "—"
    try:
        return str(format_(float(value)))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def money(value: Any) -> str:
    """万元: ``1,500.00``."""
    return _shown(value, number_format.format_money)


@register.filter
def percent(value: Any) -> str:
    """``4.00%`` (12.5 = 12.5 %)."""
    return _shown(value, number_format.format_percent)


@register.filter
def score(value: Any) -> str:
    """Points: ``58.78``, ``60``."""
    return _shown(value, number_format.format_score)


@register.filter
def count(value: Any) -> str:
    """A whole number: ``2,418``."""
    return _shown(value, number_format.format_count)
