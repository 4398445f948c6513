"""The catalog app: technology achievements, needs, policies and financing products, and matching."""

from __future__ import annotations

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """Registers the catalog pages in the navigation."""

    name = "littlegiant.web.catalog"
    label = "catalog"
    verbose_name = "成果、需求、政策与金融产品"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Add the navigation links: matching for everyone, publishing for those who publish, the
        approval queue for the bureau."""
        from littlegiant.web.navigation import register_nav_entry

        register_nav_entry("catalog:search", "机会匹配", order=40)
        register_nav_entry("catalog:mine", "我的发布", order=41, roles=("enterprise", "provider"))
        register_nav_entry("catalog:review", "发布审核", order=42, roles=("admin", "official"))
