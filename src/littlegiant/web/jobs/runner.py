"""Where a job's work runs: ``submit`` is the one function a task queue replaces (issue 15).

Today each job gets a daemon thread of the web process, with its own database connection closed at
the end. A process that dies takes its threads with it; ``services.fail_stale_jobs`` then marks those
jobs failed once their heartbeat is old.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

from django.db import close_old_connections, connection

__all__ = ["submit"]


def submit(job_id: uuid.UUID, execute: Callable[[uuid.UUID], None]) -> None:
    """Run ``execute(job_id)`` in the background and return at once."""

    def target() -> None:
        close_old_connections()
        try:
            execute(job_id)
        finally:
            connection.close()

    threading.Thread(target=target, name=f"job-{job_id.hex[:8]}", daemon=True).start()
