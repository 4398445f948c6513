"""Archetypes on the lines of the cultivation standards (REFERENCE §2, §4), read from ``tier_archetypes.yaml``.

The archetypes are data: named base specs and, per archetype, the base it starts from and what it
overrides (see the file's header). The file is read and checked once, at import: an unknown key,
record field, title, award, certification or industry, a base that does not exist or a duplicate id
fails with :class:`ArchetypeDataError`, naming the archetype.

Examples:
    >>> archetype = next(a for a in TIER_ARCHETYPES if a.id == "innovative_direct_equity_below_500")
    >>> archetype.programme, archetype.expected, archetype.spec.yearly["equity_financing"]
    ('innovative_sme_2022', 'not_met', (299.9, 200.0, 0.0))
    >>> archetype.spec.titles, archetype.spec.certifications
    (('tech_sme',), ('quality_management',))
"""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from littlegiant.demo.catalogue import INDUSTRIES_BY_CODE
from littlegiant.demo.spec import Archetype, Spec, Triple
from littlegiant.errors import LittleGiantError
from littlegiant.records.fields import FACT_FIELDS, YEARLY_FIELDS
from littlegiant.records.tables import AWARD_KINDS, CERTIFICATION_KINDS, TITLE_KINDS

__all__ = ["PROGRAMMES", "TIER_ARCHETYPES", "ArchetypeDataError", "load_tier_archetypes"]

PROGRAMMES = frozenset({
    "innovative_sme_2022", "specialized_sme_2022", "specialized_sme_2026", "little_giant_2022",
    "little_giant_2026", "tech_sme_2017", "single_champion_2023",
})  # fmt: skip
"""The programmes a tier archetype may sit on (``sme_size_2011`` archetypes are built in code)."""

_YEARLY_IDS = frozenset(field.id for field in YEARLY_FIELDS)
_FACT_IDS = frozenset(field.id for field in FACT_FIELDS)
_TITLES = frozenset(kind for kind, _ in TITLE_KINDS)
_AWARDS = frozenset(kind for kind, _ in AWARD_KINDS)
_CERTIFICATIONS = frozenset(kind for kind, _ in CERTIFICATION_KINDS)
Award = tuple[str, int, int]
"""(kind, years before the as-of year, rank)."""


class ArchetypeDataError(LittleGiantError):
    """``tier_archetypes.yaml`` breaks its schema; the message names the archetype or base."""


def _check_known(values: Any, allowed: frozenset[str], what: str) -> None:
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(unknown)}")


class _SpecData(BaseModel):
    """A spec as written: a base to start from and the parts it overrides."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base: str | None = None
    industry: str | None = None
    tier: Literal[0, 1, 2, 3] | None = None
    titles: tuple[str, ...] | None = None
    awards: tuple[Award, ...] | None = None
    certifications: tuple[str, ...] | None = None
    yearly: dict[str, Triple] = {}
    facts: dict[str, Any] = {}

    @field_validator("industry")
    @classmethod
    def _industry(cls, code: str | None) -> str | None:
        if code is not None and code not in INDUSTRIES_BY_CODE:
            raise ValueError(f"industry {code} is not in the demo catalogue")
        return code

    @field_validator("titles")
    @classmethod
    def _titles(cls, titles: tuple[str, ...] | None) -> tuple[str, ...] | None:
        _check_known(titles or (), _TITLES, "titles")
        return titles

    @field_validator("awards")
    @classmethod
    def _awards(cls, awards: tuple[Award, ...] | None) -> tuple[Award, ...] | None:
        _check_known((kind for kind, _, _ in awards or ()), _AWARDS, "awards")
        return awards

    @field_validator("certifications")
    @classmethod
    def _certifications(cls, kinds: tuple[str, ...] | None) -> tuple[str, ...] | None:
        _check_known(kinds or (), _CERTIFICATIONS, "certifications")
        return kinds

    @field_validator("yearly")
    @classmethod
    def _yearly(cls, yearly: dict[str, Triple]) -> dict[str, Triple]:
        _check_known(yearly, _YEARLY_IDS, "yearly fields")
        return yearly

    @field_validator("facts")
    @classmethod
    def _facts(cls, facts: dict[str, Any]) -> dict[str, Any]:
        _check_known(facts, _FACT_IDS, "facts")
        return facts


class _BaseData(_SpecData):
    note: str = ""


class _ArchetypeData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    programme: str
    clause: str
    expected: Literal["met", "not_met"]
    description: str
    spec: _SpecData

    @field_validator("programme")
    @classmethod
    def _programme(cls, programme: str) -> str:
        _check_known((programme,), PROGRAMMES, "programme")
        return programme


class _FileData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bases: dict[str, _BaseData]
    archetypes: list[_ArchetypeData]


def _apply(spec: Spec, data: _SpecData) -> Spec:
    """``spec`` with the parts ``data`` sets: yearly and facts field by field, the rest whole."""
    whole = {name: getattr(data, name) for name in ("industry", "tier", "titles", "awards")}
    changes: dict[str, Any] = {name: value for name, value in whole.items() if value is not None}
    if "certifications" in data.model_fields_set:
        changes["certifications"] = data.certifications
    return replace(
        spec, **changes, yearly={**spec.yearly, **data.yearly}, facts={**spec.facts, **data.facts}
    )


def _resolve(data: _SpecData, bases: dict[str, _BaseData], seen: tuple[str, ...]) -> Spec:
    if data.base is None:
        if data.industry is None:
            raise ValueError("a spec without a base names its industry")
        return _apply(Spec(industry=data.industry), data)
    if data.base not in bases:
        raise ValueError(f"unknown base {data.base}")
    if data.base in seen:
        raise ValueError(f"bases refer to each other: {' → '.join((*seen, data.base))}")
    return _apply(_resolve(bases[data.base], bases, (*seen, data.base)), data)


def _archetype(item: _ArchetypeData, bases: dict[str, _BaseData]) -> Archetype:
    try:
        spec = _resolve(item.spec, bases, ())
    except ValueError as error:
        raise ArchetypeDataError(f"archetype {item.id}: {error}") from None
    return Archetype(item.id, item.programme, item.clause, item.expected, item.description, spec)


def load_tier_archetypes(text: str) -> tuple[Archetype, ...]:
    """The archetypes a ``tier_archetypes.yaml`` text defines, checked.

    Raises:
        ArchetypeDataError: the text breaks the schema (the message names the archetype or base).
    """
    try:
        data = _FileData.model_validate(yaml.safe_load(text))
    except ValidationError as error:
        raise ArchetypeDataError(f"tier_archetypes.yaml: {error}") from None
    for name, base in data.bases.items():
        try:
            _resolve(base, data.bases, (name,))
        except ValueError as error:
            raise ArchetypeDataError(f"base {name}: {error}") from None
    archetypes = tuple(_archetype(item, data.bases) for item in data.archetypes)
    ids = [archetype.id for archetype in archetypes]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ArchetypeDataError(f"duplicate archetype ids: {', '.join(duplicates)}")
    return archetypes


TIER_ARCHETYPES: tuple[Archetype, ...] = load_tier_archetypes(
    resources.files("littlegiant.demo").joinpath("tier_archetypes.yaml").read_text(encoding="utf-8")
)
"""Every tier archetype, in the file's order (the placing priority)."""
