"""Archetypes on the lines of the cultivation standards (REFERENCE §2, §4).

Each base spec passes every numeric clause of its programme with room to spare; each archetype
moves one indicator onto its line ("at": the line itself, or the nearest 0.1万元 step on the
passing side where binary floating point would otherwise tip it over) or one step past it.
"""

from __future__ import annotations

from dataclasses import replace

from littlegiant.io.demo.spec import Archetype, Spec, with_facts, with_yearly

__all__ = ["TIER_ARCHETYPES"]

# fmt: off  (one archetype per line keeps the tables readable)

_NO_IP = {
    "ip_class1_count": 0,
    "ip_class1_self_developed_count": 0,
    "ip_class1_high_value_count": 0,
    "ip_class2_count": 0,
}


def _ip(class1: int, self_developed: int, high_value: int, class2: int) -> dict[str, int]:
    return {
        "ip_class1_count": class1,
        "ip_class1_self_developed_count": self_developed,
        "ip_class1_high_value_count": high_value,
        "ip_class2_count": class2,
    }


# ---- 创新型中小企业 (63号 附件1): score 60 with floors 20/15/15, or a direct condition --------
_INNOVATIVE = Spec(
    industry="C4011",
    tier=1,
    titles=("tech_sme",),
    yearly={
        "revenue": (1750.0, 1600.0, 1480.0),
        "main_revenue": (1050.0, 1000.0, 930.0),
        "rd_expense": (52.5, 46.0, 40.0),
        "total_assets": (2000.0, 1850.0, 1700.0),
        "total_liabilities": (1099.9, 1000.0, 950.0),
        "employees": (45, 42, 40),
        "rd_staff": (9, 8, 8),
        "equity_financing": (0.0, 0.0, 0.0),
        "net_profit": (80.0, 70.0, 55.0),
    },
    facts={
        **_ip(0, 0, 0, 3),
        "main_product_field": ["other"],
        "rd_institution_level": "municipal",
        "niche_years": 4.0,
        "ip_advantage_enterprise": False,
        "tech_innovation_demo_enterprise": False,
    },
    certifications=("quality_management",),
)
_INNOVATIVE_STRONG = with_facts(
    with_yearly(
        _INNOVATIVE,
        main_revenue=(1400.0, 1200.0, 1100.0),
        rd_expense=(87.5, 80.0, 70.0),
        total_liabilities=(900.0, 850.0, 800.0),
    ),
    main_product_field=["strategic_emerging"],
    **_ip(2, 2, 1, 4),
)  # 创新能力 40 (IP 20 + R&D 5.0% 20), 成长性 30 (16.7% 20 + debt 45% 10), 专业化 30 (10 + 80% 20)
_INNOVATIVE_WEAK = with_facts(
    with_yearly(
        _INNOVATIVE,
        main_revenue=(920.0, 900.0, 880.0),
        rd_expense=(26.3, 24.0, 22.0),
        total_liabilities=(1400.0, 1300.0, 1200.0),
        equity_financing=(300.0, 200.0, 0.0),
    ),
    **_ip(0, 0, 0, 0),
)  # score 25 (R&D 1.5% 5, growth 2.2% 5, debt 70% 5, field 5, share 52.6% 5): only D4 can carry it

_INNOVATIVE_ARCHETYPES = (
    Archetype(
        "innovative_score_at_60",
        "innovative_sme_2022",
        "total_score",
        "met",
        "创新型：总分恰为 60 分（知识产权5+研发15+增长10+负债10+领域5+主营占比15），三项维度均达下限",
        _INNOVATIVE,
    ),
    Archetype(
        "innovative_main_share_below_60",
        "innovative_sme_2022",
        "total_score",
        "not_met",
        "创新型：主营业务收入占比 59.99%，比 60% 档差一点，总分降为 55 分",
        with_yearly(_INNOVATIVE, revenue=(1750.1, 1600.0, 1480.0), rd_expense=(52.6, 46.0, 40.0)),
    ),
    Archetype(
        "innovative_floors_at",
        "innovative_sme_2022",
        "total_score",
        "met",
        "创新型：创新能力 20、成长性 15（负债率 60%）、专业化 25，总分 60",
        with_facts(
            with_yearly(_INNOVATIVE, total_liabilities=(1200.0, 1100.0, 1000.0)),
            main_product_field=["strategic_emerging"],
        ),
    ),
    Archetype(
        "innovative_innovation_floor_below",
        "innovative_sme_2022",
        "innovation_points",
        "not_met",
        "创新型：总分 75 分但创新能力仅 15 分（无知识产权、研发占比 3%），低于 20 分下限",
        with_facts(with_yearly(_INNOVATIVE_STRONG, rd_expense=(52.5, 46.0, 40.0)), **_NO_IP),
    ),
    Archetype(
        "innovative_growth_floor_below",
        "innovative_sme_2022",
        "growth_points",
        "not_met",
        "创新型：总分 80 分但成长性仅 10 分（增长 4.7%、负债率 60%），低于 15 分下限",
        with_yearly(
            _INNOVATIVE_STRONG,
            main_revenue=(1400.0, 1337.0, 1300.0),
            total_liabilities=(1200.0, 1100.0, 1000.0),
        ),
    ),
    Archetype(
        "innovative_specialization_floor_below",
        "innovative_sme_2022",
        "specialization_points",
        "not_met",
        "创新型：总分 80 分但专业化仅 10 分（其他领域、主营占比 52%），低于 15 分下限",
        with_facts(
            with_yearly(
                _INNOVATIVE_STRONG,
                revenue=(2692.3, 2400.0, 2200.0),
                rd_expense=(134.7, 120.0, 110.0),
            ),
            main_product_field=["other"],
        ),
    ),
    Archetype(
        "innovative_direct_equity_at_500",
        "innovative_sme_2022",
        "equity_financing_3y",
        "met",
        "创新型：评分不足，但近三年新增股权融资恰为 500 万元，直通",
        _INNOVATIVE_WEAK,
    ),
    Archetype(
        "innovative_direct_equity_below_500",
        "innovative_sme_2022",
        "equity_financing_3y",
        "not_met",
        "创新型：评分不足，近三年新增股权融资 499.9 万元，差 0.1 万元未达直通",
        with_yearly(_INNOVATIVE_WEAK, equity_financing=(299.9, 200.0, 0.0)),
    ),
)


