"""The enterprise list's filters, sorting and page sizes, shared by the list page and the export.

``filtered_enterprises(request)`` returns the user's visible enterprises narrowed by the
querystring (``q``: several words, each a part of the name, of the USCC, of the name's pinyin or its
initials; ``region``, ``section``, ``size``, ``title``) and sorted (``sort``, names by pinyin); the Excel
export calls it with the same querystring so that it exports exactly what the list shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone

from littlegiant.records.tables import TITLE_KINDS
from littlegiant.web.accounts.permissions import enterprises_visible_to
from littlegiant.web.enterprises.models import Enterprise, SizeClass, Title, YearlyFigure
from littlegiant.web.enterprises.names import region_options
from littlegiant.web.enterprises.search_keys import search_words

__all__ = [
    "PAGE_SIZES",
    "SORTS",
    "ListFilters",
    "filtered_enterprises",
    "region_filter_options",
    "valid_titles",
    "with_list_columns",
]

PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25
SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("企业名称（拼音 A→Z）", ("name_pinyin", "name", "pk")),
    "-name": ("企业名称（拼音 Z→A）", ("-name_pinyin", "-name", "-pk")),
    "uscc": ("信用代码", ("uscc",)),
    "region": ("地区代码", ("region_code", "name", "pk")),
    "industry": ("行业代码", ("industry_code", "name", "pk")),
    "-established": ("成立日期（新→旧）", ("-established_on", "name", "pk")),
    "established": ("成立日期（旧→新）", ("established_on", "name", "pk")),
    "-updated": ("最近更新", ("-updated_at", "pk")),
}
NO_SIZE = "none"


@dataclass(frozen=True)
class ListFilters:
    """The list's querystring, read and checked (unknown values fall back to defaults)."""

    q: str = ""
    region: str = ""
    section: str = ""
    size: str = ""
    title: str = ""
    sort: str = "name"
    page_size: int = DEFAULT_PAGE_SIZE

    @classmethod
    def from_request(cls, request: HttpRequest) -> ListFilters:
        """The filters of a GET request."""
        get = request.GET
        size = get.get("size", "")
        title = get.get("title", "")
        try:
            page_size = int(get.get("page_size", DEFAULT_PAGE_SIZE))
        except ValueError:
            page_size = DEFAULT_PAGE_SIZE
        return cls(
            q=get.get("q", "").strip()[:100],
            region="".join(ch for ch in get.get("region", "") if ch.isdigit())[:6],
            section=get.get("section", "").strip().upper()[:1],
            size=size if size in {*SizeClass.values, NO_SIZE} else "",
            title=title if title in dict(TITLE_KINDS) else "",
            sort=get.get("sort", "name") if get.get("sort", "name") in SORTS else "name",
            page_size=page_size if page_size in PAGE_SIZES else DEFAULT_PAGE_SIZE,
        )


def valid_titles(day: dt.date) -> QuerySet[Title]:
    """Titles in force on ``day``."""
    return Title.objects.filter(
        Q(issued_on__isnull=True) | Q(issued_on__lte=day),
        Q(expires_on__isnull=True) | Q(expires_on__gte=day),
    )


def _region_prefix(region: str) -> str:
    """A full code covers its sub-regions (``330100`` → ``3301``); a shorter one is a prefix as typed."""
    prefix = region
    while len(prefix) > 2 and len(region) == 6 and prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix


def _word_matches(word: str) -> Q:
    """One search word: part of the name or of the USCC, or (latin letters) the name's pinyin or its
    initials — ``hzzc`` and ``hangzhou`` both find 杭州中创."""
    match = Q(name__icontains=word) | Q(uscc__icontains=word.upper())
    letters = word.lower()
    if letters.isascii() and letters.isalpha():
        match |= Q(name_pinyin__contains=letters) | Q(name_initials__contains=letters)
    return match


def _apply(
    enterprises: QuerySet[Enterprise], filters: ListFilters, today: dt.date
) -> QuerySet[Enterprise]:
    for word in search_words(filters.q):
        enterprises = enterprises.filter(_word_matches(word))
    if filters.region:
        enterprises = enterprises.filter(region_code__startswith=_region_prefix(filters.region))
    if filters.section:
        enterprises = enterprises.filter(industry_code__startswith=filters.section)
    if filters.size:
        enterprises = enterprises.filter(size_class="" if filters.size == NO_SIZE else filters.size)
    if filters.title:
        held = valid_titles(today).filter(enterprise=OuterRef("pk"), title=filters.title)
        enterprises = enterprises.filter(Exists(held))
    return enterprises


def filtered_enterprises(request: HttpRequest) -> tuple[QuerySet[Enterprise], ListFilters]:
    """The user's visible enterprises narrowed and sorted by the request's querystring."""
    filters = ListFilters.from_request(request)
    enterprises = _apply(enterprises_visible_to(request.user), filters, timezone.localdate())
    return enterprises.order_by(*SORTS[filters.sort][1]), filters


def with_list_columns(enterprises: QuerySet[Enterprise], today: dt.date) -> QuerySet[Enterprise]:
    """Adds what a list row shows with a constant number of queries: the latest year's revenue
    and employees (subqueries) and the titles valid today (one prefetch query)."""
    latest = YearlyFigure.objects.filter(enterprise=OuterRef("pk")).order_by("-fiscal_year")
    return enterprises.annotate(
        latest_year=Subquery(latest.values("fiscal_year")[:1]),
        latest_revenue=Subquery(latest.values("revenue")[:1]),
        latest_employees=Subquery(latest.values("employees")[:1]),
    ).prefetch_related(Prefetch("title_set", queryset=valid_titles(today), to_attr="valid_titles"))


def region_filter_options(user: Any, selected: str) -> list[tuple[str, str]]:
    """Named regions of the user's enterprises and the divisions above them (one query); a code
    typed into the address bar stays selectable."""
    visible = enterprises_visible_to(user).exclude(region_code="").order_by("region_code")
    options = region_options(list(visible.values_list("region_code", flat=True).distinct()[:2000]))
    if selected and selected not in {code for code, _ in options}:
        options.insert(0, (selected, f"{selected}（按代码筛选）"))
    return options
