"""What every hub page shares: its section's rendering, and refusing to work without the pseudonym key."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wellboard.core.views import member_view, section_pages
from wellboard.hub import policy
from wellboard.hub.selectors import PseudonymKeyMissing, pseudonym_key

F = TypeVar("F", bound=Callable[..., HttpResponse])

page = section_pages("hubs", policy.hub_abilities)


def hub_view(view: F) -> F:
    """A signed-in hub page that, with no pseudonym key configured, says why it cannot work (503)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            pseudonym_key()
            return view(request, *args, **kwargs)
        except PseudonymKeyMissing as exc:
            return render(request, "hub/unavailable.html", {"message": str(exc)}, status=503)

    return member_view(wrapped)  # type: ignore[return-value]
