"""The feed as a hostile file: its limits, and the JSON read with size, nesting, repeated keys and
numbers that are not numbers refused, down to the list of services it holds."""

from __future__ import annotations

import json
from typing import Any

from wellboard.core.importing import ImportReport
from wellboard.core.importing.reading import size_text

MAX_BYTES = 10 * 1024 * 1024
MAX_SERVICES = 5_000
MAX_DEPTH = 32  # a full service nests about eight deep; deeper is not a feed
MAX_REJECTIONS = 500


class FeedRefused(Exception):
    """The file as a whole cannot be read as a feed."""


def _refuse_constant(name: str) -> Any:
    raise FeedRefused(f"the file holds {name}, which is not a number JSON allows")


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise FeedRefused(f"the key '{key}' is given twice in one object")
        found[key] = value
    return found


def _depth(value: Any) -> int:
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def parse_json(data: bytes, *, name: str = "The file") -> Any:
    """The JSON in ``data``, or ``FeedRefused`` saying why it is not a feed."""
    if not data.strip():
        raise FeedRefused(f"{name} is empty")
    if len(data) > MAX_BYTES:
        raise FeedRefused(f"{name} is larger than {size_text(MAX_BYTES)}")
    if data.startswith((b"PK\x03\x04", b"\x1f\x8b", b"\xd0\xcf\x11\xe0")):
        raise FeedRefused(f"{name} is a compressed archive or a workbook, not a JSON feed")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedRefused(f"{name} is not UTF-8 text (byte {exc.start + 1:,} cannot be read)") from exc
    try:
        parsed = json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise FeedRefused(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise FeedRefused(f"{name} nests deeper than any feed does") from exc
    if _depth(parsed) > MAX_DEPTH:
        raise FeedRefused(f"{name} nests deeper than any feed does")
    return parsed


def services_in(parsed: Any, report: ImportReport) -> list[Any]:
    """The service objects of a page of ``/services``, an array of services or one service."""
    if isinstance(parsed, list):
        return parsed
    if isinstance(parsed, dict) and "contents" in parsed:
        contents = parsed["contents"]
        if not isinstance(contents, list):
            raise FeedRefused("'contents' must be a list of services")
        pages, page = parsed.get("total_pages"), parsed.get("page_number")
        total = parsed.get("total_items")
        if isinstance(pages, int) and isinstance(page, int) and pages > 1:
            report.notes.append(
                f"This is page {page} of {pages} of the feed ({total} services in all): only the "
                f"{len(contents)} services on this page were read. Import the feed's address to read "
                "every page."
            )
        return contents
    if isinstance(parsed, dict) and "id" in parsed and "name" in parsed:
        return [parsed]
    raise FeedRefused(
        "this is not an Open Referral UK services feed: expected a page of /services (with "
        "'contents'), a list of services or one service"
    )
