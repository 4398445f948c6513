"""Pydantic models of the pack files (strict: unknown keys are errors).

The models validate shape; :mod:`littlegiant.rules.pack` resolves names, types and overlays.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

__all__ = [
    "BandsSpec",
    "CaseOutput",
    "CaseSpec",
    "DatedValue",
    "InForce",
    "Outputs",
    "PackFile",
    "ParameterSpec",
    "RuleSpec",
    "TestCase",
    "TestFile",
]

Scalar = StrictBool | StrictInt | StrictFloat | StrictStr | None
"""An expression written in YAML: text, or a bare number/boolean/null."""

UNITS = ("%", "万元", "人", "年", "分", "件", "名", "级", "项", "")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class InForce(_Strict):
    """The period a pack is in force, inclusive at both ends; ``until`` open if omitted."""

    from_: dt.date = Field(alias="from")
    until: dt.date | None = None


class Outputs(_Strict):
    """Which rules give the verdict's status, score and class."""

    status: StrictStr | None = None
    score: StrictStr | None = None
    class_: StrictStr | None = Field(default=None, alias="class")


class PackFile(_Strict):
    """``pack.yaml``."""

    id: StrictStr = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: StrictStr = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    title: StrictStr
    issuer: StrictStr
    document: StrictStr
    url: StrictStr | None = None
    in_force: InForce
    extends: StrictStr | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*@[A-Za-z0-9_.-]+$")
    region: StrictStr | None = Field(default=None, pattern=r"^[0-9]{2,6}$")
    outputs: Outputs = Outputs()
    notes: StrictStr = ""


ParameterValue = StrictBool | StrictInt | StrictFloat | StrictStr


class DatedValue(_Strict):
    """A dated parameter value with the document that set it (when it differs from the parameter's)."""

    value: ParameterValue
    reference: StrictStr = Field(min_length=1)


class ParameterSpec(_Strict):
    """One entry of ``parameters.yaml``; label/unit may be omitted only when an overlay re-dates a base one."""

    label: StrictStr | None = None
    unit: Literal[UNITS] | None = None  # type: ignore[valid-type]
    reference: StrictStr | None = None
    confidence: Literal["C", "C1", "U"] | None = None
    note: StrictStr | None = None
    values: dict[dt.date, ParameterValue | DatedValue] = Field(min_length=1)


class BandsSpec(_Strict):
    """Points by bands of one value."""

    of: Scalar
    at_least: list[tuple[Scalar, Scalar]] | None = Field(default=None, min_length=1)
    at_most: list[tuple[Scalar, Scalar]] | None = Field(default=None, min_length=1)
    else_: Scalar = Field(alias="else")


class CaseSpec(_Strict):
    """One branch of ``cases``."""

    when: Scalar
    then: Scalar


class RuleSpec(_Strict):
    """One entry of ``rules.yaml``."""

    id: StrictStr = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: StrictStr
    clause: StrictStr
    unit: Literal[UNITS] = ""  # type: ignore[valid-type]
    description: StrictStr = ""
    expr: Scalar = None
    bands: BandsSpec | None = None
    cases: list[CaseSpec] | None = Field(default=None, min_length=1)
    else_: Scalar = Field(default=None, alias="else")
    override: StrictBool = False


class CaseOutput(_Strict):
    """The expected verdict of a pack test case."""

    status: Literal["qualified", "not_qualified", "unknown"]
    score: StrictInt | StrictFloat | None = None
    class_: StrictStr | None = Field(default=None, alias="class")
    rules: dict[StrictStr, StrictBool | StrictInt | StrictFloat | StrictStr | None] = {}


class TestCase(_Strict):
    """One pack test case; with ``base``, ``input`` lists only what differs from that named record."""

    __test__ = False  # not a pytest class

    name: StrictStr = Field(min_length=1)
    as_of: dt.date | None = None
    base: StrictStr | None = None
    input: dict[StrictStr, Any] = {}
    output: CaseOutput


class TestFile(_Strict):
    """A test file written as a mapping: named base ``records`` and the ``cases`` built on them."""

    __test__ = False  # not a pytest class

    records: dict[StrictStr, dict[StrictStr, Any]] = {}
    cases: list[Any] = Field(min_length=1)


def expression_text(value: Any) -> str:
    """A YAML scalar as expression source (``5`` → ``'5'``, ``None`` → ``'null'``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
