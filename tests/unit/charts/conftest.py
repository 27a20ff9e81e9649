from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import vl_convert

# The Vega-Lite the pages load (static/vendor/vega-lite-6.4.x), so a spec that draws here draws there.
VEGA_LITE_VERSION = "6.4"
# In the browser a chart fills its container; drawn here it has none, so it gets this width.
DRAWING_WIDTH = 640


@pytest.fixture
def renders() -> Callable[[dict[str, Any]], str]:
    """Compile and draw a spec with Vega-Lite (vl-convert) and return the SVG text.

    A spec Vega-Lite refuses fails here; the SVG shows what the chart writes (labels, numbers).
    Specs carry their data inline, so drawing is allowed no network access.
    """

    def draw(spec: dict[str, Any]) -> str:
        sized = copy.deepcopy(spec)
        if sized.get("width") == "container":
            sized["width"] = DRAWING_WIDTH
        svg = str(vl_convert.vegalite_to_svg(sized, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[]))
        assert svg.startswith("<svg")
        return svg

    return draw
