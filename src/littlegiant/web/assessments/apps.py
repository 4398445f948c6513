"""The assessments app: evaluations on the profile, candidate lists, batch re-evaluation, stored verdicts."""

from __future__ import annotations

from django.apps import AppConfig

_BUREAU = ("admin", "official")  # candidate lists and re-evaluation are bureau work


class AssessmentsConfig(AppConfig):
    """Where people use the rules engine: the 评价 tab, 候选企业, 批量重评 and the evaluation API."""

    name = "littlegiant.web.assessments"
    label = "assessments"
    verbose_name = "评价测算"

    def ready(self) -> None:
        """Register the navigation links and the profile's 评价 tab."""
        from littlegiant.web.assessments.views.evaluation import evaluation_tab_context
        from littlegiant.web.navigation import register_nav_entry, register_profile_tab

        register_nav_entry("assessments:candidates", "候选企业", order=30, roles=_BUREAU)
        register_nav_entry("assessments:runs", "批量重评", order=35, roles=_BUREAU)
        register_profile_tab(
            "evaluation",
            "评价",
            "assessments/_profile_tab.html",
            order=20,
            context=evaluation_tab_context,
        )
