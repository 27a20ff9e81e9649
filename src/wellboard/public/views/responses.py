"""How every public page is answered: 404 unless the partnership publishes, 304 for a reader who
holds the current version, otherwise the body from the page cache, with its ETag and
``Cache-Control: public``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.utils.http import quote_etag

import wellboard
from wellboard.core.cache import cached, data_version
from wellboard.core.clock import today
from wellboard.core.errors import NotFound
from wellboard.partners.models import Partnership
from wellboard.public.selectors import live_strategies, public_partnership
from wellboard.publishing.disclosure import rule_for

MAX_AGE = 300  # seconds a browser or shared cache may reuse a page before revalidating with its ETag


@dataclass(frozen=True)
class Body:
    content: bytes
    content_type: str
    filename: str = ""
    disposition: str = "inline"


Builder = Callable[[Partnership], Body]


def _etag(partnership: Partnership, path: str, state: str) -> str:
    # The data version changes with every write to the partnership (and with shared geography);
    # the date because overdue milestones move with the calendar; the release because templates do;
    # ``state`` for what else the page shows that changes without a write (files being made).
    seed = f"{data_version(partnership.pk)}|{today().isoformat()}|{wellboard.__version__}|{path}|{state}"
    return quote_etag(hashlib.sha256(seed.encode()).hexdigest()[:32])


def _public(
    request: HttpRequest,
    slug: str,
    name: str,
    build: Builder,
    *,
    keep: bool = True,
    state: Callable[[Partnership], str] | None = None,
) -> HttpResponse:
    """The public response for ``request.path``: 404 unless the partnership publishes; 304 when the
    reader already holds this version; otherwise the body, from the cache when ``keep`` (files that
    are large and already stored, such as reports, are read afresh instead). ``state`` gives what
    else the body depends on that changes without an edit (it joins the ETag and the cache key)."""
    try:
        partnership = public_partnership(slug=slug)
    except NotFound as error:
        raise Http404(str(error)) from error
    current = state(partnership) if state is not None else ""
    etag = _etag(partnership, request.path, current)
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        body = (
            cached(
                partnership_id=partnership.pk,
                name=f"public-{name}",
                parts=(request.path, current),
                build=lambda: build(partnership),
            )
            if keep
            else build(partnership)
        )
        response = HttpResponse(body.content, content_type=body.content_type)
        if body.filename:
            response["Content-Disposition"] = f'{body.disposition}; filename="{body.filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def _page(template: str, partnership: Partnership, **context: Any) -> Body:
    html = render_to_string(
        template,
        {
            "partnership": partnership,
            "site_version": wellboard.__version__,
            "strategies": list(live_strategies(partnership=partnership)),
            **context,
        },
    )
    return Body(html.encode(), "text/html; charset=utf-8")


def _rule_text(partnership: Partnership) -> str:
    return rule_for(partnership.disclosure_rule).description


def _not_found_as_404(respond: Callable[[], HttpResponse]) -> HttpResponse:
    try:
        return respond()
    except NotFound as error:
        raise Http404(str(error)) from error
