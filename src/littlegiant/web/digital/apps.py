"""The digital-maturity assessment app (数字化水平评测)."""

from __future__ import annotations

from django.apps import AppConfig


class DigitalConfig(AppConfig):
    """Questionnaire, result page with peers and path, officials' campaigns with before/after comparison."""

    name = "littlegiant.web.digital"
    label = "digital"
    verbose_name = "数字化水平评测"

    def ready(self) -> None:
        """Register the navigation link and the enterprise profile tab."""
        from littlegiant.web.digital.views.questionnaire import profile_tab_context
        from littlegiant.web.navigation import register_nav_entry, register_profile_tab

        # a provider assesses no firm: the link would lead to an empty list
        register_nav_entry(
            "digital:index", "数字化评测", order=38, roles=("admin", "official", "enterprise")
        )
        register_profile_tab(
            "digital",
            "数字化水平",
            "digital/_profile_tab.html",
            order=40,
            context=profile_tab_context,
        )
