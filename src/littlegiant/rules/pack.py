"""A loaded criteria pack: metadata, dated parameters and typed rules (the data, no behaviour).

:mod:`littlegiant.rules.load` reads a pack folder into a :class:`Pack`; :mod:`littlegiant.rules.program`
compiles it for the parameter values in force at a date.

Examples:
    >>> import datetime as dt
    >>> from littlegiant.rules.registry import pack_for
    >>> pack = pack_for("innovative_sme", dt.date(2025, 6, 30))
    >>> pack.key, pack.outputs.status
    ('innovative_sme@2022', 'qualified')
    >>> pack.parameters["pass_mark"].value_at(dt.date(2025, 6, 30))
    60.0
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from littlegiant.records.questionnaires import QUESTIONNAIRE_FIELDS
from littlegiant.rules import ir
from littlegiant.rules.errors import ParameterError
from littlegiant.rules.schema import Outputs

__all__ = ["QUESTIONNAIRE_FIELD_IDS", "Located", "Pack", "Parameter"]

QUESTIONNAIRE_FIELD_IDS = frozenset(field.id for field in QUESTIONNAIRE_FIELDS)


@dataclass(frozen=True, slots=True)
class Parameter:
    """A dated parameter: label, unit, clause reference, confidence, and values by start date.

    ``references`` holds, per dated value, the document that set it ('' = the parameter's ``reference``).
    """

    id: str
    label: str
    unit: str
    reference: str
    confidence: str
    note: str
    dates: tuple[dt.date, ...]
    values: tuple[Any, ...]
    references: tuple[str, ...] = ()

    def _index(self, as_of: dt.date) -> int:
        index = bisect.bisect_right(self.dates, as_of) - 1
        if index < 0:
            raise ParameterError(f"参数 {self.id}（{self.label}）在 {as_of.isoformat()} 尚无生效值")
        return index

    def value_at(self, as_of: dt.date) -> Any:
        """The value in force at ``as_of`` (the latest start date on or before it).

        Raises:
            ParameterError: ``as_of`` is before the parameter's first date.
        """
        return self.values[self._index(as_of)]

    def reference_at(self, as_of: dt.date) -> str:
        """The reference of the value in force at ``as_of`` (its own, else the parameter's).

        Raises:
            ParameterError: ``as_of`` is before the parameter's first date.
        """
        index = self._index(as_of)
        own = self.references[index] if index < len(self.references) else ""
        return own or self.reference


@dataclass(frozen=True, slots=True)
class Located:
    """A validated spec and where it was written (``file:line``)."""

    spec: Any
    source: str
    expr_source: str = ""  # "file:line" of the rule's expr/bands/cases key


@dataclass(eq=False, slots=True, weakref_slot=True)
class Pack:
    """A loaded pack: metadata, dated parameters and rules in evaluation order.

    Immutable once loaded; everything derived for one parameter set lives on
    :class:`littlegiant.rules.program.Program`, never on the pack.
    """

    id: str
    version: str
    title: str
    issuer: str
    document: str
    url: str | None
    in_force_from: dt.date
    in_force_until: dt.date | None
    extends: str | None
    region: str | None
    notes: str
    outputs: Outputs
    parameters: dict[str, Parameter]
    rules: dict[str, ir.Rule]
    path: Path
    sha256: str
    rule_specs: dict[str, Located]
    parameter_specs: dict[str, Located]
    fields: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """``<id>@<version>``."""
        return f"{self.id}@{self.version}"

    @property
    def reads_questionnaire(self) -> bool:
        """Whether the pack scores questionnaire answers (数字化水平评测) rather than the enterprise record."""
        return any(name in QUESTIONNAIRE_FIELD_IDS for name in self.fields)

    def in_force(self, as_of: dt.date) -> bool:
        """Whether the pack is in force at ``as_of``."""
        return self.in_force_from <= as_of and (
            self.in_force_until is None or as_of <= self.in_force_until
        )

    def parameter_values(self, as_of: dt.date) -> dict[str, Any]:
        """Every parameter's value at ``as_of``.

        Raises:
            ParameterError: a parameter has no value at ``as_of``.
        """
        return {pid: parameter.value_at(as_of) for pid, parameter in self.parameters.items()}

    def parameter_dates(self) -> tuple[dt.date, ...]:
        """Every date on which a parameter value starts, in order (where a rendered label may change)."""
        return tuple(sorted({date for p in self.parameters.values() for date in p.dates}))

    def test_files(self) -> list[Path]:
        """The pack's YAML test-case files."""
        return sorted((self.path / "tests").glob("*.yaml"))
