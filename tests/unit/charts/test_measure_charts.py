"""The performance measure charts: figures by period with the target, and one period split."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.unit.charts.helpers import assert_frame, layer_marks, layer_with
from wellboard.charts.measures import (
    PeriodFigure,
    ShareFigure,
    period_chart,
    period_table,
    share_chart,
    share_table,
)

FORTNIGHTS = [
    PeriodFigure("30 Mar to 12 Apr 2020", "30 Mar 2020", 900.0, target=850.0, rag="Green"),
    PeriodFigure("13 Apr to 26 Apr 2020", "13 Apr 2020", None),
    PeriodFigure(
        "27 Apr to 10 May 2020",
        "27 Apr 2020",
        760.0,
        target=800.0,
        rag="Amber",
        provisional=True,
        note="2 of 3 organisations' returns approved so far",
    ),
]


def test_period_chart_draws_bars_and_the_target_without_intervals(
    renders: Callable[[dict[str, Any]], str],
) -> None:
    spec = period_chart(
        FORTNIGHTS, unit="calls", title="Befriending calls by period", axis_name="Fortnight starting"
    )
    assert_frame(spec)
    assert layer_marks(spec) == ["bar", "line", "text"]
    bars = layer_with(spec, "bar")[0]
    assert bars["encoding"]["x"]["sort"] == ["30 Mar 2020", "13 Apr 2020", "27 Apr 2020"]
    assert bars["encoding"]["x"]["title"] == "Fortnight starting"
    rows = spec["data"]["values"]
    assert rows[0]["label"] == "30 Mar to 12 Apr 2020", "the tooltip names the whole period"
    assert rows[2]["aria"] == "27 Apr to 10 May 2020: 760 calls, target 800 calls, amber, provisional"
    assert rows[1]["aria"] == "13 Apr to 26 Apr 2020: no figure"
    assert "confidence" not in str(spec).lower()
    assert (
        "Latest figure 760 calls for 27 Apr to 10 May 2020. Target 800 calls: amber." in spec["description"]
    )
    renders(spec)


def test_period_chart_of_percentages_is_a_line_and_without_targets_has_no_target_layer(
    renders: Callable[[dict[str, Any]], str],
) -> None:
    figures = [PeriodFigure("2023/24", "2023/24", 61.5), PeriodFigure("2024/25", "2024/25", 64.0)]
    spec = period_chart(figures, unit="%", title="Clients who feel better", decimals=1, bars=False)
    assert layer_marks(spec) == ["line", "point"]
    assert spec["data"]["values"][1]["value_text"] == "64.0%"
    assert "Line chart of Clients who feel better, 2 periods from 2023/24 to 2024/25." in spec["description"]
    renders(spec)


def test_period_chart_without_figures_says_so() -> None:
    spec = period_chart([PeriodFigure("2024", "2024", None)], unit="", title="Visitors")
    assert spec["description"] == "Visitors: there are no figures to chart."


def test_period_table_has_only_the_columns_its_figures_need() -> None:
    table = period_table(FORTNIGHTS, unit="calls", title="Befriending calls by period")
    assert [c.label for c in table.columns] == [
        "Period",
        "Value (calls)",
        "Target",
        "Against target",
        "Note",
        "Status",
    ]
    assert [c.key for c in table.visible_columns][-1] == "note", "the status is in the downloads only"
    records = table.records()
    assert records[2]["note"] == "Provisional: 2 of 3 organisations' returns approved so far"
    assert records[2]["status"] == "Provisional"
    assert records[0]["rag"] == "Green"
    assert records[1]["rag"] == "", "no target, no rating"
    assert not any("95%" in c.label for c in table.columns)
    plain = period_table([PeriodFigure("2024", "2024", 5.0)], unit="", title="Visits")
    assert [c.key for c in plain.columns] == ["period", "value"]
    with_counts = period_table(
        [PeriodFigure("2024", "2024", 50.0, numerator=10, denominator=20)], unit="%", title="Share"
    )
    assert [c.key for c in with_counts.columns] == ["period", "value", "numerator", "denominator"]


SPLIT = [
    ShareFigure("Stevenage Community Careline", 92.0, share=24.0),
    ShareFigure("Mind in Mid Herts", 79.0, share=20.6),
    ShareFigure("The Living Room", None, note="Return not yet approved", provisional=True),
]


def test_share_chart_labels_each_bar_with_its_figure_and_share(
    renders: Callable[[dict[str, Any]], str],
) -> None:
    spec = share_chart(SPLIT, unit="calls", title="Calls by organisation", subtitle="14 Sep to 27 Sep 2020")
    assert_frame(spec)
    assert spec["title"]["subtitle"] == "14 Sep to 27 Sep 2020"
    assert layer_marks(spec) == ["bar", "text"]
    assert spec["encoding"]["y"]["sort"] == [f.label for f in SPLIT], "the order given is kept"
    rows = spec["data"]["values"]
    assert rows[0]["short_text"] == "92 (24%)"
    assert rows[0]["value_text"] == "92 calls (24%)"
    assert layer_with(spec, "bar")[0]["encoding"]["x"]["scale"]["domain"][1] > 92, "room for the labels"
    assert (
        "Stevenage Community Careline: 92 calls (24%); Mind in Mid Herts: 79 calls (21%)."
        in spec["description"]
    )
    renders(spec)


def test_share_table_ends_with_the_total() -> None:
    table = share_table(SPLIT, unit="calls", title="Calls by organisation", total=384.0)
    assert [c.key for c in table.columns] == ["label", "value", "share", "note", "status"]
    records = table.records()
    assert records[-1] == {
        "label": "Total",
        "value": 384.0,
        "share": 100.0,
        "note": "",
        "status": None,
    }
    assert records[2]["note"] == "Provisional: Return not yet approved"
    assert table.highlighted == frozenset({3})
    overall = share_table(
        [ShareFigure("Mind", 40.0, numerator=4, denominator=10)],
        unit="%",
        title="Share",
        total=45.0,
        total_label="Overall",
    )
    assert [c.key for c in overall.columns] == ["label", "value", "numerator", "denominator"]
    assert overall.records()[-1]["label"] == "Overall"
