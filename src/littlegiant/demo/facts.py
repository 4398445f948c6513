"""Facts as of the evaluation date: niche years, IP counts, R&D institution, market position, scores.

Every draw leans on the firm's tier and figures, so the facts agree with the titles it holds:
a 小巨人 has years in its niche, several Ⅰ类 patents, a provincial R&D centre and a market share
of 10 % or more; a noodle shop has none of that.
"""

from __future__ import annotations

import math
import random
from datetime import date

from littlegiant.demo.model import Firm

__all__ = ["draw_facts", "full_years"]

_INSTITUTIONS = ("national", "provincial", "municipal", "below", "none")
_INSTITUTION_WEIGHTS = (
    (0.0, 0.0, 0.02, 0.1, 0.88),
    (0.0, 0.03, 0.2, 0.3, 0.47),
    (0.02, 0.25, 0.45, 0.2, 0.08),
    (0.12, 0.6, 0.28, 0.0, 0.0),
)


def full_years(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end`` (a birthday-style count)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _niche_years(rng: random.Random, firm: Firm, as_of: date) -> float:
    age = max(0, full_years(firm.established_on, date(as_of.year - 1, 12, 31)))
    floor = (0, 1, 3, 4)[firm.tier]
    years = max(min(floor, age), age - rng.choice((0, 0, 0, 1, 2, 3, 5)))
    return float(years)


def _ip_counts(rng: random.Random, firm: Firm) -> dict[str, object]:
    tier, tech = firm.tier, firm.industry.tech
    median = (0.15, 1.5, 5.0, 14.0)[tier] * (0.4 + tech)
    class1 = (
        round(median * math.exp(rng.gauss(0.0, 0.8)))
        if rng.random() < 0.3 + 0.7 * min(1.0, median)
        else 0
    )
    class1 = max(class1, (0, 0, 1, 5)[tier])
    self_developed = round(class1 * rng.uniform(0.6, 1.0))
    high_value = round(class1 * rng.uniform(0.0, (0.05, 0.1, 0.15, 0.3)[tier]))
    software = firm.industry.group in {"software", "information_transmission"}
    class2 = round(
        (4.0 if software else 1.0) * (1 + 2 * tier) * tech * math.exp(rng.gauss(0.0, 0.9))
    )
    if tier == 0 and rng.random() < 0.05:
        return dict.fromkeys(
            (
                "ip_class1_count",
                "ip_class1_self_developed_count",
                "ip_class1_high_value_count",
                "ip_class2_count",
            )
        )
    return {
        "ip_class1_count": class1,
        "ip_class1_self_developed_count": self_developed,
        "ip_class1_high_value_count": high_value,
        "ip_class2_count": class2,
    }


def _main_product_field(rng: random.Random, firm: Firm) -> list[str] | None:
    tier, industry = firm.tier, firm.industry
    if tier == 0 and rng.random() < 0.4:
        return None
    fields: list[str] = []
    if industry.tech >= 0.6 and rng.random() < 0.5 + 0.15 * tier:
        fields.append("strategic_emerging")
    if industry.manufacturing and rng.random() < 0.15 + 0.2 * tier:
        fields.append("six_foundations")
    if tier >= 2 and rng.random() < 0.3 * tier:
        fields.append("key_chain_link")
    if industry.manufacturing and tier >= 2 and rng.random() < 0.4:
        fields.append("ten_key_industries")
    return fields or ["other"]


def _market(rng: random.Random, tier: int) -> tuple[float | None, int | None]:
    if tier == 3:
        return round(rng.uniform(10.5, 38.0), 1), rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8))
    if tier == 2:
        return round(rng.uniform(1.5, 16.0), 1), rng.randint(2, 40)
    if tier == 1 and rng.random() < 0.2:
        return round(rng.uniform(0.1, 6.0), 1), None
    return None, None


def _scores(rng: random.Random, tier: int) -> dict[str, object]:
    score: float | None = None
    if tier >= 2:
        score = min(97.0, max(62.0 if tier == 3 else 50.5, rng.gauss(69.0 + 4 * (tier - 2), 7.0)))
    elif tier == 1 or rng.random() < 0.08:
        score = min(80.0, max(20.0, rng.gauss(50.0 if tier else 38.0, 10.0)))
    local = round(rng.uniform(5.0, 15.0), 1) if tier >= 2 else None
    digital = (None, rng.choice((1, 2, 2, 3)), rng.choice((2, 3, 3)), rng.choice((2, 3, 3, 4)))[
        tier
    ]
    if tier == 0 and rng.random() < 0.35:
        digital = rng.choice((1, 1, 2))
    return {
        "development_score": None if score is None else round(score, 1),
        "local_feature_score": local,
        "digital_level": digital,
    }


def _review_facts(
    rng: random.Random, firm: Firm, share: float | None, rank: int | None
) -> dict[str, object]:
    """Facts newer record versions ask for: manual-review outcomes and rarer honours."""
    tier = firm.tier
    leading = None if tier < 2 else bool((share or 0) >= 5 or (rank or 99) <= 10)
    return {
        "market_position_leading": leading,
        "critical_field_relaxation": tier >= 2 and rng.random() < 0.1,
        "development_score_previous": None,
        "retest": False,
        "strategic_cluster": tier >= 1 and firm.industry.tech >= 0.6 and rng.random() < 0.3,
        "first_set_product": firm.industry.manufacturing and tier >= 2 and rng.random() < 0.1,
        "tech_innovation_demo_enterprise": tier == 3 and rng.random() < 0.05,
        "ip_advantage_enterprise": tier >= 2 and rng.random() < 0.12,
        "restricted_industry": False if rng.random() > 0.01 else None,
    }


def draw_facts(rng: random.Random, firm: Firm, as_of: date) -> None:
    """Fill ``firm.facts`` with the enterprise facts and the IP counts."""
    tier = firm.tier
    share, rank = _market(rng, tier)
    firm.facts = {
        "niche_years": _niche_years(rng, firm, as_of),
        "main_product_field": _main_product_field(rng, firm),
        "market_share": share,
        "domestic_market_rank": rank,
        "core_business_info_system": True if tier >= 2 else rng.random() < 0.3 + 0.2 * tier,
        "own_brand": rng.random() < (0.35, 0.6, 0.95, 1.0)[tier],
        "rd_institution_level": rng.choices(_INSTITUTIONS, _INSTITUTION_WEIGHTS[tier])[0],
        "major_violation": tier == 0 and rng.random() < 0.006,
        **_scores(rng, tier),
        **_ip_counts(rng, firm),
        **_review_facts(rng, firm, share, rank),
    }
    score = firm.facts["development_score"]
    if tier >= 2 and isinstance(score, float):
        firm.facts["development_score_previous"] = round(
            min(100.0, max(0.0, score + rng.gauss(-2.0, 4.0))), 1
        )
