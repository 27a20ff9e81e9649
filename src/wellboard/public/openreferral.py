"""The public Open Referral UK 3.0 feed of a partnership's directory, at
``/public/<partnership>/openreferral/``: the API's root, ``services`` (paged exactly as ORUK 3.0's
API pages it) and ``services/<id>`` (one full service).

Only services a coordinator marked as published are in it, and only for a partnership that publishes;
any other partnership answers 404, as an unknown one does. A service's referral email is never in it.
Like every public page, answers are the same for every reader, cached under the partnership's data
version and sent with an ETag (see ``public.views.responses``).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from wellboard.core.errors import NotFound
from wellboard.directory.exporters import oruk_page, oruk_service
from wellboard.directory.selectors import published_services
from wellboard.partners.models import Partnership
from wellboard.public.selectors import public_partnership
from wellboard.public.views.responses import Body, _public

PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 200
PAGE_MAX = 1_000_000
ORUK_VERSION = "3.0"
PROFILE = "https://github.com/openreferral/uk-profile"


def _json(value: Any) -> Body:
    return Body(json.dumps(value, ensure_ascii=False, indent=1).encode(), "application/json")


def _whole(request: HttpRequest, name: str, default: int, low: int, high: int) -> int | str:
    """The query parameter ``name`` as a whole number within bounds, else the message to answer."""
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        return f"'{name}' must be a whole number from {low} to {high:,}"
    return int(text)


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"detail": message, "errors": {"": [message]}}, status=400)


def _not_found(what: str) -> JsonResponse:
    return JsonResponse({"detail": f"No such {what}"}, status=404)


@require_safe
def public_openreferral(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        services = request.build_absolute_uri(
            reverse("public-openreferral-services", args=[partnership.slug])
        )
        return _json(
            {
                "version": ORUK_VERSION,
                "profile": PROFILE,
                "openapi_url": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json",
                "services_url": services,
            }
        )

    return _public(request, slug, "openreferral-root", build)


@require_safe
def public_openreferral_services(request: HttpRequest, slug: str) -> HttpResponse:
    page = _whole(request, "page", 1, 1, PAGE_MAX)
    per_page = _whole(request, "per_page", PER_PAGE_DEFAULT, 1, PER_PAGE_MAX)
    for checked in (page, per_page):
        if isinstance(checked, str):
            return _bad_request(checked)
    if not isinstance(page, int) or not isinstance(per_page, int):
        raise TypeError("page and per_page are whole numbers here")

    def build(partnership: Partnership) -> Body:
        services = published_services(partnership=partnership)
        total = services.count()
        start = (page - 1) * per_page
        chosen = list(services[start : start + per_page])
        return _json(oruk_page(chosen, total=total, page=page, per_page=per_page))

    return _public(request, slug, "openreferral-services", build, state=lambda _p: f"{page}|{per_page}")


@require_safe
def public_openreferral_service(request: HttpRequest, slug: str, service: uuid.UUID) -> HttpResponse:
    try:
        partnership = public_partnership(slug=slug)
    except NotFound:
        return _not_found("partnership")
    if not published_services(partnership=partnership).filter(oruk_id=service).exists():
        return _not_found("service")

    def build(found_in: Partnership) -> Body:
        found = published_services(partnership=found_in).get(oruk_id=service)
        return _json(oruk_service(found))

    return _public(request, slug, "openreferral-service", build)
