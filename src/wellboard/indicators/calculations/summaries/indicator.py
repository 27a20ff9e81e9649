"""One indicator (or a strategy node's indicators): the latest figure with its limits, how it compares
with each comparator, the recent trend and RAG against the target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from wellboard.core.access import Actor
from wellboard.geography.models import Area
from wellboard.indicators.calculations.judgements import (
    NOT_COMPARED,
    TREND_NOT_CALCULATED,
    RagRating,
    rag_against_target,
)
from wellboard.indicators.calculations.summaries.comparisons import (
    Comparison,
    _benchmark_at,
    _judged,
    _Pending,
    _rag,
    _rows_by_indicator,
    _trends,
    _values_by_key,
    rag_at,
)
from wellboard.indicators.calculations.summaries.context import (
    ComparatorSpec,
    Figure,
    SummaryContext,
    decimals_for,
)
from wellboard.indicators.models import ComparatorKind, Indicator, IndicatorKind
from wellboard.indicators.selectors import (
    ObservationFrame,
    TargetRow,
    node_indicator_ids,
    observation_frame,
    target_rows,
)
from wellboard.strategy.models import Node


@dataclass(frozen=True)
class IndicatorSummary:
    """What a dashboard tile or a strategy node shows for one indicator."""

    indicator: Indicator
    area: Area | None
    latest: Figure | None
    comparisons: tuple[Comparison, ...]
    trend: str
    trend_assessment: str
    rag: RagRating
    decimals: int
    # The figure before the latest (for a performance measure's change on the previous period), and
    # how many periods have a figure (a recent trend needs five).
    previous: Figure | None = None
    periods: int = 0

    @property
    def significance(self) -> str:
        """Against the default comparator (usually England)."""
        return self.comparisons[0].significance if self.comparisons else NOT_COMPARED


# One indicator's summary (the indicator page) reads every candidate and comparator area's whole
# series, which the page's trend chart and areas compared then reuse. Summaries of more indicators
# (a strategy's tree, the indicator list) read only what they use, in at most three smaller reads.
SHARED_READ_UP_TO = 1


def _frame_for_many(
    context: SummaryContext, ids: list[int], candidates: Sequence[Area], specs: Sequence[ComparatorSpec]
) -> ObservationFrame:
    """The rows many indicators' summaries need: the place's own series; the series of the areas
    it lies in and of the comparators for indicators the place has no figure for; and the
    comparators' figures from the earliest latest period on (a comparison is at the latest period).
    """
    if not candidates:
        return ObservationFrame.from_rows([])
    home = candidates[0].pk
    spec_areas = {i for s in specs for i in s.area_ids}
    local = observation_frame(actor=context.actor, indicator_ids=ids, area_ids=[home], uncategorised=True)
    valued = local.headline() & ~np.isnan(local.value)
    present = set(local.indicator_id[valued].tolist())
    missing = [i for i in ids if i not in present]
    parts = [local]
    if missing:
        around = ({a.pk for a in candidates[1:]} | spec_areas) - {home}
        parts.append(
            observation_frame(
                actor=context.actor, indicator_ids=missing, area_ids=sorted(around), uncategorised=True
            )
        )
    others = sorted(spec_areas - {home})
    if present and others:
        latest: dict[int, np.datetime64] = {}
        for indicator_id, start in zip(
            local.indicator_id[valued].tolist(), local.period_start[valued], strict=True
        ):
            latest[indicator_id] = max(latest.get(indicator_id, start), start)
        earliest = min(latest.values()).astype("datetime64[D]").astype(dt.date)
        parts.append(
            observation_frame(
                actor=context.actor,
                indicator_ids=sorted(present),
                area_ids=others,
                uncategorised=True,
                starting_from=earliest,
            )
        )
    return ObservationFrame.concat(parts)


def indicator_summaries(
    *,
    actor: Actor,
    indicators: Sequence[Indicator],
    area: Area | None = None,
    context: SummaryContext | None = None,
) -> list[IndicatorSummary]:
    """Summaries of several indicators for one place, in a handful of queries whatever their number.

    Each indicator is summarised for the first of the area (default: the partnership's place) and
    the areas it lies in that has figures, so a county-level indicator shows the county. The
    comparisons and trends of all the indicators are judged together, vectorised.
    """
    context = context if context is not None else SummaryContext(actor)
    candidates = context.candidates(area)
    specs = context.specs
    area_ids = {a.pk for a in candidates} | {i for s in specs for i in s.area_ids}
    ids = [i.pk for i in indicators]
    if len(ids) <= SHARED_READ_UP_TO:
        frame = context.frame(indicator_ids=ids, area_ids=area_ids, uncategorised=True)
    else:
        frame = _frame_for_many(context, ids, candidates, specs)
    by_id = {i.pk: i for i in indicators}
    targets: dict[tuple[int, int], list[TargetRow]] = {}
    for target in context.targets([i.pk for i in indicators]):
        targets.setdefault((target.indicator_id, target.area_id), []).append(target)
    # The headline rows and the area comparators' figures are found for every indicator at once.
    headline = frame.headline()
    valued = headline & ~np.isnan(frame.value)
    at_area = _values_by_key(
        frame, {s.area_ids[0] for s in specs if s.kind != ComparatorKind.GROUP and len(s.area_ids) == 1}
    )
    rank = {a.pk: position for position, a in enumerate(candidates)}
    pending: list[_Pending] = []
    for indicator_id, rows in _rows_by_indicator(frame):
        indicator = by_id.get(indicator_id)
        present = {int(a) for a in frame.area_id[rows[valued[rows]]].tolist()} & rank.keys()
        if indicator is None or not present:
            continue
        focus = candidates[min(rank[a] for a in present)]
        mine = rows[headline[rows] & (frame.area_id[rows] == focus.pk)]
        series = frame.take(mine).sorted_by_period()
        with_value = np.flatnonzero(~np.isnan(series.value))
        latest = Figure.of(series, int(with_value[-1])) if with_value.size else None
        previous = Figure.of(series, int(with_value[-2])) if with_value.size > 1 else None
        benchmarks: list[tuple[ComparatorSpec, float | None, str]] = []
        # A performance measure describes an initiative, not a place: it is judged against its
        # target, never compared with other places.
        compared = specs if indicator.kind == IndicatorKind.POPULATION else []
        for spec in compared:
            if spec.area_ids == (focus.pk,):
                continue  # an area is not compared with itself
            if latest is None:
                value = None
            elif spec.kind != ComparatorKind.GROUP and len(spec.area_ids) == 1:
                value = at_area.get((indicator_id, spec.area_ids[0], *latest.key))
            else:
                value = _benchmark_at(frame.take(rows), spec, indicator, latest.key)
            column = context.published_column(spec, focus)
            published = str(getattr(latest, column)) if latest is not None and column else ""
            benchmarks.append((spec, value, published))
        pending.append(_Pending(indicator, focus, series, latest, previous, benchmarks))
    comparisons = _judged(pending)
    trends = _trends(pending)
    by_pk = {item.indicator.pk: item for item in pending}
    summaries = []
    for indicator in indicators:
        decimals = decimals_for(indicator)
        item = by_pk.get(indicator.pk)
        if item is None:
            summaries.append(
                IndicatorSummary(
                    indicator,
                    None,
                    None,
                    (),
                    TREND_NOT_CALCULATED,
                    TREND_NOT_CALCULATED,
                    _rag(indicator, None, (), decimals),
                    decimals,
                )
            )
            continue
        trend, assessment = trends.get(indicator.pk, (TREND_NOT_CALCULATED, TREND_NOT_CALCULATED))
        summaries.append(
            IndicatorSummary(
                indicator=indicator,
                area=item.focus,
                latest=item.latest,
                comparisons=comparisons[indicator.pk],
                trend=trend,
                trend_assessment=assessment,
                rag=_rag(indicator, item.latest, targets.get((indicator.pk, item.focus.pk), []), decimals),
                decimals=decimals,
                previous=item.previous,
                periods=int(np.count_nonzero(~np.isnan(item.series.value))),
            )
        )
    return summaries


def indicator_summary(
    *,
    actor: Actor,
    indicator: Indicator,
    area: Area | None = None,
    context: SummaryContext | None = None,
) -> IndicatorSummary:
    return indicator_summaries(actor=actor, indicators=[indicator], area=area, context=context)[0]


def rag_as_published(*, actor: Actor, summary: IndicatorSummary, value: float | None) -> RagRating:
    """The RAG of the summary's latest figure as it is published (``value``: rounded, or None when
    withheld), so that its colour says nothing the published figure does not."""
    latest, area = summary.latest, summary.area
    if latest is None or area is None or value is None:
        return rag_against_target(value=None, target=None, polarity=summary.indicator.polarity)
    if value == latest.value:
        return summary.rag
    targets = target_rows(actor=actor, indicator_ids=[summary.indicator.pk], area_ids=[area.pk])
    return rag_at(summary.indicator, latest.period_start, value, targets, summary.decimals)


def node_summaries(
    *,
    actor: Actor,
    node: Node,
    include_descendants: bool = True,
    context: SummaryContext | None = None,
) -> list[IndicatorSummary]:
    """Per strategy node: each linked indicator's latest value, significance, trend and RAG."""
    ids = node_indicator_ids(actor=actor, node=node, include_descendants=include_descendants)
    indicators = list(Indicator.objects.filter(pk__in=ids).order_by("name", "pk"))
    return indicator_summaries(actor=actor, indicators=indicators, context=context)
