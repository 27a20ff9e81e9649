"""The hub dashboard's chart builders: a chart whose every figure is suppressed draws nothing."""

from __future__ import annotations

from django.template.loader import render_to_string

from wellboard.hub.calculations import Shown
from wellboard.hub.views.dashboard_charts import RateRow, count_chart, rates_chart

HIDDEN = Shown(None, True)


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