# ---- 专精特新中小企业 (63号 附件2): B1-B4 with the 13-indicator score ------------------------
_SPECIALIZED_2022_FACTS = {
    **_ip(3, 3, 0, 5),
    "niche_years": 6.0,
    "main_product_field": ["six_foundations"],
    "digital_level": 2,
    "own_brand": True,
    "rd_institution_level": "municipal",
    "market_share": 4.5,
    "domestic_market_rank": 12,
}


def _scaled(revenue: float, shares: tuple[float, float, float]) -> tuple[float, float, float]:
    return (
        round(revenue * shares[0], 1),
        round(revenue * shares[1], 1),
        round(revenue * shares[2], 1),
    )


def _specialized_2022(revenue: float, rd: float, local: float = 5.0) -> Spec:
    """A 63号 专精特新 candidate scoring 55 + ``local`` with R&D ``rd`` on revenue ``revenue``."""
    revenues = _scaled(revenue, (1.0, 1 / 1.085, 1 / 1.085**2))
    return Spec(
        industry="C3985",
        tier=1,
        titles=("innovative_sme",),
        yearly={
            "revenue": revenues,
            "main_revenue": _scaled(
                1.0, (revenues[0] * 0.85, revenues[1] * 0.85, revenues[2] * 0.85)
            ),
            "rd_expense": (rd, round(rd * 0.9, 1), round(rd * 0.8, 1)),
            "total_assets": _scaled(revenue, (0.8, 0.75, 0.7)),
            "total_liabilities": _scaled(revenue, (0.44, 0.41, 0.38)),
            "net_profit": _scaled(revenue, (0.07, 0.065, 0.06)),
            "employees": (60, 57, 54),
            "rd_staff": (7, 7, 6),
            "equity_financing": (0.0, 0.0, 0.0),
        },
        facts={**_SPECIALIZED_2022_FACTS, "local_feature_score": local},
        certifications=("quality_management",),
    )


