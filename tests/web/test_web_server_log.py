"""A refused request writes one line to the server log, not a traceback; a server error keeps its traceback."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from littlegiant.web.config.log_filters import ClientErrorsWithoutTraceback


def _formatted(record: logging.LogRecord) -> str:
    ClientErrorsWithoutTraceback().filter(record)
    return logging.Formatter("%(levelname)s %(name)s: %(message)s").format(record)


def _record(status: int) -> logging.LogRecord:
    try:
        raise PermissionError("boom")
    except PermissionError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.WARNING, __file__, 1, "Forbidden: /x", None, sys.exc_info()
        )
    record.status_code = status
    return record


def test_the_filter_drops_tracebacks_of_client_errors_only():
    assert "Traceback" not in _formatted(_record(403))
    assert "Traceback" in _formatted(_record(500))


@pytest.mark.django_db
def test_a_403_logs_one_line_without_traceback(users, login, caplog):
    handler = logging.getLogger("django").handlers[
        0
    ]  # the configured console handler (django.request propagates to it)
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(
                handler.format(record) if all(f.filter(record) for f in handler.filters) else ""
            )

    keep = Keep()
    logging.getLogger("django.request").addHandler(keep)
    try:
        response = login(users["enterprise"]).get(reverse("assessments:candidates"))
    finally:
        logging.getLogger("django.request").removeHandler(keep)
    assert response.status_code == 403
    assert records and "Forbidden" in records[0]
    assert "Traceback" not in "\n".join(records)
