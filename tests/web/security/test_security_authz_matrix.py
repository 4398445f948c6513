"""The authorization matrix (GB/T 28448 L3-CES1-09 越权; ASVS 8.2.2), generated from the OpenAPI document,
the URL map and the admin registry: every operation x every role x own/foreign object.

Two firms: A (杭州西湖区 330106, the enterprise user's own) and B (南京玄武区 320102). The expectations come
from a reference model written here from the policy (``SEES``, ``BUREAU``, ``PUBLISHES_NEEDS``), not from
the permission layer. A **leak** is a 2xx where the model denies, or a response naming a firm the role may
not see. Operations, page routes or admin models without an expectation fail the gate (omicron pattern).

Run with ``-s`` for the figures (cases, leaks).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from littlegiant.web.api import api

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = (
    "anonymous",
    "provider",
    "enterprise",
    "official",
    "official_outside",
    "admin",
    "system_admin",
    "security_admin",
    "audit_admin",
)
TARGETS = ("A", "B")
SEES = {
    "anonymous": set(),
    "provider": set(),
    "enterprise": {"A"},
    "official": {"A"},
    "official_outside": {"B"},
    "admin": {"A", "B"},
    # 三员分立: the system, security and audit administrators see no enterprise data
    "system_admin": set(),
    "security_admin": set(),
    "audit_admin": set(),
}
BUREAU = {"official", "official_outside", "admin"}
SIGNED_IN = set(ROLES) - {"anonymous"}
PUBLISHES_NEEDS = {"enterprise", "official", "official_outside", "admin"}
# Published technology needs are offered to every service provider (catalog.permissions.visible_entries):
# a provider reads the needs catalog of every firm, and nothing else of the firm.
NEEDS_READERS = {"provider"}


def _needs(ok: int) -> Expect:
    return lambda role, target: {ok} if target in SEES[role] or role in NEEDS_READERS else {404}


def own_or_foreign(role: str, target: str) -> str:
    """The matrix's dimension: the firm the role is entitled to, or the other one."""
    return "own" if target in SEES[role] or (not SEES[role] and target == "A") else "foreign"


@dataclass
class World:
    firms: dict[str, Any]
    needs: dict[str, Any]
    campaigns: dict[str, Any]
    policy: Any
    run: Any
    digital: dict[str, Any]
    titles: dict[str, int]

    def uscc(self, target: str) -> str:
        return self.firms[target].uscc

    def hidden_texts(self, role: str) -> list[str]:
        """USCCs of the firms the role may not see: no response may name them."""
        return [self.firms[t].uscc for t in TARGETS if t not in SEES[role]]


@pytest.fixture
def roles(roles):
    """The conftest's roles plus the three separated administrators (三员分立)."""
    from littlegiant.web.accounts.models import Role
    from littlegiant.web.accounts.services import create_platform_user, system_user

    separated = {
        role.value: create_platform_user(
            user=system_user(), username=role.value, password="Matrix#Separated-2026", role=role
        )
        for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
    }
    return {**roles, **separated}


@pytest.fixture
def world(archive, catalog, roles, isolated_indexes):
    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.assessments.models import EvaluationRun
    from littlegiant.web.digital.services import create_campaign, start_assessment

    firms = {"A": archive["own"], "B": archive["foreign"]}
    campaigns = {
        "A": create_campaign(user=roles["official"], name="西湖区评测", enterprises=[firms["A"]]),
        "B": create_campaign(
            user=roles["official_outside"], name="玄武区评测", enterprises=[firms["B"]]
        ),
    }
    digital = {t: start_assessment(user=system_user(), enterprise=firms[t]) for t in TARGETS}
    run = EvaluationRun.objects.order_by("-pk").first()
    titles = {t: firms[t].title_set.get().pk for t in TARGETS}
    return World(
        firms,
        {"A": catalog["need"], "B": catalog["foreign_need"]},
        campaigns,
        catalog["reward"],
        run,
        digital,
        titles,
    )


