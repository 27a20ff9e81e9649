"""What every hub page shares: its section's rendering, refusing to work without the pseudonym key, and
asking before removing something."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput
from wellboard.core.views import member_view, render_conflict, section_pages
from wellboard.hub import policy
from wellboard.hub.forms import RemoveForm
from wellboard.hub.models import Hub
from wellboard.hub.selectors import PseudonymKeyMissing, pseudonym_key
from wellboard.partners.models import Partnership

# A response sent whole, or streamed (a large CSV download).
F = TypeVar("F", bound=Callable[..., HttpResponseBase])

page = section_pages("hubs", policy.hub_abilities)


def hub_view(view: F) -> F:
    """A signed-in hub page that, with no pseudonym key configured, says why it cannot work (503)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            pseudonym_key()
            return view(request, *args, **kwargs)
        except PseudonymKeyMissing as exc:
            return render(request, "hub/unavailable.html", {"message": str(exc)}, status=503)

    return member_view(wrapped)  # type: ignore[return-value]


def removal(
    request: HttpRequest,
    *,
    partnership: Partnership,
    actor: Actor,
    hub: Hub,
    title: str,
    consequence: str,
    button: str,
    remove: Callable[[int | None], None],
    done: str,
    back: str,
    version: int | None = None,
) -> HttpResponse:
    """A page that asks before removing something from a hub, and removes it on a plain POST.

    ``version`` is the record's version as shown, for records that are edited (a site, a session):
    the POST must send it back and a stale one gets the conflict page. ``remove`` is given the
    version posted (None for records without one) and raises ``InvalidInput`` to refuse, with the
    reason shown on the page and nothing removed.
    """
    versioned = version is not None
    form = RemoveForm(
        request.POST if request.method == "POST" else None,
        initial={"version": version},
        new=not versioned,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                remove(form.cleaned_data["version"] if versioned else None)
            except InvalidInput as exc:
                form.add_service_errors(exc.errors)
            except Conflict as exc:
                return render_conflict(request, exc, back_url=back)
            else:
                messages.success(request, done)
                return redirect(back)
    return page(
        request,
        "hub/confirm_remove.html",
        partnership=partnership,
        actor=actor,
        hub=hub,
        form=form,
        title=title,
        consequence=consequence,
        button=button,
        cancel_url=back,
        status=status,
    )
