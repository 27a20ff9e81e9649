from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.charts.helpers import assert_frame, layer_values, layer_with
from wellboard.charts import SpineRow, spine_chart, spine_positions, spine_table
from wellboard.charts.spine import LABEL_LINE, LINE_HEIGHT


def row(polarity: str, value: float | None, *, significance: str = "similar") -> SpineRow:
    return SpineRow(
        indicator=f"Indicator ({polarity})",
        polarity=polarity,
        value=value,
        benchmark=20.0,
        minimum=10.0,
        q25=16.0,
        q75=24.0,
        maximum=40.0,
        significance=significance,
        unit="%",
        period="2022/23",
    )


def test_england_sits_in_the_centre_and_the_range_is_symmetric() -> None:
    positions = spine_positions(row("high is good", 20.0))
    assert positions is not None
    assert positions.value == pytest.approx(0.5)
    # England 20, furthest area 40: half-width 20, so 10 maps to 0.25 and 40 to 1.
    assert positions.worst == pytest.approx(0.25)
    assert positions.best == pytest.approx(1.0)
    assert positions.worst_quartile == pytest.approx(0.4)
    assert positions.best_quartile == pytest.approx(0.6)


def test_low_is_good_flips_the_orientation_so_better_is_to_the_right() -> None:
    low_value_high_good = spine_positions(row("high is good", 12.0))
    low_value_low_good = spine_positions(row("low is good", 12.0))
    assert low_value_high_good is not None
    assert low_value_low_good is not None
    assert low_value_high_good.value is not None
    assert low_value_low_good.value is not None
    assert low_value_high_good.value < 0.5 < low_value_low_good.value
    assert low_value_low_good.flipped
    assert not low_value_high_good.flipped
    # Flipped, the highest area (40, the worst) is at the left edge.
    assert low_value_low_good.worst == pytest.approx(0.0)
    assert low_value_low_good.best == pytest.approx(0.75)


def test_neither_polarity_puts_higher_values_on_the_right() -> None:
    neither = spine_positions(row("neither", 30.0))
    assert neither is not None
    assert neither.value is not None
    assert neither.value > 0.5


def test_no_range_means_no_bar_but_the_row_stays() -> None:
    empty = SpineRow("No data indicator", "high is good", None, None, None, None, None, None)
    assert spine_positions(empty) is None
    spec = spine_chart([empty, row("low is good", 12.0)], area_name="Stevenage")
    texts = layer_values(spec, layer_with(spec, "text")[0])
    assert [t["label"] for t in texts] == ["No data", "12.0%, similar"]


@given(
    value=st.floats(min_value=10, max_value=40),
    polarity=st.sampled_from(["high is good", "low is good"]),
)
def test_positions_stay_inside_the_bar_and_mirror_when_flipped(value: float, polarity: str) -> None:
    here = spine_positions(row(polarity, value))
    other = spine_positions(row("low is good" if polarity == "high is good" else "high is good", value))
    assert here is not None
    assert other is not None
    assert here.value is not None
    assert other.value is not None
    assert here.worst - 1e-9 <= here.value <= here.best + 1e-9
    assert here.value + other.value == pytest.approx(1.0)


def test_spine_chart_structure_and_render(renders: Callable[[dict[str, Any]], str]) -> None:
    rows = [
        row("low is good", 12.0, significance="better"),
        row("high is good", 12.0, significance="worse"),
        row("neither", 22.0, significance="higher"),
    ]
    spec = spine_chart(rows, area_name="Stevenage", title="Stevenage health profile")
    assert_frame(spec)
    marker = layer_with(spec, "point")[0]
    markers = layer_values(spec, marker)
    assert [m["significance"] for m in markers] == ["Better", "Worse", "Higher"]
    assert markers[0]["position"] > 0.5 > markers[1]["position"]
    assert marker["encoding"]["shape"]["scale"]["domain"] == ["Better", "Worse", "Higher"]
    # The rows in the order given, from the top down, each its words above its bar.
    texts = layer_values(spec, layer_with(spec, "text")[0])
    assert [t["lines"] for t in texts] == [
        ["Indicator (low is good) (2022/23): 12.0%,", "better"],
        ["Indicator (high is good) (2022/23): 12.0%,", "worse"],
        ["Indicator (neither) (2022/23): 22.0%, higher"],
    ]
    assert [m["middle"] for m in markers] == sorted(m["middle"] for m in markers)
    for text, mark in zip(texts, markers, strict=True):
        assert text["top"] + len(text["lines"]) * LINE_HEIGHT < mark["middle"]
    centre = layer_values(spec, layer_with(spec, "rule")[0])
    assert {c["centre"] for c in centre} == {0.5}
    assert "Compared with England: 1 better, 1 worse, 1 higher" in spec["description"]
    svg = renders(spec)
    assert "12.0%, better" in svg