# --- the API: one expectation per OpenAPI operation ----------------------------------------------

Expect = Callable[[str, str], set[int]]


def _sees(ok: int, denied: int = 404) -> Expect:
    return lambda role, target: {ok} if target in SEES[role] else {denied}


def _everyone(ok: int) -> Expect:
    return lambda role, target: {ok}


def _bureau(ok: set[int]) -> Expect:
    return lambda role, target: ok if role in BUREAU else {403}


def _bureau_sees(ok: set[int]) -> Expect:
    return lambda role, target: (ok if target in SEES[role] else {404}) if role in BUREAU else {403}


def _publish_need(role: str, target: str) -> set[int]:
    if role not in PUBLISHES_NEEDS:
        return {403}
    return {201} if target in SEES[role] else {404}


@dataclass(frozen=True)
class Op:
    expect: Expect
    path: Callable[[World, str], dict[str, Any]] = lambda w, t: {}
    query: Callable[[World, str], dict[str, Any]] = lambda w, t: {}
    body: Callable[[World, str], Any] = lambda w, t: None


def _firm(w: World, t: str) -> dict[str, Any]:
    return {"uscc": w.uscc(t)}


API_OPS: dict[tuple[str, str], Op] = {
    ("GET", "/api/enterprises/"): Op(_everyone(200)),
    ("GET", "/api/enterprises/{uscc}"): Op(_sees(200), _firm),
    ("GET", "/api/catalog/opportunities/{uscc}"): Op(_sees(200), _firm),
    ("GET", "/api/catalog/policies/{pk}/push"): Op(
        _bureau({200}), lambda w, t: {"pk": w.policy.pk}
    ),
    ("POST", "/api/catalog/policies/{pk}/push"): Op(
        _bureau({201}), lambda w, t: {"pk": w.policy.pk}
    ),
    ("GET", "/api/catalog/{kind}"): Op(_everyone(200), lambda w, t: {"kind": "needs"}),
    ("POST", "/api/catalog/{kind}"): Op(
        _publish_need,
        lambda w, t: {"kind": "needs"},
        body=lambda w, t: {
            "ref": f"N-{t}-new",
            "title": "新需求",
            "summary": "测试",
            "uscc": w.uscc(t),
        },
    ),
    ("GET", "/api/catalog/{kind}/search"): Op(
        _sees(200),
        lambda w, t: {"kind": "needs"},
        query=lambda w, t: {"uscc": w.uscc(t), "q": "检测"},
    ),
    ("GET", "/api/catalog/{kind}/{pk}"): Op(
        _needs(200), lambda w, t: {"kind": "needs", "pk": w.needs[t].pk}
    ),
    ("POST", "/api/evaluate"): Op(
        _everyone(200), body=lambda w, t: {"record": {"revenue_y1": 5000}}
    ),
    ("GET", "/api/enterprises/{uscc}/evaluation"): Op(_sees(200), _firm),
    ("GET", "/api/enterprises/{uscc}/assessments"): Op(_sees(200), _firm),
    ("POST", "/api/enterprises/{uscc}/assessments"): Op(
        _sees(201), _firm, body=lambda w, t: {"programme": "innovative_sme"}
    ),
    ("GET", "/api/digital/questionnaire"): Op(_everyone(200)),
    ("POST", "/api/digital/score"): Op(_everyone(400), body=lambda w, t: {"answers": {}}),
    ("GET", "/api/digital/enterprises/{uscc}/draft"): Op(_sees(200), _firm),
    ("PUT", "/api/digital/enterprises/{uscc}/draft"): Op(
        _sees(200), _firm, body=lambda w, t: {"answers": {}}
    ),
    ("POST", "/api/digital/enterprises/{uscc}/submit"): Op(
        _sees(400), _firm, body=lambda w, t: {"answers": {}}
    ),
    ("GET", "/api/digital/campaigns"): Op(_bureau({200})),
    ("POST", "/api/digital/campaigns"): Op(
        _bureau_sees({201}), body=lambda w, t: {"name": "新活动", "usccs": [w.uscc(t)]}
    ),
    ("GET", "/api/digital/campaigns/{pk}"): Op(
        _bureau_sees({200}), lambda w, t: {"pk": w.campaigns[t].pk}
    ),
    ("POST", "/api/digital/campaigns/{pk}/enterprises"): Op(
        _bureau_sees({200}),
        lambda w, t: {"pk": w.campaigns[t].pk},
        body=lambda w, t: {"usccs": [w.uscc(t)]},
    ),
    ("GET", "/api/digital/campaigns/{pk}/assessments"): Op(
        _bureau_sees({200}), lambda w, t: {"pk": w.campaigns[t].pk}
    ),
    ("GET", "/api/digital/campaigns/{pk}/comparison"): Op(
        _bureau_sees({200}),
        lambda w, t: {"pk": w.campaigns[t].pk},
        query=lambda w, t: {"other": w.campaigns[t].pk},
    ),
}

