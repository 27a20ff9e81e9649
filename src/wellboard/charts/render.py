"""Render a chart spec to SVG or PNG on the server, for PDF and DOCX reports.

The browser and the reports draw the same spec. In the browser the chart fills its container;
a report has no container, so the width is fixed here. Specs carry their data inline, so no
network access is allowed while rendering.
"""

from __future__ import annotations

import copy
from typing import Any

import vl_convert

VEGA_LITE_VERSION = "6.4"
REPORT_WIDTH = 640


def for_print(spec: dict[str, Any], *, width: int = REPORT_WIDTH) -> dict[str, Any]:
    """A copy of ``spec`` with a fixed width in place of "container"."""
    fixed = copy.deepcopy(spec)
    if fixed.get("width") == "container":
        fixed["width"] = width
    return fixed


def render_svg(spec: dict[str, Any], *, width: int = REPORT_WIDTH) -> str:
    """The chart as an SVG document."""
    return str(
        vl_convert.vegalite_to_svg(
            for_print(spec, width=width), vl_version=VEGA_LITE_VERSION, allowed_base_urls=[]
        )
    )


def render_png(spec: dict[str, Any], *, width: int = REPORT_WIDTH, scale: float = 2.0) -> bytes:
    """The chart as a PNG image (``scale`` 2 suits print at about 150 dpi)."""
    return bytes(
        vl_convert.vegalite_to_png(
            for_print(spec, width=width),
            vl_version=VEGA_LITE_VERSION,
            scale=scale,
            allowed_base_urls=[],
        )
    )