def test_spine_table() -> None:
    table = spine_table([row("low is good", 12.0, significance="better")], area_name="Stevenage")
    record = table.records()[0]
    assert record["value"] == 12.0
    assert record["significance"] == "Better"
    assert record["polarity"] == "Lower is better"
    assert [c.label for c in table.visible_columns][2] == "Stevenage"
    assert record["unit"] == "%"
    assert record["indicator"] == "Indicator (low is good) (%)"


def test_words_sit_above_the_bar_in_lines_that_fit_a_phone() -> None:
    """The bar has the chart's whole width at any size: nothing is written beside it, and the
    words above it are given as lines short enough for a phone-width chart."""
    long_name = SpineRow(
        indicator="Gap in life expectancy between the most and least deprived areas",
        polarity="low is good",
        value=5.9,
        benchmark=6.0,
        minimum=1.0,
        q25=4.0,
        q75=8.0,
        maximum=12.0,
        significance="similar",
        unit="years",
        period="2012",
    )
    alone = SpineRow(
        "Households on the waiting list", "neither", 7209.0, None, None, None, None, None, unit=""
    )
    spec = spine_chart([long_name, alone], area_name="Stevenage")
    texts = layer_values(spec, layer_with(spec, "text")[0])
    assert " ".join(texts[0]["lines"]) == (
        "Gap in life expectancy between the most and least deprived areas (2012): 5.9 years, similar"
    )
    assert all(len(line) <= LABEL_LINE for text in texts for line in text["lines"])
    assert texts[1]["lines"] == ["Households on the waiting list: 7,209.0 (no", "range of areas)"]
    bars = [b for layer in layer_with(spec, "rect") for b in layer_values(spec, layer)]
    assert {b["indicator"] for b in bars} == {long_name.indicator + " (2012)"}, "no bar without a range"
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 1], "bars span the whole width"
    # The plot is as tall as its rows: the second row (words only) ends the chart.
    assert spec["height"] == texts[1]["top"] + 2 * LINE_HEIGHT
    assert all(layer["encoding"]["y"]["axis"] is None for layer in spec["layer"])


def test_each_row_is_written_once_for_every_layer() -> None:
    """A profile of hundreds of indicators is sent with its page: the layers share the rows, so a
    row's words are in the spec once, however many marks draw it."""
    rows = [row("high is good", 10.0 + n, significance="similar") for n in range(30)]
    spec = spine_chart(rows, area_name="Stevenage")
    assert len(spec["data"]["values"]) == 30
    assert all("data" not in layer for layer in spec["layer"])
    sentence = spec["data"]["values"][0]["aria"]
    assert json.dumps(spec).count(json.dumps(sentence)) == 1
    outer, middle = layer_with(spec, "rect")
    # The whole range in light grey with its middle half drawn over it in dark grey.
    assert (outer["encoding"]["x"]["field"], outer["encoding"]["x2"]["field"]) == ("worst", "best")
    assert (middle["encoding"]["x"]["field"], middle["encoding"]["x2"]["field"]) == (
        "worst_quartile",
        "best_quartile",
    )
    assert [len(layer_values(spec, layer)) for layer in spec["layer"]] == [30, 30, 30, 30, 30]


def test_without_a_marker_to_draw_there_is_no_layer_of_markers() -> None:
    """A layer of described marks with nothing in it is an image with no words for screen readers."""
    alone = SpineRow(
        "Households on the waiting list", "neither", 7209.0, None, None, None, None, None, unit=""
    )
    spec = spine_chart([alone], area_name="Stevenage")
    assert layer_with(spec, "point") == []
    assert [t["label"] for t in layer_values(spec, layer_with(spec, "text")[0])] == [
        "7,209.0 (no range of areas)"
    ]
