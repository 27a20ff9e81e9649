"""Helpers every app's views share: turning domain errors into the right response, and the steps
every create and edit page takes once its form is posted (``form_saved``)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from wellboard.core.access import Actor
from wellboard.core.audit import audit_events_for
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.forms import Form
from wellboard.core.history import history_entries
from wellboard.core.models import AuditEvent
from wellboard.core.page_bodies import PageBody, body_render

if TYPE_CHECKING:
    from wellboard.partners.models import Partnership

# A response sent whole, or streamed (a large CSV download).
F = TypeVar("F", bound=Callable[..., HttpResponseBase])
T = TypeVar("T")


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


def _display(field: forms.Field | None, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, models.Manager):
        value = list(value.all())
    if isinstance(value, models.QuerySet):
        value = list(value)
    if isinstance(value, list | tuple):
        return "\n".join(sorted(_display(None, v) for v in value))
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))  # type: ignore[arg-type]
    return str(value)


def form_conflict(
    request: HttpRequest,
    error: Conflict,
    *,
    form: forms.Form,
    current: models.Model,
    back_url: str,
    fields: Iterable[str] | None = None,
) -> HttpResponse:
    """The conflict page for a form: each field (``fields``, by default all but the version) as this
    person entered it beside what is saved now in ``current``. Answers 409."""
    chosen = [name for name in form.fields if name != "version"] if fields is None else fields
    names = [name for name in chosen if name in form.fields]
    submitted = {name: _display(form.fields[name], form.cleaned_data.get(name)) for name in names}
    saved = {name: _display(form.fields[name], getattr(current, name)) for name in names}
    return render_conflict(request, error, back_url=back_url, submitted=submitted, current=saved)


Abilities = Callable[[Actor], Mapping[str, bool]]


def section_page(
    request: HttpRequest,
    template: str,
    *,
    partnership: Partnership,
    actor: Actor,
    section: str,
    abilities: Abilities,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    """A page of one of a partnership's sections (strategy, areas, indicators…): the partnership and
    actor its navigation needs, the ``section`` it marks as current, and ``can``: what the actor may
    do there (``abilities``, from the app's policy), for the template's links and buttons."""
    return render(
        request,
        template,
        {"partnership": partnership, "actor": actor, "section": section, "can": abilities(actor), **context},
        status=status,
    )


def section_body(
    request: HttpRequest,
    template: str,
    *,
    partnership: Partnership,
    actor: Actor,
    section: str,
    abilities: Abilities,
    status: int = 200,
    **context: Any,
) -> PageBody:
    """A section's page body (``core.page_bodies``): the same context as ``section_page``, for a
    template that extends ``layout``."""
    return body_render(
        request,
        template,
        {"partnership": partnership, "actor": actor, "section": section, "can": abilities(actor), **context},
        status=status,
    )


class SectionPage(Protocol):
    def __call__(
        self,
        request: HttpRequest,
        template: str,
        *,
        partnership: Partnership,
        actor: Actor,
        status: int = 200,
        **context: Any,
    ) -> HttpResponse: ...


def section_pages(section: str, abilities: Abilities) -> SectionPage:
    """``section_page`` for every page of one section."""
    return functools.partial(section_page, section=section, abilities=abilities)


def form_status(request: HttpRequest, form: forms.Form) -> int:
    """400 when a submitted form is shown again with its errors."""
    return 400 if request.method == "POST" and form.errors else 200


def form_saved(
    request: HttpRequest,
    form: Form,
    save: Callable[[dict[str, Any]], T],
    *,
    done: Callable[[T], tuple[str, str]],
    conflict: Callable[[Conflict], HttpResponse] | None = None,
) -> HttpResponse | None:
    """What a create or edit page does with its form once the view has found the records and checked
    the policy: on a valid POST, ``save`` the cleaned data through a service; then redirect with a
    message (``done`` gives the message and the address from what was saved; with an empty message,
    the page it leads to, showing the saved record, is confirmation enough), or show the conflict
    page (``conflict``) for a stale save. Answers ``None`` when the page should show the form (again):
    nothing posted, the form invalid, or the service refused the input, whose reasons are then on
    the form's fields."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except InvalidInput as exc:
        form.add_service_errors(exc.errors)
        return None
    except Conflict as exc:
        if conflict is None:
            raise
        return conflict(exc)
    message, url = done(saved)
    if message:
        messages.success(request, message)
    return redirect(url)


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

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
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
