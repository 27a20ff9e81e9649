"""Charts are drawn offline, at a page's width, once per spec."""

from __future__ import annotations

import pytest

from tests.unit.reports.conftest import trend
from wellboard.reports.renderers import charts
from wellboard.reports.renderers.charts import ChartNotDrawn, chart_png, chart_svg


def test_a_spec_with_inline_data_draws_as_svg_and_png_at_page_width() -> None:
    spec = trend().spec
    assert spec["width"] == "container"
    svg = chart_svg(spec)
    assert svg.startswith("<svg")
    assert f'width="{charts.PAGE_WIDTH}"' in svg
    assert chart_png(spec).startswith(b"\x89PNG\r\n\x1a\n")
    assert spec["width"] == "container"  # the caller's spec is left as it was


@pytest.mark.parametrize(
    "data",
    [
        {"url": "https://example.org/data.json"},
        {"url": "data/cars.json"},
        {"url": "file:///etc/passwd"},
    ],
)
def test_a_spec_that_names_outside_data_is_refused_not_fetched(data: dict[str, str]) -> None:
    spec = {"data": data, "mark": "bar", "encoding": {"x": {"field": "a", "type": "nominal"}}}
    with pytest.raises(ChartNotDrawn):
        chart_svg(spec)


def test_a_converted_chart_is_kept_for_the_next_format(monkeypatch: pytest.MonkeyPatch) -> None:
    charts.clear_cache()
    calls: list[object] = []
    real = charts.vl_convert.vegalite_to_svg

    def counting(spec: object, **options: object) -> str:
        calls.append(spec)
        return real(spec, **options)

    monkeypatch.setattr(charts.vl_convert, "vegalite_to_svg", counting)
    spec = trend().spec
    first = chart_svg(spec)
    chart_png(spec)
    assert chart_svg(dict(spec)) == first
    assert len(calls) == 1
