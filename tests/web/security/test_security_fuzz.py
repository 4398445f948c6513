"""Schemathesis over the whole API, for every role (anonymous, provider, enterprise user, official,
administrator): every operation, positive and negative examples, in process (WSGI).

Checks: no server error, status code and content type documented, response body matching the
documented schema, invalid data rejected. ``LITTLEGIANT_FUZZ_EXAMPLES`` sets the examples per
operation, role and mode (default 4: CI); ``LITTLEGIANT_FUZZ_REPORT`` names a JSON file the totals are
written to (``benchmarks/fuzz_api.py`` runs the larger run and prints them).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from littlegiant.web.api import api

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = int(os.environ.get("LITTLEGIANT_FUZZ_EXAMPLES", "4"))
ROLES = ("anonymous", "provider", "enterprise", "official", "admin")
CSRF_TOKEN = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"  # 32 characters, a valid CSRF secret
POSITIVE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
NEGATIVE_CHECKS = [*POSITIVE_CHECKS, negative_data_rejection]

SCHEMA = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
OPERATIONS = {op.label: op for op in (result.ok() for result in SCHEMA.get_all_operations())}
TOTALS: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    target = os.environ.get("LITTLEGIANT_FUZZ_REPORT")
    if target:  # one file per xdist worker ({worker}); benchmarks/fuzz_api.py adds them up
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        Path(target.format(worker=worker)).write_text(
            json.dumps(dict(TOTALS), indent=1), encoding="utf-8"
        )


@pytest.fixture
def same_connection():
    """The WSGI app runs in the test's thread and transaction: keep Django from closing it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _cookies(client, users, role) -> dict[str, str]:
    if role == "anonymous":
        return {"csrftoken": CSRF_TOKEN}
    client.force_login(users[role])
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN}


def test_every_operation_is_fuzzed():
    assert len(OPERATIONS) == sum(len(item) for item in api.get_openapi_schema()["paths"].values())


@pytest.mark.parametrize("label", sorted(OPERATIONS))
@pytest.mark.parametrize("role", ROLES)
def test_api_fuzz(client, users, same_connection, role, label):
    from littlegiant.web.config.wsgi import application

    operation = OPERATIONS[label]
    cookies = _cookies(client, users, role)
    headers = {"X-CSRFToken": CSRF_TOKEN}

    for mode, checks in (
        (GenerationMode.POSITIVE, POSITIVE_CHECKS),
        (GenerationMode.NEGATIVE, NEGATIVE_CHECKS),
    ):
        _fuzz(operation, mode, checks, application, cookies, headers)


def _fuzz(operation, mode, checks, application, cookies, headers) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, cookies=cookies, headers=headers))
    def fuzz(case):
        response = case.call(app=application)
        TOTALS["requests"] += 1
        TOTALS[f"status_{response.status_code}"] += 1
        if response.status_code >= 500:
            TOTALS["server_errors"] += 1
        case.validate_response(response, checks=checks)

    try:
        fuzz()
    except Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE  # an operation without inputs has no invalid request