_SPECIALIZED_2022_ARCHETYPES = (
    Archetype(
        "specialized_2022_score_at_60",
        "specialized_sme_2022",
        "total_score",
        "met",
        "专精特新（2022）：13 项指标评分恰为 60 分",
        _specialized_2022(3000.0, 150.0),
    ),
    Archetype(
        "specialized_2022_score_below_60",
        "specialized_sme_2022",
        "total_score",
        "not_met",
        "专精特新（2022）：评分 59 分（地方特色指标少 1 分），无直通条件",
        _specialized_2022(3000.0, 150.0, 4.0),
    ),
    Archetype(
        "specialized_2022_rd_amount_at_100",
        "specialized_sme_2022",
        "rd_expense_y1",
        "met",
        "专精特新（2022）：上年度研发费用恰为 100 万元（占比 4%）",
        _specialized_2022(2500.0, 100.0, 10.0),
    ),
    Archetype(
        "specialized_2022_rd_amount_below_100",
        "specialized_sme_2022",
        "rd_expense_y1",
        "not_met",
        "专精特新（2022）：上年度研发费用 99.9 万元，差 0.1 万元",
        _specialized_2022(2500.0, 99.9, 10.0),
    ),
    Archetype(
        "specialized_2022_rd_ratio_at_3",
        "specialized_sme_2022",
        "rd_intensity_y1",
        "met",
        "专精特新（2022）：研发费用占营业收入恰为 3%",
        _specialized_2022(5000.0, 150.0, 10.0),
    ),
    Archetype(
        "specialized_2022_rd_ratio_below_3",
        "specialized_sme_2022",
        "rd_intensity_y1",
        "not_met",
        "专精特新（2022）：研发费用占比 2.998%，略低于 3%",
        _specialized_2022(5000.0, 149.9, 10.0),
    ),
    Archetype(
        "specialized_2022_revenue_at_1000",
        "specialized_sme_2022",
        "revenue_y1",
        "met",
        "专精特新（2022）：上年度营业收入恰为 1000 万元",
        _specialized_2022(1000.0, 100.0, 10.0),
    ),
    Archetype(
        "specialized_2022_revenue_below_1000",
        "specialized_sme_2022",
        "revenue_y1",
        "not_met",
        "专精特新（2022）：上年度营业收入 999.9 万元且无股权融资",
        _specialized_2022(999.9, 100.0, 10.0),
    ),
    Archetype(
        "specialized_2022_makers_at_500",
        "specialized_sme_2022",
        "makers_china_rank",
        "met",
        "专精特新（2022）：评分 59 分，但近三年“创客中国”全国第 500 名，直通",
        replace(_specialized_2022(3000.0, 150.0, 4.0), awards=(("makers_china", 1, 500),)),
    ),
    Archetype(
        "specialized_2022_makers_below_500",
        "specialized_sme_2022",
        "makers_china_rank",
        "not_met",
        "专精特新（2022）：评分 59 分，“创客中国”全国第 501 名，未进 500 强",
        replace(_specialized_2022(3000.0, 150.0, 4.0), awards=(("makers_china", 1, 501),)),
    ),
)


