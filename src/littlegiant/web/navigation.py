"""The main navigation bar and the enterprise profile's tabs, as registries other apps extend.

Other apps add their entries in their ``AppConfig.ready()``::

    from littlegiant.web.navigation import register_nav_entry, register_profile_tab

    register_nav_entry("assessments:index", "评价测算", order=30)
    register_profile_tab("evaluation", "评价", "assessments/_profile_tab.html", order=20)

A profile tab's template is included inside the profile page with the page's context (``enterprise``,
``as_of``, ``request``...). Its optional ``context`` callable ``(request, enterprise) -> dict`` adds
more context and is only called when that tab is rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

__all__ = [
    "NavEntry",
    "ProfileTab",
    "nav_entries",
    "navigation",
    "profile_tabs",
    "register_nav_entry",
    "register_profile_tab",
]

ProfileContext = Callable[[HttpRequest, Any], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class NavEntry:
    """One link of the main navigation bar."""

    url_name: str
    label: str
    order: int = 100
    staff_only: bool = False
    roles: frozenset[str] | None = (
        None  # role values (accounts.models.Role) that see it; None = everyone
    )

    def visible_to(self, user: Any) -> bool:
        """Whether the link is shown to this user (the target view checks permissions again)."""
        if self.staff_only and not (user is not None and user.is_staff):
            return False
        if self.roles is None:
            return True
        from littlegiant.web.accounts.permissions import role_of  # late: apps load navigation first

        role = role_of(user)
        return role is not None and role.value in self.roles


@dataclass(frozen=True, slots=True)
class ProfileTab:
    """One tab of the enterprise profile page."""

    id: str
    label: str
    template_name: str
    order: int = 100
    context: ProfileContext | None = field(default=None, compare=False)


_NAV: dict[str, NavEntry] = {}
_TABS: dict[str, ProfileTab] = {}


def register_nav_entry(
    url_name: str,
    label: str,
    *,
    order: int = 100,
    staff_only: bool = False,
    roles: Iterable[str] | None = None,
) -> None:
    """Add (or replace) a link of the main navigation bar, keyed by its URL name.

    ``roles`` limits the link to users of those roles (``"admin"``, ``"official"``, ``"enterprise"``,
    ``"provider"``); the view behind it still checks permissions on its own.
    """
    _NAV[url_name] = NavEntry(
        url_name, label, order, staff_only, frozenset(roles) if roles is not None else None
    )


def register_profile_tab(
    tab_id: str,
    label: str,
    template_name: str,
    *,
    order: int = 100,
    context: ProfileContext | None = None,
) -> None:
    """Add (or replace) a tab of the enterprise profile page, keyed by its id."""
    _TABS[tab_id] = ProfileTab(tab_id, label, template_name, order, context)


def nav_entries() -> list[NavEntry]:
    """The registered navigation links, in order."""
    return sorted(_NAV.values(), key=lambda entry: (entry.order, entry.label))


def profile_tabs() -> list[ProfileTab]:
    """The registered profile tabs, in order (the archive tab ``archive`` comes first)."""
    return sorted(_TABS.values(), key=lambda tab: (tab.order, tab.id))


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the navigation links the current user may follow, with the active one marked."""
    user = getattr(request, "user", None)
    links: list[dict[str, Any]] = []
    for entry in nav_entries():
        if not entry.visible_to(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue  # the app that owns the link is not installed in this deployment
        links.append({"url": url, "label": entry.label, "active": False})
    # the active link is the longest one the path lies under (/catalog/mine/ is 我的发布, not 机会匹配)
    path = request.path
    under = [str(link["url"]) for link in links]
    under = [url for url in under if path == url or (url != "/" and path.startswith(url))]
    if under:
        longest = max(under, key=len)
        for link in links:
            link["active"] = link["url"] == longest
    return {"nav_links": links}
