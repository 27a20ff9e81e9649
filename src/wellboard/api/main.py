"""The Wellboard API, version 1, under /api/v1/. Each app contributes a router."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema

from wellboard.core.errors import Conflict, InvalidInput, Locked, NotFound, PermissionDenied
from wellboard.indicators.api import router as indicators_router
from wellboard.partners.api import router as partners_router
from wellboard.returns.api import router as returns_router
from wellboard.strategy.api import router as strategy_router

api = NinjaAPI(
    title="Wellboard API",
    version="1.0.0",
    description=(
        "Read and write a partnership's strategy, indicators and data returns. Partner systems authenticate "
        "with a bearer token (`Authorization: Bearer wb_…`) created by a signed-in user; "
        "it acts as that person "
        "in their partnership, with their role. Another organisation's records answer 404."
    ),
    urls_namespace="api-v1",
)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(Locked)
def _locked(request: HttpRequest, exc: Locked) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(Conflict)
def _conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc), "current_version": exc.current_version}, status=409
    )


@api.exception_handler(InvalidInput)
def _invalid(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": exc.errors}, status=422)


api.add_router("/", partners_router)
api.add_router("/", strategy_router)
api.add_router("/", indicators_router)
api.add_router("/", returns_router)
