"""The platform's one REST API (django-ninja), mounted at ``/api/``.

Apps add their routers here with one line each (``api.add_router("/<prefix>/", router)``).
Authentication is the Django session (the API serves the platform's own pages and logged-in
scripts). Domain errors (``LittleGiantError``) become HTTP 400 here, once; ``Http404`` and
``PermissionDenied`` from the permission layer become 404 and 403.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from littlegiant.errors import LittleGiantError
from littlegiant.web.enterprises.api import router as enterprises_router

__all__ = ["api"]

api = NinjaAPI(
    title="LittleGiant API",
    version="1",
    description="LittleGiant（小巨人）优质中小企业梯度培育平台接口",
    auth=django_auth,
    urls_namespace="api",
    # the interactive documentation: on in development, off in production unless asked for (ASVS 13.4.5)
    docs_url="/docs" if getattr(settings, "LITTLEGIANT_API_DOCS", True) else None,
    openapi_url="/openapi.json" if getattr(settings, "LITTLEGIANT_API_DOCS", True) else None,
)


@api.exception_handler(LittleGiantError)
def domain_error(request: HttpRequest, error: LittleGiantError) -> HttpResponse:
    """A domain error is the client's: 400 with the Chinese message."""
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    """The user may see the object but not do this to it."""
    return api.create_response(request, {"detail": str(error) or "无权执行此操作"}, status=403)


# --- routers: one line per app ---
api.add_router("/enterprises/", enterprises_router)
api.add_router("/catalog/", "littlegiant.web.catalog.api.router")
api.add_router(
    "/", "littlegiant.web.assessments.api.router"
)  # /api/evaluate, /api/enterprises/{uscc}/evaluation
api.add_router("/digital/", "littlegiant.web.digital.api.router")
