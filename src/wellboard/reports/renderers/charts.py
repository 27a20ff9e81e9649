"""Charts drawn offline from their Vega-Lite specs: SVG for HTML and PDF, PNG for Word.

The converter is given no base URL it may read from, so a spec that names external data fails
instead of fetching it (report charts carry their data inline). A spec laid out to fit its
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
from typing import Any, Literal

import vl_convert

logger = logging.getLogger(__name__)

PAGE_WIDTH = 620  # pixels at 96 per inch: the text width of an A4 page with 20 mm margins
PNG_SCALE = 2.0
CACHE_SIZE = 256

_cache: OrderedDict[str, str | bytes] = OrderedDict()
_lock = threading.Lock()


class ChartNotDrawn(Exception):
    """The spec could not be converted; the report shows its text alternative and data instead."""


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


def _convert(spec: dict[str, Any], fmt: Literal["svg", "png"]) -> str | bytes:
    key = _key(spec, fmt)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    static = _static(spec)
    try:
        if fmt == "svg":
            result: str | bytes = vl_convert.vegalite_to_svg(static, allowed_base_urls=[])
        else:
            result = vl_convert.vegalite_to_png(static, scale=PNG_SCALE, allowed_base_urls=[])
    except (ValueError, RuntimeError) as exc:
        logger.warning("report chart not drawn: %s", str(exc).splitlines()[0] if str(exc) else exc)
        raise ChartNotDrawn(str(exc)) from exc
    with _lock:
        _cache[key] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def chart_svg(spec: dict[str, Any]) -> str:
    result = _convert(spec, "svg")
    assert isinstance(result, str)
    return result


def chart_png(spec: dict[str, Any]) -> bytes:
    result = _convert(spec, "png")
    assert isinstance(result, bytes)
    return result


def clear_cache() -> None:
    with _lock:
        _cache.clear()
