"""The four catalogs' tables; the columns follow :mod:`littlegiant.matching.catalogs` one to one.

``MODELS`` maps each catalog id to its model (the table registry). Writes go through ``services``.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models

from littlegiant.matching.catalogs import CATALOGS_BY_ID, REF_FIELD
from littlegiant.records.fields import Field, FieldKind

__all__ = [
    "MODELS",
    "Achievement",
    "CatalogEntry",
    "EntryStatus",
    "Need",
    "Policy",
    "PolicyPush",
    "Product",
]


class EntryStatus(models.TextChoices):
    """Where an entry stands: only published entries are public (searched, matched, pushed)."""

    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已发布"
    REJECTED = "rejected", "未通过审核"
    WITHDRAWN = "withdrawn", "已撤回"


def _column(catalog_id: str, field_id: str, **extra: Any) -> models.Field[Any, Any]:
    """The Django column of one catalog field (label, kind and choices from the catalog definition)."""
    return _field_column(CATALOGS_BY_ID[catalog_id].field(field_id), **extra)


def _field_column(field: Field, **extra: Any) -> models.Field[Any, Any]:
    field_id = field.id
    label = field.label_with_unit()
    common: dict[str, Any] = {"help_text": field.description, **extra}
    if field.kind in (FieldKind.NUMBER, FieldKind.PERCENT):
        return models.FloatField(label, null=True, blank=True, **common)
    if field.kind is FieldKind.INTEGER:
        return models.IntegerField(label, null=True, blank=True, **common)
    if field.kind is FieldKind.DATE:
        return models.DateField(label, null=True, blank=True, **common)
    if field.kind is FieldKind.CHOICE:
        return models.CharField(
            label, max_length=32, blank=True, default="", choices=field.choices, **common
        )
    if field.kind is FieldKind.CHOICES:
        return models.JSONField(label, default=list, blank=True, **common)
    if field_id in ("summary", "full_text", "description"):
        return models.TextField(label, blank=True, default="", **common)
    return models.CharField(label, max_length=300, blank=True, default="", **common)


class CatalogEntry(models.Model):
    """Columns every catalog entry has: external ref, title, owner and the indexed-text fingerprint."""

    catalog_id: ClassVar[str]
    ref = _field_column(REF_FIELD, unique=True)  # the same column in every catalog
    # Each catalog defines ``title`` with its own label; declared here so that code working on any
    # catalog (services, views, the API) is typed against the base class.
    title: str
    objects: ClassVar[models.Manager[Self]] = models.Manager()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="发布人",
    )
    status = models.CharField(
        "状态",
        max_length=16,
        choices=EntryStatus.choices,
        default=EntryStatus.PUBLISHED,
        db_index=True,
        help_text="服务机构发布的条目须经主管部门审核后公开",
    )
    review_note = models.CharField("审核意见", max_length=300, blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="审核人",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    index_hash = models.CharField("索引指纹", max_length=16, blank=True, default="", editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True
        ordering: ClassVar[list[str]] = ["-updated_at"]

    def __str__(self) -> str:
        return str(getattr(self, "title", self.pk))

    @property
    def is_public(self) -> bool:
        """Whether the entry is published (searched, matched and pushed)."""
        return self.status == EntryStatus.PUBLISHED

    def indexed_text(self) -> str:
        """The text the search index sees: the catalog's text columns, joined."""
        catalog = CATALOGS_BY_ID[self.catalog_id]
        return "\n".join(str(getattr(self, f) or "") for f in catalog.text_fields)


class Achievement(CatalogEntry):
    """A technology achievement offered for transfer (科技成果)."""

    catalog_id = "achievements"
    title = _column("achievements", "title")
    summary = _column("achievements", "summary")
    holder = _column("achievements", "holder")
    holder_type = _column("achievements", "holder_type")
    tech_field = _column("achievements", "tech_field")
    industry_codes = _column("achievements", "industry_codes")
    keywords = _column("achievements", "keywords")
    maturity = _column("achievements", "maturity")
    transfer_modes = _column("achievements", "transfer_modes")
    price_min = _column("achievements", "price_min")
    price_max = _column("achievements", "price_max")
    contact = _column("achievements", "contact")
    region_code = _column("achievements", "region_code")

    class Meta(CatalogEntry.Meta):
        verbose_name = verbose_name_plural = "科技成果"


class Need(CatalogEntry):
    """An enterprise's technology need (技术需求); visible to its own users and to officials."""

    catalog_id = "needs"
    title = _column("needs", "title")
    summary = _column("needs", "summary")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="needs",
        verbose_name="企业",
    )
    uscc = _column("needs", "uscc")
    industry_code = _column("needs", "industry_code")
    budget = _column("needs", "budget")
    deadline = _column("needs", "deadline")
    maturity = _column("needs", "maturity")
    region_code = _column("needs", "region_code")

    class Meta(CatalogEntry.Meta):
        verbose_name = verbose_name_plural = "技术需求"


class Policy(CatalogEntry):
    """A policy measure for enterprises (惠企政策), with its eligibility pack."""

    catalog_id = "policies"
    title = _column("policies", "title")
    issuer = _column("policies", "issuer")
    doc_number = _column("policies", "doc_number")
    level = _column("policies", "level")
    region_code = _column("policies", "region_code")
    valid_from = _column("policies", "valid_from")
    valid_to = _column("policies", "valid_to")
    full_text = _column("policies", "full_text")
    support_type = _column("policies", "support_type")
    amount_max = _column("policies", "amount_max")
    amount_text = _column("policies", "amount_text")
    pack_id = _column("policies", "pack_id")

    class Meta(CatalogEntry.Meta):
        verbose_name = verbose_name_plural = "惠企政策"


class Product(CatalogEntry):
    """A financing product of a bank or fund (金融产品), with its eligibility pack."""

    catalog_id = "products"
    title = _column("products", "title")
    provider = _column("products", "provider")
    product_type = _column("products", "product_type")
    description = _column("products", "description")
    amount_min = _column("products", "amount_min")
    amount_max = _column("products", "amount_max")
    rate_min = _column("products", "rate_min")
    rate_max = _column("products", "rate_max")
    term_months = _column("products", "term_months")
    region_code = _column("products", "region_code")
    pack_id = _column("products", "pack_id")

    class Meta(CatalogEntry.Meta):
        verbose_name = verbose_name_plural = "金融产品"


MODELS: dict[str, type[CatalogEntry]] = {
    "achievements": Achievement,
    "needs": Need,
    "policies": Policy,
    "products": Product,
}
"""The table registry: each catalog id and the model storing it."""


class PolicyPush(models.Model):
    """A record of a policy pushed to the firms that qualify (or are one gap away)."""

    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="pushes", verbose_name="政策"
    )
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="推送人",
    )
    pushed_at = models.DateTimeField("推送时间", auto_now_add=True)
    as_of = models.DateField("评价基准日")
    pack = models.CharField(
        "规则包", max_length=100, blank=True, default="", help_text="<编号>@<版本>"
    )
    pack_sha256 = models.CharField("规则包指纹", max_length=64, blank=True, default="")
    qualified = models.JSONField("符合条件企业（统一社会信用代码）", default=list)
    near = models.JSONField("差一项即符合的企业", default=list)

    class Meta:
        verbose_name = verbose_name_plural = "政策推送记录"
        ordering: ClassVar[list[str]] = ["-pushed_at"]

    def __str__(self) -> str:
        return f"{self.policy} · {self.pushed_at:%Y-%m-%d}"
