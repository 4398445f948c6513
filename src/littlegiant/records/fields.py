"""The enterprise record: every field defined once (id, Chinese label, unit, kind, bounds).

The archive models, the Excel template, the API schemas, the rules and the batch runs all speak
this record. Yearly figures are stored per fiscal year; in flat files and in rules they appear as
``<id>_y1`` (上年度), ``<id>_y2`` (前年), ``<id>_y3`` relative to the evaluation's as-of date.
Missing data is ``None``, never 0.

Examples:
    >>> FIELDS_BY_ID["revenue"].label
    '营业收入'
    >>> FIELDS_BY_ID["revenue"].unit
    '万元'
    >>> flat_field_ids()[:3]
    ('uscc', 'name', 'region_code')
    >>> "rd_expense_y2" in flat_field_ids()
    True
"""

from __future__ import annotations

from littlegiant.records.field import Field, FieldKind
from littlegiant.records.questionnaires import QUESTIONNAIRE_FIELDS

__all__ = [
    "FACT_FIELDS",
    "FIELDS",
    "FIELDS_BY_ID",
    "FLAT_FIELDS_BY_ID",
    "IDENTITY_FIELDS",
    "MAIN_PRODUCT_FIELDS",
    "RD_INSTITUTION_LEVELS",
    "YEARLY_FIELDS",
    "YEAR_OFFSETS",
    "Field",
    "FieldKind",
    "flat_field_ids",
    "split_flat_id",
]

YEAR_OFFSETS: tuple[str, ...] = ("y1", "y2", "y3")
"""Year offsets: ``y1`` = the fiscal year before the as-of date's year (上年度), ``y2`` 前年, ``y3``."""

MONEY_MAX = (
    1e9  # 万元: ten trillion yuan, far above any SME; catches unit mistakes (元 typed as 万元)
)
HEADCOUNT_MAX = 10_000_000


RD_INSTITUTION_LEVELS: tuple[tuple[str, str], ...] = (
    ("national", "国家级"),
    ("provincial", "省级"),
    ("municipal", "市级"),
    ("below", "市级以下"),
    ("none", "无"),
)

MAIN_PRODUCT_FIELDS: tuple[tuple[str, str], ...] = (
    ("strategic_emerging", "战略性新兴产业"),
    ("six_foundations", "工业“六基”领域"),
    ("key_chain_link", "产业链供应链关键环节（补短板、锻长板、填空白）"),
    ("ten_key_industries", "制造强国战略十大重点产业领域"),
    ("time_honored", "中华老字号"),
    ("other", "其他"),
    ("chain_leader_supplier", "主导产品服务关键产业链重点龙头企业"),
    ("cyber_power", "网络强国建设重点领域"),
    ("traditional_upgrade", "改造提升传统产业"),
    ("future_industries", "布局建设未来产业"),
)


def _money(field_id: str, label: str, *, signed: bool = False, description: str = "") -> Field:
    return Field(
        field_id,
        label,
        FieldKind.NUMBER,
        unit="万元",
        minimum=-MONEY_MAX if signed else 0.0,
        maximum=MONEY_MAX,
        yearly=True,
        description=description,
    )


def _headcount(field_id: str, label: str, description: str = "") -> Field:
    return Field(
        field_id,
        label,
        FieldKind.INTEGER,
        unit="人",
        minimum=0,
        maximum=HEADCOUNT_MAX,
        yearly=True,
        description=description,
    )


def _flag(field_id: str, label: str, description: str = "") -> Field:
    return Field(field_id, label, FieldKind.BOOLEAN, description=description)


def _count(field_id: str, label: str, unit: str = "件", description: str = "") -> Field:
    return Field(
        field_id,
        label,
        FieldKind.INTEGER,
        unit=unit,
        minimum=0,
        maximum=1_000_000,
        description=description,
    )


def _rank(field_id: str, label: str, description: str) -> Field:
    return Field(
        field_id,
        label,
        FieldKind.INTEGER,
        unit="名",
        minimum=1,
        maximum=100_000,
        description=description,
    )


