"""Odd input never ends in a server error: the cases the probe found (issue 11, item 4), and every page of
the URL map with hostile values in each of its path parameters, for every signed-in role."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

HUGE = "9" * 20  # above 2^63 - 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/enterprises/³", 404),
        ("/api/enterprises/%C2%B3/evaluation", 404),
        ("/api/enterprises/%00", 404),
        (f"/api/enterprises/{HUGE}", 404),
        ("/api/enterprises/?limit=9223372036854775808", 422),
        ("/api/enterprises/?offset=9223372036854775808", 422),
        ("/api/enterprises/?limit=0", 422),
        ("/api/enterprises/?limit=101", 422),
        ("/api/enterprises/?q=%00", 400),
        (f"/api/catalog/policies/{HUGE}/push", 422),
        (f"/api/digital/campaigns/{HUGE}", 422),
        ("/api/digital/campaigns/1/comparison?other=99999999999999999999", 422),
    ],
)
def test_odd_api_parameters_are_client_errors(login, users, url, expected):
    response = login(users["admin"]).get(url)
    assert response.status_code == expected, response.content[:300]
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"record": {"revenue_y1": Infinity}}', "有限数"),
        ('{"record": {"revenue_y1": -Infinity}}', "有限数"),
        ('{"record": {"revenue_y1": NaN}}', "有限数"),
        ('{"record": {"revenue_y1": 1e400}}', "超出范围"),
        ('{"record": {"name": "a\\u0000b"}}', "空字符"),
        ('{"record": ', "不是有效的 JSON"),
    ],
)
def test_non_finite_numbers_and_nul_in_bodies_are_400_in_chinese(login, users, body, message):
    response = login(users["official"]).post("/api/evaluate", body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["detail"]


ODD_SEGMENTS = ("³", "%00", HUGE, "0", "%27%22%3Cscript%3E", "a" * 300, "..", "%E2%80%AE")


def _page_patterns(resolver=None, prefix: str = "") -> list[tuple[str, object]]:
    """(route with <converters>, pattern) for every page route (the API has its own fuzzing)."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(("api/", "admin/")):
            continue
        if isinstance(entry, URLResolver):
            found.extend(_page_patterns(entry, route))
        elif isinstance(entry, URLPattern):
            found.append((route, entry))
    return found


def _fill(route: str, value: str) -> list[str]:
    """The route with ``value`` in each parameter in turn (others get a plausible value)."""
    import re

    params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    urls = []
    for index in range(len(params)):
        url = route
        for position, (converter, _name) in enumerate(params):
            plausible = "1" if converter in ("int", "pk") else "x"
            url = re.sub(r"<[^>]+>", value if position == index else plausible, url, count=1)
        urls.append("/" + url)
    return urls


PAGES = _page_patterns()


def test_the_page_map_is_found():
    routes = {route for route, _ in PAGES}
    assert "enterprises/<str:uscc>/" in routes and "digital/campaigns/<pk:pk>/" in routes


@pytest.mark.parametrize("role", ["admin", "official", "enterprise", "provider"])
def test_no_page_fails_on_hostile_path_values(client, users, role):
    client.force_login(users[role])
    client.raise_request_exception = False
    failures = []
    for route, _ in PAGES:
        if "<" not in route:
            continue
        for value in ODD_SEGMENTS:
            for url in _fill(route, value):
                for method in ("get", "post"):
                    response = getattr(client, method)(url)
                    if response.status_code >= 500:
                        failures.append(f"{method.upper()} {url} → {response.status_code}")
    assert failures == []
