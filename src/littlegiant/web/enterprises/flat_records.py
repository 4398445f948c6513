"""The flat enterprise record (``littlegiant.records.fields.flat_field_ids``) built from the archive.

``enterprise_record(enterprise, as_of)`` is what the rules engine evaluates:

- identity and per-enterprise facts as stored;
- yearly figures as ``<id>_y1/_y2/_y3`` with ``y1`` = fiscal year ``as_of.year - 1``;
  a missing year or figure is ``None``;
- title booleans (``innovative_sme``, ``tech_sme``, ``specialized_sme``, ``little_giant``,
  ``high_tech_enterprise`` and every other title kind that is a record fact): True when a title of that kind is valid on ``as_of``
  (issued on or before, expiring on or after); False otherwise — the archive is the register;
- award ranks: the best (smallest) rank of the kind within the last three years, i.e. award
  years ``as_of.year - 3`` to ``as_of.year``; ``None`` = no such award;
- ``quality_award_provincial``: any 省级以上质量奖 awarded in a year up to ``as_of.year``;
- ``quality_cert`` / ``foreign_product_cert``: a certificate of that kind valid on ``as_of``;
- ``standards_count``: standards of ``year`` up to ``as_of.year`` (or without a year);
  ``led_standard_setting``: led (主持) an international, national or industry standard in the last 5 years;
- IP counts from the ``ip`` table (``None`` when the enterprise has no IP row);
- facts the archive does not keep yet are ``None`` (unknown), never a guess.

``enterprise_records(queryset, as_of)`` builds many records with a constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

from littlegiant.records.fields import (
    FACT_FIELDS,
    FIELDS_BY_ID,
    IDENTITY_FIELDS,
    YEAR_OFFSETS,
    YEARLY_FIELDS,
)
from littlegiant.records.tables import TITLE_KINDS
from littlegiant.web.enterprises.models import Enterprise

__all__ = ["AWARD_WINDOW_YEARS", "TITLE_FACTS", "enterprise_record", "enterprise_records"]

TITLE_FACTS = tuple(kind for kind, _ in TITLE_KINDS if kind in FIELDS_BY_ID)
"""Title kinds that are record facts (innovative_sme, tech_sme, ..., single_champion when defined)."""
AWARD_WINDOW_YEARS = 3
_AWARD_RANK_FACTS = {
    "national_sci_tech": "national_award_rank",
    "provincial_sci_tech": "provincial_award_rank",
    "makers_china": "makers_china_rank",
}
_IP_FACTS = (
    "ip_class1_count",
    "ip_class1_self_developed_count",
    "ip_class1_high_value_count",
    "ip_class2_count",
)
LED_STANDARD_WINDOW_YEARS = 5  # 科技型 direct condition: 近五年主导制定国际、国家或行业标准
_LED_STANDARD_LEVELS = ("international", "national", "industry")
_PREFETCH = ("yearlyfigure_set", "title_set", "award_set", "certification_set", "standard_set")


def _identity_and_facts(enterprise: Enterprise) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for field in IDENTITY_FIELDS + FACT_FIELDS:
        value = getattr(enterprise, field.id, None)
        record[field.id] = None if value == "" else value
    return record


def _yearly(enterprise: Enterprise, as_of: dt.date) -> dict[str, Any]:
    by_year = {row.fiscal_year: row for row in enterprise.yearlyfigure_set.all()}
    record: dict[str, Any] = {}
    for offset_number, offset in enumerate(YEAR_OFFSETS, start=1):
        row = by_year.get(as_of.year - offset_number)
        for field in YEARLY_FIELDS:
            record[f"{field.id}_{offset}"] = getattr(row, field.id) if row is not None else None
    return record


def _titles(enterprise: Enterprise, as_of: dt.date) -> dict[str, Any]:
    held = {title.title for title in enterprise.title_set.all() if title.is_valid_on(as_of)}
    return {fact: fact in held for fact in TITLE_FACTS}


def _awards(enterprise: Enterprise, as_of: dt.date) -> dict[str, Any]:
    record: dict[str, Any] = dict.fromkeys(_AWARD_RANK_FACTS.values())
    quality = False
    for award in enterprise.award_set.all():
        if award.year > as_of.year:
            continue
        quality = quality or award.award == "quality_award"
        fact = _AWARD_RANK_FACTS.get(award.award)
        if fact is None or award.rank is None or award.year < as_of.year - AWARD_WINDOW_YEARS:
            continue
        best = record[fact]
        record[fact] = award.rank if best is None else min(best, award.rank)
    record["quality_award_provincial"] = quality
    return record


def _certifications(enterprise: Enterprise, as_of: dt.date) -> dict[str, Any]:
    valid = {cert.certification for cert in enterprise.certification_set.all() if cert.is_valid_on(as_of)}
    return {"quality_cert": "quality_management" in valid, "foreign_product_cert": "foreign_product" in valid}


def _ip_and_standards(enterprise: Enterprise, as_of: dt.date) -> dict[str, Any]:
    try:
        ip = enterprise.ip
    except ObjectDoesNotExist:
        ip = None
    record: dict[str, Any] = {fact: getattr(ip, fact) if ip is not None else None for fact in _IP_FACTS}
    standards = [s for s in enterprise.standard_set.all() if s.year is None or s.year <= as_of.year]
    record["standards_count"] = len(standards)
    record["led_standard_setting"] = any(
        s.role == "lead"
        and s.standard_level in _LED_STANDARD_LEVELS
        and s.year is not None
        and as_of.year - LED_STANDARD_WINDOW_YEARS <= s.year
        for s in standards
    )
    return record


def enterprise_record(enterprise: Enterprise, as_of: dt.date) -> dict[str, Any]:
    """The flat record of one enterprise as of a date (keys: ``flat_field_ids()``; see module doc)."""
    record = _identity_and_facts(enterprise)
    record |= _yearly(enterprise, as_of)
    record |= _titles(enterprise, as_of)
    record |= _awards(enterprise, as_of)
    record |= _certifications(enterprise, as_of)
    record |= _ip_and_standards(enterprise, as_of)
    return record


def enterprise_records(
    enterprises: QuerySet[Enterprise] | Iterable[Enterprise], as_of: dt.date
) -> Iterator[dict[str, Any]]:
    """Flat records of many enterprises; a queryset is prefetched (a constant number of queries)."""
    if isinstance(enterprises, QuerySet):
        enterprises = enterprises.select_related("ip").prefetch_related(*_PREFETCH)
    for enterprise in enterprises:
        yield enterprise_record(enterprise, as_of)