SPEC = api.get_openapi_schema()
SPEC_OPS = {(method.upper(), path) for path, item in SPEC["paths"].items() for method in item}


def test_every_api_operation_has_expectations():
    assert SPEC_OPS - set(API_OPS) == set(), "add authorization expectations for these operations"
    assert set(API_OPS) - SPEC_OPS == set(), "expectations for operations that no longer exist"


class Tally:
    def __init__(self) -> None:
        self.cases = 0
        self.leaks: list[str] = []
        self.wrong: list[str] = []

    def record(
        self, what: str, status: int, allowed: set[int], body: str, hidden: list[str]
    ) -> None:
        self.cases += 1
        denied_by_model = not any(200 <= code < 300 for code in allowed)
        if 200 <= status < 300 and denied_by_model:
            self.leaks.append(f"{what}: {status}, the model denies")
        named = [uscc for uscc in hidden if uscc in body] if 200 <= status < 300 else []
        if named:  # a refusal may echo the code the caller sent: the same text for an unknown one
            self.leaks.append(f"{what}: names hidden firm {named}")
        if status not in allowed:
            self.wrong.append(f"{what}: {status}, expected {sorted(allowed)} · {body[:160]}")


def _client_for(client, roles, role):
    client.logout()
    if role != "anonymous":
        client.force_login(roles[role])
    return client


def test_api_matrix(client, roles, world):
    tally = Tally()
    for (method, template), op in sorted(API_OPS.items()):
        for role in ROLES:
            for target in TARGETS:
                http = _client_for(client, roles, role)
                url = template.format(**op.path(world, target))
                body = op.body(world, target)
                kwargs: dict[str, Any] = (
                    {"data": op.query(world, target)} if method == "GET" else {}
                )
                if body is not None:
                    kwargs = {"data": json.dumps(body), "content_type": "application/json"}
                response = getattr(http, method.lower())(
                    url + _query(op, world, target, method), **kwargs
                )
                allowed = {401} if role == "anonymous" else op.expect(role, target)
                what = f"{method} {template} · {role} · {own_or_foreign(role, target)}"
                needs_read = role in NEEDS_READERS and template.startswith("/api/catalog/{kind}")
                tally.record(
                    what,
                    response.status_code,
                    allowed,
                    response.content.decode(errors="replace"),
                    [] if needs_read else world.hidden_texts(role),
                )
    print(
        f"\nAPI: {len(API_OPS)} operations x {len(ROLES)} roles x 2 objects = {tally.cases} cases, "
        f"{len(tally.leaks)} leaks"
    )
    assert tally.leaks == []
    assert tally.wrong == [], "\n".join(tally.wrong)


