"""What a field of the enterprise record is: its id, Chinese label, unit, kind and bounds.

The record's fields themselves are listed in :mod:`littlegiant.records.fields` (the flat record)
and :mod:`littlegiant.records.questionnaires` (questionnaire answers); both build on this type.

Examples:
    >>> Field("revenue", "营业收入", FieldKind.NUMBER, unit="万元").label_with_unit()
    '营业收入（万元）'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Field", "FieldKind"]


class FieldKind(StrEnum):
    """How a field's value is read and stored."""

    TEXT = "text"
    CODE = "code"  # a coded string checked against a table (USCC, GB/T 2260, GB/T 4754)
    INTEGER = "integer"
    NUMBER = "number"  # float64; money in 万元, years, scores
    PERCENT = "percent"  # a percentage as a number times 100 (12.5 = 12.5%)
    BOOLEAN = "boolean"
    DATE = "date"
    CHOICE = "choice"  # one of ``choices``
    CHOICES = "choices"  # a set of ``choices``


@dataclass(frozen=True, slots=True)
class Field:
    """One field of the enterprise record."""

    id: str
    label: str
    kind: FieldKind
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[tuple[str, str], ...] = ()
    yearly: bool = False
    description: str = ""

    @property
    def choice_ids(self) -> tuple[str, ...]:
        """The ids of the allowed choices, in order."""
        return tuple(choice_id for choice_id, _ in self.choices)

    def label_with_unit(self) -> str:
        """The label with its unit in brackets, as Excel headers and tables show it."""
        return f"{self.label}（{self.unit}）" if self.unit else self.label
