"""The platform's Django admin: administrators only.

Officials, enterprise users and providers work on the platform's own pages, which go through the
permission layer page by page. The admin has too many doors that do not (history pages of every
archive table, the add form's ``?enterprise=<pk>`` lookup, raw-id popups, autocomplete, the delete
confirmation's related-object list), so it is closed to every role but the administrator, who sees
every enterprise anyway (``accounts.permissions.may_use_admin``). ``AdminSite.admin_view`` wraps
every admin view, so this one check covers them all.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

__all__ = ["LittleGiantAdminConfig", "LittleGiantAdminSite"]


class LittleGiantAdminSite(AdminSite):
    """The admin site: entered only by users ``may_use_admin`` allows."""

    site_header = "LittleGiant 小巨人 · 管理后台"
    site_title = "LittleGiant 管理后台"
    index_title = "数据管理"

    def has_permission(self, request: HttpRequest) -> bool:
        from littlegiant.web.accounts.permissions import (
            may_use_admin,  # late: models load after apps
        )

        return may_use_admin(request.user)


class LittleGiantAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the platform's admin site as ``admin.site``."""

    default_site = "littlegiant.web.config.admin_site.LittleGiantAdminSite"
