"""A performance measure's page: its latest period, the change on the period before, the target and
RAG, its figures by period, by organisation and by breakdown, and the initiatives and strategy
priorities it belongs to. The indicator page shows this for every indicator that is not a
population indicator; there is nothing here about other places or confidence intervals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from wellboard.core.access import Actor
from wellboard.core.cache import cached
from wellboard.core.page_bodies import PageBody
from wellboard.geography.models import Area
from wellboard.indicators.calculations import rag_thresholds
from wellboard.indicators.calculations.summaries import (
    IndicatorSummary,
    MeasureSummary,
    measure_summary,
    period_words,
    summary_context,
)
from wellboard.indicators.forms import ChoiceOptionsForm
from wellboard.indicators.models import Indicator
from wellboard.indicators.selectors import target_list
from wellboard.indicators.views._common import (
    ChartView,
    bad_download,
    chart_or_404,
    only,
    page_body,
    table_download,
)
from wellboard.indicators.views._measures import (
    change_sentence,
    frequency_words,
    measure_charts,
    single_parts,
    source_words,
    status_text,
)
from wellboard.indicators.views._words import name_of, polarity_words, value_text
from wellboard.partners.models import Partnership


@dataclass
class MeasurePage:
    """A performance measure's figures for the period chosen (for its breakdowns) in the query."""

    form: ChoiceOptionsForm
    summary: MeasureSummary
    charts: list[ChartView]

    @property
    def valid(self) -> bool:
        return not self.form.is_bound or self.form.is_valid()


def measure_page(request: HttpRequest, actor: Actor, indicator: Indicator, slug: str) -> MeasurePage:
    """The summary for the period asked for; a period without figures makes the form invalid (400
    with the error summary) and the page shows the latest instead."""
    picked = only(request.GET, ("period",))
    asked = picked.get("period", "") if picked is not None else ""
    context = summary_context(actor=actor)

    def summarise(period: str) -> MeasureSummary:
        # The same for every reader: kept until the partnership's data changes.
        return cached(
            partnership_id=actor.partnership_id,
            name="measure-summary",
            parts=(indicator.pk, period),
            build=lambda: measure_summary(actor=actor, indicator=indicator, period=period, context=context),
        )

    summary = summarise(asked)
    choices = [("", "Latest"), *((p, period_words(p)) for p in summary.periods)]
    form = ChoiceOptionsForm(picked, options={"period": ("Period", choices)})
    query = picked.urlencode() if picked is not None else ""
    if form.is_bound and not form.is_valid():
        summary, query = summarise(""), ""
    charts = measure_charts(summary)
    base = reverse("indicator-detail", args=[slug, indicator.slug]) + "data/"
    for chart in charts:
        # The chart by period is the same whatever period is chosen; the breakdowns follow the choice.
        chart.with_downloads(base, query if chart.key != "periods" else "")
    return MeasurePage(form, summary, charts)


def targets_shown(
    actor: Actor, indicator: Indicator, area: Area | None, decimals: int
) -> list[dict[str, Any]]:
    """An indicator's targets for the area its figures are shown for, each with its RAG rule in
    words (the thresholds beside the colour)."""
    if area is None:
        return []
    return [
        {
            "target": t,
            "value_text": value_text(indicator, t.value, decimals),
            "thresholds": rag_thresholds(
                target=t.value,
                polarity=indicator.polarity,
                tolerance=t.amber_tolerance,
                unit=indicator.unit,
                decimals=decimals,
            ),
        }
        for t in target_list(actor=actor, indicator=indicator, area=area)
    ]


def detail_context(
    actor: Actor,
    indicator: Indicator,
    *,
    form: ChoiceOptionsForm,
    valid: bool,
    summary: IndicatorSummary | MeasureSummary,
) -> dict[str, Any]:
    """What an indicator's page and a measure's page both show: the period form, the name, the
    latest figure and the targets."""
    latest = summary.latest
    return {
        "status": 200 if valid else 400,
        "form": form,
        "indicator": indicator,
        "name": name_of(indicator),
        "polarity": polarity_words(indicator.polarity),
        "summary": summary,
        "latest": latest,
        "latest_text": value_text(indicator, latest.value, summary.decimals) if latest else "",
        "target_rows": targets_shown(actor, indicator, summary.area, summary.decimals),
        "has_charts": True,
    }


def measure_body(
    request: HttpRequest, *, partnership: Partnership, actor: Actor, indicator: Indicator
) -> PageBody:
    built = measure_page(request, actor, indicator, partnership.slug)
    summary = built.summary
    latest = summary.latest
    return page_body(
        request,
        "indicators/measure_detail.html",
        partnership=partnership,
        actor=actor,
        **detail_context(actor, indicator, form=built.form, valid=built.valid, summary=summary),
        latest_status=status_text(latest),
        change=change_sentence(indicator, summary.change, summary.decimals),
        rag=latest.rag if latest is not None else None,
        period_chart=built.charts[0],
        group_charts=built.charts[1:],
        single_parts=single_parts(summary),
        total_text=(
            value_text(indicator, summary.total.value, summary.decimals) if summary.total is not None else ""
        ),
        total_status=status_text(summary.total),
        frequency=frequency_words(summary),
        source=source_words(summary),
        initiatives=list(indicator.initiatives.all()),
        nodes=list(indicator.nodes.all()),
    )


def measure_data(
    request: HttpRequest, *, actor: Actor, indicator: Indicator, slug: str, chart: str, fmt: str
) -> HttpResponse:
    """A chart's figures for the same period as the page (a bad choice answers 400)."""
    built = measure_page(request, actor, indicator, slug)
    if not built.valid:
        return bad_download(built.form)
    chosen = chart_or_404(built.charts, chart)
    return table_download(chosen.table, fmt=fmt, name=f"{indicator.slug}-{chosen.key}")
