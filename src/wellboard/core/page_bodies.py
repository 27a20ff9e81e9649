"""Whole page bodies kept in the shared page cache, so that a page read again while its data has not
changed costs about what a 304 Not Modified costs: the session, the person, the data versions and
the person's roles, then the thin layout around the body.

A page's template extends ``layout`` (``{% extends layout|default:"base.html" %}``). To build the
body, it is rendered into ``core/page_parts.html``, which keeps only its blocks (head, title,
breadcrumbs, content, scripts); they are cached, and every answer renders
``core/page_from_parts.html``: ``base.html`` with those blocks, and what is the person's own around
them (their name, the sign-out form and its CSRF token, the messages, the partnership's navigation
for their roles).

What a body may depend on: the data (the key holds the data versions, as every ``cached`` entry
does, and today's date), the address with its query, the release (templates), and the reader's roles
and organisations in the partnership (``reader_variant``: an analyst's edit links, a contributor's
organisation), never the person. A body that carries a form's CSRF token is personal: it is sent
but never kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

import wellboard
from wellboard.core.access import Actor
from wellboard.core.cache import cached

PARTS_LAYOUT = "core/page_parts.html"
PAGE_LAYOUT = "core/page_from_parts.html"
MARK = "<!--wb:part-->"  # between two blocks in PARTS_LAYOUT; escaped wherever data could hold it
PARTS = ("head", "title", "beforecontent", "content", "scripts")
PERSONAL = "csrfmiddlewaretoken"  # a form's CSRF token: the person's own


@dataclass(frozen=True)
class PageBody:
    """The blocks of a page rendered for one kind of reader, and the page's status (400 for a page
    showing a bad choice)."""

    parts: Mapping[str, str]
    status: int = 200

    @property
    def personal(self) -> bool:
        return any(PERSONAL in part for part in self.parts.values())


def body_render(
    request: HttpRequest, template: str, context: Mapping[str, Any], *, status: int = 200
) -> PageBody:
    """``template``'s blocks rendered with ``context`` (the template must extend ``layout``)."""
    html = render_to_string(template, {**context, "layout": PARTS_LAYOUT}, request=request)
    pieces = html.split(MARK)
    if len(pieces) != len(PARTS):
        raise ValueError(f'{template} must begin with {{% extends layout|default:"base.html" %}}')
    return PageBody(parts=dict(zip(PARTS, pieces, strict=True)), status=status)


def reader_variant(actor: Actor) -> tuple[str, str]:
    """What of the reader a page body may depend on: their roles and organisations, not who they are."""
    return (
        ",".join(sorted(actor.roles)),
        ",".join(str(organisation) for organisation in sorted(actor.organisation_ids)),
    )


def body_cached(
    request: HttpRequest,
    *,
    actor: Actor,
    name: str,
    build: Callable[[], PageBody],
    parts: Iterable[Hashable] = (),
) -> PageBody:
    """The page body ``build()`` makes for this address and this kind of reader, from the shared
    cache while the partnership's data has not changed (see ``cached``). ``build`` reads everything
    the body shows and checks access (a page the reader may not see raises, and nothing is kept)."""
    return cached(
        partnership_id=actor.partnership_id,
        name=f"page-body:{name}",
        parts=(
            wellboard.__version__,
            *reader_variant(actor),
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            *parts,
        ),
        build=build,
        keep=lambda body: not body.personal,
    )


def body_response(
    request: HttpRequest, body: PageBody, *, context: Mapping[str, Any] | None = None
) -> HttpResponse:
    """The page: ``base.html`` around the body, rendered for the person asking. ``context`` is what
    the layout needs (the partnership, the actor and the section for the navigation)."""
    parts = {name: mark_safe(part) for name, part in body.parts.items()}  # rendered by Django, escaped
    return render(request, PAGE_LAYOUT, {**(context or {}), "parts": parts}, status=body.status)