# ---- 专精特新中小企业 (2026 附件1): S1-S9 ---------------------------------------------------------
_SPECIALIZED_2026 = Spec(
    industry="C3983",
    tier=1,
    titles=("innovative_sme",),
    yearly={
        "revenue": (3000.0, 2800.0, 2600.0),
        "main_revenue": (2700.0, 2520.0, 2340.0),
        "rd_expense": (150.0, 140.0, 120.0),
        "total_assets": (2500.0, 2400.0, 2300.0),
        "total_liabilities": (1250.0, 1200.0, 1150.0),
        "equity_financing": (0.0, 0.0, 0.0),
        "employees": (58, 55, 52),
        "rd_staff": (9, 9, 8),
    },
    facts={
        **_ip(3, 3, 0, 6),
        "niche_years": 5.0,
        "development_score": 68.0,
        "market_share": 6.0,
        "domestic_market_rank": 9,
        "rd_institution_level": "municipal",
        "main_product_field": ["key_chain_link"],
        "own_brand": True,
        "market_position_leading": True,
        "retest": False,
    },
    certifications=("quality_management",),
)
_S26 = "specialized_sme_2026"
_S26_RD_RATIO = with_yearly(
    _SPECIALIZED_2026,
    revenue=(4200.0, 4000.0, 3700.0),
    main_revenue=(3780.0, 3600.0, 3330.0),
    rd_expense=(160.0, 120.0, 110.0),
)
_SPECIALIZED_2026_ARCHETYPES = (
    Archetype(
        "specialized_2026_baseline",
        _S26,
        "all",
        "met",
        "专精特新（2026）：各项指标均达标的培育对象",
        _SPECIALIZED_2026,
    ),
    Archetype(
        "specialized_2026_revenue_at_1500",
        _S26,
        "revenue_y1",
        "met",
        "专精特新（2026）：上年度营业收入恰为 1500 万元",
        with_yearly(
            _SPECIALIZED_2026,
            revenue=(1500.0, 1400.0, 1300.0),
            main_revenue=(1350.0, 1260.0, 1170.0),
            rd_expense=(100.0, 100.0, 90.0),
            total_assets=(1500.0, 1400.0, 1300.0),
            total_liabilities=(700.0, 650.0, 600.0),
        ),
    ),
    Archetype(
        "specialized_2026_revenue_below_1500",
        _S26,
        "revenue_y1",
        "not_met",
        "专精特新（2026）：上年度营业收入 1499.9 万元，无股权融资",
        with_yearly(
            _SPECIALIZED_2026,
            revenue=(1499.9, 1400.0, 1300.0),
            main_revenue=(1350.0, 1260.0, 1170.0),
            rd_expense=(100.0, 100.0, 90.0),
            total_assets=(1500.0, 1400.0, 1300.0),
            total_liabilities=(700.0, 650.0, 600.0),
        ),
    ),
    Archetype(
        "specialized_2026_main_share_at_80",
        _S26,
        "main_share_y1",
        "met",
        "专精特新（2026）：主营业务收入占比恰为 80%",
        with_yearly(_SPECIALIZED_2026, main_revenue=(2400.0, 2520.0, 2340.0)),
    ),
    Archetype(
        "specialized_2026_main_share_below_80",
        _S26,
        "main_share_y1",
        "not_met",
        "专精特新（2026）：主营业务收入占比 79.997%",
        with_yearly(_SPECIALIZED_2026, main_revenue=(2399.9, 2520.0, 2340.0)),
    ),
    Archetype(
        "specialized_2026_debt_at_80",
        _S26,
        "debt_ratio_y1",
        "met",
        "专精特新（2026）：资产负债率恰为 80%",
        with_yearly(_SPECIALIZED_2026, total_liabilities=(2000.0, 1200.0, 1150.0)),
    ),
    Archetype(
        "specialized_2026_debt_above_80",
        _S26,
        "debt_ratio_y1",
        "not_met",
        "专精特新（2026）：资产负债率 80.004%，略超 80%",
        with_yearly(_SPECIALIZED_2026, total_liabilities=(2000.1, 1200.0, 1150.0)),
    ),
    Archetype(
        "specialized_2026_rd_y2_amount_at_100",
        _S26,
        "rd_expense_y2",
        "met",
        "专精特新（2026）：前年研发费用恰为 100 万元",
        with_yearly(_SPECIALIZED_2026, rd_expense=(150.0, 100.0, 90.0)),
    ),
    Archetype(
        "specialized_2026_rd_y2_amount_below_100",
        _S26,
        "rd_expense_y2",
        "not_met",
        "专精特新（2026）：前年研发费用 99.9 万元（上年度达标）",
        with_yearly(_SPECIALIZED_2026, rd_expense=(150.0, 99.9, 90.0)),
    ),
    Archetype(
        "specialized_2026_rd_y2_ratio_at_3",
        _S26,
        "rd_intensity_y2",
        "met",
        "专精特新（2026）：前年研发费用占比恰为 3%",
        _S26_RD_RATIO,
    ),
    Archetype(
        "specialized_2026_rd_y2_ratio_below_3",
        _S26,
        "rd_intensity_y2",
        "not_met",
        "专精特新（2026）：前年研发费用占比 2.9975%",
        with_yearly(_S26_RD_RATIO, rd_expense=(160.0, 119.9, 110.0)),
    ),
    Archetype(
        "specialized_2026_niche_at_3",
        _S26,
        "niche_years",
        "met",
        "专精特新（2026）：从事细分市场恰满 3 年",
        with_facts(_SPECIALIZED_2026, niche_years=3.0),
    ),
    Archetype(
        "specialized_2026_niche_below_3",
        _S26,
        "niche_years",
        "not_met",
        "专精特新（2026）：从事细分市场仅 2 年",
        with_facts(_SPECIALIZED_2026, niche_years=2.0),
    ),
    Archetype(
        "specialized_2026_score_at_50",
        _S26,
        "development_score",
        "met",
        "专精特新（2026）：发展评价得分恰为 50 分",
        with_facts(_SPECIALIZED_2026, development_score=50.0),
    ),
    Archetype(
        "specialized_2026_score_below_50",
        _S26,
        "development_score",
        "not_met",
        "专精特新（2026）：发展评价得分 49.9 分",
        with_facts(_SPECIALIZED_2026, development_score=49.9),
    ),
    Archetype(
        "specialized_2026_no_prerequisite",
        _S26,
        "prerequisite_title",
        "not_met",
        "专精特新（2026）：指标均达标，但未持有科技型或创新型称号",
        replace(_SPECIALIZED_2026, titles=()),
    ),
    Archetype(
        "specialized_2026_ip_exempt_by_award",
        _S26,
        "ip_class1_count",
        "met",
        "专精特新（2026）：无Ⅰ类知识产权，但近三年省级科技奖励排名第 3，豁免",
        replace(
            with_facts(_SPECIALIZED_2026, **_ip(0, 0, 0, 6)),
            awards=(("provincial_sci_tech", 2, 3),),
        ),
    ),
    Archetype(
        "specialized_2026_ip_missing",
        _S26,
        "ip_class1_count",
        "not_met",
        "专精特新（2026）：无Ⅰ类知识产权且无豁免情形",
        with_facts(_SPECIALIZED_2026, **_ip(0, 0, 0, 6)),
    ),
)


