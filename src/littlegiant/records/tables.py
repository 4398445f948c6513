"""The growth archive's tables (一户一档), as the Excel template, the import and the database share them.

Each table has a stable id, a Chinese sheet name, a key (what an import upserts on) and columns.
Columns that are record fields reuse the field from :mod:`littlegiant.records.fields`; the others
are defined here once.

Examples:
    >>> TABLES_BY_ID["yearly"].key
    ('uscc', 'fiscal_year')
    >>> TABLES_BY_ID["yearly"].sheet
    '年度数据'
"""

from __future__ import annotations

from dataclasses import dataclass

from littlegiant.records.fields import (
    FIELDS_BY_ID,
    IDENTITY_FIELDS,
    YEARLY_FIELDS,
    Field,
    FieldKind,
)

__all__ = [
    "AWARD_KINDS",
    "CERTIFICATION_KINDS",
    "STANDARD_LEVELS",
    "STANDARD_ROLES",
    "TABLES",
    "TABLES_BY_ID",
    "TITLE_KINDS",
    "Table",
]

TITLE_KINDS: tuple[tuple[str, str], ...] = (
    ("tech_sme", "科技型中小企业"),
    ("innovative_sme", "创新型中小企业"),
    ("specialized_sme", "专精特新中小企业"),
    ("little_giant", "专精特新“小巨人”企业"),
    ("high_tech_enterprise", "高新技术企业"),
    ("single_champion", "制造业单项冠军"),
)

AWARD_KINDS: tuple[tuple[str, str], ...] = (
    ("national_sci_tech", "国家级科技奖励"),
    ("provincial_sci_tech", "省级科技奖励"),
    ("makers_china", "“创客中国”中小企业创新创业大赛"),
    ("quality_award", "省级以上质量奖"),
    ("other", "其他奖项"),
)

CERTIFICATION_KINDS: tuple[tuple[str, str], ...] = (
    ("quality_management", "质量管理体系认证"),
    ("foreign_product", "发达国家和地区产品认证"),
    ("other_management", "其他管理体系认证"),
)

STANDARD_LEVELS: tuple[tuple[str, str], ...] = (
    ("international", "国际标准"),
    ("national", "国家标准"),
    ("industry", "行业标准"),
    ("local", "地方标准"),
    ("group", "团体标准"),
)

STANDARD_ROLES: tuple[tuple[str, str], ...] = (("lead", "主持"), ("participate", "参与"))


_USCC = FIELDS_BY_ID["uscc"]
_FISCAL_YEAR = Field(
    "fiscal_year", "会计年度", FieldKind.INTEGER, unit="年", minimum=1949, maximum=2100
)
_ISSUED_ON = Field("issued_on", "发证/认定日期", FieldKind.DATE)
_EXPIRES_ON = Field("expires_on", "有效期至", FieldKind.DATE)


@dataclass(frozen=True, slots=True)
class Table:
    """One archive table: one sheet of the import template, one model in the database."""

    id: str
    sheet: str
    key: tuple[str, ...]
    columns: tuple[Field, ...]
    optional_keys: tuple[str, ...] = ()
    """Key columns a row may leave empty (a certification's name, a title's 认定日期)."""

    @property
    def column_ids(self) -> tuple[str, ...]:
        """The column ids in template order."""
        return tuple(column.id for column in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """The columns every row must fill: its key but the optional key columns, and for the
        enterprise table the name."""
        required = tuple(key for key in self.key if key not in self.optional_keys)
        return required + (("name",) if self.id == "enterprise" else ())


_ENTERPRISE_FACTS = (
    "niche_years",
    "main_product_field",
    "market_share",
    "domestic_market_rank",
    "digital_level",
    "digital_level_on",
    "core_business_info_system",
    "own_brand",
    "rd_institution_level",
    "development_score",
    "local_feature_score",
    "major_violation",
    "critical_field_relaxation",
    "market_position_leading",
    "development_score_previous",
    "strategic_cluster",
    "first_set_product",
    "tech_innovation_demo_enterprise",
    "ip_advantage_enterprise",
    "restricted_industry",
)

TABLES: tuple[Table, ...] = (
    Table(
        "enterprise",
        "企业基本信息",
        ("uscc",),
        IDENTITY_FIELDS + tuple(FIELDS_BY_ID[fid] for fid in _ENTERPRISE_FACTS),
    ),
    Table("yearly", "年度数据", ("uscc", "fiscal_year"), (_USCC, _FISCAL_YEAR, *YEARLY_FIELDS)),
    Table(
        "titles",
        "资质称号",
        (
            "uscc",
            "title",
            "issued_on",
        ),  # one row per award of a title: renewals (复核) keep history
        (
            _USCC,
            Field("title", "称号", FieldKind.CHOICE, choices=TITLE_KINDS),
            _ISSUED_ON,
            _EXPIRES_ON,
            Field("certificate_no", "证书/文件编号", FieldKind.TEXT),
        ),
        optional_keys=("issued_on",),
    ),
    Table(
        "ip",
        "知识产权",
        ("uscc",),
        (
            _USCC,
            FIELDS_BY_ID["ip_class1_count"],
            FIELDS_BY_ID["ip_class1_self_developed_count"],
            FIELDS_BY_ID["ip_class1_high_value_count"],
            FIELDS_BY_ID["ip_class2_count"],
        ),
    ),
    Table(
        "awards",
        "奖项荣誉",
        ("uscc", "award", "year"),
        (
            _USCC,
            Field("award", "奖项类别", FieldKind.CHOICE, choices=AWARD_KINDS),
            Field("year", "获奖年度", FieldKind.INTEGER, unit="年", minimum=1949, maximum=2100),
            Field("rank", "获奖单位排名", FieldKind.INTEGER, unit="名", minimum=1, maximum=100_000),
            Field("award_name", "奖项名称", FieldKind.TEXT),
        ),
    ),
    Table(
        "certifications",
        "认证",
        ("uscc", "certification", "cert_name"),
        (
            _USCC,
            Field("certification", "认证类别", FieldKind.CHOICE, choices=CERTIFICATION_KINDS),
            Field("cert_name", "认证名称", FieldKind.TEXT),
            _ISSUED_ON,
            _EXPIRES_ON,
        ),
        optional_keys=("cert_name",),
    ),
    Table(
        "standards",
        "标准",
        ("uscc", "standard_code"),
        (
            _USCC,
            Field("standard_code", "标准编号", FieldKind.TEXT),
            Field("standard_name", "标准名称", FieldKind.TEXT),
            Field("standard_level", "标准级别", FieldKind.CHOICE, choices=STANDARD_LEVELS),
            Field("role", "参与方式", FieldKind.CHOICE, choices=STANDARD_ROLES),
            Field("year", "发布年度", FieldKind.INTEGER, unit="年", minimum=1949, maximum=2100),
        ),
    ),
    Table(
        "contacts",
        "联系人",
        ("uscc", "contact_name"),
        (
            _USCC,
            Field("contact_name", "姓名", FieldKind.TEXT),
            Field("position", "职务", FieldKind.TEXT),
            Field("phone", "电话", FieldKind.TEXT),
            Field("email", "电子邮箱", FieldKind.TEXT),
        ),
    ),
)

TABLES_BY_ID: dict[str, Table] = {table.id: table for table in TABLES}
