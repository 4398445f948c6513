"""Assessments test data: flat records with known verdicts and the archive rows that produce them.

``AS_OF`` is the evaluation date of the fixtures: 2026-06-30, when both the 2022 and the 2026
specialized_sme packs have parameters, so a 2022 → 2026 run compares them on the same records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from stdnum.cn import uscc as stdnum_uscc

from littlegiant.records.fields import YEAR_OFFSETS, YEARLY_FIELDS

AS_OF = dt.date(2026, 6, 30)
_FACTS = (
    "niche_years",
    "main_product_field",
    "market_share",
    "domestic_market_rank",
    "digital_level",
    "core_business_info_system",
    "own_brand",
    "rd_institution_level",
    "development_score",
    "local_feature_score",
    "major_violation",
    "market_position_leading",
    "development_score_previous",
)
_TITLES = ("tech_sme", "innovative_sme", "specialized_sme", "little_giant", "high_tech_enterprise")
_IP = (
    "ip_class1_count",
    "ip_class1_self_developed_count",
    "ip_class1_high_value_count",
    "ip_class2_count",
)

BASE = {
    "industry_code": "C4014",
    "employees_y1": 85,
    "employees_y2": 80,
    "revenue_y1": 3000,
    "revenue_y2": 2600,
    "revenue_y3": 2300,
    "main_revenue_y1": 2700,
    "main_revenue_y2": 2300,
    "main_revenue_y3": 2000,
    "total_assets_y1": 5000,
    "total_liabilities_y1": 2500,
    "net_profit_y1": 240,
    "rd_expense_y1": 210,
    "rd_expense_y2": 182,
    "rd_staff_y1": 20,
    "tech_staff_y1": 28,
    "equity_financing_y1": 0,
    "equity_financing_y2": 0,
    "niche_years": 6,
    "main_product_field": ["strategic_emerging"],
    "ip_class1_count": 2,
    "ip_class1_self_developed_count": 2,
    "ip_class1_high_value_count": 0,
    "ip_class2_count": 3,
    "rd_institution_level": "municipal",
    "tech_sme": True,
    "development_score": 62,
    "major_violation": False,
    "local_feature_score": 10,
    "digital_level": 3,
    "own_brand": True,
}
"""An optical-inspection maker (the 2026 specialized_sme pack's base test case, plus 2022 inputs)."""


def usc(number: int, region: str = "330106") -> str:
    """A valid USCC for a test number."""
    body = f"91{region}MA{number:07d}"[:17]
    return body + stdnum_uscc.calc_check_digit(body)


def archive_tables(
    records: list[dict[str, Any]], as_of: dt.date = AS_OF
) -> dict[str, list[dict[str, Any]]]:
    """Archive rows (the import's tables) whose flat records at ``as_of`` are ``records``."""
    tables: dict[str, list[dict[str, Any]]] = {
        "enterprise": [],
        "yearly": [],
        "titles": [],
        "ip": [],
        "awards": [],
    }
    for record in records:
        uscc = record["uscc"]
        tables["enterprise"].append(
            {
                "uscc": uscc,
                "name": record["name"],
                "region_code": record["region_code"],
                "industry_code": record.get("industry_code"),
                **{f: record[f] for f in _FACTS if f in record},
            }
        )
        for number, offset in enumerate(YEAR_OFFSETS, start=1):
            row = {
                f.id: record[f"{f.id}_{offset}"]
                for f in YEARLY_FIELDS
                if f"{f.id}_{offset}" in record
            }
            if row:
                tables["yearly"].append({"uscc": uscc, "fiscal_year": as_of.year - number, **row})
        for title in _TITLES:
            if record.get(title):
                tables["titles"].append(
                    {
                        "uscc": uscc,
                        "title": title,
                        "issued_on": dt.date(2024, 1, 1),
                        "expires_on": dt.date(2027, 12, 31),
                    }
                )
        if any(f in record for f in _IP):
            tables["ip"].append({"uscc": uscc, **{f: record.get(f) for f in _IP}})
        if record.get("provincial_award_rank"):
            tables["awards"].append(
                {
                    "uscc": uscc,
                    "award": "provincial_sci_tech",
                    "year": as_of.year - 1,
                    "rank": record["provincial_award_rank"],
                }
            )
    return tables


def firm(number: int, name: str, region: str = "330106", **changes: Any) -> dict[str, Any]:
    """The base record with a USCC, a name, a region and ``changes``."""
    return {**BASE, "uscc": usc(number, region), "name": name, "region_code": region, **changes}
