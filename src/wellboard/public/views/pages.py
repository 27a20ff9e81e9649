"""The public site's pages: the partnership's home, each live strategy, its indicators, the reach
of its initiatives and the accessibility statement."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from wellboard.charts.reach import ReachPoint, reach_chart
from wellboard.charts.significance import significance_label
from wellboard.core.periods import period_label
from wellboard.indicators.calculations.published import PublicSeries
from wellboard.indicators.calculations.summaries import AreasCompared, summary_context
from wellboard.indicators.views._common import ChartView
from wellboard.indicators.views._present import compare_view, trend_view
from wellboard.indicators.views._words import value_text
from wellboard.partners.models import Partnership
from wellboard.public.calculations import MeasureReach, public_compared, public_reach, public_series
from wellboard.public.selectors import (
    live_strategy,
    public_actor,
    public_indicator,
    public_indicators,
    public_tree,
    reach_measures,
)
from wellboard.public.views.responses import Body, _not_found_as_404, _page, _public, _rule_text


@require_safe
def public_home(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        return _page("public/home.html", partnership, section="home")

    return _public(request, slug, "home", build)


@require_safe
def public_strategy(request: HttpRequest, slug: str, strategy: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        found = live_strategy(partnership=partnership, slug=strategy)
        return _page(
            "public/strategy.html",
            partnership,
            section="strategy",
            strategy=found,
            tree=public_tree(strategy=found),
        )

    return _not_found_as_404(lambda: _public(request, slug, "strategy", build))


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Any
    latest: str
    period: str
    compared: str


def _latest(disclosed: PublicSeries) -> tuple[str, str, str]:
    """The latest period's figure as text, its period and how it compares ("" when none)."""
    series = disclosed.series
    for point, hidden in zip(reversed(series.points), reversed(disclosed.suppressed), strict=True):
        if hidden:
            return "Withheld (small number)", period_label(point.period), ""
        if point.value is not None:
            return (
                value_text(series.indicator, point.value, series.decimals),
                period_label(point.period),
                significance_label(point.significance) if point.significance else "",
            )
    return "", "", ""


@require_safe
def public_indicator_list(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        actor = public_actor(partnership)
        context = summary_context(actor=actor)
        rows = []
        for indicator in public_indicators(partnership=partnership):
            disclosed = public_series(
                actor=actor, partnership=partnership, indicator=indicator, context=context
            )
            latest, period, compared = _latest(disclosed)
            rows.append(IndicatorRow(indicator, latest, period, compared))
        return _page(
            "public/indicator_list.html",
            partnership,
            section="indicators",
            rows=rows,
            comparator=context.default_comparator,
            rule=_rule_text(partnership),
        )

    return _public(request, slug, "indicators", build)


@require_safe
def public_indicator_detail(request: HttpRequest, slug: str, indicator: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        found = public_indicator(partnership=partnership, slug=indicator)
        actor = public_actor(partnership)
        context = summary_context(actor=actor)
        disclosed = public_series(actor=actor, partnership=partnership, indicator=found, context=context)
        latest, period, compared = _latest(disclosed)
        chart = trend_view(disclosed.series)
        areas = public_compared(actor=actor, partnership=partnership, indicator=found, context=context)
        others = [r for r in areas.rows if r.value is not None and not r.highlight]
        return _page(
            "public/indicator_detail.html",
            partnership,
            section="indicators",
            indicator=found,
            chart=chart,
            compare_chart=_public_compare(areas) if others else None,
            latest=latest,
            period=period,
            compared=compared,
            comparator=disclosed.series.comparator,
            any_suppressed=any(disclosed.suppressed),
            rule=_rule_text(partnership),
        )

    return _not_found_as_404(lambda: _public(request, slug, "indicator", build))


def _public_compare(areas: AreasCompared) -> ChartView:
    """The internal page's areas-compared chart; its words without the page's choices, which the
    public page does not offer."""
    within = f" Only areas in {areas.within.name} are shown." if areas.within is not None else ""
    against = areas.benchmark_name or "the comparator"
    intro = f"{period_label(areas.period)}. Areas sorted by value, each compared with {against}.{within}"
    return replace(compare_view(areas), intro=intro)


def _figure(value: float | None, reach: MeasureReach) -> str:
    if value is None:
        return ""
    measure = reach.measure
    if measure.kind.has_denominator:
        unit = "%" if measure.multiplier == 100 else f" per {measure.multiplier:,}"
        return f"{value:,.1f}{unit}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _reach_section(index: int, reach: MeasureReach) -> dict[str, Any]:
    measure = reach.measure
    spec = reach_chart(
        title=measure.label,
        subtitle=measure.collection.name,
        unit=measure.unit or ("%" if measure.kind.has_denominator else ""),
        points=[ReachPoint(r.period_label, r.start, r.value, r.cumulative) for r in reach.rows],
        running_total=reach.additive,
    )
    latest = reach.latest
    total = None if latest is None else (latest.cumulative if reach.additive else latest.value)
    # Bars with no published figure at all would be an empty picture (and an unlabelled graphic
    # to a screen reader); the table and the total say what there is.
    drawn = any(r.value is not None for r in reach.rows)
    return {
        "reach": reach,
        "chart_id": f"reach-chart-{index}",
        "spec": spec if drawn else None,
        "total": _figure(total, reach),
        "rows": [
            {
                "period": r.period_label,
                "value": "Withheld" if r.suppressed and r.value is None else _figure(r.value, reach),
                "cumulative": _figure(r.cumulative, reach),
                "limits": f"{r.lower95:,.1f} to {r.upper95:,.1f}"
                if r.lower95 is not None and r.upper95 is not None
                else "",
            }
            for r in reach.rows
        ],
    }


@require_safe
def public_reach_view(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        reaches = public_reach(partnership=partnership, measures=reach_measures(partnership=partnership))
        sections: dict[int, dict[str, Any]] = {}
        for index, reach in enumerate(reaches):
            section = sections.setdefault(
                reach.initiative.pk, {"initiative": reach.initiative, "measures": []}
            )
            section["measures"].append(_reach_section(index, reach))
        return _page(
            "public/reach.html",
            partnership,
            section="reach",
            sections=list(sections.values()),
            rule=_rule_text(partnership),
        )

    return _public(request, slug, "reach", build)


@require_safe
def public_accessibility(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        return _page("public/accessibility.html", partnership, section="accessibility")

    return _public(request, slug, "accessibility", build)