# ---- 专精特新“小巨人” (63号 附件3): numeric clauses --------------------------------------------
_LITTLE_GIANT_2022 = Spec(
    industry="C3985",
    tier=2,
    titles=("innovative_sme", "specialized_sme"),
    yearly={
        "revenue": (15000.0, 13500.0, 12150.0),
        "main_revenue": (12750.0, 11475.0, 10330.0),
        "rd_expense": (600.0, 540.0, 486.0),
        "total_assets": (14000.0, 13000.0, 12000.0),
        "total_liabilities": (6300.0, 5900.0, 5500.0),
        "employees": (220, 205, 190),
        "rd_staff": (40, 37, 34),
        "equity_financing": (0.0, 0.0, 0.0),
    },
    facts={
        **_ip(8, 8, 1, 6),
        "niche_years": 12.0,
        "core_business_info_system": True,
        "own_brand": True,
        "market_share": 15.0,
        "domestic_market_rank": 5,
        "rd_institution_level": "provincial",
        "main_product_field": ["six_foundations", "key_chain_link"],
        "development_score": 72.0,
        "digital_level": 3,
        "critical_field_relaxation": False,
    },
    certifications=("quality_management",),
)
_L22 = "little_giant_2022"


def _lg22(**yearly: tuple[float, float, float]) -> Spec:
    return with_yearly(_LITTLE_GIANT_2022, **yearly)


_LITTLE_GIANT_2022_ARCHETYPES = (
    Archetype(
        "little_giant_2022_baseline",
        _L22,
        "all",
        "met",
        "小巨人（2022）：各项量化指标均达标的培育对象",
        _LITTLE_GIANT_2022,
    ),
    Archetype(
        "little_giant_2022_rd_band_1e8_at_3",
        _L22,
        "rd_intensity_band",
        "met",
        "小巨人（2022）：营业收入恰为 1 亿元，近两年研发占比均恰为 3%",
        _lg22(
            revenue=(10000.0, 9000.0, 8100.0),
            main_revenue=(8500.0, 7650.0, 6885.0),
            rd_expense=(300.0, 270.0, 243.0),
        ),
    ),
    Archetype(
        "little_giant_2022_rd_band_1e8_below_3",
        _L22,
        "rd_intensity_band",
        "not_met",
        "小巨人（2022）：营业收入 1 亿元，前年研发占比 2.9989%",
        _lg22(
            revenue=(10000.0, 9000.0, 8100.0),
            main_revenue=(8500.0, 7650.0, 6885.0),
            rd_expense=(300.0, 269.9, 243.0),
        ),
    ),
    Archetype(
        "little_giant_2022_revenue_below_1e8",
        _L22,
        "rd_intensity_band",
        "not_met",
        "小巨人（2022）：营业收入 9999.9 万元落入 6% 档，研发占比 4% 不足",
        _lg22(
            revenue=(9999.9, 9000.0, 8100.0),
            main_revenue=(8500.0, 7650.0, 6885.0),
            rd_expense=(400.0, 360.0, 324.0),
        ),
    ),
    Archetype(
        "little_giant_2022_rd_6_at",
        _L22,
        "rd_intensity_band",
        "met",
        "小巨人（2022）：营业收入 8000 万元，近两年研发占比均恰为 6%",
        _lg22(
            revenue=(8000.0, 7200.0, 6500.0),
            main_revenue=(6800.0, 6120.0, 5520.0),
            rd_expense=(480.0, 432.0, 390.0),
        ),
    ),
    Archetype(
        "little_giant_2022_rd_6_below",
        _L22,
        "rd_intensity_band",
        "not_met",
        "小巨人（2022）：营业收入 8000 万元，上年度研发占比 5.999%",
        _lg22(
            revenue=(8000.0, 7200.0, 6500.0),
            main_revenue=(6800.0, 6120.0, 5520.0),
            rd_expense=(479.9, 432.0, 390.0),
        ),
    ),
    Archetype(
        "little_giant_2022_revenue_below_5000",
        _L22,
        "rd_intensity_band",
        "not_met",
        "小巨人（2022）：营业收入 4999.9 万元，无 8000 万元股权融资",
        _lg22(
            revenue=(4999.9, 4500.0, 4050.0),
            main_revenue=(4250.0, 3825.0, 3440.0),
            rd_expense=(500.0, 450.0, 405.0),
            total_assets=(5000.0, 4600.0, 4200.0),
            total_liabilities=(2000.0, 1900.0, 1800.0),
        ),
    ),
    Archetype(
        "little_giant_2022_main_share_at_70",
        _L22,
        "main_share_y1",
        "met",
        "小巨人（2022）：主营业务收入占比恰为 70%",
        _lg22(main_revenue=(10500.0, 9500.0, 8600.0)),
    ),
    Archetype(
        "little_giant_2022_main_share_below_70",
        _L22,
        "main_share_y1",
        "not_met",
        "小巨人（2022）：主营业务收入占比 69.999%",
        _lg22(main_revenue=(10499.9, 9500.0, 8600.0)),
    ),
    Archetype(
        "little_giant_2022_growth_at_5",
        _L22,
        "main_growth_2y",
        "met",
        "小巨人（2022）：近两年主营业务收入增长率均为 5%",
        _lg22(main_revenue=(11025.0, 10500.0, 10000.0)),
    ),
    Archetype(
        "little_giant_2022_growth_below_5",
        _L22,
        "main_growth_2y",
        "not_met",
        "小巨人（2022）：近两年主营业务收入平均增长 4.995%",
        _lg22(main_revenue=(11024.0, 10500.0, 10000.0)),
    ),
    Archetype(
        "little_giant_2022_debt_at_70",
        _L22,
        "debt_ratio_y1",
        "met",
        "小巨人（2022）：资产负债率恰为 70%",
        _lg22(total_liabilities=(9800.0, 5900.0, 5500.0)),
    ),
    Archetype(
        "little_giant_2022_debt_above_70",
        _L22,
        "debt_ratio_y1",
        "not_met",
        "小巨人（2022）：资产负债率 70.001%",
        _lg22(total_liabilities=(9800.1, 5900.0, 5500.0)),
    ),
    Archetype(
        "little_giant_2022_market_share_at_10",
        _L22,
        "market_share",
        "met",
        "小巨人（2022）：细分市场占有率恰为 10%",
        with_facts(_LITTLE_GIANT_2022, market_share=10.0),
    ),
    Archetype(
        "little_giant_2022_market_share_below_10",
        _L22,
        "market_share",
        "not_met",
        "小巨人（2022）：细分市场占有率 9.9%",
        with_facts(_LITTLE_GIANT_2022, market_share=9.9),
    ),
    Archetype(
        "little_giant_2022_ip_at_2",
        _L22,
        "ip_class1_count",
        "met",
        "小巨人（2022）：Ⅰ类知识产权恰为 2 件",
        with_facts(_LITTLE_GIANT_2022, **_ip(2, 2, 0, 6)),
    ),
    Archetype(
        "little_giant_2022_ip_below_2",
        _L22,
        "ip_class1_count",
        "not_met",
        "小巨人（2022）：Ⅰ类知识产权仅 1 件",
        with_facts(_LITTLE_GIANT_2022, **_ip(1, 1, 0, 6)),
    ),
    Archetype(
        "little_giant_2022_niche_at_3",
        _L22,
        "niche_years",
        "met",
        "小巨人（2022）：从事细分市场恰满 3 年",
        with_facts(_LITTLE_GIANT_2022, niche_years=3.0),
    ),
    Archetype(
        "little_giant_2022_niche_below_3",
        _L22,
        "niche_years",
        "not_met",
        "小巨人（2022）：从事细分市场仅 2 年",
        with_facts(_LITTLE_GIANT_2022, niche_years=2.0),
    ),
    Archetype(
        "little_giant_2022_no_rd_institution",
        _L22,
        "rd_institution_level",
        "not_met",
        "小巨人（2022）：未建立研发机构",
        with_facts(_LITTLE_GIANT_2022, rd_institution_level="none"),
    ),
)


