"""Three fiscal years of figures for a firm, drawn from its industry and cultivation tier.

Revenue and headcount are log-normal by industry; growth, main-business share, debt ratio,
margin and R&D intensity shift with the tier, so a 小巨人 looks like one (R&D intensity meets
its revenue band, growth and debt within the lines) and a 高新技术企业 meets the 高企 ratios.
Money is 万元 rounded to 0.1; headcounts are integers.
"""

from __future__ import annotations

import math
import random

from littlegiant.demo.model import YEARS, Firm, Value

__all__ = ["draw_yearly", "high_tech_rd_floor", "little_giant_rd_floor", "money"]

_TIER_REVENUE = (0.8, 1.4, 3.5, 9.0)  # multiplier on the industry median
_TIER_REVENUE_FLOOR = (0.0, 30.0, 1300.0, 6000.0)
_TIER_GROWTH = ((0.04, 0.18), (0.08, 0.15), (0.11, 0.10), (0.13, 0.06))  # mean, sd
_TIER_RD = (0.5, 1.1, 1.4, 1.5)


def money(value: float) -> float:
    """A 万元 amount rounded to one decimal, never negative zero."""
    return round(value, 1) + 0.0


def high_tech_rd_floor(revenue: float) -> float:
    """The 高企 R&D intensity line (%) for a year's sales revenue (国科发火 2016 32号)."""
    if revenue <= 5000:
        return 5.0
    return 4.0 if revenue <= 20000 else 3.0


def little_giant_rd_floor(revenue: float) -> float:
    """The 63号 小巨人 R&D intensity line (%) for the revenue band (≥1亿 3%, ≥5000万 6%)."""
    return 3.0 if revenue >= 10000 else 6.0


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0.0, sigma))


def _revenues(
    rng: random.Random, firm: Firm, revenue_y1: float | None, employees_y1: float | None
) -> list[float]:
    industry, tier = firm.industry, firm.tier
    if revenue_y1 is None and employees_y1 is not None:
        revenue_y1 = employees_y1 * industry.productivity * math.exp(rng.gauss(0.0, 0.3))
    elif revenue_y1 is None:
        revenue_y1 = _lognormal(
            rng, industry.revenue_median * _TIER_REVENUE[tier], industry.revenue_sigma
        )
        floor = _TIER_REVENUE_FLOOR[tier]
        if revenue_y1 < floor:
            revenue_y1 = floor * (1 + rng.expovariate(2.0))
        revenue_y1 = max(revenue_y1, 1.0)
    mean, sd = _TIER_GROWTH[tier]
    revenues = [revenue_y1]
    for _ in range(YEARS - 1):
        growth = min(max(rng.gauss(mean, sd), -0.45), 1.2)
        if tier == 3:
            growth = max(growth, 0.055)
        revenues.append(revenues[-1] / (1 + growth))
    return [money(max(value, 0.5)) for value in revenues]


def _employees(
    rng: random.Random, firm: Firm, revenues: list[float], employees_y1: float | None
) -> list[int]:
    if employees_y1 is None:
        employees_y1 = revenues[0] / firm.industry.productivity * math.exp(rng.gauss(0.0, 0.35))
    first = max(1, round(employees_y1))
    later = [
        max(1, round(first * (revenue / revenues[0]) ** 0.6 * math.exp(rng.gauss(0.0, 0.05))))
        for revenue in revenues[1:]
    ]
    return [first, *later]


def _shares(rng: random.Random, tier: int) -> list[float]:
    """Main-business share of revenue per year (0 to 1)."""
    if tier >= 2 or rng.random() < 0.3:
        low = (0.5, 0.62, 0.83, 0.915)[tier]
        base = rng.uniform(low, 1.0) if rng.random() < 0.7 else 1.0
    else:
        base = min(max(rng.gauss(0.86, 0.13), 0.25), 1.0)
    return [min(1.0, max(0.2, base + rng.gauss(0.0, 0.01))) for _ in range(YEARS)]


def _balance(
    rng: random.Random, firm: Firm, revenues: list[float], assets_y1: float | None
) -> tuple[list[float], list[float]]:
    if assets_y1 is None:
        assets_y1 = revenues[0] * firm.industry.asset_ratio * math.exp(rng.gauss(0.0, 0.35))
    assets = [assets_y1] + [assets_y1 * (revenue / revenues[0]) ** 0.8 for revenue in revenues[1:]]
    if firm.tier >= 2:
        ratio = min(max(rng.gauss(0.42, 0.11), 0.12), 0.66)
    else:
        ratio = min(max(rng.gauss(0.5, 0.2), 0.04), 1.3)
    liabilities = [value * min(max(ratio + rng.gauss(0.0, 0.02), 0.02), 1.35) for value in assets]
    return [money(max(value, 1.0)) for value in assets], [money(value) for value in liabilities]


