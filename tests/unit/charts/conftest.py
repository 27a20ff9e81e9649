from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from wellboard.charts.render import render_svg


@pytest.fixture
def renders() -> Callable[[dict[str, Any]], str]:
    """Compile and draw a spec with Vega-Lite (vl-convert) and return the SVG text."""

    def draw(spec: dict[str, Any]) -> str:
        svg = render_svg(spec)
        assert svg.startswith("<svg")
        return svg

    return draw
