"""The rows behind a firm's titles, awards, certifications, standards and contacts.

Titles carry real-looking issue and expiry dates: 3-year validity (创新型, 专精特新, 小巨人, 高企,
单项冠军) or the current year (科技型中小企业 入库 is annual). A title is valid on the as-of date
when ``issued_on <= as_of <= expires_on``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from littlegiant.demo.catalogue import city_of, province_of
from littlegiant.demo.identity import email_address, mobile_phone, person_name
from littlegiant.demo.model import Firm

__all__ = [
    "draw_awards",
    "draw_certifications",
    "draw_contacts",
    "draw_standards",
    "draw_titles",
    "title_row",
]

_BATCH_DAYS: dict[str, tuple[tuple[int, int], ...]] = {
    "innovative_sme": ((4, 25), (8, 30), (11, 20)),
    "specialized_sme": ((5, 20), (9, 28), (12, 15)),
    "little_giant": ((7, 14), (7, 27), (8, 5)),
    "high_tech_enterprise": ((11, 30), (12, 8), (12, 20)),
    "single_champion": ((11, 28), (12, 10)),
}


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _certificate_no(rng: random.Random, title: str, year: int, region_code: str) -> str:
    province = "浙" if region_code.startswith("33") else "省"
    seq = rng.randint(1, 999)
    return {
        "tech_sme": f"{year}{region_code}0{rng.randint(1, 99999):05d}",
        "high_tech_enterprise": f"GR{year}{region_code[:2]}{rng.randint(1, 9999):06d}",
        "innovative_sme": f"{province}经信企业〔{year}〕{seq}号",
        "specialized_sme": f"{province}经信企业〔{year}〕{seq}号",
        "little_giant": f"工信厅企业函〔{year}〕{seq}号",
        "single_champion": f"工信厅政法函〔{year}〕{seq}号",
    }[title]


def title_row(
    rng: random.Random, firm: Firm, title: str, as_of: date, *, valid: bool = True
) -> dict[str, object]:
    """One title row; ``valid`` says whether it is in force on ``as_of`` or lapsed before it."""
    if title == "tech_sme":
        year = as_of.year if valid else as_of.year - rng.randint(2, 4)
        start = date(year, 1, 2) if valid else date(year, 3, 1)
        end = as_of if valid else date(year, 9, 30)
        issued = start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
        expires = date(issued.year, 12, 31)
    else:
        month, day = rng.choice(_BATCH_DAYS[title])
        years = [as_of.year - k for k in (range(4) if valid else range(4, 7))]
        rng.shuffle(years)
        issued = date(years[0], month, day)
        for year in years:
            issued = date(year, month, day)
            in_force = issued <= as_of <= _plus_years(issued, 3) - timedelta(days=1)
            if in_force == valid:
                break
        expires = _plus_years(issued, 3) - timedelta(days=1)
    return {
        "uscc": firm.uscc,
        "title": title,
        "issued_on": issued,
        "expires_on": expires,
        "certificate_no": _certificate_no(rng, title, issued.year, firm.region_code),
    }


def _tech_sme_eligible(firm: Firm) -> bool:
    """科技型中小企业 size limits: ≤ 500 staff, ≤ 2亿 revenue and ≤ 2亿 assets."""
    employees, revenue, assets = (firm.y1(f) for f in ("employees", "revenue", "total_assets"))
    return all(
        v is not None and v <= limit
        for v, limit in ((employees, 500), (revenue, 20000), (assets, 20000))
    )


def draw_titles(rng: random.Random, firm: Firm, as_of: date) -> None:
    """Titles matching ``firm.tier`` and ``firm.high_tech`` (plus a few lapsed ones)."""
    held: list[str] = []
    if firm.tier >= 1:
        if rng.random() < (0.7 if firm.tier == 1 else 0.85):
            held.append("innovative_sme")
        if _tech_sme_eligible(firm) and rng.random() < (0.55 if firm.tier == 1 else 0.4):
            held.append("tech_sme")
        if not held:
            held.append("innovative_sme")
    if firm.tier == 2 or (firm.tier == 3 and rng.random() < 0.7):
        held.append("specialized_sme")
    if firm.tier == 3:
        held.append("little_giant")
    if firm.high_tech:
        held.append("high_tech_enterprise")
    firm.titles = [title_row(rng, firm, title, as_of) for title in held]
    if firm.tier == 3 and "specialized_sme" not in held:
        firm.titles.append(title_row(rng, firm, "specialized_sme", as_of, valid=False))
    if firm.tier == 0 and rng.random() < 0.05:
        firm.titles.append(
            title_row(rng, firm, rng.choice(("innovative_sme", "tech_sme")), as_of, valid=False)
        )


def _award_name(rng: random.Random, kind: str, rank: int, region_code: str) -> str:
    province = province_of(region_code) or "省"
    grade = rng.choice(("一", "二", "二", "三", "三"))
    return {
        "national_sci_tech": "国家科学技术进步奖二等奖",
        "provincial_sci_tech": f"{province}科学技术进步奖{grade}等奖",
        "makers_china": f"“创客中国”中小企业创新创业大赛全国{'50' if rank <= 50 else '500'}强",
        "quality_award": f"{province}人民政府质量奖",
        "other": f"{city_of(region_code) or province}市优秀民营企业",
    }[kind]


def award_row(rng: random.Random, firm: Firm, kind: str, year: int, rank: int) -> dict[str, object]:
    """One award row (``rank`` among the award's winning units)."""
    return {
        "uscc": firm.uscc,
        "award": kind,
        "year": year,
        "rank": rank,
        "award_name": _award_name(rng, kind, rank, firm.region_code),
    }


_AWARD_ODDS = {  # kind -> per-tier chance, rank range
    "national_sci_tech": ((0.0, 0.0, 0.0, 0.06), (1, 8)),
    "provincial_sci_tech": ((0.0, 0.03, 0.12, 0.3), (1, 8)),
    "makers_china": ((0.0, 0.03, 0.05, 0.08), (1, 500)),
    "quality_award": ((0.0, 0.0, 0.04, 0.12), (1, 1)),
    "other": ((0.02, 0.04, 0.06, 0.1), (1, 20)),
}


def draw_awards(rng: random.Random, firm: Firm, as_of: date) -> None:
    """Awards of the last three years, more likely the higher the tier."""
    firm.awards = []
    for kind, (odds, (low, high)) in _AWARD_ODDS.items():
        if rng.random() < odds[firm.tier]:
            year = as_of.year - rng.randint(1, 3)
            firm.awards.append(award_row(rng, firm, kind, year, rng.randint(low, high)))


def certification_row(
    rng: random.Random, firm: Firm, kind: str, name: str, as_of: date
) -> dict[str, object]:
    """A certificate in force on ``as_of`` (3-year validity)."""
    issued = as_of - timedelta(days=rng.randint(20, 1000))
    return {
        "uscc": firm.uscc,
        "certification": kind,
        "cert_name": name,
        "issued_on": issued,
        "expires_on": _plus_years(issued, 3) - timedelta(days=1),
    }


def _certificate_names(rng: random.Random, firm: Firm) -> list[tuple[str, str]]:
    tier, industry = firm.tier, firm.industry
    quality_odds = (0.45 if industry.manufacturing else 0.2, 0.6, 0.95, 1.0)[tier]
    names = []
    if rng.random() < quality_odds:
        names.append(("quality_management", "ISO 9001:2015 质量管理体系认证"))
    if industry.manufacturing and rng.random() < (0.03, 0.1, 0.25, 0.5)[tier]:
        names.append(
            ("foreign_product", rng.choice(("CE 认证", "UL 认证", "FCC 认证", "TÜV 认证")))
        )
    others = ["ISO 45001:2018 职业健康安全管理体系认证", "GB/T 29490-2023 知识产权管理体系认证"]
    others.append(
        "ISO 14001:2015 环境管理体系认证"
        if industry.manufacturing
        else "ISO/IEC 27001:2022 信息安全管理体系认证"
    )
    for name in others:
        if rng.random() < (0.08, 0.2, 0.45, 0.6)[tier]:
            names.append(("other_management", name))
    return names


def draw_certifications(rng: random.Random, firm: Firm, as_of: date) -> None:
    """Management-system and product certificates in force on ``as_of``."""
    firm.certifications = [
        certification_row(rng, firm, kind, name, as_of)
        for kind, name in _certificate_names(rng, firm)
    ]


_STANDARD_PREFIX = {
    "industry": "SJ/T",
    "software": "SJ/T",
    "information_transmission": "YD/T",
    "construction": "JGJ/T",
}
_STANDARD_SUFFIXES = ("通用技术条件", "技术规范", "测试方法", "评价规范", "服务规范")


def standard_row(rng: random.Random, firm: Firm, level: str, as_of: date) -> dict[str, object]:
    """One standard the firm led or joined (code shape follows its level)."""
    year = rng.randint(max(2012, as_of.year - 9), as_of.year - 1)
    number = rng.randint(1000, 43999)
    code = {
        "international": f"ISO/IEC {number + 20000}:{year}",
        "national": f"GB/T {number}-{year}",
        "industry": f"{_STANDARD_PREFIX.get(firm.industry.group, 'SB/T')} {10000 + number % 9000}-{year}",
        "local": f"DB{firm.region_code[:2]}/T {1000 + number % 500}-{year}",
        "group": f"T/ZZB {number % 4000:04d}-{year}",
    }[level]
    return {
        "uscc": firm.uscc,
        "standard_code": code,
        "standard_name": firm.industry.name.split("、")[0] + rng.choice(_STANDARD_SUFFIXES),
        "standard_level": level,
        "role": "lead" if rng.random() < 0.3 + 0.1 * firm.tier else "participate",
        "year": year,
    }


def draw_standards(rng: random.Random, firm: Firm, as_of: date) -> None:
    """Standards led or joined: common at the top of the pyramid, rare below it."""
    count = {0: 1 if rng.random() < 0.01 else 0, 1: 1 if rng.random() < 0.1 else 0}.get(
        firm.tier, 0
    )
    if firm.tier >= 2:
        count = rng.randint(0, 3) if firm.tier == 2 else rng.randint(1, 6)
    levels = ("group", "industry", "national", "local", "international")
    weights = (0.4, 0.25, 0.2, 0.12, 0.03 * firm.tier)
    rows: dict[str, dict[str, object]] = {}
    for _ in range(count):
        row = standard_row(rng, firm, rng.choices(levels, weights)[0], as_of)
        rows.setdefault(str(row["standard_code"]), row)
    firm.standards = list(rows.values())


def draw_contacts(rng: random.Random, firm: Firm) -> None:
    """One or two named contacts (fictional names, mobile numbers, example.com mail)."""
    positions = ["总经理", rng.choice(("财务负责人", "办公室主任", "研发总监", "行政主管"))]
    count = 1 if rng.random() < 0.45 else 2
    people: dict[str, dict[str, object]] = {}
    for position in positions[:count]:
        name = person_name(rng)
        people.setdefault(
            name,
            {
                "uscc": firm.uscc,
                "contact_name": name,
                "position": position,
                "phone": mobile_phone(rng),
                "email": email_address(rng, firm.uscc) if rng.random() < 0.8 else None,
            },
        )
    firm.contacts = list(people.values())
