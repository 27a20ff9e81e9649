"""The hub dashboard's chart builders: a chart whose every figure is suppressed draws nothing."""

from __future__ import annotations

from django.template.loader import render_to_string

from wellboard.hub.calculations import Shown
from wellboard.hub.views.dashboard_charts import RateRow, count_chart, rates_chart

HIDDEN = Shown(None, True)
HIDDEN_SHARE = (HIDDEN, None, None, None)


def test_a_count_chart_with_every_figure_suppressed_has_nothing_to_draw() -> None:
    chart = count_chart(
        key="partners",
        title="Partners",
        category="Partner",
        rows=[("Mind", "1", HIDDEN), ("Carers", "2", HIDDEN)],
    )
    assert chart.nothing_to_draw
    assert not chart.is_empty
    html = render_to_string("indicators/partials/chart.html", {"chart": chart})
    assert "data-no-chart" in html
    assert "data-chart=" not in html
    assert html.count("*") >= 2  # the table still lists both partners


def test_a_count_chart_with_one_figure_shown_is_drawn() -> None:
    chart = count_chart(
        key="partners",
        title="Partners",
        category="Partner",
        rows=[("Mind", "1", Shown(12, False)), ("Carers", "2", HIDDEN)],
    )
    assert not chart.nothing_to_draw
    html = render_to_string("indicators/partials/chart.html", {"chart": chart})
    assert 'data-chart="chart-partners-spec"' in html


def test_a_rates_chart_with_every_share_hidden_has_nothing_to_draw() -> None:
    row = RateRow(label="Money", total=HIDDEN, shares={"attended": (HIDDEN, None, None, None)})
    chart = rates_chart(
        key="rates", title="Rates", category="Need", rows=[row], outcomes={"attended": "Attended"}
    )
    assert chart.nothing_to_draw


def _share(count: int, total: int) -> tuple[Shown, float, float, float]:
    percent = 100 * count / total
    return (Shown(count, False), percent, max(0.0, percent - 20), min(100.0, percent + 20))


def test_a_rate_whose_count_or_denominator_is_suppressed_is_left_out_of_the_chart() -> None:
    rows = [
        # Suppressed counts, with percentages a careless caller still worked out: never drawn as rates.
        RateRow(
            label="Money",
            total=Shown(20, False),
            shares={"attended": (HIDDEN, 0.0, 0.0, 30.0), "declined": (HIDDEN, None, None, None)},
        ),
        RateRow(
            label="Housing",
            total=HIDDEN,
            shares={
                "attended": (Shown(0, False), 0.0, 0.0, 30.0),
                "declined": (Shown(0, False), 0.0, 0.0, 30.0),
            },
        ),
        RateRow(
            label="Isolation",
            total=Shown(40, False),
            shares={"attended": _share(20, 40), "declined": HIDDEN_SHARE},
        ),
    ]
    chart = rates_chart(
        key="rates",
        title="Rates",
        category="Need",
        rows=rows,
        outcomes={"attended": "Attended", "declined": "Declined"},
    )
    assert not chart.nothing_to_draw
    drawn = chart.spec["data"]["values"]
    assert [(d["group"], d["outcome"], d["percent"]) for d in drawn] == [("Isolation", "Attended", 50.0)]
    # The table still lists every group, with the hidden rates blank.
    records = {r["label"]: r for r in chart.table.rows}
    assert records["Money"]["attended_count"] == "*"
    assert records["Money"]["attended_percent"] is None
    assert records["Housing"]["attended_percent"] is None
    assert records["Isolation"]["attended_percent"] == 50.0


def test_a_rates_chart_whose_every_rate_is_suppressed_shows_the_sentence_instead() -> None:
    rows = [
        RateRow(label="Money", total=Shown(20, False), shares={"attended": (HIDDEN, 0.0, 0.0, 30.0)}),
        RateRow(label="Housing", total=HIDDEN, shares={"attended": (Shown(0, False), 0.0, 0.0, 30.0)}),
    ]
    chart = rates_chart(
        key="rates", title="Rates", category="Need", rows=rows, outcomes={"attended": "Attended"}
    )
    assert chart.nothing_to_draw
    html = render_to_string("indicators/partials/chart.html", {"chart": chart})
    assert "Every figure here is too small to publish, so there is no chart." in html
    assert "data-chart=" not in html


def test_a_share_of_0_percent_is_marked_in_its_outcomes_colour() -> None:
    row = RateRow(
        label="Isolation", total=Shown(10, False), shares={"declined": (Shown(0, False), 0.0, 0.0, 30.0)}
    )
    chart = rates_chart(
        key="rates", title="Rates", category="Need", rows=[row], outcomes={"declined": "Declined"}
    )
    assert not chart.nothing_to_draw
    marks = [layer for layer in chart.spec["layer"] if layer["mark"]["type"] == "point"]
    assert marks[0]["transform"] == [{"filter": "datum.percent === 0"}]
    assert marks[0]["encoding"]["color"]["field"] == "outcome"
