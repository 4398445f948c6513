"""The four catalogs (科技成果, 技术需求, 惠企政策, 金融产品): their columns, defined once.

Imports, exports, the API and the database models all use these column ids. ``ref`` is an entry's
stable external id: importing the same file twice updates the same entries (idempotent).

Examples:
    >>> CATALOGS_BY_ID["achievements"].label
    '科技成果'
    >>> CATALOGS_BY_ID["policies"].required
    ('title', 'full_text')
"""

from __future__ import annotations

from dataclasses import dataclass

from littlegiant.records.fields import FIELDS_BY_ID, Field, FieldKind

__all__ = [
    "CATALOGS",
    "CATALOGS_BY_ID",
    "HOLDER_TYPES",
    "MATURITY_STAGES",
    "POLICY_LEVELS",
    "PRODUCT_TYPES",
    "REF_FIELD",
    "SUPPORT_TYPES",
    "TRANSFER_MODES",
    "Catalog",
]

HOLDER_TYPES = (
    ("university", "高校"),
    ("institute", "科研院所"),
    ("enterprise", "企业"),
    ("individual", "个人"),
)
MATURITY_STAGES = (
    ("lab", "实验室阶段（TRL 1-4）"),
    ("pilot", "中试阶段（TRL 5-6）"),
    ("trial", "小批量试产（TRL 7）"),
    ("industrialised", "产业化（TRL 8-9）"),
)
TRANSFER_MODES = (
    ("transfer", "转让"),
    ("license", "许可"),
    ("equity", "作价入股"),
    ("co_develop", "合作开发"),
)
POLICY_LEVELS = (
    ("national", "国家级"),
    ("provincial", "省级"),
    ("city", "市级"),
    ("district", "区县级"),
)
SUPPORT_TYPES = (
    ("subsidy", "补贴"),
    ("interest_subsidy", "贷款贴息"),
    ("reward", "奖励"),
    ("voucher", "券（算力券/创新券）"),
    ("tax", "税收优惠"),
    ("service", "服务支持"),
)
PRODUCT_TYPES = (
    ("zjtx_loan", "专精特新贷"),
    ("ip_pledge", "知识产权质押"),
    ("tech_credit", "科技信用贷"),
    ("equity", "股权投资"),
    ("guarantee", "融资担保"),
)


def _text(field_id: str, label: str, description: str = "") -> Field:
    return Field(field_id, label, FieldKind.TEXT, description=description)


def _money(field_id: str, label: str) -> Field:
    return Field(field_id, label, FieldKind.NUMBER, unit="万元", minimum=0, maximum=1e9)


def _date(field_id: str, label: str) -> Field:
    return Field(field_id, label, FieldKind.DATE)


REF_FIELD = _text("ref", "编号", "外部编号；再次导入同一编号即更新该条目")
_REF = REF_FIELD
_REGION = Field("region_code", "地区代码", FieldKind.CODE, description="GB/T 2260 六位行政区划代码")
_PACK = _text(
    "pack_id", "申报条件规则包", "由主管部门选择的申报条件规则包编号，如 zjtx_reward_city@2025"
)


@dataclass(frozen=True, slots=True)
class Catalog:
    """One catalog: its id, Chinese label, columns, required columns and the columns it indexes."""

    id: str
    label: str
    fields: tuple[Field, ...]
    required: tuple[str, ...]
    text_fields: tuple[str, ...]

    @property
    def field_ids(self) -> tuple[str, ...]:
        """The column ids in template order."""
        return tuple(f.id for f in self.fields)

    def field(self, field_id: str) -> Field:
        """One column by id (KeyError when unknown)."""
        for candidate in self.fields:
            if candidate.id == field_id:
                return candidate
        raise KeyError(field_id)


ACHIEVEMENTS = Catalog(
    "achievements",
    "科技成果",
    (
        _REF,
        _text("title", "成果名称"),
        _text("summary", "成果简介"),
        _text("holder", "成果持有方"),
        Field("holder_type", "持有方类型", FieldKind.CHOICE, choices=HOLDER_TYPES),
        _text("tech_field", "技术领域"),
        _text("industry_codes", "适用行业代码", "GB/T 4754-2017，多个以逗号分隔，如 C3985,C34"),
        _text("keywords", "关键词", "以逗号或空格分隔"),
        Field("maturity", "成熟度", FieldKind.CHOICE, choices=MATURITY_STAGES),
        Field("transfer_modes", "转化方式", FieldKind.CHOICES, choices=TRANSFER_MODES),
        _money("price_min", "意向价格下限"),
        _money("price_max", "意向价格上限"),
        _text("contact", "联系方式"),
        _REGION,
    ),
    ("title", "summary"),
    ("title", "summary", "keywords", "tech_field"),
)

NEEDS = Catalog(
    "needs",
    "技术需求",
    (
        _REF,
        _text("title", "需求名称"),
        _text("summary", "需求描述"),
        FIELDS_BY_ID["uscc"],
        FIELDS_BY_ID["industry_code"],
        _money("budget", "预算"),
        _date("deadline", "截止日期"),
        Field("maturity", "期望成熟度", FieldKind.CHOICE, choices=MATURITY_STAGES),
        _REGION,
    ),
    ("title", "summary"),
    ("title", "summary"),
)

POLICIES = Catalog(
    "policies",
    "惠企政策",
    (
        _REF,
        _text("title", "政策名称"),
        _text("issuer", "发文机关"),
        _text("doc_number", "文号"),
        Field("level", "政策层级", FieldKind.CHOICE, choices=POLICY_LEVELS),
        _REGION,
        _date("valid_from", "生效日期"),
        _date("valid_to", "截止日期"),
        _text("full_text", "政策原文"),
        Field("support_type", "支持方式", FieldKind.CHOICE, choices=SUPPORT_TYPES),
        _money("amount_max", "最高支持金额"),
        _text("amount_text", "支持标准"),
        _PACK,
    ),
    ("title", "full_text"),
    ("title", "amount_text", "full_text"),
)

PRODUCTS = Catalog(
    "products",
    "金融产品",
    (
        _REF,
        _text("title", "产品名称"),
        _text("provider", "金融机构"),
        Field("product_type", "产品类型", FieldKind.CHOICE, choices=PRODUCT_TYPES),
        _text("description", "产品介绍"),
        _money("amount_min", "额度下限"),
        _money("amount_max", "额度上限"),
        Field("rate_min", "利率下限", FieldKind.PERCENT, unit="%", minimum=0, maximum=100),
        Field("rate_max", "利率上限", FieldKind.PERCENT, unit="%", minimum=0, maximum=100),
        Field("term_months", "期限", FieldKind.INTEGER, unit="月", minimum=1, maximum=600),
        _REGION,
        _PACK,
    ),
    ("title", "description"),
    ("title", "description"),
)

CATALOGS: tuple[Catalog, ...] = (ACHIEVEMENTS, NEEDS, POLICIES, PRODUCTS)
CATALOGS_BY_ID: dict[str, Catalog] = {c.id: c for c in CATALOGS}
