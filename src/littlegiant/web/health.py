"""Health and readiness probes for the process manager, the load balancer and the container runtime.

``/healthz``: the process answers (no database touched) — restart it when this fails.
``/readyz``: the database answers and every migration is applied — send it traffic only then.
Both are open to anyone (they reveal no data: a status word per check) and never cached.
"""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

__all__ = ["healthz", "readyz"]


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 whenever the process can answer."""
    return JsonResponse({"status": "ok"})


def _checks() -> dict[str, str]:
    checks = {"database": "ok", "migrations": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            checks["migrations"] = "pending"
    except DatabaseError:
        checks["database"] = "unavailable"
        checks["migrations"] = "unknown"
    return checks


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database answers and is migrated, else 503 with what is wrong."""
    checks = _checks()
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ready" if ready else "not ready", **checks},
                        status=200 if ready else 503)  # fmt: skip