# ---- 专精特新“小巨人” (2026 附件2): X1-X10 --------------------------------------------------------
_LITTLE_GIANT_2026 = Spec(
    industry="C3491",
    tier=2,
    titles=("innovative_sme", "specialized_sme"),
    yearly={
        "revenue": (20000.0, 18500.0, 17000.0),
        "main_revenue": (19000.0, 17575.0, 16150.0),
        "rd_expense": (800.0, 740.0, 680.0),
        "total_assets": (18000.0, 17000.0, 16000.0),
        "total_liabilities": (9000.0, 8500.0, 8000.0),
        "employees": (260, 245, 230),
        "rd_staff": (52, 48, 45),
        "equity_financing": (0.0, 0.0, 0.0),
    },
    facts={
        **_ip(10, 9, 2, 12),
        "niche_years": 8.0,
        "market_share": 12.0,
        "domestic_market_rank": 4,
        "development_score": 75.0,
        "core_business_info_system": True,
        "own_brand": True,
        "rd_institution_level": "provincial",
        "main_product_field": ["six_foundations", "key_chain_link"],
        "digital_level": 3,
    },
    certifications=("quality_management",),
)
_L26 = "little_giant_2026"


def _lg26(**yearly: tuple[float, float, float]) -> Spec:
    return with_yearly(_LITTLE_GIANT_2026, **yearly)


