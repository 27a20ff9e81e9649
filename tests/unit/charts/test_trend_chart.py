from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.unit.charts.helpers import assert_frame, layer_marks, layer_with
from wellboard.charts import TargetPoint, TrendPoint, trend_chart, trend_table

POINTS = [
    TrendPoint("2015", 20.0, 18.5, 21.5, "worse", 18.0),
    TrendPoint("2016", 19.0, 17.6, 20.4, "similar", 18.2),
    TrendPoint("2017", None),
    TrendPoint("2018", 16.5, 15.2, 17.8, "better", 17.9),
]


def test_trend_chart_draws_values_whiskers_target_and_comparator(
    renders: Callable[[dict[str, Any]], str],
) -> None:
    spec = trend_chart(POINTS, unit="%", title="Smoking prevalence in adults", target=15.0)
    assert_frame(spec)
    marks = layer_marks(spec)
    assert marks[:3] == ["errorbar", "line", "point"]
    assert "rule" in marks, "a single target is a line across the chart"
    rows = spec["data"]["values"]
    assert [r["period"] for r in rows] == ["2015", "2016", "2017", "2018"]
    assert rows[2]["value"] is None
    assert rows[2]["value_text"] == "No data"
    assert rows[0]["interval_text"] == "18.5 to 21.5"
    assert rows[0]["significance"] == "Worse"
    # The periods keep their order on the axis.
    point = layer_with(spec, "point")[0]
    assert point["encoding"]["x"]["sort"] == ["2015", "2016", "2017", "2018"]
    # Colour and shape both carry the comparison; the legend lists only outcomes drawn.
    assert point["encoding"]["color"]["scale"]["domain"] == ["Better", "Similar", "Worse"]
    assert point["encoding"]["shape"]["scale"]["domain"] == ["Better", "Similar", "Worse"]
    labels = [layer["data"]["values"][0]["label"] for layer in layer_with(spec, "text")]
    assert labels == ["England", "Target"], "lines are named directly, not by colour"
    assert "Latest value 16.5% in 2018" in spec["description"]
    assert "Target: 15.0%" in spec["description"]
    json.dumps(spec, allow_nan=False)  # no NaN may reach the browser
    svg = renders(spec)
    assert "Smoking prevalence in adults" in svg
    assert "Target" in svg


def test_trajectory_is_a_dashed_line_through_its_periods(renders: Callable[[dict[str, Any]], str]) -> None:
    trajectory = [TargetPoint("2016", 19.5), TargetPoint("2018", 17.0)]
    spec = trend_chart(POINTS, unit="%", title="Smoking", target=trajectory)
    target_lines = [layer for layer in layer_with(spec, "line") if "data" in layer]
    assert len(target_lines) == 1
    assert target_lines[0]["mark"]["strokeDash"]
    assert [r["target"] for r in target_lines[0]["data"]["values"]] == [19.5, 17.0]
    assert "Target trajectory: 2016 19.5%, 2018 17.0%" in spec["description"]
    renders(spec)


def test_without_comparison_points_are_plain_and_there_is_no_legend(
    renders: Callable[[dict[str, Any]], str],
) -> None:
    plain = [TrendPoint(str(2000 + i), 10.0 + i) for i in range(3)]
    spec = trend_chart(plain, unit="", title="Visits")
    point = layer_with(spec, "point")[0]
    assert "color" not in point["encoding"]
    assert layer_marks(spec).count("text") == 0
    assert "errorbar" not in layer_marks(spec), "no limits, no whiskers (and no empty-extent warning)"
    renders(spec)


def test_empty_series_still_renders_with_an_honest_description(
    renders: Callable[[dict[str, Any]], str],
) -> None:
    spec = trend_chart([], unit="%", title="Nothing yet")
    assert spec["description"] == "Nothing yet: there are no values to chart."
    renders(spec)


def test_trend_table_matches_the_chart() -> None:
    table = trend_table(POINTS, unit="%", title="Smoking", target=[TargetPoint("2018", 17.0)])
    assert [c.key for c in table.columns] == [
        "period",
        "value",
        "lower95",
        "upper95",
        "comparator",
        "significance",
        "target",
    ]
    records = table.records()
    assert records[0] == {
        "period": "2015",
        "value": 20.0,
        "lower95": 18.5,
        "upper95": 21.5,
        "comparator": 18.0,
        "significance": "Worse",
        "target": None,
    }
    assert records[3]["target"] == 17.0
    assert records[2]["significance"] is None
    cells = table.display_rows()
    assert cells[0][1].text == "20.0"
    assert cells[0][1].numeric
    assert cells[0][5].css_class == "wb-sig wb-sig--worse"
    assert table.csv_rows()[0][1] == "Value (%)"


def test_targets_after_the_data_extend_the_axis_and_the_table() -> None:
    trajectory = [TargetPoint("2018", 16.0), TargetPoint("2025", 12.0)]
    spec = trend_chart(POINTS, unit="%", title="Smoking", target=trajectory)
    point = layer_with(spec, "point")[0]
    assert point["encoding"]["x"]["sort"] == ["2015", "2016", "2017", "2018", "2025"]
    records = trend_table(POINTS, unit="%", title="Smoking", target=trajectory).records()
    assert records[-1]["period"] == "2025"
    assert records[-1]["target"] == 12.0
    assert records[-1]["value"] is None


def test_one_periods_target_is_a_line_but_only_that_row_has_it_in_the_table() -> None:
    one = [TargetPoint("2018", 15.0)]
    spec = trend_chart(POINTS, unit="%", title="Smoking", target=one)
    assert layer_with(spec, "rule")[0]["data"]["values"][0]["target_text"] == "Target for 2018: 15.0%"
    assert layer_with(spec, "point")[0]["encoding"]["x"]["sort"] == ["2015", "2016", "2017", "2018"]
    records = trend_table(POINTS, unit="%", title="Smoking", target=one).records()
    assert [r["target"] for r in records] == [None, None, None, 15.0]


def test_fortnights_show_their_labels_and_keep_their_codes_in_the_downloads_only() -> None:
    points = [
        TrendPoint("31 Aug to 13 Sep 2020", 12.0, code="2020-08-31/2W"),
        TrendPoint("14 Sep to 27 Sep 2020", 15.0, code="2020-09-14/2W"),
    ]
    later = [TargetPoint("28 Sep to 11 Oct 2020", 20.0, code="2020-09-28/2W"), TargetPoint("x", 1.0)]
    table = trend_table(points, unit="calls", title="Calls", target=later)
    assert [c.label for c in table.visible_columns][:2] == ["Period", "Value (calls)"]
    csv = table.csv_rows()
    assert csv[0][:2] == ["Period", "Period code"]
    assert csv[1][:2] == ["31 Aug to 13 Sep 2020", "2020-08-31/2W"]
    assert csv[-1][:2] == ["x", ""]
    assert table.display_rows()[0][0].text == "31 Aug to 13 Sep 2020"
    spec = trend_chart(points, unit="calls", title="Calls")
    assert "2W" not in json.dumps(spec)


def test_no_code_column_when_the_codes_are_the_labels() -> None:
    points = [TrendPoint("2024/25 Q3", 1.0, code="2024/25 Q3")]
    assert "period_code" not in [c.key for c in trend_table(points, unit="", title="x").columns]
