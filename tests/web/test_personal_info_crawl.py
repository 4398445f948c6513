"""A crawl of every page, API operation and download that needs no object id but a firm's code, for every
role, over the own and the foreign firm: the personal-information scan of ``tests/web/conftest.py`` runs
on each response, so a full phone number or e-mail shown to a role without the right fails here even if
no other test visits that page. The admin is crawled through its list pages."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

ACTORS = ("admin", "official", "official_outside", "enterprise", "provider", "anonymous")
_SKIPPED_NAMES = {"logout"}


def _routes(patterns=None, prefix=""):
    """``(route, parameter names)`` of every URL pattern, resolvers flattened."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name not in _SKIPPED_NAMES:
            yield prefix + str(entry.pattern), set(entry.pattern.converters)


def _urls(archive) -> list[str]:
    urls = []
    for route, params in _routes():
        if "<" in route and not params:  # a regex route (admin's app index): skip
            continue
        if params - {"uscc"}:
            continue
        template = route.replace("^", "").replace("$", "").replace("\\Z", "")
        if "(?P" in template:
            continue
        if "uscc" in params:
            for firm in ("own", "foreign"):
                urls.append(
                    template.replace("<str:uscc>", archive[firm].uscc).replace(
                        "<uscc>", archive[firm].uscc
                    )
                )
        else:
            urls.append(template)
    return sorted({"/" + url.lstrip("/") for url in urls})


def test_the_crawl_reaches_pages_api_and_downloads(archive):
    urls = _urls(archive)
    assert "/enterprises/export/" in urls and f"/enterprises/{archive['own'].uscc}/" in urls
    assert f"/api/enterprises/{archive['own'].uscc}" in urls
    assert "/admin/enterprises/contact/" in urls


@pytest.mark.parametrize("actor", ACTORS)
def test_no_page_shows_a_role_without_the_right_a_full_number(client, roles, archive, actor):
    if actor != "anonymous":
        client.force_login(roles[actor])
    statuses = {}
    for url in _urls(archive):
        response = client.get(url)  # the scan fails the test on an unmasked value
        statuses[url] = response.status_code
        for tab in ("consents", "evaluation", "digital") if url.count("/") == 3 else ():
            client.get(url + f"?tab={tab}")
    assert all(status < 500 for status in statuses.values()), {
        url: status for url, status in statuses.items() if status >= 500
    }