_SMALL_2026 = {
    "revenue": (5000.0, 4700.0, 4400.0),
    "main_revenue": (4750.0, 4465.0, 4180.0),
    "rd_expense": (620.0, 580.0, 540.0),
    "total_assets": (5000.0, 4800.0, 4600.0),
    "total_liabilities": (2500.0, 2400.0, 2300.0),
    "employees": (95, 90, 86),
    "rd_staff": (30, 28, 26),
}
_LITTLE_GIANT_2026_ARCHETYPES = (
    Archetype(
        "little_giant_2026_baseline",
        _L26,
        "all",
        "met",
        "小巨人（2026）：七项指标均达标的培育对象",
        _LITTLE_GIANT_2026,
    ),
    Archetype(
        "little_giant_2026_revenue_at_5000",
        _L26,
        "revenue_y1",
        "met",
        "小巨人（2026）：上年度营业收入恰为 5000 万元",
        _lg26(**_SMALL_2026),
    ),
    Archetype(
        "little_giant_2026_revenue_below_5000",
        _L26,
        "revenue_y1",
        "not_met",
        "小巨人（2026）：上年度营业收入 4999.9 万元",
        _lg26(**{**_SMALL_2026, "revenue": (4999.9, 4700.0, 4400.0)}),
    ),
    Archetype(
        "little_giant_2026_main_share_at_90",
        _L26,
        "main_share_y1",
        "met",
        "小巨人（2026）：主营业务收入占比恰为 90%",
        _lg26(main_revenue=(18000.0, 17575.0, 16150.0)),
    ),
    Archetype(
        "little_giant_2026_main_share_below_90",
        _L26,
        "main_share_y1",
        "not_met",
        "小巨人（2026）：主营业务收入占比 89.9995%",
        _lg26(main_revenue=(17999.9, 17575.0, 16150.0)),
    ),
    Archetype(
        "little_giant_2026_cagr_at_5",
        _L26,
        "revenue_cagr_2y",
        "met",
        "小巨人（2026）：近两年营业收入复合增长率恰为 5%",
        _lg26(revenue=(17640.0, 16800.0, 16000.0), main_revenue=(16758.0, 15960.0, 15200.0)),
    ),
    Archetype(
        "little_giant_2026_cagr_below_5",
        _L26,
        "revenue_cagr_2y",
        "not_met",
        "小巨人（2026）：近两年营业收入复合增长率 4.997%",
        _lg26(revenue=(17639.0, 16800.0, 16000.0), main_revenue=(16758.0, 15960.0, 15200.0)),
    ),
    Archetype(
        "little_giant_2026_debt_at_75",
        _L26,
        "debt_ratio_y1",
        "met",
        "小巨人（2026）：资产负债率恰为 75%",
        _lg26(total_liabilities=(13500.0, 8500.0, 8000.0)),
    ),
    Archetype(
        "little_giant_2026_debt_above_75",
        _L26,
        "debt_ratio_y1",
        "not_met",
        "小巨人（2026）：资产负债率 75.0006%",
        _lg26(total_liabilities=(13500.1, 8500.0, 8000.0)),
    ),
    Archetype(
        "little_giant_2026_rd_sum_at_1200",
        _L26,
        "rd_expense_2y",
        "met",
        "小巨人（2026）：近两年研发费用合计恰为 1200 万元",
        _lg26(rd_expense=(620.0, 580.0, 540.0)),
    ),
    Archetype(
        "little_giant_2026_rd_sum_below_1200",
        _L26,
        "rd_expense_2y",
        "not_met",
        "小巨人（2026）：近两年研发费用合计 1199.9 万元",
        _lg26(rd_expense=(620.0, 579.9, 540.0)),
    ),
    Archetype(
        "little_giant_2026_rd_y2_ratio_at_3",
        _L26,
        "rd_intensity_y2",
        "met",
        "小巨人（2026）：前年研发费用占比恰为 3%",
        _lg26(rd_expense=(800.0, 555.0, 500.0)),
    ),
    Archetype(
        "little_giant_2026_rd_y2_ratio_below_3",
        _L26,
        "rd_intensity_y2",
        "not_met",
        "小巨人（2026）：前年研发费用占比 2.9995%",
        _lg26(rd_expense=(800.0, 554.9, 500.0)),
    ),
    Archetype(
        "little_giant_2026_ip_at_4",
        _L26,
        "ip_class1_count",
        "met",
        "小巨人（2026）：Ⅰ类知识产权恰为 4 件",
        with_facts(_LITTLE_GIANT_2026, **_ip(4, 4, 0, 12)),
    ),
    Archetype(
        "little_giant_2026_ip_below_4",
        _L26,
        "ip_class1_count",
        "not_met",
        "小巨人（2026）：Ⅰ类知识产权仅 3 件且无国家级科技奖励",
        with_facts(_LITTLE_GIANT_2026, **_ip(3, 3, 0, 12)),
    ),
    Archetype(
        "little_giant_2026_market_share_at_10",
        _L26,
        "market_position",
        "met",
        "小巨人（2026）：细分市场占有率恰为 10%（国内排名第 4）",
        with_facts(_LITTLE_GIANT_2026, market_share=10.0),
    ),
    Archetype(
        "little_giant_2026_market_share_below_10",
        _L26,
        "market_position",
        "not_met",
        "小巨人（2026）：细分市场占有率 9.9% 且国内排名第 4",
        with_facts(_LITTLE_GIANT_2026, market_share=9.9),
    ),
    Archetype(
        "little_giant_2026_rank_at_3",
        _L26,
        "market_position",
        "met",
        "小巨人（2026）：占有率 6%，但国内细分市场排名第 3",
        with_facts(_LITTLE_GIANT_2026, market_share=6.0, domestic_market_rank=3),
    ),
    Archetype(
        "little_giant_2026_score_at_60",
        _L26,
        "development_score",
        "met",
        "小巨人（2026）：发展评价得分恰为 60 分",
        with_facts(_LITTLE_GIANT_2026, development_score=60.0),
    ),
    Archetype(
        "little_giant_2026_score_below_60",
        _L26,
        "development_score",
        "not_met",
        "小巨人（2026）：发展评价得分 59.9 分",
        with_facts(_LITTLE_GIANT_2026, development_score=59.9),
    ),
    Archetype(
        "little_giant_2026_no_prerequisite",
        _L26,
        "prerequisite_title",
        "not_met",
        "小巨人（2026）：指标均达标，但未持有专精特新中小企业称号",
        replace(_LITTLE_GIANT_2026, titles=("innovative_sme",)),
    ),
)


