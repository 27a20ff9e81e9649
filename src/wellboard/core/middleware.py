"""Last line of defence: a domain error that escaped a view still gets a proper page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

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
