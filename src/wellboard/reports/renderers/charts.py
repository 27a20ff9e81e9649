"""Charts drawn offline from their Vega-Lite specs: SVG for HTML and PDF, PNG for Word.

A spec that names data or images by URL is refused, and the converter is given no base URL it
may read from, so nothing is ever fetched (report charts carry their data inline). A spec laid out to fit its
container gets a fixed width that fits an A4 page. Converted charts are kept by the hash of spec and
format, since a report kind draws the same chart for every format asked of it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from typing import Any

import vl_convert

logger = logging.getLogger(__name__)

PAGE_WIDTH = 620  # pixels at 96 per inch: the text width of an A4 page with 20 mm margins
PNG_SCALE = 2.0
CACHE_SIZE = 256

_cache: OrderedDict[str, str | bytes] = OrderedDict()
_lock = threading.Lock()


class ChartNotDrawn(Exception):
    """The spec could not be converted; the report shows its text alternative and data instead."""


def _names_outside_data(node: object) -> bool:
    """Whether any part of the spec points at data or images by URL (anything but ``data:``)."""
    if isinstance(node, dict):
        url = node.get("url")
        if isinstance(url, str) and not url.startswith("data:"):
            return True
        return any(_names_outside_data(v) for v in node.values())
    if isinstance(node, list):
        return any(_names_outside_data(v) for v in node)
    return False


def _static(spec: dict[str, Any]) -> dict[str, Any]:
    fixed = copy.deepcopy(spec)
    if fixed.get("width") == "container" or "width" not in fixed:
        fixed["width"] = PAGE_WIDTH
    if fixed.get("height") == "container":
        fixed["height"] = 300
    return fixed


def _key(spec: dict[str, Any], fmt: str) -> str:
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{fmt}\n{text}".encode()).hexdigest()


def _cached(key: str) -> str | bytes | None:
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    return None


def _keep(key: str, result: str | bytes) -> None:
    with _lock:
        _cache[key] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def _failed(exc: Exception) -> ChartNotDrawn:
    first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    logger.warning("report chart not drawn: %s", first)
    return ChartNotDrawn(first)


def chart_svg(spec: dict[str, Any]) -> str:
    key = _key(spec, "svg")
    found = _cached(key)
    if isinstance(found, str):
        return found
    if _names_outside_data(spec):
        # Refused before conversion: the converter's own allow-list already blocks the network,
        # and this also keeps local files out whatever the converter's defaults become.
        raise _failed(ValueError("the chart names data outside its spec"))
    try:
        svg = vl_convert.vegalite_to_svg(_static(spec), allowed_base_urls=[])
    except (ValueError, RuntimeError) as exc:
        raise _failed(exc) from exc
    _keep(key, svg)
    return svg


def chart_png(spec: dict[str, Any]) -> bytes:
    """The chart as a PNG at twice its size, drawn from its SVG (cheaper when the SVG is cached)."""
    key = _key(spec, "png")
    found = _cached(key)
    if isinstance(found, bytes):
        return found
    svg = chart_svg(spec)
    try:
        png = vl_convert.svg_to_png(svg, scale=PNG_SCALE)
    except (ValueError, RuntimeError) as exc:
        raise _failed(exc) from exc
    _keep(key, png)
    return png


def clear_cache() -> None:
    with _lock:
        _cache.clear()
