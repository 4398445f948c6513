"""The rules engine's errors."""

from __future__ import annotations

from littlegiant.errors import LittleGiantError

__all__ = ["PackLoadError", "ParameterError", "UnknownProgrammeError"]


class PackLoadError(LittleGiantError):
    """A pack file is malformed; the message reads ``file:line: message``."""


class ParameterError(LittleGiantError):
    """A parameter has no value in force at the evaluation's as-of date."""


class UnknownProgrammeError(LittleGiantError):
    """No pack exists for the asked programme, version or date."""
