"""Last line of defence: a domain error that escaped a view still gets a proper page."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from wellboard.core.access import Actor
from wellboard.core.audit import audit_request_event
from wellboard.core.errors import Conflict, Locked, NotFound, PermissionDenied


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            raise Http404(str(exception))
        if isinstance(exception, PermissionDenied | Locked):
            return render(request, "403.html", {"message": str(exception)}, status=403)
        if isinstance(exception, Conflict):
            back = request.META.get("HTTP_REFERER") or request.path
            return render(
                request, "core/conflict.html", {"error": exception, "back_url": back, "rows": []}, status=409
            )
        return None


# Paths that read or write one partnership's own data, for the web pages and the API.
PARTNERSHIP_DATA = re.compile(r"^/(?:p|api/v1/partnerships)/[^/]+/")


class DeniedRequestAuditMiddleware:
    """Puts every refusal of partnership data (403, or the 404 that hides what a person may not see)
    in the audit trail with the address and user agent, so probing shows up in one place."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in {403, 404} and PARTNERSHIP_DATA.match(request.path):
            token_actor = getattr(request, "auth", None)
            user = token_actor.user if isinstance(token_actor, Actor) else getattr(request, "user", None)
            audit_request_event(
                request,
                action="request.denied",
                user=user,
                note=f"answered {response.status_code}",
            )
        return response


NUL_MESSAGE = "Text cannot contain the NUL character (\\0): remove it and try again"


def _holds_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return True
    content_type = request.content_type or ""
    if request.method in {"POST", "PUT", "PATCH"}:
        # Uploads (multipart) are left to the importers, which refuse hostile files with their reasons.
        if content_type == "application/x-www-form-urlencoded":
            return any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.POST.lists()
            )
        if content_type == "application/json":
            return b"\x00" in request.body or b"\\u0000" in request.body
    return False


class RefuseNulMiddleware:
    """Refuses a request whose text holds a NUL character, before any view sees it.

    PostgreSQL cannot store NUL in text at all, so such input would otherwise fail deep inside a
    query; no person types one, and no form or API field has a use for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE, "errors": {"": [NUL_MESSAGE]}}, status=422)
            return render(request, "400.html", {"message": NUL_MESSAGE}, status=400)
        return self.get_response(request)
