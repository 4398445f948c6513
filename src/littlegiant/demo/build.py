"""Build one firm: a random draw from the district's distributions, or an archetype's pinned form."""

from __future__ import annotations

import bisect
import itertools
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from littlegiant.demo import credentials, facts, finances, identity, sizes
from littlegiant.demo.catalogue import (
    INDUSTRIES,
    INDUSTRIES_BY_CODE,
    SIZE_CLASSES,
    SIZE_RULES,
    Industry,
)
from littlegiant.demo.model import YEARS, Firm
from littlegiant.demo.spec import Archetype, Spec

__all__ = ["District", "archetype_firm", "random_firm"]

_MEAN_TECH = sum(i.tech * i.weight for i in INDUSTRIES) / sum(i.weight for i in INDUSTRIES)
_INDUSTRY_CUMULATIVE = list(itertools.accumulate(i.weight for i in INDUSTRIES))
_AGE_MEDIAN = (6.0, 8.0, 11.0, 15.0)
_AGE_MIN = (0.1, 3.2, 4.5, 6.5)
_HIGH_TECH_ODDS = (0.0, 0.11, 0.55, 0.85)
_OPTIONAL_YEARLY = (
    "rd_staff",
    "tech_staff",
    "total_cost",
    "equity_financing",
    "high_tech_revenue",
    "main_revenue",
)


@dataclass(slots=True)
class District:
    """What all firms of one generated district share: dates, regions and the taken identities."""

    as_of: date
    regions: tuple[str, ...]
    region_weights: tuple[float, ...]
    city: str
    province_short: str
    usccs: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    def fiscal_year(self, offset: int) -> int:
        """The fiscal year of offset 0 (y1), 1 (y2) or 2 (y3)."""
        return self.as_of.year - 1 - offset


def _draw_tier(rng: random.Random, industry: Industry) -> int:
    if rng.random() >= min(0.95, 0.47 * industry.tech / _MEAN_TECH):
        return 0
    if rng.random() >= 0.31:
        return 1
    return 3 if rng.random() < 0.2 else 2


def _established(rng: random.Random, district: District, tier: int, min_years: float = 0.0) -> date:
    age = max(
        _AGE_MIN[tier], min_years, min(45.0, _AGE_MEDIAN[tier] * math.exp(rng.gauss(0.0, 0.7)))
    )
    return district.as_of - timedelta(days=round(age * 365.25))


def _name_prefix(rng: random.Random, district: District, firm: Firm) -> str:
    revenue = firm.y1("revenue") or 0.0
    if (
        district.province_short
        and isinstance(revenue, float)
        and revenue >= 10000
        and rng.random() < 0.4
    ):
        return district.province_short
    return district.city


def _identify(rng: random.Random, district: District, firm: Firm) -> None:
    firm.uscc = identity.make_uscc(rng, firm.region_code, firm.established_on.year, district.usccs)
    firm.name = identity.company_name(
        rng, _name_prefix(rng, district, firm), firm.industry.stems, district.names
    )


def _trim_young_years(district: District, firm: Firm) -> None:
    """A firm has no figures for fiscal years that ended before it was established."""
    firm.present = [firm.established_on.year <= district.fiscal_year(k) for k in range(YEARS)]
    for values in firm.yearly.values():
        for k in range(YEARS):
            if not firm.present[k]:
                values[k] = None


def _blank_some_values(rng: random.Random, firm: Firm) -> None:
    """Real archives have holes: a few optional figures are unknown (None, never 0)."""
    for field_id in _OPTIONAL_YEARLY:
        values = firm.yearly[field_id]
        for k in range(YEARS):
            if rng.random() < 0.015:
                values[k] = None


def _draw_credentials(rng: random.Random, district: District, firm: Firm) -> None:
    credentials.draw_awards(rng, firm, district.as_of)
    credentials.draw_certifications(rng, firm, district.as_of)
    credentials.draw_standards(rng, firm, district.as_of)
    credentials.draw_contacts(rng, firm)


def random_firm(rng: random.Random, district: District, index: int) -> Firm:
    """A firm drawn from the district's industry mix, tier pyramid and figure distributions."""
    industry = INDUSTRIES[
        bisect.bisect_right(_INDUSTRY_CUMULATIVE, rng.random() * _INDUSTRY_CUMULATIVE[-1])
    ]
    tier = _draw_tier(rng, industry)
    high_tech = industry.tech >= 0.5 and rng.random() < _HIGH_TECH_ODDS[tier]
    region = rng.choices(district.regions, district.region_weights)[0]
    firm = Firm(index, industry, tier, high_tech, region, _established(rng, district, tier))
    finances.draw_yearly(rng, firm)
    if tier and _size_class(firm) == "large":
        firm.tier, firm.high_tech = 0, False  # titles are for SMEs only
    _trim_young_years(district, firm)
    _blank_some_values(rng, firm)
    _identify(rng, district, firm)
    facts.draw_facts(rng, firm, district.as_of)
    credentials.draw_titles(rng, firm, district.as_of)
    _draw_credentials(rng, district, firm)
    return firm


