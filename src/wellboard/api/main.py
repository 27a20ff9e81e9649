"""The Wellboard API, version 1, under /api/v1/. Each app contributes a router."""

from __future__ import annotations

import hashlib
import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.throttling import SimpleRateThrottle

from wellboard.core.access import Actor
from wellboard.core.audit import request_address
from wellboard.core.errors import (
    Conflict,
    InvalidInput,
    Locked,
    NotFound,
    PermissionDenied,
    StateConflict,
    TooManyRequests,
)
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


class _WellboardAPI(NinjaAPI):
    """django-ninja's API, with its description and documentation pages answering only GET and HEAD:
    like every page that only reads, they refuse other methods (405) rather than answer them as GET."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern) and pattern.name in {"openapi-json", "openapi-view"}:
                pattern.callback = require_safe(pattern.callback)
        return urls


api = _WellboardAPI(
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


@api.exception_handler(StateConflict)
def _state_conflict(request: HttpRequest, exc: StateConflict) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": exc.errors}, status=409)


@api.exception_handler(InvalidInput)
def _invalid(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": exc.errors}, status=422)


def _field(location: Any) -> str:
    """``offset`` for ("query", "offset"); ``values.calls`` for ("body", "payload", "values", "calls")."""
    parts = [str(part) for part in location]
    # A body's location names the parameter it was read into ("payload") after "body".
    return ".".join(parts[2:] if parts[:1] == ["body"] else parts[1:])


def _validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field(error.get("loc", ())), []).append(str(error.get("msg", "is not valid")))
    return errors


@api.exception_handler(ValidationError)
def _not_valid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Input that fails its schema answers 422 with the same body as any invalid input (an upload's
    with the body of its report, ``dry_run`` included: nothing was checked or saved)."""
    errors = _validation_errors(exc)
    field, messages = next(iter(errors.items()), ("", ["The request is not valid"]))
    detail = f"{field}: {messages[0]}" if field else messages[0]
    if request.method == "POST" and request.path.endswith("/upload"):
        body: dict[str, Any] = {
            "dry_run": True,
            "applied": False,
            "ok": False,
            "status": None,
            "counts": {},
            "rejections": [
                {"sheet": "", "row": None, "column": name, "reason": message}
                for name, texts in errors.items()
                for message in texts
            ],
            "notes": [],
        }
        return api.create_response(request, body, status=422)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals, with the declared error body; a body it cannot parse (not JSON, say) is
    invalid input like any other, so 422 rather than 400."""
    status = 422 if exc.status_code == 400 else exc.status_code
    return api.create_response(request, {"detail": str(exc), "errors": {}}, status=status)


api.add_router("/", partners_router)
api.add_router("/", strategy_router)
api.add_router("/", indicators_router)
api.add_router("/", returns_router)
