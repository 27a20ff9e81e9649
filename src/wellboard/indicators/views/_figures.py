"""The indicator page's costly parts, the same for every reader: its summary, series, available
views, areas compared and charts, each cached under the partnership's data version. The page reads
them; ``refresh`` computes them ahead of the first reader once the data changes."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from wellboard.core.access import Actor
from wellboard.core.cache import cached
from wellboard.geography.models import Area
from wellboard.indicators.calculations.summaries import (
    AreasCompared,
    IndicatorSeries,
    IndicatorSummary,
    IndicatorViews,
    SummaryContext,
    areas_compared,
    indicator_breakdowns,
    indicator_series,
    indicator_summary,
    indicator_views,
)
from wellboard.indicators.models import Indicator
from wellboard.indicators.views._common import ChartView
from wellboard.indicators.views._present import breakdown_views, compare_view, trend_view

T = TypeVar("T")


def _remembered(
    *,
    actor: Actor,
    indicator: Indicator,
    area: Area | None,
    version: str,
    name: str,
    parts: tuple[Hashable, ...],
    build: Callable[[], T],
) -> T:
    # The figures are the same for every reader: kept until the partnership's data changes.
    return cached(
        partnership_id=actor.partnership_id,
        name=name,
        parts=(indicator.pk, area.pk if area is not None else None, *parts),
        build=build,
        version=version,
    )


def page_basics(
    actor: Actor, indicator: Indicator, area: Area | None, context: SummaryContext, version: str
) -> tuple[IndicatorSummary, IndicatorSeries, IndicatorViews]:
    """The indicator page's summary, series and available views for ``area`` (None: our place),
    from the cache when the data has not changed since (``refresh`` computes them ahead)."""
    summary = _remembered(
        actor=actor,
        indicator=indicator,
        area=area,
        version=version,
        name="indicator-summary",
        parts=(),
        build=lambda: indicator_summary(actor=actor, indicator=indicator, area=area, context=context),
    )
    series = _remembered(
        actor=actor,
        indicator=indicator,
        area=area,
        version=version,
        name="indicator-series",
        parts=(),
        build=lambda: indicator_series(actor=actor, indicator=indicator, area=area, context=context),
    )
    views = _remembered(
        actor=actor,
        indicator=indicator,
        area=area,
        version=version,
        name="indicator-views",
        parts=(),
        build=lambda: indicator_views(actor=actor, indicator=indicator, area=area, context=context),
    )
    return summary, series, views


def page_figures(
    actor: Actor,
    indicator: Indicator,
    area: Area | None,
    context: SummaryContext,
    version: str,
    *,
    series: IndicatorSeries,
    period: str = "",
    within: Area | None = None,
    widen: bool = False,
    comparator: str = "",
) -> tuple[AreasCompared, list[ChartView]]:
    """The areas compared and the page's charts for the choices made (the defaults: latest period,
    nearby areas, default comparator), from the cache when the data has not changed since."""

    def figures() -> tuple[AreasCompared, list[ChartView]]:
        compared = areas_compared(
            actor=actor,
            indicator=indicator,
            area=area,
            period=period,
            within=within,
            widen=widen,
            comparator=comparator or None,
            context=context,
        )
        breakdowns = indicator_breakdowns(
            actor=actor, indicator=indicator, area=area, period=period, context=context
        )
        return compared, [trend_view(series), compare_view(compared), *breakdown_views(breakdowns)]

    within_pk = within.pk if within is not None else None
    return _remembered(
        actor=actor,
        indicator=indicator,
        area=area,
        version=version,
        name="indicator-figures",
        parts=(period, within_pk, widen, comparator),
        build=figures,
    )