def _rd_percents(rng: random.Random, firm: Firm, revenues: list[float]) -> list[float]:
    industry, tier = firm.industry, firm.tier
    if industry.rd_percent == 0.0 or (tier == 0 and rng.random() < 0.45 * (1 - industry.tech)):
        return [0.0] * YEARS
    base = industry.rd_percent * _TIER_RD[tier] * math.exp(rng.gauss(0.0, 0.45))
    percents = []
    for revenue in revenues:
        floor = 0.0
        if tier >= 2:
            floor = max(3.3, 100.5 / revenue * 100)
        if tier == 3:
            floor = max(floor, little_giant_rd_floor(revenues[0]) + 0.3)
        if firm.high_tech:
            floor = max(floor, high_tech_rd_floor(revenue) + 0.2)
        percents.append(min(max(base * math.exp(rng.gauss(0.0, 0.08)), floor), 60.0))
    return percents


def _staff(
    rng: random.Random, firm: Firm, employees: list[int], rd_percents: list[float]
) -> tuple[list[int], list[int]]:
    rd_share = min(0.8, rd_percents[0] / 100 * 3.0 * math.exp(rng.gauss(0.0, 0.3)))
    tech_extra = rng.uniform(0.02, 0.15)
    if firm.high_tech:
        tech_extra = max(tech_extra, 0.12 - rd_share)
    rd_staff = [
        min(count, round(count * rd_share)) if rd_percents[0] > 0 else 0 for count in employees
    ]
    tech_staff = [
        min(count, rd + math.ceil(count * tech_extra))
        for count, rd in zip(employees, rd_staff, strict=True)
    ]
    return rd_staff, tech_staff


def _equity(rng: random.Random, tier: int) -> list[Value]:
    chance = (0.015, 0.05, 0.1, 0.15)[tier]
    return [
        money(_lognormal(rng, 1500.0, 0.9)) if rng.random() < chance else 0.0 for _ in range(YEARS)
    ]


def _profits(
    rng: random.Random, firm: Firm, revenues: list[float]
) -> tuple[list[float], list[float]]:
    mean = firm.industry.margin_percent + (3.0 if firm.tier >= 2 else 0.0)
    sd = 5.0 if firm.tier >= 2 else 7.5
    base = rng.gauss(mean, sd)
    profits, costs = [], []
    for revenue in revenues:
        margin = min(max(base + rng.gauss(0.0, 2.0), -60.0), 45.0) / 100
        net = revenue * margin
        before_tax = net / 0.85 if net > 0 else net
        profits.append(money(net))
        costs.append(money(max(revenue - before_tax, revenue * 0.3)))
    return profits, costs


def _high_tech_revenue(rng: random.Random, firm: Firm, revenues: list[float]) -> list[float | None]:
    if firm.high_tech:
        share = rng.uniform(0.64, 0.96)
    elif firm.tier >= 1 and firm.industry.tech >= 0.5:
        share = rng.uniform(0.15, 0.9)
    else:
        return [None] * YEARS
    return [money(revenue * min(1.0, share + rng.gauss(0.0, 0.01))) for revenue in revenues]


def draw_yearly(
    rng: random.Random,
    firm: Firm,
    *,
    revenue_y1: float | None = None,
    employees_y1: float | None = None,
    assets_y1: float | None = None,
) -> None:
    """Fill ``firm.yearly`` (y1, y2, y3); a given y1 revenue, headcount or assets is kept exactly.

    Without a revenue but with a headcount, revenue follows the headcount (industry productivity).
    """
    revenues = _revenues(rng, firm, revenue_y1, employees_y1)
    employees = _employees(rng, firm, revenues, employees_y1)
    shares = _shares(rng, firm.tier)
    assets, liabilities = _balance(rng, firm, revenues, assets_y1)
    rd_percents = _rd_percents(rng, firm, revenues)
    rd_staff, tech_staff = _staff(rng, firm, employees, rd_percents)
    profits, costs = _profits(rng, firm, revenues)
    firm.yearly = {
        "employees": list(employees),
        "revenue": list(revenues),
        "main_revenue": [money(r * s) for r, s in zip(revenues, shares, strict=True)],
        "total_assets": list(assets),
        "total_liabilities": list(liabilities),
        "net_profit": list(profits),
        "rd_expense": [
            money(math.ceil(r * p * 10 / 100) / 10)
            for r, p in zip(revenues, rd_percents, strict=True)
        ],
        "rd_staff": list(rd_staff),
        "tech_staff": list(tech_staff),
        "equity_financing": _equity(rng, firm.tier),
        "total_cost": list(costs),
        "high_tech_revenue": _high_tech_revenue(rng, firm, revenues),
    }
