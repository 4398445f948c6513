"""Path converters of the platform's URLs.

``<pk:name>`` is a database id: 1 to 18 ASCII digits, below 2^63. Django's ``<int:…>`` accepts any
number of digits, and ``/digital/campaigns/99999999999999999999/`` reached the database, whose
integers stop at 2^63 - 1, and failed with a server error; a longer number is now simply no page (404).
"""

from __future__ import annotations

from django.urls import register_converter

__all__ = ["PrimaryKeyConverter", "register"]

_MAX = 2**63 - 1


class PrimaryKeyConverter:
    """A positive database id of at most 18 digits."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        """The id as an int (never above the database's largest integer)."""
        number = int(value)
        if number > _MAX:
            raise ValueError(value)  # Django treats it as "no match": 404
        return number

    def to_url(self, value: int | str) -> str:
        """The id as URL text."""
        return str(int(value))


def register() -> None:
    """Make ``<pk:…>`` available to every URL module (called by the root URLconf, once)."""
    register_converter(PrimaryKeyConverter, "pk")
