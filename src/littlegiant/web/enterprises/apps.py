"""The enterprises app: the growth archive (一户一档), its pages, admin and API."""

from __future__ import annotations

from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    """The growth archive: enterprises, yearly figures, titles, IP, awards, certifications, standards."""

    name = "littlegiant.web.enterprises"
    label = "enterprises"
    verbose_name = "企业档案"

    def ready(self) -> None:
        """Register the archive's navigation links and the profile's archive tab."""
        from littlegiant.web.navigation import register_nav_entry, register_profile_tab

        register_nav_entry("home", "首页", order=0)
        register_nav_entry("enterprises:list", "企业档案", order=10)
        register_nav_entry(
            "enterprises:titles_due",
            "称号到期",
            order=12,
            roles=("admin", "official", "enterprise"),
        )
        register_nav_entry("admin:index", "管理后台", order=1000, roles=["admin"])
        from littlegiant.web.enterprises.views.consents import consents_tab

        register_profile_tab("archive", "档案", "enterprises/_profile_archive.html", order=0)
        register_profile_tab(
            "consents",
            "数据授权",
            "enterprises/_profile_consents.html",
            order=90,
            context=consents_tab,
        )
        register_nav_entry(
            "enterprises:shared_list", "授权企业", order=15, roles=frozenset({"provider"})
        )
