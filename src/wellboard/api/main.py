"""The Wellboard API, version 1, under /api/v1/. Each app contributes a router."""

from __future__ import annotations

import hashlib
import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.throttling import SimpleRateThrottle

from wellboard.core.access import Actor
from wellboard.core.audit import request_address
from wellboard.core.errors import Conflict, InvalidInput, Locked, NotFound, PermissionDenied, TooManyRequests
from wellboard.indicators.api import router as indicators_router
from wellboard.partners.api import router as partners_router
from wellboard.returns.api import router as returns_router
from wellboard.strategy.api import router as strategy_router


class _SettingsRateThrottle(SimpleRateThrottle):
    """A rate read from settings at each request, so a deployment (or a test) can change it."""

    setting = ""

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class PerTokenThrottle(_SettingsRateThrottle):
    """Requests made with one API token."""

    scope = "token"
    setting = "WELLBOARD_API_RATE_PER_TOKEN"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        actor = getattr(request, "auth", None)
        if not isinstance(actor, Actor):
            return None
        ident = hashlib.sha256(request.headers.get("Authorization", "").encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PerAddressThrottle(_SettingsRateThrottle):
    """Requests from one address, with or without a token."""

    scope = "address"
    setting = "WELLBOARD_API_RATE_PER_ADDRESS"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": request_address(request) or "unknown"}


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
    throttle=[PerTokenThrottle(rate="600/m"), PerAddressThrottle(rate="1200/m")],
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


@api.exception_handler(TooManyRequests)
def _too_many(request: HttpRequest, exc: TooManyRequests) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    response["Retry-After"] = str(math.ceil(exc.retry_after))
    return response


@api.exception_handler(InvalidInput)
def _invalid(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": exc.errors}, status=422)


api.add_router("/", partners_router)
api.add_router("/", strategy_router)
api.add_router("/", indicators_router)
api.add_router("/", returns_router)
