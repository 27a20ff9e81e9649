"""The wellbeing change chart: a dot and whiskers per measure against a line at no change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.unit.charts.helpers import assert_frame, layer_marks
from wellboard.charts.outcomes import ChangePoint, change_chart, change_table

POINTS = [
    ChangePoint("SWEMWBS metric score", 100, 1.9, 1.2, 2.6, "higher"),
    ChangePoint("Anxiety yesterday", "*", None, None, None, "lower"),
]


def test_change_chart_draws_points_whiskers_and_zero(renders: Callable[[dict[str, Any]], str]) -> None:
    spec = change_chart(title="So Active: change in wellbeing", subtitle="Mean change", points=POINTS)
    assert_frame(spec)
    assert layer_marks(spec) == ["errorbar", "point", "rule"]
    assert [row["measure"] for row in spec["data"]["values"]] == ["SWEMWBS metric score"]
    assert "95% confidence interval 1.20 to 2.60" in spec["data"]["values"][0]["aria"]
    assert "<svg" in renders(spec)


def test_without_intervals_the_whiskers_are_left_out() -> None:
    spec = change_chart(
        title="Change", subtitle="", points=[ChangePoint("Happiness", 1, 2.0, None, None, "higher")]
    )
    assert layer_marks(spec) == ["point", "rule"]


def test_change_table_keeps_withheld_figures_blank() -> None:
    table = change_table(caption="Mean change", points=POINTS)
    records = table.records()
    assert records[0]["value"] == 1.9
    assert records[1] == {
        "measure": "Anxiety yesterday",
        "paired": "*",
        "value": None,
        "lower": None,
        "upper": None,
        "better": "lower",
    }