def _query(op: Op, world: World, target: str, method: str) -> str:
    if method == "GET":
        return ""
    from urllib.parse import urlencode

    query = op.query(world, target)
    return f"?{urlencode(query)}" if query else ""


# --- the pages: every route of the URL map ----------------------------------------------------------


def _page_routes(resolver=None, prefix: str = "") -> list[tuple[str, str]]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(("api/", "admin/")) or route in ("favicon.ico",):
            continue
        if isinstance(entry, URLResolver):
            found.extend(_page_routes(entry, route))
        elif isinstance(entry, URLPattern):
            found.append((route, entry.name or ""))
    return found


PAGE_ROUTES = _page_routes()

# Route → how to fill its parameters for a target firm (None: the page names no object). Every route
# must be listed; a route with a firm in it must answer 404 for a firm the role may not see.
PAGE_FILL: dict[str, Callable[[World, str], dict[str, Any]] | None] = {
    "": None,
    "healthz": None,
    "readyz": None,
    "accounts/password/": None,
    "accounts/security/": None,
    "accounts/admin-security/": None,
    "accounts/2fa/setup/": None,
    "accounts/2fa/verify/": None,
    "accounts/2fa/disable/": None,
    "audit/": None,
    "accounts/login/": None,
    "accounts/logout/": None,
    "enterprises/": None,
    "enterprises/export/": None,
    "enterprises/import/": None,
    "enterprises/import/template/": None,
    "enterprises/import/<str:job_id>/": lambda w, t: {
        "job_id": "00000000-0000-0000-0000-000000000000"
    },
    "enterprises/import/<str:job_id>/confirm/": lambda w, t: {
        "job_id": "00000000-0000-0000-0000-000000000000"
    },
    "enterprises/import/<str:job_id>/report/": lambda w, t: {
        "job_id": "00000000-0000-0000-0000-000000000000"
    },
    "enterprises/new/": None,
    "enterprises/<str:uscc>/": _firm,
    "enterprises/<str:uscc>/edit/": _firm,
    "enterprises/<str:uscc>/archive/ip/": _firm,
    "enterprises/<str:uscc>/archive/<str:table_id>/add/": lambda w, t: {
        **_firm(w, t),
        "table_id": "titles",
    },
    "enterprises/<str:uscc>/archive/<str:table_id>/<pk:pk>/": lambda w, t: {
        **_firm(w, t),
        "table_id": "titles",
        "pk": w.titles[t],
    },
    "enterprises/<str:uscc>/archive/<str:table_id>/<pk:pk>/delete/": lambda w, t: {
        **_firm(w, t),
        "table_id": "titles",
        "pk": w.titles[t],
    },
    "catalog/": None,
    "catalog/mine/": None,
    "catalog/review/": None,
    "catalog/<str:kind>/new/": lambda w, t: {"kind": "needs"},
    "catalog/<str:kind>/<pk:pk>/edit/": lambda w, t: {"kind": "needs", "pk": w.needs[t].pk},
    "catalog/<str:kind>/<pk:pk>/withdraw/": lambda w, t: {"kind": "needs", "pk": w.needs[t].pk},
    "catalog/<str:kind>/<pk:pk>/review/": lambda w, t: {"kind": "needs", "pk": w.needs[t].pk},
    "enterprises/titles/": None,
    "enterprises/shared/": None,
    "enterprises/shared/<str:uscc>/": _firm,
    "enterprises/<str:uscc>/consents/": _firm,
    "enterprises/<str:uscc>/consents/<pk:pk>/revoke/": lambda w, t: {**_firm(w, t), "pk": 1},
    "catalog/opportunities/<str:uscc>/": _firm,
    "catalog/export/<str:kind>/": lambda w, t: {"kind": "needs"},
    "catalog/policies/<pk:pk>/push/": lambda w, t: {"pk": w.policy.pk},
    "catalog/<str:kind>/<pk:pk>/trace/<str:uscc>/": lambda w, t: {
        "kind": "policies",
        "pk": w.policy.pk,
        **_firm(w, t),
    },
    "assessments/candidates/": None,
    "assessments/candidates/export/": None,
    "assessments/runs/": None,
    "assessments/runs/<pk:pk>/": lambda w, t: {"pk": 1},
    "assessments/runs/<pk:pk>/progress/": lambda w, t: {"pk": 1},
    "assessments/runs/<pk:pk>/export/": lambda w, t: {"pk": 1},
    "assessments/enterprises/<str:uscc>/what-if/": _firm,
    "assessments/enterprises/<str:uscc>/save/": _firm,
    "digital/": None,
    "digital/start/<str:uscc>/": _firm,
    "digital/assessments/<pk:pk>/": lambda w, t: {"pk": w.digital[t].pk},
    "digital/assessments/<pk:pk>/result/": lambda w, t: {"pk": w.digital[t].pk},
    "digital/campaigns/": None,
    "digital/campaigns/<pk:pk>/": lambda w, t: {"pk": w.campaigns[t].pk},
    "digital/campaigns/<pk:pk>/compare/": lambda w, t: {"pk": w.campaigns[t].pk},
    "digital/campaigns/<pk:pk>/export.xlsx": lambda w, t: {"pk": w.campaigns[t].pk},
    "digital/upload/": None,
    "digital/upload/template.xlsx": None,
    "digital/upload/<str:job_id>/": lambda w, t: {"job_id": "00000000-0000-0000-0000-000000000000"},
    "digital/upload/<str:job_id>/results.xlsx": lambda w, t: {
        "job_id": "00000000-0000-0000-0000-000000000000"
    },
    "digital/upload/<str:job_id>/confirm/": lambda w, t: {
        "job_id": "00000000-0000-0000-0000-000000000000"
    },
}
FIRM_PARAMS = {"uscc"}
PUBLIC_PAGES = {"accounts/login/", "healthz", "readyz"}  # the probes answer anyone, naming no data
OBJECT_OF_FIRM = {
    "digital/assessments/<pk:pk>/",
    "digital/assessments/<pk:pk>/result/",
    "digital/campaigns/<pk:pk>/",
    "digital/campaigns/<pk:pk>/compare/",
    "digital/campaigns/<pk:pk>/export.xlsx",
}


