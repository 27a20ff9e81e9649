"""Fetching an Open Referral UK feed from its address, for the command line.

Only http and https addresses are fetched, with a time limit and a size limit, and redirects only to
http or https. A paged ``/services`` feed is read page by page (``?page=2``…, keeping its
``per_page``) up to ``MAX_PAGES``, and the pages are joined into one list, so the importer sees every
service once.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from wellboard.core.importing import UploadRejected
from wellboard.core.importing.reading import size_text
from wellboard.directory.importers.structure import MAX_BYTES, FeedRefused, parse_json

TIMEOUT_SECONDS = 30
MAX_PAGES = 200
SCHEMES = ("http", "https")


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(  # noqa: PLR0917 (urllib's own signature)
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if urllib.parse.urlsplit(newurl).scheme not in SCHEMES:
            raise UploadRejected(f"the feed redirected to {newurl}, which is not an http or https address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def is_address(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme in SCHEMES


def _get(url: str, *, limit: int, timeout: float) -> bytes:
    if urllib.parse.urlsplit(url).scheme not in SCHEMES:
        raise UploadRejected(f"{url} is not an http or https address")
    opener = urllib.request.build_opener(_SafeRedirects())
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, headers={"Accept": "application/json", "User-Agent": "Wellboard directory import"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise UploadRejected(
                    f"the feed at {url} is {size_text(int(declared))}; the limit is {size_text(limit)}"
                )
            data: bytes = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise UploadRejected(f"the feed at {url} answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UploadRejected(f"the feed at {url} could not be fetched: {reason}") from exc
    if len(data) > limit:
        raise UploadRejected(f"the feed at {url} is larger than {size_text(limit)}; it was refused")
    return data


def _page_url(url: str, page: int) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "page"]
    query.append(("page", str(page)))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def fetch_feed(url: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The feed at ``url``: its bytes as served, or, for a feed of several pages, every page's
    services joined into one list. Raises ``UploadRejected`` with the reason it cannot be had."""
    first = _get(url, limit=max_bytes, timeout=timeout)
    try:
        parsed = parse_json(first, name=f"The feed at {url}")
    except FeedRefused:
        return first  # the importer says what is wrong with it
    if not isinstance(parsed, dict) or not isinstance(parsed.get("contents"), list):
        return first
    pages = parsed.get("total_pages")
    if not isinstance(pages, int) or pages <= 1:
        return first
    if pages > MAX_PAGES:
        raise UploadRejected(f"the feed at {url} has {pages:,} pages; at most {MAX_PAGES} are read")
    contents: list[Any] = list(parsed["contents"]) if parsed.get("page_number") == 1 else []
    used = len(first)
    for page in range(2 if contents else 1, pages + 1):
        data = _get(_page_url(url, page), limit=max_bytes - used, timeout=timeout)
        used += len(data)
        try:
            body = parse_json(data, name=f"Page {page} of the feed")
        except FeedRefused as exc:
            raise UploadRejected(str(exc)) from exc
        if not isinstance(body, dict) or not isinstance(body.get("contents"), list):
            raise UploadRejected(f"page {page} of the feed at {url} is not a page of services")
        contents.extend(body["contents"])
    return json.dumps(contents).encode("utf-8")
