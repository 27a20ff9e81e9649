"""The tartan rug: areas by indicators, each cell the area's figure compared with the benchmark."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from wellboard.core.access import Actor
from wellboard.geography.models import Area, AreaType
from wellboard.indicators.calculations.summaries.context import (
    Figure,
    SummaryContext,
    by_indicator,
    decimals_for,
    judge_figure,
    periods_of,
    pick_comparator,
)
from wellboard.indicators.calculations.summaries.places.compared import _benchmark, _latest_period, _published
from wellboard.indicators.models import Indicator
from wellboard.indicators.selectors import indicator_list, observation_frame


@dataclass(frozen=True)
class RugColumn:
    indicator: Indicator
    period: str
    benchmark_value: float | None
    decimals: int


@dataclass(frozen=True)
class RugFigure:
    value: float | None
    lower: float | None
    upper: float | None
    significance: str
    judged_by: str = ""  # JUDGED_BY_WELLBOARD, JUDGED_BY_PUBLISHER or '' (not compared)
    publisher: str = ""


@dataclass(frozen=True)
class TartanRug:
    """Areas (rows) by indicators (columns), each cell judged against the comparator."""

    benchmark_name: str
    areas: tuple[tuple[str, str], ...]  # (code, name)
    highlight: str  # the partnership's own area's code
    columns: tuple[RugColumn, ...]
    cells: dict[tuple[str, str], RugFigure]  # (area code, indicator slug)
    periods: tuple[str, ...] = ()  # every period with figures for these areas, newest first
    period: str = ""  # the period asked for ('' : each indicator's latest)


def rug_areas(context: SummaryContext) -> list[Area]:
    """The partnership's place, the area above it (its county) and its neighbours within that."""
    place = context.place
    if place is None:
        return []
    parent = next(
        (a for a in context.ancestors(place) if a.type not in (AreaType.REGION, AreaType.COUNTRY)), None
    )
    neighbours = context.comparable(place, parent) if parent is not None else [place]
    return ([parent] if parent is not None else []) + sorted(neighbours, key=lambda a: a.name)


def tartan_rug(
    *,
    actor: Actor,
    indicators: Sequence[Indicator] | None = None,
    areas: Sequence[Area] | None = None,
    comparator: str | None = None,
    period: str = "",
    context: SummaryContext | None = None,
) -> TartanRug:
    """Each indicator's figures for a set of areas (default: the county and its districts) at
    ``period``, or at each indicator's latest period when none is given (an indicator without
    figures for the period is left out)."""
    context = context if context is not None else SummaryContext(actor)
    chosen = list(indicators) if indicators is not None else list(indicator_list(actor=actor))
    places = list(areas) if areas is not None else rug_areas(context)
    spec = pick_comparator(context.specs, comparator)
    place = context.place
    area_ids = {a.pk for a in places}
    frame = observation_frame(
        actor=actor,
        indicator_ids=[i.pk for i in chosen],
        area_ids=area_ids | set(spec.area_ids if spec else ()),
        uncategorised=True,
    )
    frames = dict(by_indicator(frame))
    published = {a.code: context.published_column(spec, a) for a in places} if spec is not None else {}
    columns = []
    cells: dict[tuple[str, str], RugFigure] = {}
    local_rows = frame.take(
        frame.headline() & np.isin(frame.area_id, np.array(sorted(area_ids), dtype=np.int64))
    )
    for indicator in chosen:
        sub = frames.get(indicator.pk)
        if sub is None:
            continue
        local = sub.take(sub.headline() & np.isin(sub.area_id, np.array(sorted(area_ids), dtype=np.int64)))
        shown = period or _latest_period(local)
        now = local.take(local.period == shown)
        if not shown or not len(now):
            continue
        benchmark = _benchmark(sub, spec, indicator, Figure.of(now, 0).key) if len(now) else None
        columns.append(RugColumn(indicator, shown, benchmark, decimals_for(indicator)))
        for index in range(len(now)):
            figure = Figure.of(now, index)
            column = published.get(figure.area_code, "")
            found = judge_figure(figure, benchmark, indicator.polarity, _published(figure, column))
            cells[(figure.area_code, indicator.slug)] = RugFigure(
                figure.value,
                figure.lower95,
                figure.upper95,
                found.significance,
                found.judged_by,
                found.publisher,
            )
    return TartanRug(
        benchmark_name=spec.name if spec else "",
        areas=tuple((a.code, a.name) for a in places),
        highlight=place.code if place is not None else "",
        columns=tuple(columns),
        cells=cells,
        periods=periods_of(local_rows),
        period=period,
    )