IDENTITY_FIELDS: tuple[Field, ...] = (
    Field("uscc", "统一社会信用代码", FieldKind.CODE, description="18 位，GB 32100-2015 校验位"),
    Field("name", "企业名称", FieldKind.TEXT),
    Field("region_code", "所在地区代码", FieldKind.CODE, description="GB/T 2260 六位行政区划代码"),
    Field(
        "industry_code",
        "所属行业代码",
        FieldKind.CODE,
        description="GB/T 4754-2017，如 C3985；可填门类字母或两位大类",
    ),
    Field("established_on", "成立日期", FieldKind.DATE),
)

YEARLY_FIELDS: tuple[Field, ...] = (
    _headcount("employees", "从业人员（职工总数）"),
    _money("revenue", "营业收入"),
    _money("main_revenue", "主营业务收入"),
    _money("total_assets", "资产总额"),
    _money("total_liabilities", "负债总额"),
    _money("net_profit", "净利润", signed=True),
    _money("rd_expense", "研发费用"),
    _headcount("rd_staff", "研发人员"),
    _headcount("tech_staff", "科技人员"),
    _money("equity_financing", "新增股权融资（合格机构投资者实缴）"),
    _money("total_cost", "成本费用总额"),
    _money("high_tech_revenue", "高新技术产品（服务）收入"),
)

FACT_FIELDS: tuple[Field, ...] = (
    Field(
        "niche_years", "从事特定细分市场年限", FieldKind.NUMBER, unit="年", minimum=0, maximum=200
    ),
    _count("ip_class1_count", "Ⅰ类知识产权数量", description="与主导产品相关的有效Ⅰ类知识产权"),
    _count("ip_class1_self_developed_count", "自主研发Ⅰ类知识产权数量"),
    _count("ip_class1_high_value_count", "Ⅰ类高价值知识产权数量"),
    _count("ip_class2_count", "Ⅱ类知识产权数量"),
    Field("rd_institution_level", "研发机构级别", FieldKind.CHOICE, choices=RD_INSTITUTION_LEVELS),
    _flag("high_tech_enterprise", "高新技术企业（有效期内）"),
    _flag("tech_sme", "科技型中小企业（有效期内）"),
    _flag("innovative_sme", "创新型中小企业（有效期内）"),
    _flag("specialized_sme", "专精特新中小企业（有效期内）"),
    _flag("little_giant", "专精特新“小巨人”企业（有效期内）"),
    _rank("national_award_rank", "国家级科技奖励获奖单位排名", "近三年内；空表示无"),
    _rank("provincial_award_rank", "省级科技奖励获奖单位排名", "近三年内；空表示无"),
    _rank(
        "makers_china_rank",
        "“创客中国”大赛全国名次",
        "近三年内进入全国 500 强/50 强名单的名次；空表示无",
    ),
    _flag("quality_award_provincial", "省级以上质量奖"),
    _flag("quality_cert", "质量管理体系认证（如 ISO 9001）"),
    _flag("foreign_product_cert", "产品通过发达国家和地区认证"),
    _flag("own_brand", "拥有自主品牌"),
    _count("standards_count", "主持或参与制修订标准数量", unit="项"),
    Field("main_product_field", "主导产品所属领域", FieldKind.CHOICES, choices=MAIN_PRODUCT_FIELDS),
    Field(
        "market_share",
        "主导产品细分市场占有率",
        FieldKind.PERCENT,
        unit="%",
        minimum=0,
        maximum=100,
    ),
    _rank("domestic_market_rank", "主导产品国内细分市场排名", "国内细分市场名次"),
    Field("digital_level", "数字化水平等级", FieldKind.INTEGER, unit="级", minimum=1, maximum=4),
    Field(
        "digital_level_on",
        "数字化水平评测日期",
        FieldKind.DATE,
        description="数字化水平等级的评测日期",
    ),
    _flag("core_business_info_system", "至少一项核心业务采用信息系统支撑"),
    Field(
        "development_score",
        "专精特新发展评价得分",
        FieldKind.NUMBER,
        unit="分",
        minimum=0,
        maximum=100,
    ),
    Field(
        "local_feature_score",
        "地方特色指标得分",
        FieldKind.NUMBER,
        unit="分",
        minimum=0,
        maximum=15,
    ),
    _flag("major_violation", "近三年发生重大安全、质量、环境事故或严重失信"),
    _flag(
        "critical_field_relaxation",
        "属于关键领域“补短板”“填空白”企业（细分市场年限可放宽）",
        "63号小巨人标准：关键领域补短板、填空白企业从事细分市场年限可放宽至 2 年",
    ),
    _flag(
        "market_position_leading",
        "主导产品细分市场占有率较为靠前（经审核）",
        "2026 专精特新标准无数值线，须人工审核；空表示未审核",
    ),
    Field(
        "development_score_previous",
        "上一年度专精特新发展评价得分",
        FieldKind.NUMBER,
        unit="分",
        minimum=0,
        maximum=100,
        description="复核企业可取近两年任一年度得分",
    ),
    _flag("retest", "本次为称号到期复核", "空表示新申请（非复核）"),
    _flag("single_champion", "制造业单项冠军（示范企业或产品，有效期内）"),
    _flag("strategic_cluster", "主导产品属于省重点（战略性）产业集群", "省级叠加包的地方特色指标"),
    _flag(
        "first_set_product", "首台（套）装备、首批次材料或首版次软件", "省级叠加包的地方特色指标"
    ),
    _flag(
        "tech_innovation_demo_enterprise",
        "国家级技术创新示范企业（有效期内）",
        "创新型中小企业直通条件 D2",
    ),
    _flag(
        "ip_advantage_enterprise",
        "知识产权优势企业或示范企业（有效期内）",
        "创新型中小企业直通条件 D2",
    ),
    _flag(
        "led_standard_setting", "近五年主导制定国际、国家或行业标准", "科技型中小企业直接确认条件"
    ),
    _flag(
        "restricted_industry",
        "主要产品（服务）属于国家禁止、限制或淘汰类",
        "科技型中小企业基本条件；空表示未核实",
    ),
)

