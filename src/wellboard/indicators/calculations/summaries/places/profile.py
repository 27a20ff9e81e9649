"""An area's profile: each indicator's figure for the area against the spread of comparable areas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from wellboard.core.access import Actor
from wellboard.geography.models import Area
from wellboard.indicators.calculations.judgements import spread
from wellboard.indicators.calculations.summaries.context import (
    Figure,
    SummaryContext,
    by_indicator,
    decimals_for,
    judge_figure,
    pick_comparator,
)
from wellboard.indicators.calculations.summaries.places.compared import _benchmark, _float, _published
from wellboard.indicators.models import Indicator
from wellboard.indicators.selectors import indicator_list, observation_frame


@dataclass(frozen=True)
class ProfileRow:
    """One indicator of an area profile: the area against the comparator and the spread of areas."""

    indicator: Indicator
    period: str
    value: float | None
    lower: float | None
    upper: float | None
    count: float | None
    benchmark_value: float | None
    significance: str
    minimum: float | None
    q25: float | None
    median: float | None
    q75: float | None
    maximum: float | None
    areas: int  # how many comparable areas the spread is over
    decimals: int
    judged_by: str = ""  # JUDGED_BY_WELLBOARD, JUDGED_BY_PUBLISHER or '' (not compared)
    publisher: str = ""


@dataclass(frozen=True)
class AreaProfile:
    area: Area | None
    benchmark_name: str
    rows: tuple[ProfileRow, ...]


def area_profile(
    *,
    actor: Actor,
    area: Area | None = None,
    indicators: Sequence[Indicator] | None = None,
    comparator: str | None = None,
    context: SummaryContext | None = None,
) -> AreaProfile:
    """Every indicator (of a set) for one area at its latest period, against the comparator and the
    range across comparable areas (minimum, 25th percentile, median, 75th, maximum): the spine chart.
    Indicators without a figure for the area are left out."""
    context = context if context is not None else SummaryContext(actor)
    place = area if area is not None else context.place
    spec = pick_comparator(context.specs, comparator)
    chosen = list(indicators) if indicators is not None else list(indicator_list(actor=actor))
    if place is None or not chosen:
        return AreaProfile(place, spec.name if spec else "", ())
    peers = {a.pk for a in context.comparable(place)} | {place.pk}
    frame = observation_frame(
        actor=actor,
        indicator_ids=[i.pk for i in chosen],
        area_ids=peers | set(spec.area_ids if spec else ()),
        latest_for_area_id=place.pk,
        uncategorised=True,
    )
    frames = dict(by_indicator(frame))
    column = context.published_column(spec, place) if spec is not None else ""
    rows = []
    for indicator in chosen:
        sub = frames.get(indicator.pk)
        if sub is None:
            continue
        own_rows = np.flatnonzero(sub.headline() & (sub.area_id == place.pk))
        if not own_rows.size:
            continue
        own = Figure.of(sub, int(own_rows[0]))
        benchmark = _benchmark(sub, spec, indicator, own.key)
        same = (sub.sex == own.sex) & (sub.age == own.age) & np.isin(sub.area_id, np.array(sorted(peers)))
        ranges = spread(keys=[0] * int(same.sum()), values=sub.value[same])
        has = bool(ranges.keys)
        found = judge_figure(own, benchmark, indicator.polarity, _published(own, column))
        rows.append(
            ProfileRow(
                indicator=indicator,
                period=own.period,
                value=own.value,
                lower=own.lower95,
                upper=own.upper95,
                count=own.count,
                benchmark_value=benchmark,
                significance=found.significance,
                minimum=_float(ranges.minimum[0]) if has else None,
                q25=_float(ranges.q25[0]) if has else None,
                median=_float(ranges.median[0]) if has else None,
                q75=_float(ranges.q75[0]) if has else None,
                maximum=_float(ranges.maximum[0]) if has else None,
                areas=int(ranges.areas[0]) if has else 0,
                decimals=decimals_for(indicator),
                judged_by=found.judged_by,
                publisher=found.publisher,
            )
        )
    return AreaProfile(place, spec.name if spec else "", tuple(rows))
