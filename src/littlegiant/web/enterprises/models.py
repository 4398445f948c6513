"""The growth archive (一户一档): one model per table of ``littlegiant.records.tables``.

Column types, labels and bounds come from the record definitions through ``model_fields``; every
model keeps its change history (django-simple-history). ``TABLE_MODELS`` maps each archive table to its
model. Writes go through ``services``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from littlegiant.records import derive
from littlegiant.records.fields import FIELDS_BY_ID
from littlegiant.records.tables import TITLE_KINDS
from littlegiant.web.enterprises.model_fields import model_field, table_field

__all__ = [
    "TABLE_MODELS",
    "Award",
    "Certification",
    "Consent",
    "ConsentScope",
    "Contact",
    "Enterprise",
    "IntellectualProperty",
    "SizeClass",
    "Standard",
    "Title",
    "YearlyFigure",
    "active_consents",
    "table_id_of",
]


def _f(field_id: str, **overrides: Any) -> models.Field[Any, Any]:
    return model_field(FIELDS_BY_ID[field_id], **overrides)


class SizeClass(models.TextChoices):
    """Enterprise size under 工信部联企业 2011 年 300 号文 (filled by the rules engine)."""

    LARGE = "large", "大型"
    MEDIUM = "medium", "中型"
    SMALL = "small", "小型"
    MICRO = "micro", "微型"


class Enterprise(models.Model):
    """An enterprise of the archive: identity and the facts kept per enterprise (table ``enterprise``)."""

    uscc = _f("uscc", required=True, unique=True)
    name = _f("name", required=True, db_index=True)
    region_code = _f("region_code", db_index=True)
    industry_code = _f("industry_code", db_index=True)
    established_on = _f("established_on")
    niche_years = _f("niche_years")
    main_product_field = _f("main_product_field")
    market_share = _f("market_share")
    domestic_market_rank = _f("domestic_market_rank")
    digital_level = _f("digital_level")
    digital_level_on = _f("digital_level_on")
    core_business_info_system = _f("core_business_info_system")
    own_brand = _f("own_brand")
    rd_institution_level = _f("rd_institution_level")
    development_score = _f("development_score")
    local_feature_score = _f("local_feature_score")
    major_violation = _f("major_violation")
    critical_field_relaxation = _f("critical_field_relaxation")
    market_position_leading = _f("market_position_leading")
    development_score_previous = _f("development_score_previous")
    strategic_cluster = _f("strategic_cluster")
    first_set_product = _f("first_set_product")
    tech_innovation_demo_enterprise = _f("tech_innovation_demo_enterprise")
    ip_advantage_enterprise = _f("ip_advantage_enterprise")
    restricted_industry = _f("restricted_industry")
    size_class = models.CharField(
        "企业规模", max_length=8, choices=SizeClass.choices, blank=True, default="", db_index=True
    )
    name_pinyin = models.CharField(
        "名称拼音", max_length=400, blank=True, default="", db_index=True, editable=False
    )
    name_initials = models.CharField(
        "名称拼音首字母", max_length=200, blank=True, default="", editable=False
    )
    created_at = models.DateTimeField("建档时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["updated_at", "created_at", "name_pinyin", "name_initials"]
    )

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.uscc}）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keeps the name's pinyin keys (search, sort) in step with the name."""
        from littlegiant.web.enterprises.search_keys import name_keys

        self.name_pinyin, self.name_initials = name_keys(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)

    @property
    def industry_section(self) -> str:
        """The GB/T 4754 门类 letter of the industry code ('' when unknown)."""
        return self.industry_code[:1].upper() if self.industry_code else ""


class _ArchiveRow(models.Model):
    """A row of an archive table that belongs to one enterprise."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, verbose_name="企业")

    class Meta:
        abstract = True


class YearlyFigure(_ArchiveRow):
    """The figures of one fiscal year of an enterprise (table ``yearly``; money in 万元)."""

    fiscal_year = table_field("yearly", "fiscal_year", required=True)
    employees = _f("employees")
    revenue = _f("revenue")
    main_revenue = _f("main_revenue")
    total_assets = _f("total_assets")
    total_liabilities = _f("total_liabilities")
    net_profit = _f("net_profit")
    rd_expense = _f("rd_expense")
    rd_staff = _f("rd_staff")
    tech_staff = _f("tech_staff")
    equity_financing = _f("equity_financing")
    total_cost = _f("total_cost")
    high_tech_revenue = _f("high_tech_revenue")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度数据"
        verbose_name_plural = "年度数据"
        ordering: ClassVar[list[str]] = ["enterprise", "-fiscal_year"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["enterprise", "fiscal_year"], name="yearly_one_row_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} 年度"

    @property
    def rd_intensity(self) -> float | None:
        """研发费用占营业收入比重 (%), None when either figure is missing or revenue is 0."""
        if self.rd_expense is None or not self.revenue:
            return None
        return self.rd_expense / self.revenue * 100


class Title(_ArchiveRow):
    """A title (资质称号) an enterprise holds, with its validity (table ``titles``)."""

    title = table_field("titles", "title", required=True)
    issued_on = table_field("titles", "issued_on")
    expires_on = table_field("titles", "expires_on")
    certificate_no = table_field("titles", "certificate_no")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "资质称号"
        verbose_name_plural = "资质称号"
        ordering: ClassVar[list[str]] = ["enterprise", "title", "-issued_on"]
        # one row per award of a title: a renewal after 复核 is a new row (the old one stays as history)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["enterprise", "title", "issued_on"], name="titles_one_row_per_award"
            ),
            models.UniqueConstraint(  # NULLs are distinct in a unique index: one undated row
                fields=["enterprise", "title"],
                condition=models.Q(issued_on__isnull=True),
                name="titles_one_undated_row",
            ),
        ]

    def __str__(self) -> str:
        return self.get_title_display()

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the title is in force on ``day`` (issued on or before it, not yet expired)."""
        return derive.is_valid_on(self.issued_on, self.expires_on, day)