# ---- 科技型中小企业 size limits, and the district's one 单项冠军 ------------------------------------
_TECH_SME = Spec(
    industry="I6513",
    tier=1,
    yearly={
        "revenue": (8000.0, 7000.0, 6000.0),
        "rd_expense": (560.0, 480.0, 400.0),
        "total_assets": (9000.0, 8000.0, 7000.0),
        "employees": (300, 280, 260),
        "rd_staff": (95, 90, 84),
        "tech_staff": (120, 110, 100),
    },
    facts={**_ip(2, 2, 0, 30), "restricted_industry": False},
)
_CHAMPION = Spec(
    industry="C3462",
    tier=3,
    titles=("single_champion", "high_tech_enterprise"),
    yearly={
        "revenue": (52000.0, 47000.0, 43000.0),
        "main_revenue": (49400.0, 44650.0, 40850.0),
        "rd_expense": (1820.0, 1640.0, 1500.0),
        "total_assets": (60000.0, 56000.0, 52000.0),
        "total_liabilities": (24000.0, 23000.0, 22000.0),
        "employees": (860, 830, 800),
        "rd_staff": (150, 140, 132),
        "tech_staff": (190, 180, 170),
        "high_tech_revenue": (44200.0, 39900.0, 36500.0),
        "net_profit": (5200.0, 4600.0, 4100.0),
    },
    facts={
        **_ip(46, 44, 12, 30),
        "niche_years": 18.0,
        "market_share": 32.0,
        "domestic_market_rank": 1,
        "development_score": 88.0,
        "rd_institution_level": "national",
        "main_product_field": ["six_foundations", "key_chain_link", "ten_key_industries"],
        "own_brand": True,
        "core_business_info_system": True,
        "digital_level": 4,
    },
    awards=(("national_sci_tech", 2, 2), ("quality_award", 1, 1)),
    certifications=("quality_management", "foreign_product", "other_management"),
)
_OTHER_ARCHETYPES = (
    Archetype(
        "tech_sme_employees_at_500",
        "tech_sme_2017",
        "employees_y1",
        "met",
        "科技型：职工总数恰为 500 人",
        with_yearly(_TECH_SME, employees=(500, 460, 420)),
    ),
    Archetype(
        "tech_sme_employees_above_500",
        "tech_sme_2017",
        "employees_y1",
        "not_met",
        "科技型：职工总数 501 人，超出 500 人上限",
        with_yearly(_TECH_SME, employees=(501, 460, 420)),
    ),
    Archetype(
        "tech_sme_revenue_at_20000",
        "tech_sme_2017",
        "revenue_y1",
        "met",
        "科技型：年销售收入恰为 2 亿元",
        with_yearly(
            _TECH_SME, revenue=(20000.0, 17000.0, 15000.0), rd_expense=(1400.0, 1190.0, 1050.0)
        ),
    ),
    Archetype(
        "tech_sme_revenue_above_20000",
        "tech_sme_2017",
        "revenue_y1",
        "not_met",
        "科技型：年销售收入 20000.1 万元，超出 2 亿元上限",
        with_yearly(
            _TECH_SME, revenue=(20000.1, 17000.0, 15000.0), rd_expense=(1400.0, 1190.0, 1050.0)
        ),
    ),
    Archetype(
        "single_champion",
        "single_champion_2023",
        "all",
        "met",
        "区内唯一的制造业单项冠军：风机细分领域全国第一、中型企业",
        _CHAMPION,
    ),
)

TIER_ARCHETYPES: tuple[Archetype, ...] = (
    _INNOVATIVE_ARCHETYPES
    + _SPECIALIZED_2022_ARCHETYPES
    + _SPECIALIZED_2026_ARCHETYPES
    + _LITTLE_GIANT_2022_ARCHETYPES
    + _LITTLE_GIANT_2026_ARCHETYPES
    + _OTHER_ARCHETYPES
)
# fmt: on
