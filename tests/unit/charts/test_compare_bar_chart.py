from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.unit.charts.helpers import assert_frame, layer_with, one_line
from wellboard.charts import Benchmark, CompareRow, compare_bar_chart, compare_table

ROWS = [
    CompareRow("E07000095", "Broxbourne", 15.2, 13.0, 17.6, "similar"),
    CompareRow("E07000243", "Stevenage", 19.8, 17.1, 22.7, "worse", highlight=True),
    CompareRow("E07000240", "St Albans", 8.1, 6.5, 9.9, "better"),
    CompareRow("E07000241", "Welwyn Hatfield", None),
]


def test_bars_are_sorted_by_value_with_missing_last(renders: Callable[[dict[str, Any]], str]) -> None:
    spec = compare_bar_chart(ROWS, benchmark=Benchmark("England", 14.1), unit="%", title="Smoking")
    assert_frame(spec)
    areas = [r["area"] for r in spec["data"]["values"]]
    assert areas == ["Stevenage (this area)", "Broxbourne", "St Albans", "Welwyn Hatfield"]
    bar = layer_with(spec, "bar")[0]
    assert bar["encoding"]["y"]["sort"] == areas
    assert bar["encoding"]["color"]["scale"]["domain"] == ["Better", "Similar", "Worse"]
    assert one_line(bar["encoding"]["color"]["legend"]["title"]) == "Compared with England"
    # The chosen area stands out by outline as well as by its label.
    assert bar["encoding"]["strokeWidth"]["condition"]["test"] == "datum.highlight"
    # On a phone, long names are cut short and the legend is one column, so both fit the plot.
    assert "containerSize()[0] < 500 ? 120 : 240" in bar["encoding"]["y"]["axis"]["labelLimit"]["expr"]
    assert "? 1 : 3" in bar["encoding"]["color"]["legend"]["columns"]["expr"]
    # Every bar is labelled with its comparison in words.
    assert [r["label"] for r in spec["data"]["values"]] == ["Worse", "Similar", "Better", "No data"]
    rule = layer_with(spec, "rule")[0]
    assert rule["data"]["values"][0]["benchmark"] == 14.1
    assert "England is 14.1%" in spec["description"]
    assert "Stevenage (this area): 19.8%, worse" in spec["description"]
    svg = renders(spec)
    assert "Stevenage (this area)" in svg


def test_ascending_order_and_no_benchmark(renders: Callable[[dict[str, Any]], str]) -> None:
    spec = compare_bar_chart(ROWS, benchmark=None, unit="%", descending=False)
    assert [r["area"] for r in spec["data"]["values"]][:3] == [
        "St Albans",
        "Broxbourne",
        "Stevenage (this area)",
    ]
    assert not layer_with(spec, "rule")
    renders(spec)


def _domain_max(expression: str, width: float) -> float:
    """The scale's end as Vega works it out for a plot ``width`` pixels wide."""
    return float(eval(expression.replace("width", str(width)), {"max": max}))  # noqa: S307 - our own arithmetic


@pytest.mark.parametrize("width", [150, 300, 700])
def test_domain_starts_at_zero_and_leaves_room_for_the_longest_word_at_any_width(width: int) -> None:
    rows = [*ROWS, CompareRow("E07000242", "East Hertfordshire", 33.0, None, None, "not compared")]
    spec = compare_bar_chart(rows, benchmark=Benchmark("England", 30.0), unit="%")
    scale = layer_with(spec, "bar")[0]["encoding"]["x"]["scale"]
    assert scale["domainMin"] == 0.0
    end = _domain_max(scale["domainMax"]["expr"], width)
    assert end > 33.0
    # "Not compared" at the end of the longest bar (33.0) fits in the pixels to its right.
    room = width * (end - 33.0) / end
    assert room >= 6 + 7.5 * len("Not compared") or room >= width / 2


def test_compare_table_lists_areas_then_the_benchmark() -> None:
    table = compare_table(ROWS, benchmark=Benchmark("England", 14.1), unit="%")
    records = table.records()
    assert [r["area"] for r in records] == [
        "Stevenage (this area)",
        "Broxbourne",
        "St Albans",
        "Welwyn Hatfield",
        "England",
    ]
    assert records[0]["significance"] == "Worse"
    assert records[3]["value"] is None
    assert records[3]["significance"] is None
    assert table.highlighted == frozenset({0})
    assert [h for h, _ in table.display()][:2] == [True, False]


def test_breakdowns_keep_their_own_order_and_label() -> None:
    ages = [
        CompareRow("0-15", "0-15", 10.0, significance="better"),
        CompareRow("16-64", "16-64", 30.0, significance="worse"),
        CompareRow("65+", "65+", 20.0, significance="similar"),
    ]
    spec = compare_bar_chart(
        ages, benchmark=Benchmark("All ages", 20.0), unit="%", keep_order=True, label_title="Age"
    )
    assert [r["area"] for r in spec["data"]["values"]] == ["0-15", "16-64", "65+"]
    assert layer_with(spec, "bar")[0]["encoding"]["tooltip"][0]["title"] == "Age"
    table = compare_table(
        ages, benchmark=None, unit="%", keep_order=True, label_title="Age", with_codes=False
    )
    assert [c.label for c in table.columns][:2] == ["Age", "Value (%)"]
