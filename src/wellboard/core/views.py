"""Helpers every app's views share: turning domain errors into the right response."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from wellboard.core.audit import audit_events_for
from wellboard.core.errors import Conflict, NotFound, PermissionDenied
from wellboard.core.history import history_entries
from wellboard.core.models import AuditEvent

F = TypeVar("F", bound=Callable[..., HttpResponse])


def render_conflict(
    request: HttpRequest,
    error: Conflict,
    *,
    back_url: str,
    submitted: dict[str, Any] | None = None,
    current: dict[str, Any] | None = None,
) -> HttpResponse:
    """The conflict page: what you tried to save beside what is there now. Answers 409."""
    rows = []
    if submitted is not None and current is not None:
        for key in submitted:
            rows.append(
                {
                    "field": key.replace("_", " ").capitalize(),
                    "yours": submitted[key],
                    "theirs": current.get(key),
                    "differs": submitted[key] != current.get(key),
                }
            )
    return render(
        request, "core/conflict.html", {"error": error, "back_url": back_url, "rows": rows}, status=409
    )


def history_response(
    request: HttpRequest,
    obj: Any,
    *,
    title: str,
    back_url: str,
    context: dict[str, Any] | None = None,
    also: Sequence[Any] = (),
    figure_labels: Mapping[str, str] | None = None,
) -> HttpResponse:
    """The audit history of one record, with that of records ``also`` shown as part of it (an
    organisation's board seat). The caller has already checked the user may see them. ``title``
    names the record ('Stevenage Borough Council'); ``figure_labels`` names a return's measures."""
    events: list[AuditEvent] = list(audit_events_for(obj, *also)[:500])
    return history_page(
        request, events, title=title, back_url=back_url, context=context, figure_labels=figure_labels
    )


def history_page(
    request: HttpRequest,
    events: Sequence[AuditEvent],
    *,
    title: str,
    back_url: str,
    context: dict[str, Any] | None = None,
    figure_labels: Mapping[str, str] | None = None,
    omit: Collection[str] = (),
) -> HttpResponse:
    """The history page for audit events the caller has already chosen and may show; ``omit``
    names fields the page's title already gives."""
    return render(
        request,
        "core/history.html",
        {
            "entries": history_entries(events, figure_labels=figure_labels, omit=omit),
            "title": title,
            "back_url": back_url,
            **(context or {}),
        },
    )


def domain_errors(view: F) -> F:
    """Map domain errors raised in a view to 404 / 403 responses (409 is handled per view)."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc)) from exc
        except PermissionDenied as exc:
            return render(request, "403.html", {"message": str(exc)}, status=403)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped  # type: ignore[return-value]


def member_view(view: F) -> F:
    """Signed-in users only, with domain errors mapped."""
    return login_required(domain_errors(view))