def test_every_page_route_has_expectations():
    routes = {route for route, _ in PAGE_ROUTES}
    assert routes - set(PAGE_FILL) == set(), "add the page routes to PAGE_FILL"
    assert set(PAGE_FILL) - routes == set(), "PAGE_FILL lists routes that no longer exist"


def _fill_route(route: str, values: dict[str, Any]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def test_page_matrix(client, roles, world):
    tally = Tally()
    login_url = reverse("accounts:login")
    for route, _name in PAGE_ROUTES:
        fill = PAGE_FILL[route]
        for role in ROLES:
            for target in TARGETS:
                http = _client_for(client, roles, role)
                url = _fill_route(route, fill(world, target) if fill else {})
                response = http.get(url)
                method = "GET"
                if response.status_code == 405:  # a form's target: what matters is the POST
                    response, method = http.post(url), "POST"
                status = response.status_code
                names_firm = fill is not None and ("<str:uscc>" in route or route in OBJECT_OF_FIRM)
                if role == "anonymous":
                    allowed = {200} if route in PUBLIC_PAGES else {302}
                    if (
                        status == 302
                        and not response.url.startswith(login_url)
                        and route != "accounts/logout/"
                    ):
                        allowed = {-1}  # a redirect elsewhere than the login page
                elif names_firm and target not in SEES[role]:
                    allowed = {403, 404}  # the model denies: no 2xx, no redirect into the object
                else:
                    allowed = (
                        {status} if status < 500 else {-1}
                    )  # only leaks and server errors judged
                body = b"" if response.streaming else response.content
                what = f"{method} /{route} · {role} · {own_or_foreign(role, target)}"
                tally.record(
                    what, status, allowed, body.decode(errors="replace"), world.hidden_texts(role)
                )
                if fill is None:
                    break  # no object: one case per role
    print(
        f"\nPages: {len(PAGE_ROUTES)} routes x {len(ROLES)} roles (x 2 objects where the route names one) "
        f"= {tally.cases} cases, {len(tally.leaks)} leaks"
    )
    assert tally.leaks == []
    assert tally.wrong == [], "\n".join(tally.wrong)


# --- the admin: every registered model, every view ------------------------------------------------


def _admin_urls(world: World, target: str) -> list[str]:
    """Every admin view of every registered model, on the target firm's rows where a row is named."""
    from django.contrib.admin.utils import quote

    urls = [
        reverse("admin:index"),
        reverse("admin:autocomplete")
        + "?app_label=enterprises&model_name=enterprise&field_name=enterprise",
    ]
    firm = world.firms[target]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls += [
            reverse(f"admin:{info[0]}_{info[1]}_changelist"),
            reverse(f"admin:{info[0]}_{info[1]}_changelist") + "?_popup=1&_to_field=id",
            reverse(f"admin:{info[0]}_{info[1]}_add"),
            reverse(f"admin:{info[0]}_{info[1]}_add") + f"?enterprise={firm.pk}",
        ]
        row = _row_of(model, firm)
        if row is None:
            continue
        pk = quote(row.pk)
        urls += [
            reverse(f"admin:{info[0]}_{info[1]}_change", args=[pk]),
            reverse(f"admin:{info[0]}_{info[1]}_history", args=[pk]),
            reverse(f"admin:{info[0]}_{info[1]}_delete", args=[pk]),
        ]
        history = getattr(model, "history", None)
        if history is not None and hasattr(model_admin, "history_form_view"):
            record = history.filter(id=row.pk).first()
            if record is not None:
                urls.append(
                    reverse(
                        f"admin:{info[0]}_{info[1]}_simple_history", args=[pk, record.history_id]
                    )
                )
    return urls


def _row_of(model, firm):
    from littlegiant.web.enterprises.models import Enterprise

    if model is Enterprise:
        return firm
    if any(f.name == "enterprise" for f in model._meta.get_fields()):
        return model._default_manager.filter(enterprise=firm).first()
    return model._default_manager.first()


def test_every_archive_table_has_history_pages_in_the_matrix(world):
    from littlegiant.web.enterprises.models import TABLE_MODELS

    urls = "\n".join(_admin_urls(world, "B"))
    for model in TABLE_MODELS.values():
        assert f"/admin/enterprises/{model._meta.model_name}/" in urls
        assert re.search(rf"/admin/enterprises/{model._meta.model_name}/\d+/history/\d+/", urls), (
            model
        )


def test_admin_matrix(client, roles, world):
    """Only administrators enter the admin; every other role is sent to its login, whatever the view."""
    tally = Tally()
    for role in ROLES:
        for target in TARGETS:
            http = _client_for(client, roles, role)
            for url in _admin_urls(world, target):
                response = http.get(url)
                if role == "admin":
                    allowed = {200, 302, 403}  # read-only models refuse add/delete to everybody
                else:
                    allowed = {302} if "/admin/login/" in (response.get("Location") or "") else {-1}
                hidden = [] if role == "admin" else [*world.hidden_texts(role), world.uscc(target)]
                tally.record(
                    f"GET {url} · {role} · {own_or_foreign(role, target)}",
                    response.status_code,
                    allowed,
                    response.content.decode(errors="replace"),
                    hidden,
                )
    print(
        f"\nAdmin: {len(admin.site._registry)} models, {tally.cases} cases, {len(tally.leaks)} leaks"
    )
    assert tally.leaks == []
    assert tally.wrong == [], "\n".join(tally.wrong)
