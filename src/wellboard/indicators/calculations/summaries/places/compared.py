"""Areas compared: each area's latest figure for one indicator against a comparator, kept to the
county or region when there are many; and the latest-period and benchmark helpers the other
views across places share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from wellboard.core.access import Actor
from wellboard.geography.models import Area, AreaType
from wellboard.indicators.calculations.summaries.context import (
    PUBLISHED_VS_REGION,
    ComparatorSpec,
    Figure,
    SummaryContext,
    benchmark_values,
    decimals_for,
    focus_area,
    judge_figure,
    pick_comparator,
)
from wellboard.indicators.models import Indicator
from wellboard.indicators.selectors import ObservationFrame, observation_frame


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


def _float(value: float) -> float | None:
    return None if np.isnan(value) else float(value)