FIELDS: tuple[Field, ...] = IDENTITY_FIELDS + YEARLY_FIELDS + FACT_FIELDS
FIELDS_BY_ID: dict[str, Field] = {field.id: field for field in FIELDS}


def flat_field_ids(years: int = 3) -> tuple[str, ...]:
    """Every column id of a flat file: identity, yearly fields suffixed per year, then facts."""
    yearly = tuple(f"{f.id}_{offset}" for offset in YEAR_OFFSETS[:years] for f in YEARLY_FIELDS)
    return tuple(f.id for f in IDENTITY_FIELDS) + yearly + tuple(f.id for f in FACT_FIELDS)


def split_flat_id(flat_id: str) -> tuple[Field, str | None]:
    """The field and year offset behind a flat column id (``rd_expense_y2`` → rd_expense, ``y2``).

    Raises:
        KeyError: the id names no field of the record.

    Examples:
        >>> field, offset = split_flat_id("rd_expense_y2")
        >>> field.id, offset
        ('rd_expense', 'y2')
        >>> split_flat_id("uscc")[1] is None
        True
    """
    if flat_id in FIELDS_BY_ID and not FIELDS_BY_ID[flat_id].yearly:
        return FIELDS_BY_ID[flat_id], None
    base, _, offset = flat_id.rpartition("_")
    field = FIELDS_BY_ID.get(base)
    if field is None or not field.yearly or offset not in YEAR_OFFSETS:
        raise KeyError(flat_id)
    return field, offset


FLAT_FIELDS_BY_ID: dict[str, Field] = {
    **{flat_id: split_flat_id(flat_id)[0] for flat_id in flat_field_ids()},
    **{field.id: field for field in QUESTIONNAIRE_FIELDS},
}
"""Every name a rule may read: the flat record's columns plus questionnaire answers."""