def _size_class(firm: Firm) -> str | None:
    values = {indicator: firm.y1(indicator) for indicator in SIZE_RULES[firm.industry.group]}
    return sizes.classify(firm.industry.group, values)


def _size_values(rng: random.Random, group: str, mode: str, indicator: str) -> dict[str, float]:
    rules = SIZE_RULES[group]
    if mode in SIZE_CLASSES:
        return {name: sizes.band_value(rng, group, name, mode) for name in rules}
    kind, line = mode.split("_", 1)
    values = {name: float(bounds[SIZE_CLASSES.index(line)]) for name, bounds in rules.items()}
    if kind == "below":
        values[indicator] = round(
            values[indicator] - (1.0 if sizes.is_headcount(indicator) else 0.1), 1
        )
    return values


def _reconcile(firm: Firm) -> None:
    """Keep pinned and drawn figures consistent (subsets within their totals, costs from profit)."""
    y = firm.yearly
    for k in range(YEARS):
        employees, revenue, profit = y["employees"][k], y["revenue"][k], y["net_profit"][k]
        if employees is None or revenue is None:
            continue
        y["rd_staff"][k] = min(int(y["rd_staff"][k] or 0), int(employees))
        y["tech_staff"][k] = min(
            max(int(y["tech_staff"][k] or 0), int(y["rd_staff"][k] or 0)), int(employees)
        )
        for part in ("main_revenue", "high_tech_revenue"):
            if y[part][k] is not None:
                y[part][k] = min(float(y[part][k] or 0.0), float(revenue))
        if profit is not None:
            before_tax = float(profit) / 0.85 if profit > 0 else float(profit)
            y["total_cost"][k] = finances.money(
                max(float(revenue) - before_tax, float(revenue) * 0.3)
            )


def _pinned_figures(rng: random.Random, firm: Firm, spec: Spec) -> None:
    size_values: dict[str, float] = {}
    if spec.size is not None:
        size_values = _size_values(rng, firm.industry.group, *spec.size)
    revenue = spec.yearly.get("revenue", (size_values.get("revenue"),))[0]
    employees = spec.yearly.get("employees", (size_values.get("employees"),))[0]
    finances.draw_yearly(
        rng,
        firm,
        revenue_y1=revenue,
        employees_y1=employees,
        assets_y1=size_values.get("total_assets"),
    )
    for field_id, triple in spec.yearly.items():
        firm.yearly[field_id] = list(triple)
    for field_id in ("employees", "revenue", "total_assets"):
        if field_id in size_values and field_id not in spec.yearly:
            value = size_values[field_id]
            firm.yearly[field_id][0] = int(value) if sizes.is_headcount(field_id) else value
    _reconcile(firm)


def _pinned_credentials(rng: random.Random, district: District, firm: Firm, spec: Spec) -> None:
    as_of = district.as_of
    firm.titles = [credentials.title_row(rng, firm, title, as_of) for title in spec.titles]
    firm.awards = [
        credentials.award_row(rng, firm, kind, as_of.year - years_ago, rank)
        for kind, years_ago, rank in spec.awards
    ]
    credentials.draw_certifications(rng, firm, as_of)
    if spec.certifications is not None:
        held = [row for row in firm.certifications if row["certification"] in spec.certifications]
        names = {
            "quality_management": "ISO 9001:2015 质量管理体系认证",
            "foreign_product": "CE 认证",
            "other_management": "ISO 14001:2015 环境管理体系认证",
        }
        for kind in spec.certifications:
            if not any(row["certification"] == kind for row in held):
                held.append(credentials.certification_row(rng, firm, kind, names[kind], as_of))
        firm.certifications = held
    credentials.draw_standards(rng, firm, as_of)
    credentials.draw_contacts(rng, firm)


def archetype_firm(
    rng: random.Random, district: District, index: int, archetype: Archetype
) -> Firm:
    """The firm an archetype describes, in the main district, with every pinned value exact."""
    spec = archetype.spec
    industry = INDUSTRIES_BY_CODE[spec.industry]
    niche = float(spec.facts.get("niche_years", 0.0))
    established = _established(rng, district, spec.tier, min_years=max(niche + 1.6, 4.5))
    firm = Firm(
        index,
        industry,
        spec.tier,
        "high_tech_enterprise" in spec.titles,
        district.regions[0],
        established,
    )
    firm.archetype = archetype.id
    _pinned_figures(rng, firm, spec)
    _identify(rng, district, firm)
    facts.draw_facts(rng, firm, district.as_of)
    firm.facts.update(spec.facts)
    if spec.size is None:
        firm.facts["major_violation"] = False
    _pinned_credentials(rng, district, firm, spec)
    return firm
