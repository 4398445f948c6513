"""The platform's one REST API (django-ninja), mounted at ``/api/``.

Apps add their routers here with one line each (``api.add_router("/<prefix>/", router)``).
Authentication is the Django session (the API serves the platform's own pages and logged-in
scripts). Domain errors (``LittleGiantError``) become HTTP 400 here, once; ``Http404`` and
``PermissionDenied`` from the permission layer become 404 and 403; invalid parameters or bodies 422.
The OpenAPI document states these answers for every operation (``LittleGiantAPI``): 401 and 403
everywhere authentication applies, 400 everywhere, 404 and 422 where the operation reads parameters
or a body (which may name an object missing or out of the user's scope).
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.security import django_auth

from littlegiant.errors import LittleGiantError
from littlegiant.web.enterprises.api import router as enterprises_router

__all__ = ["api"]

_ERROR = {"$ref": "#/components/schemas/ErrorOut"}
_VALIDATION_ERROR = {"$ref": "#/components/schemas/ValidationErrorOut"}
_ERROR_SCHEMAS: dict[str, Any] = {
    "ErrorOut": {
        "title": "ErrorOut",
        "description": "An error with its Chinese message.",
        "type": "object",
        "properties": {"detail": {"title": "Detail", "type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrorOut": {
        "title": "ValidationErrorOut",
        "description": "Invalid parameters or body: one entry per problem (where, what).",
        "type": "object",
        "properties": {
            "detail": {
                "title": "Detail",
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string"},
                        "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                        "msg": {"type": "string"},
                    },
                    "required": ["loc", "msg"],
                },
            }
        },
        "required": ["detail"],
    },
}
_ERROR_TEXT = {
    400: "请求的数据不符合业务规则（中文说明见 detail）",
    401: "未登录",
    403: "无权执行此操作（或缺少 CSRF 令牌）",
    404: "对象不存在，或不在您的权限范围内",
    422: "参数或请求体格式不正确",
}


def _document_errors(operation: dict[str, Any]) -> None:
    """Add the error answers the operation can give (see the module docstring) to its responses."""
    responses = operation.setdefault("responses", {})
    parameters = operation.get("parameters", [])
    codes = [400]
    if operation.get("security"):
        codes += [401, 403]
    if parameters or "requestBody" in operation:
        codes.append(404)  # a path or a body naming an object missing or out of scope
    if parameters or "requestBody" in operation:
        codes.append(422)
    for code in codes:
        schema = _VALIDATION_ERROR if code == 422 else _ERROR
        responses.setdefault(
            code,
            {"description": _ERROR_TEXT[code], "content": {"application/json": {"schema": schema}}},
        )


class BadRequestBodyError(LittleGiantError):
    """A JSON body the API refuses before reading it: non-finite numbers or NUL characters."""


def _refuse_constant(name: str) -> float:
    raise BadRequestBodyError(f"请求体中的数值必须是有限数，不接受 {name}")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise BadRequestBodyError(f"请求体中的数值 {text[:40]} 超出范围")
    return value


def _refuse_nul(value: Any) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise BadRequestBodyError("请求中含有不允许的空字符（\\u0000）")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key)
            _refuse_nul(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_nul(item)


class StrictParser(Parser):
    """JSON bodies with finite numbers only (``Infinity``, ``NaN`` and ``1e400`` are 400, not a crash
    deep inside the rules engine) and no NUL characters (PostgreSQL refuses them) in bodies or queries."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        """The body as JSON, refusing non-finite numbers and NUL characters."""
        data = json.loads(request.body, parse_constant=_refuse_constant, parse_float=_finite_float)
        _refuse_nul(data)
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        """Query, form or path values, refusing NUL characters."""
        result = super().parse_querydict(data, list_fields, request)
        _refuse_nul(result)
        return result


class LittleGiantAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document states every operation's error answers."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """The OpenAPI document with the error answers of every operation."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {}).update(_ERROR_SCHEMAS)
        for item in schema["paths"].values():
            for operation in item.values():
                _document_errors(operation)
        return schema


api = LittleGiantAPI(
    title="LittleGiant API",
    version="1",
    description="LittleGiant（小巨人）优质中小企业梯度培育平台接口",
    auth=django_auth,
    urls_namespace="api",
    parser=StrictParser(),
    # the interactive documentation: on in development, off in production unless asked for (ASVS 13.4.5)
    docs_url="/docs" if getattr(settings, "LITTLEGIANT_API_DOCS", True) else None,
    openapi_url="/openapi.json" if getattr(settings, "LITTLEGIANT_API_DOCS", True) else None,
)


@api.exception_handler(LittleGiantError)
def domain_error(request: HttpRequest, error: LittleGiantError) -> HttpResponse:
    """A domain error is the client's: 400 with the Chinese message."""
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """ninja's own errors, in Chinese where the reason is ours or known (an unreadable body)."""
    detail = str(error)
    if isinstance(error.__cause__, BadRequestBodyError):
        detail = str(error.__cause__)
    elif detail.startswith("Cannot parse request body"):
        detail = "请求体不是有效的 JSON"
    return api.create_response(request, {"detail": detail}, status=error.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    """Missing or out of the user's scope: the same 404 (no existence oracle), in Chinese."""
    return api.create_response(request, {"detail": str(error) or "未找到"}, status=404)


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
