"""Errors of the matching layer."""

from __future__ import annotations

from littlegiant.errors import LittleGiantError

__all__ = ["CatalogImportError", "IndexFormatError", "MatchingError"]


class MatchingError(LittleGiantError):
    """Something the matcher cannot do with the data it was given."""


class IndexFormatError(MatchingError):
    """An index on disk is unreadable or was written by an incompatible version."""


class CatalogImportError(MatchingError):
    """A catalog file row cannot be imported; the message names the row, column and value."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.row = row
        self.column = column
