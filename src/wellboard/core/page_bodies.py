"""Whole pages kept in the shared page cache, so that a page read again while its data has not
changed costs about what a 304 Not Modified costs: the session, the person, the data versions and
the person's roles and partnership, then a file read and three marks filled in.

A page's template extends ``layout`` (``{% extends layout|default:"base.html" %}``). To build the
body, it is rendered into ``core/page_parts.html``, which keeps only its blocks (head, title,
breadcrumbs, content, scripts). ``core/page_from_parts.html`` (``base.html`` with those blocks) is
then rendered around them once, with marks where the person's own parts go: their name and the
sign-out form's CSRF token, and the messages waiting for them. Each answer fills in the marks for
the person asking.

What a body may depend on: the data (the key holds the data versions, as every ``cached`` entry
does, and today's date), the address with its query, the release (templates), and the reader's roles
and organisations in the partnership (``reader_variant``: an analyst's edit links, a contributor's
organisation) and the section the navigation marks, never the person. A body that carries a form's
CSRF token is personal: it is sent but never kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

import wellboard
from wellboard.core.access import Actor
from wellboard.core.cache import cached

if TYPE_CHECKING:
    from wellboard.partners.models import Partnership

PARTS_LAYOUT = "core/page_parts.html"
PAGE_LAYOUT = "core/page_from_parts.html"
MARK = "<!--wb:part-->"  # between two blocks in PARTS_LAYOUT; escaped wherever data could hold it
PARTS = ("head", "title", "beforecontent", "content", "scripts")
PERSONAL = "csrfmiddlewaretoken"  # a form's CSRF token: the person's own
# Where the person's name and CSRF token go in a kept page. Safe strings, so the template leaves
# them as they are, while the same text in any data would have been escaped.
NAME_MARK = mark_safe("<!--wb:reader-->")
TOKEN_MARK = mark_safe("<!--wb:csrf-->")
MESSAGES_MARK = mark_safe("<!--wb:messages-->")
MESSAGES = "partials/messages.html"


@dataclass(frozen=True)
class PageBody:
    """The blocks of a page rendered for one kind of reader, and the page's status (400 for a page
    showing a bad choice)."""

    parts: Mapping[str, str]
    status: int = 200
    page: str = ""  # the whole page around the body, with marks for the person's own parts
    shared: bool = False  # the page may be kept for every reader of its kind

    @property
    def personal(self) -> bool:
        return any(PERSONAL in part for part in self.parts.values())


def body_render(
    request: HttpRequest, template: str, context: Mapping[str, Any], *, status: int = 200
) -> PageBody:
    """``template``'s blocks rendered with ``context`` (the template must extend ``layout``)."""
    # The person stands as a mark here too: a body is shared by every reader of its kind.
    kept = {"user": _Reader(), "messages": (), "layout": PARTS_LAYOUT}
    html = render_to_string(template, {**context, **kept}, request=request)
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
    partnership: Partnership,
    actor: Actor,
    section: str,
    name: str,
    build: Callable[[], PageBody],
) -> HttpResponse:
    """The page whose body ``build()`` makes, for this address and this kind of reader: from the
    shared cache while the partnership's data has not changed (see ``cached``), with the person's own
    header. ``build`` reads everything the body shows and checks access (a page the reader may not
    see raises, and nothing is kept). ``section`` is the navigation's current section."""
    layout = {"partnership": partnership, "actor": actor, "section": section}

    def built() -> PageBody:
        body = build()
        # The page around the body, with marks where the person's name, CSRF token and messages go.
        page = render_to_string(
            PAGE_LAYOUT,
            {
                **layout,
                "parts": {name: mark_safe(part) for name, part in body.parts.items()},  # escaped
                "user": _Reader(),
                "csrf_token": TOKEN_MARK,
                "messages_slot": MESSAGES_MARK,
            },
            request=request,
        )
        # Only the page is kept: the parts are in it.
        return PageBody(parts={}, status=body.status, page=page, shared=not body.personal)

    body = cached(
        partnership_id=actor.partnership_id,
        name=f"page-body:{name}",
        parts=(
            wellboard.__version__,
            *reader_variant(actor),
            section,
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
        ),
        build=built,
        keep=lambda body: body.shared,
    )
    messages = get_messages(request)
    waiting = render_to_string(MESSAGES, {"messages": messages}, request=request) if len(messages) else ""
    person = actor.user  # the person asking (request.user)
    reader = (person.get_full_name() or person.email) if person is not None else ""  # as base.html shows it
    page = (
        body.page.replace(NAME_MARK, escape(reader))
        .replace(TOKEN_MARK, get_token(request))
        .replace(MESSAGES_MARK, waiting, 1)
    )
    return HttpResponse(page, status=body.status)


class _Reader:
    """Stands for the person in the page kept around a body: their name is a mark."""

    is_authenticated = True
    email = NAME_MARK

    def get_full_name(self) -> SafeString:
        return NAME_MARK
