"""Bounded inputs of the API and the pages, checked before any query: pagination and database ids.

``Pagination``: ``limit`` (1-100) and ``offset`` (0-1,000,000,000).

django-ninja's ``LimitOffsetPagination`` accepts any ``offset`` and, unless configured, any ``limit``:
``offset=9223372036854775808`` reached the database and ended in a server error (SQLite and PostgreSQL
integers stop at 2^63 - 1). Out-of-range values are now a 422 with the field named, like every other
invalid parameter. ``DbId`` is the same bound for ids in paths, queries and bodies.

Pages: ``<pk:name>`` in a URL route is a database id of 1 to 18 ASCII digits, below 2^63. Django's
``<int:…>`` accepts any number of digits, and ``/digital/campaigns/99999999999999999999/`` reached the
database and failed with a server error; such a number is now no page (404). Importing this module
registers the converter (the apps' ``urls.py`` import it).
"""

from __future__ import annotations

from typing import Annotated

from django.urls import register_converter
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

__all__ = [
    "MAX_ID",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "DbId",
    "PageQuery",
    "Pagination",
    "PrimaryKeyConverter",
]

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000_000
MAX_ID = 2**63 - 1

DbId = Annotated[int, Field(ge=1, le=MAX_ID, description="数据库编号")]
"""A database id: 1 to 2^63 - 1 (larger numbers are a 422, not a database overflow)."""


class PageQuery(Schema):
    """Which page of a list: at most ``MAX_LIMIT`` items, starting after ``offset`` items."""

    limit: int = Field(MAX_LIMIT, ge=1, le=MAX_LIMIT, description="每页条数（1-100）")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数")


class Pagination(LimitOffsetPagination):
    """``LimitOffsetPagination`` with bounded ``limit`` and ``offset`` (``PageQuery``)."""

    Input = PageQuery  # type: ignore[assignment]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class PrimaryKeyConverter:
    """``<pk:…>``: a positive database id of at most 18 digits (never above ``MAX_ID``)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        """The id as an int; a larger number is no match (404)."""
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int | str) -> str:
        """The id as URL text."""
        return str(int(value))


register_converter(PrimaryKeyConverter, "pk")
