"""A strategy node's indicators: a fragment the strategy page loads, and a page of its own."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wellboard.core.views import member_view
from wellboard.indicators.calculations.summaries import IndicatorSummary, node_summaries, summary_context
from wellboard.indicators.models import IndicatorKind
from wellboard.indicators.views._common import page
from wellboard.indicators.views._reasons import first_comparison_reason, measure_change, trend_reason
from wellboard.indicators.views._words import (
    SignificanceText,
    TrendWords,
    compared_by,
    interval_text,
    name_of,
    significance_text,
    trend_words,
    value_text,
)
from wellboard.partners.selectors import partnership_access
from wellboard.strategy.selectors import node_get, strategy_get

PARTIAL = "indicators/partials/node_indicators.html"


@dataclass(frozen=True)
class NodeIndicatorRow:
    summary: IndicatorSummary
    name: str
    latest_text: str
    interval: str
    significance: SignificanceText
    trend: TrendWords
    comparison_note: str = ""  # why the figure is not compared with the default comparator
    trend_note: str = ""  # why the recent trend could not be calculated
    change: str = ""  # a performance measure's change on the previous period
    is_measure: bool = False


def node_indicator_rows(summaries: list[IndicatorSummary], comparator: str) -> list[NodeIndicatorRow]:
    rows = []
    for s in summaries:
        latest = s.latest
        first = s.comparisons[0] if s.comparisons else None
        against = first.name if first is not None else comparator
        by = compared_by(first.judged_by, first.publisher) if first is not None else ""
        rows.append(
            NodeIndicatorRow(
                summary=s,
                name=name_of(s.indicator),
                latest_text=value_text(s.indicator, latest.value, s.decimals) if latest else "",
                interval=interval_text(latest.lower95, latest.upper95, s.decimals) if latest else "",
                significance=significance_text(s.significance, against, by),
                trend=trend_words(s.trend, s.trend_assessment),
                comparison_note=first_comparison_reason(s),
                trend_note=trend_reason(s),
                change=measure_change(s),
                is_measure=s.indicator.kind != IndicatorKind.POPULATION,
            )
        )
    return rows


@member_view
@require_GET
def node_indicators(request: HttpRequest, slug: str, strategy: str, ref: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = strategy_get(actor=actor, slug=strategy)
    node = node_get(actor=actor, strategy=found, ref=ref)
    summaries_context = summary_context(actor=actor)
    default = summaries_context.default_comparator
    rows = node_indicator_rows(
        node_summaries(actor=actor, node=node, context=summaries_context),
        default.name if default else "England",
    )
    context = {"partnership": partnership, "actor": actor, "strategy": found, "node": node, "rows": rows}
    if request.headers.get("HX-Request") == "true":
        return render(request, PARTIAL, context)
    return page(
        request,
        "indicators/node_indicators.html",
        partnership=partnership,
        actor=actor,
        strategy=found,
        node=node,
        rows=rows,
    )
