"""Indicators across places: areas compared, an area's profile against the spread of comparable
areas, the tartan rug (areas by indicators) and ward values for a map."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from wellboard.core.access import Actor
from wellboard.geography.models import Area, AreaType
from wellboard.indicators.calculations.judgements import spread
from wellboard.indicators.calculations.summaries.context import (
    PUBLISHED_VS_REGION,
    ComparatorSpec,
    Figure,
    SummaryContext,
    benchmark_values,
    by_indicator,
    decimals_for,
    focus_area,
    judge,
    judge_figure,
    periods_of,
    pick_comparator,
)
from wellboard.indicators.models import Indicator
from wellboard.indicators.selectors import (
    ObservationFrame,
    areas_within,
    indicator_list,
    observation_frame,
)


def _latest_period(frame: ObservationFrame) -> str:
    """The latest period with a value in ``frame`` ('' when none)."""
    valued = frame.take(~np.isnan(frame.value))
    if not len(valued):
        return ""
    return str(valued.period[int(np.argmax(valued.period_start))])


def _headline_at(frame: ObservationFrame, period: str) -> ObservationFrame:
    return frame.take(frame.headline() & (frame.period == period))


def _benchmark(
    frame: ObservationFrame, spec: ComparatorSpec | None, indicator: Indicator, key: Any
) -> float | None:
    if spec is None or key is None:
        return None
    return benchmark_values(frame, spec, indicator).get(key)


@dataclass(frozen=True)
class AreaRow:
    area_code: str
    area_name: str
    value: float | None
    lower: float | None
    upper: float | None
    count: float | None
    denominator: float | None
    significance: str
    highlight: bool
    judged_by: str = ""  # JUDGED_BY_WELLBOARD, JUDGED_BY_PUBLISHER or '' (not compared)
    publisher: str = ""


@dataclass(frozen=True)
class AreasCompared:
    indicator: Indicator
    area: Area | None
    period: str
    benchmark_name: str
    benchmark_value: float | None
    rows: tuple[AreaRow, ...]  # highest value first; areas without a value last
    decimals: int
    within: Area | None = None  # the areas shown are those inside this one (None: all of them)
    narrowed: bool = False  # True when ``within`` was chosen because many areas have figures


# With more areas than this having figures, "areas compared" shows those in the county or region
# unless asked to widen: a bar chart of 300 districts helps no one.
MANY_AREAS = 20
# The kinds of area "areas compared" can keep to: a county (or unitary) and a region.
WITHIN_TYPES = (AreaType.UTLA, AreaType.REGION)


def narrowing_area(context: SummaryContext, focus: Area) -> Area | None:
    """The area "areas compared" keeps to by default: the nearest county or region around ``focus``."""
    return next((a for a in context.ancestors(focus) if a.type in (AreaType.UTLA, AreaType.REGION)), None)


def _published_columns(
    context: SummaryContext, spec: ComparatorSpec | None, focus: Area, area_ids: set[int]
) -> dict[int, str]:
    """For each of these areas (of the focus area's tier), the field holding its publisher's verdict
    against ``spec``: England's for every area; a region's for the areas inside it."""
    if spec is None or not spec.published_as:
        return {}
    if spec.published_as != PUBLISHED_VS_REGION:
        return dict.fromkeys(area_ids, spec.published_as)
    region = next((a for a in context.ancestors(focus) if a.pk == spec.area_ids[0]), None)
    if region is None:
        return {}
    inside = {a.pk for a in context.comparable(focus, region)} | {focus.pk}
    return dict.fromkeys(area_ids & inside, PUBLISHED_VS_REGION)


def _published(figure: Figure, column: str) -> str:
    return str(getattr(figure, column)) if column else ""


def _rows(
    frame: ObservationFrame,
    benchmark: float | None,
    polarity: str,
    highlight: int | None,
    columns: dict[int, str],
) -> list[AreaRow]:
    rows = []
    for index in range(len(frame)):
        figure = Figure.of(frame, index)
        column = columns.get(int(frame.area_id[index]), "")
        found = judge_figure(figure, benchmark, polarity, _published(figure, column))
        rows.append(
            AreaRow(
                area_code=figure.area_code,
                area_name=figure.area_name,
                value=figure.value,
                lower=figure.lower95,
                upper=figure.upper95,
                count=figure.count,
                denominator=figure.denominator,
                significance=found.significance,
                highlight=int(frame.area_id[index]) == highlight,
                judged_by=found.judged_by,
                publisher=found.publisher,
            )
        )
    rows.sort(key=lambda r: (r.value is None, -(r.value or 0.0), r.area_name))
    return rows


def areas_compared(
    *,
    actor: Actor,
    indicator: Indicator,
    area: Area | None = None,
    period: str = "",
    within: Area | None = None,
    widen: bool = False,
    comparator: str | None = None,
    context: SummaryContext | None = None,
) -> AreasCompared:
    """The indicator for every area of the same tier as the focus area, sorted by value, each judged
    against the comparator (default: the default one), at ``period`` (default: the focus area's
    latest).

    ``within`` keeps to the areas inside one area. Without it, when more than ``MANY_AREAS`` areas
    have figures, only those in the focus area's county or region are shown (``narrowed``), unless
    ``widen`` asks for all of them.
    """
    context = context if context is not None else SummaryContext(actor)
    candidates = context.candidates(area)
    spec = pick_comparator(context.specs, comparator)
    # The same rows as the indicator's summary and series read (one query for all three).
    probe = context.frame(
        indicator_ids=[indicator.pk],
        area_ids={a.pk for a in candidates} | {i for s in context.specs for i in s.area_ids},
        uncategorised=True,
    )
    focus = focus_area(probe, candidates)
    decimals = decimals_for(indicator)
    if focus is None:
        return AreasCompared(indicator, None, period, spec.name if spec else "", None, (), decimals, within)
    peers = {a.pk for a in context.comparable(focus, within)} | {focus.pk}
    frame = observation_frame(
        actor=actor,
        indicator_ids=[indicator.pk],
        area_ids=peers | set(spec.area_ids if spec else ()),
        uncategorised=True,
    )
    period = period or _latest_period(frame.take(frame.headline() & (frame.area_id == focus.pk)))
    rows = _headline_at(frame, period)
    own = rows.take(np.flatnonzero(rows.area_id == focus.pk))
    key = Figure.of(own, 0).key if len(own) else None
    benchmark = _benchmark(frame, spec, indicator, key)
    shown = rows.take(np.isin(rows.area_id, np.array(sorted(peers), dtype=np.int64)))
    narrowed = False
    if within is None and not widen and int((~np.isnan(shown.value)).sum()) > MANY_AREAS:
        nearby = narrowing_area(context, focus)
        if nearby is not None:
            kept = {a.pk for a in context.comparable(focus, nearby)} | {focus.pk}
            shown = shown.take(np.isin(shown.area_id, np.array(sorted(kept), dtype=np.int64)))
            within, narrowed = nearby, True
    return AreasCompared(
        indicator=indicator,
        area=focus,
        period=period,
        benchmark_name=spec.name if spec else "",
        benchmark_value=benchmark,
        rows=tuple(
            _rows(
                shown,
                benchmark,
                indicator.polarity,
                focus.pk,
                _published_columns(context, spec, focus, set(shown.area_id.tolist())),
            )
        ),
        decimals=decimals,
        within=within,
        narrowed=narrowed,
    )


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


def _float(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


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


@dataclass(frozen=True)
class MapRow:
    area_code: str
    area_name: str
    value: float | None
    lower: float | None
    upper: float | None
    significance: str  # against the parent area's figure (e.g. the district)


@dataclass(frozen=True)
class WardMap:
    indicator: Indicator
    parent: Area | None
    period: str
    parent_value: float | None
    rows: tuple[MapRow, ...]  # every ward of the parent, by name; value None where there is no figure
    decimals: int
    periods: tuple[str, ...] = ()  # the periods with ward figures, newest first


def ward_map(
    *,
    actor: Actor,
    indicator: Indicator,
    parent: Area | None = None,
    period: str = "",
    type: str = AreaType.WARD,
    context: SummaryContext | None = None,
) -> WardMap:
    """Ward (or other small-area) values inside the partnership's place for a map at ``period``
    (default: the latest), each judged against the place's own figure. Boundaries are the areas'
    ``geometry`` (geography's)."""
    context = context if context is not None else SummaryContext(actor)
    place = parent if parent is not None else context.place
    decimals = decimals_for(indicator)
    if place is None:
        return WardMap(indicator, None, period, None, (), decimals)
    wards = areas_within(parent=place, type=type)
    frame = observation_frame(
        actor=actor,
        indicator_ids=[indicator.pk],
        area_ids=[w.pk for w in wards] + [place.pk],
        uncategorised=True,
    )
    small = frame.take(frame.headline() & (frame.area_id != place.pk))
    periods = periods_of(small)
    period = period or (periods[0] if periods else "")
    now = small.take(small.period == period)
    parent_rows = frame.take(frame.headline() & (frame.area_id == place.pk) & (frame.period == period))
    parent_value = _float(parent_rows.value[0]) if len(parent_rows) else None
    figures = {now.area_code[i]: Figure.of(now, i) for i in range(len(now))}
    rows = []
    for ward in wards:
        figure = figures.get(ward.code)
        rows.append(
            MapRow(
                area_code=ward.code,
                area_name=ward.name,
                value=figure.value if figure else None,
                lower=figure.lower95 if figure else None,
                upper=figure.upper95 if figure else None,
                significance=judge(
                    figure.lower95 if figure else None,
                    figure.upper95 if figure else None,
                    parent_value,
                    indicator.polarity,
                ),
            )
        )
    return WardMap(indicator, place, period, parent_value, tuple(rows), decimals, periods)