TITLE_LABELS = dict(TITLE_KINDS)


class IntellectualProperty(models.Model):
    """An enterprise's intellectual property counts by class (table ``ip``)."""

    enterprise = models.OneToOneField(
        Enterprise, on_delete=models.CASCADE, related_name="ip", verbose_name="企业"
    )
    ip_class1_count = _f("ip_class1_count")
    ip_class1_self_developed_count = _f("ip_class1_self_developed_count")
    ip_class1_high_value_count = _f("ip_class1_high_value_count")
    ip_class2_count = _f("ip_class2_count")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "知识产权"
        verbose_name_plural = "知识产权"

    def __str__(self) -> str:
        return "知识产权"


class Award(_ArchiveRow):
    """An award won in a year, with the enterprise's rank among the winners (table ``awards``)."""

    award = table_field("awards", "award", required=True)
    year = table_field("awards", "year", required=True)
    rank = table_field("awards", "rank")
    award_name = table_field("awards", "award_name")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "奖项荣誉"
        verbose_name_plural = "奖项荣誉"
        ordering: ClassVar[list[str]] = ["enterprise", "-year", "award"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["enterprise", "award", "year"], name="awards_one_per_kind_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_award_display()}"


class Certification(_ArchiveRow):
    """A certification (quality management, foreign product...) with its validity (table ``certifications``)."""

    certification = table_field("certifications", "certification", required=True)
    cert_name = table_field("certifications", "cert_name")
    issued_on = table_field("certifications", "issued_on")
    expires_on = table_field("certifications", "expires_on")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "认证"
        verbose_name_plural = "认证"
        ordering: ClassVar[list[str]] = ["enterprise", "certification", "cert_name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["enterprise", "certification", "cert_name"],
                name="certifications_unique_name",
            )
        ]

    def __str__(self) -> str:
        return self.cert_name or self.get_certification_display()

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the certificate is in force on ``day``."""
        return derive.is_valid_on(self.issued_on, self.expires_on, day)


class Standard(_ArchiveRow):
    """A standard the enterprise led or took part in drafting (table ``standards``)."""

    standard_code = table_field("standards", "standard_code", required=True)
    standard_name = table_field("standards", "standard_name")
    standard_level = table_field("standards", "standard_level")
    role = table_field("standards", "role")
    year = table_field("standards", "year")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "标准"
        verbose_name_plural = "标准"
        ordering: ClassVar[list[str]] = ["enterprise", "standard_code"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["enterprise", "standard_code"], name="standards_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.standard_code


class Contact(_ArchiveRow):
    """A contact person of the enterprise (table ``contacts``)."""

    contact_name = table_field("contacts", "contact_name", required=True)
    position = table_field("contacts", "position")
    phone = table_field("contacts", "phone")
    email = table_field("contacts", "email")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "联系人"
        verbose_name_plural = "联系人"
        ordering: ClassVar[list[str]] = ["enterprise", "contact_name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["enterprise", "contact_name"], name="contacts_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.contact_name


TABLE_MODELS: dict[str, type[models.Model]] = {
    "enterprise": Enterprise,
    "yearly": YearlyFigure,
    "titles": Title,
    "ip": IntellectualProperty,
    "awards": Award,
    "certifications": Certification,
    "standards": Standard,
    "contacts": Contact,
}
"""The table registry: every archive table of ``littlegiant.records.tables`` and the model storing it."""


def table_id_of(model: type[models.Model]) -> str:
    """The archive table (``littlegiant.records.tables``) a model stores."""
    return next(table_id for table_id, table_model in TABLE_MODELS.items() if table_model is model)


class ConsentScope(models.TextChoices):
    """What part of its archive an enterprise lets a service provider see (PIPL Art. 13, 23)."""

    BASIC = "basic", "基本信息"
    YEARLY = "yearly", "年度经营数据"
    CREDENTIALS = "credentials", "资质称号、奖项、认证与标准"
    IP = "ip", "知识产权"
    CONTACTS = "contacts", "联系人（含完整电话与邮箱）"


class Consent(models.Model):
    """An enterprise's consent that one service provider (服务机构、银行、担保机构) sees parts of its archive.

    Active from ``granted_at`` until revoked or past ``expires_on``; the basic scope is always part of
    it. Only the enterprise's own users grant and revoke (``services.consents``); every change is kept
    in the history.
    """

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="consents", verbose_name="企业"
    )
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents_received",
        verbose_name="被授权服务机构",
    )
    scopes = models.JSONField("授权范围", default=list)
    purpose = models.CharField("用途", max_length=200)
    expires_on = models.DateField("有效期至", null=True, blank=True)
    granted_at = models.DateTimeField("授权时间", auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="授权人",
    )
    revoked_at = models.DateTimeField("撤回时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="撤回人",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "数据授权"
        verbose_name_plural = "数据授权"
        ordering: ClassVar[list[str]] = ["-granted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise.name} → {self.provider}"

    def is_active_on(self, day: dt.date) -> bool:
        """Whether the consent is in force on ``day`` (not revoked, not expired)."""
        return self.revoked_at is None and (self.expires_on is None or self.expires_on >= day)

    def scope_labels(self) -> list[str]:
        """The consented scopes as Chinese labels, in the order of ``ConsentScope``."""
        return [scope.label for scope in ConsentScope if scope.value in self.scopes]


def active_consents(day: dt.date) -> models.QuerySet[Consent]:
    """Consents in force on ``day``: not revoked and not expired."""
    return Consent.objects.filter(revoked_at__isnull=True).filter(
        models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=day)
    )
