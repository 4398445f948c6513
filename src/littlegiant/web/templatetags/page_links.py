"""``{% pagination page %}``: the one pager of every list — page numbers (elided around the current
page), 上一页/下一页, and the list's other query parameters kept.

Usage: ``{% load page_links %}{% pagination page querystring "#target" %}`` — ``querystring`` is the
current query without the page parameter; a target makes the links htmx partial updates of that element.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page

__all__ = ["pagination"]

register = template.Library()


@register.inclusion_tag("_pagination.html")
def pagination(
    page: Page, querystring: str = "", target: str = "", param: str = "page"
) -> dict[str, Any]:
    """The pager's context: links for page numbers, with ``None`` for a gap (…); ``param`` names the
    page parameter when one page holds two lists."""
    prefix = f"?{querystring}&{param}=" if querystring else f"?{param}="
    numbers = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return {
        "page": page,
        "prefix": prefix.replace("&&", "&"),
        "target": target,
        "numbers": [n if isinstance(n, int) else None for n in numbers],
    }
