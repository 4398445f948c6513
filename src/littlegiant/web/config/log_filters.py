"""Logging filters of the server log.

A refused request (403, 404, 400) is an ordinary answer, not a fault: the log keeps its one line
(``Forbidden (Permission denied): /path``) without the traceback Django attaches. 5xx keep theirs.
"""

from __future__ import annotations

import logging

__all__ = ["ClientErrorsWithoutTraceback"]


class ClientErrorsWithoutTraceback(logging.Filter):
    """Drops the traceback of ``django.request`` records whose response status is below 500."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
