"""Every chart fits its box and writes its numbers properly: axis labels with thousands separators
and no run of zeros ("410", never "410.000000"), long titles given as lines, and a layout that is
worked out again once the labels are measured, so nothing is cut off at the chart's edge."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.unit.charts.helpers import assert_frame, layer_with, one_line
from tests.unit.charts.test_compare_bar_chart import ROWS
from tests.unit.charts.test_inequality_chart import DECILES
from tests.unit.charts.test_trend_chart import POINTS
from wellboard.charts import (
    Benchmark,
    ReachPoint,
    SlopeIndexSummary,
    TrendPoint,
    compare_bar_chart,
    inequality_chart,
    reach_chart,
    trend_chart,
)
from wellboard.charts.common import PADDING, TITLE_LINE, base_spec, number_axes, wrapped
from wellboard.charts.formatting import axis_format

Spec = dict[str, Any]

PERIODS = [
    ReachPoint("6 Jul 2020 to 19 Jul 2020", dt.date(2020, 7, 6), 0.0, 0.0),
    ReachPoint("20 Jul 2020 to 2 Aug 2020", dt.date(2020, 7, 20), 410.0, 410.0),
    ReachPoint("3 Aug 2020 to 16 Aug 2020", dt.date(2020, 8, 3), 1250.0, 1660.0),
    ReachPoint("17 Aug 2020 to 30 Aug 2020", dt.date(2020, 8, 17), None, 1660.0),
]


def counts_chart() -> Spec:
    return reach_chart(
        title="Activity packs given out",
        subtitle="Summer activities 2020",
        unit="packs",
        points=PERIODS,
        running_total=True,
    )


def shares_chart() -> Spec:
    return reach_chart(
        title="People who feel less lonely",
        subtitle="Befriending",
        unit="%",
        points=[ReachPoint(p.period, p.start, 41.25 if p.value else None) for p in PERIODS],
        running_total=False,
    )


BUILDERS: dict[str, Callable[[], Spec]] = {
    "trend": lambda: trend_chart(POINTS, unit="%", title="Smoking prevalence in adults", target=15.0),
    "trend of counts": lambda: trend_chart(
        [TrendPoint("2021", 4100.0), TrendPoint("2022", 4810.0)], unit="", title="Incidents", decimals=0
    ),
    "areas compared": lambda: compare_bar_chart(
        ROWS, benchmark=Benchmark("England", 14.1), unit="%", title="Smoking"
    ),
    "inequality": lambda: inequality_chart(
        DECILES, sii=SlopeIndexSummary(-10.0, -12.5, -7.5, 29.5), unit="%", title="Smoking by deprivation"
    ),
    "reach, counts": counts_chart,
    "reach, percentages": shares_chart,
}


def value_axes(spec: Spec) -> Iterator[tuple[str, Spec]]:
    for part in [spec, *spec.get("layer", [])]:
        for channel in ("x", "y"):
            encoding = part.get("encoding", {}).get(channel)
            if encoding and encoding.get("type") == "quantitative":
                yield channel, encoding


@pytest.mark.parametrize("name", BUILDERS)
def test_every_value_axis_has_a_number_format(name: str) -> None:
    axes = list(value_axes(BUILDERS[name]()))
    assert axes, "the chart has a value axis"
    for channel, encoding in axes:
        number_format = encoding["axis"]["format"]
        assert re.fullmatch(r",(d|\.\d~f)", number_format), (channel, number_format)


@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_is_laid_out_again_once_its_labels_are_measured(
    name: str, renders: Callable[[Spec], str]
) -> None:
    spec = BUILDERS[name]()
    assert_frame(spec)
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding", "resize": True}
    assert spec["padding"] == PADDING
    renders(spec)


def test_axis_formats_follow_the_decimals() -> None:
    assert axis_format(0) == ",d"
    assert axis_format(1) == ",.1~f"
    assert axis_format(2) == ",.2~f"


def test_counts_are_labelled_in_whole_numbers_with_separators(renders: Callable[[Spec], str]) -> None:
    spec = counts_chart()
    for _, encoding in value_axes(spec):
        assert encoding["axis"] == {"format": ",d", "tickMinStep": 1}
    svg = renders(spec)
    labels = re.findall(r">([0-9][0-9,.]*)</text>", svg)
    assert "1,000" in labels or "1,500" in labels
    assert not [label for label in labels if "." in label], labels


def test_percentages_keep_one_place_at_most(renders: Callable[[Spec], str]) -> None:
    spec = shares_chart()
    (_, bars), *_ = value_axes(spec)
    assert bars["axis"] == {"format": ",.1~f"}
    assert "layer" not in spec, "no running total for a percentage"
    labels = re.findall(r">([0-9][0-9,.]*)</text>", renders(spec))
    assert not [label for label in labels if re.search(r"\.\d{2,}", label)], labels


def test_the_reach_chart_keeps_its_bars_line_and_tooltips() -> None:
    spec = counts_chart()
    assert spec["description"] == "Activity packs given out by period with the running total"
    assert one_line(spec["title"]["text"]) == "Activity packs given out"
    assert spec["title"]["subtitle"] == "Summer activities 2020"
    assert spec["data"]["values"][1] == {
        "period": "20 Jul 2020 to 2 Aug 2020",
        "start": "2020-07-20",
        "value": 410.0,
        "cumulative": 410.0,
    }
    bars, line = layer_with(spec, "bar")[0], layer_with(spec, "line")[0]
    assert bars["encoding"]["y"]["title"] == "In the period (packs)"
    assert bars["encoding"]["x"]["sort"] == {"field": "start"}
    assert line["encoding"]["y"]["title"] == "Running total"
    assert spec["resolve"] == {"scale": {"y": "independent"}}


def test_long_titles_are_given_as_lines_that_fit_a_phone() -> None:
    title = "Smoking prevalence in adults (18+) by deprivation decile (IMD2019), Stevenage 2022"
    spec = base_spec(title=title, description="A chart of smoking by deprivation.", subtitle="Short")
    lines = spec["title"]["text"]
    assert isinstance(lines, list)
    assert len(lines) > 1
    assert all(len(line) <= TITLE_LINE for line in lines)
    assert " ".join(lines) == title
    assert spec["title"]["subtitle"] == "Short", "what fits stays one string"
    assert wrapped("Visits", TITLE_LINE) == "Visits"


def test_long_axis_and_legend_titles_are_given_as_lines() -> None:
    spec = inequality_chart(DECILES, sii=None, unit="%", title="Smoking")
    x_title = layer_with(spec, "bar")[0]["encoding"]["x"]["title"]
    assert x_title == ["Deprivation decile (1 = most deprived,", "10 = least deprived)"]
    compared = compare_bar_chart(ROWS, benchmark=Benchmark("England", 14.1), unit="%", title="Smoking")
    legend = layer_with(compared, "bar")[0]["encoding"]["color"]["legend"]["title"]
    assert legend == ["Compared with", "England"]


def test_an_axis_that_says_its_own_format_keeps_it() -> None:
    spec: Spec = {"encoding": {"y": {"field": "v", "type": "quantitative", "axis": {"format": ".0%"}}}}
    number_axes(spec, ",d", whole_numbers=True)
    assert spec["encoding"]["y"]["axis"] == {"format": ".0%", "tickMinStep": 1}
    hidden: Spec = {"encoding": {"x": {"field": "v", "type": "quantitative", "axis": None}}}
    number_axes(hidden, ",d")
    assert hidden["encoding"]["x"]["axis"] is None
