"""One indicator (or a strategy node's indicators): the latest figure with its limits, how it compares
with each comparator, the recent trend and RAG against the target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from wellboard.core.access import Actor
from wellboard.geography.models import Area
from wellboard.indicators.calculations.figures import as_floats, combine
from wellboard.indicators.calculations.judgements import (
    JUDGED_BY_PUBLISHER,
    NOT_COMPARED,
    TREND_NOT_CALCULATED,
    RagRating,
    published_significance,
    rag_against_target,
    recent_trend,
    significance,
    target_for_period,
)
from wellboard.indicators.calculations.summaries.context import (
    BreakdownKey,
    ComparatorSpec,
    Figure,
    SummaryContext,
    decimals_for,
    number,
    verdict,
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
class Comparison:
    """A figure against one comparator: the comparator's value and the 95% and 99.8% verdicts, and
    who judged them (JUDGED_BY_WELLBOARD, JUDGED_BY_PUBLISHER with the ``publisher`` named, or ''
    when not compared)."""

    slug: str
    name: str
    value: float | None
    significance: str
    significance998: str
    judged_by: str = ""
    publisher: str = ""


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


def _rag(
    indicator: Indicator, figure: Figure | None, targets: Sequence[TargetRow], decimals: int
) -> RagRating:
    if figure is None:
        return rag_against_target(value=None, target=None, polarity=indicator.polarity)
    return rag_at(indicator, figure.period_start, figure.value, targets, decimals)


def rag_at(
    indicator: Indicator,
    period_start: dt.date,
    value: float | None,
    targets: Sequence[TargetRow],
    decimals: int,
) -> RagRating:
    """RAG of a value for the period starting on ``period_start`` against the target (or the
    trajectory) for its area, with the amber tolerance of the latest target set by then."""
    if not targets:
        return rag_against_target(value=None, target=None, polarity=indicator.polarity)
    target = target_for_period(
        period_start=period_start,
        target_starts=[t.period_start for t in targets],
        target_values=[t.value for t in targets],
    )
    earlier = [t for t in targets if t.period_start <= period_start] or list(targets)
    return rag_against_target(
        value=value,
        target=target,
        polarity=indicator.polarity,
        tolerance=earlier[-1].amber_tolerance,
        unit=indicator.unit,
        decimals=decimals,
    )


def _benchmark_at(
    frame: ObservationFrame, spec: ComparatorSpec, indicator: Indicator, key: BreakdownKey
) -> float | None:
    """The comparator's value for one period and breakdown: an area's own figure, or a group's
    combined from its areas' counts and denominators (only when every area has them)."""
    period, sex, age, category_type, category = key
    rows = np.flatnonzero(
        np.isin(frame.area_id, np.array(spec.area_ids, dtype=np.int64))
        & (frame.period == period)
        & (frame.sex == sex)
        & (frame.age == age)
        & (frame.category_type == category_type)
        & (frame.category == category)
    )
    if spec.kind != ComparatorKind.GROUP:
        return number(frame.value[rows[0]]) if rows.size else None
    if rows.size != len(spec.area_ids):
        return None
    try:
        combined = combine(
            keys=[0] * int(rows.size),
            method=indicator.method,
            multiplier=indicator.multiplier,
            count=frame.count[rows],
            denominator=frame.denominator[rows],
        )
    except ValueError:
        return None
    return number(combined.value[0])


def _rows_by_indicator(frame: ObservationFrame) -> Iterator[tuple[int, NDArray[np.intp]]]:
    """Each indicator's row numbers in ``frame``."""
    if not len(frame):
        return
    order = np.argsort(frame.indicator_id, kind="stable")
    ids = frame.indicator_id[order]
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    for start, end in zip(starts, np.r_[starts[1:], len(order)], strict=True):
        yield int(ids[start]), order[start:end]


def _values_by_key(frame: ObservationFrame, area_ids: set[int]) -> dict[tuple[Any, ...], float]:
    """{(indicator, area, period, sex, age, category type, category): value} for these areas' rows."""
    rows = np.flatnonzero(
        np.isin(frame.area_id, np.array(sorted(area_ids), dtype=np.int64)) & ~np.isnan(frame.value)
    )
    columns = [
        frame.indicator_id[rows].tolist(),
        frame.area_id[rows].tolist(),
        *(
            getattr(frame, name)[rows].tolist()
            for name in ("period", "sex", "age", "category_type", "category")
        ),
    ]
    return dict(zip(zip(*columns, strict=True), frame.value[rows].tolist(), strict=True))


@dataclass
class _Pending:
    """An indicator's figures while the summaries are judged together."""

    indicator: Indicator
    focus: Area
    series: ObservationFrame
    latest: Figure | None
    previous: Figure | None
    # Each comparator with its value and the publisher's own verdict against it ('' for none).
    benchmarks: list[tuple[ComparatorSpec, float | None, str]]


def _attributed(item: _Pending, position: int, ours: tuple[str, str]) -> tuple[str, str, str, str]:
    """(95%, 99.8%, who judged, publisher) for one comparison: Wellboard's verdicts when it could
    test the figure, otherwise the publisher's, if it published one against this comparator."""
    _, value, published = item.benchmarks[position]
    if item.latest is None:
        return NOT_COMPARED, NOT_COMPARED, "", ""
    polarity = item.indicator.polarity
    found = verdict(ours=ours[0], figure=item.latest, benchmark=value, polarity=polarity, published=published)
    if found.judged_by == JUDGED_BY_PUBLISHER:
        strict = published_significance(
            published, polarity=polarity, strict=True, value=item.latest.value, benchmark=value
        )
        return found.significance, strict, found.judged_by, found.publisher
    return found.significance, ours[1], found.judged_by, found.publisher


def _judged(pending: Sequence[_Pending]) -> dict[int, tuple[Comparison, ...]]:
    """Every indicator's comparisons, judged a polarity at a time (one vectorised test each); a
    figure Wellboard cannot test takes its publisher's verdict, where one came with it."""
    rows: dict[str, list[tuple[int, int, Figure, float]]] = {}
    labels: dict[tuple[int, int], tuple[str, str]] = {}
    for item in pending:
        for position, (_, value, _) in enumerate(item.benchmarks):
            labels[(item.indicator.pk, position)] = (NOT_COMPARED, NOT_COMPARED)
            if item.latest is not None and value is not None:
                rows.setdefault(item.indicator.polarity, []).append(
                    (item.indicator.pk, position, item.latest, value)
                )
    for polarity, found in rows.items():
        benchmark = np.array([value for *_, value in found], dtype=float)
        at95 = significance(
            lower=as_floats([f.lower95 for _, _, f, _ in found]),
            upper=as_floats([f.upper95 for _, _, f, _ in found]),
            benchmark=benchmark,
            polarity=polarity,
        )
        at998 = significance(
            lower=as_floats([f.lower998 for _, _, f, _ in found]),
            upper=as_floats([f.upper998 for _, _, f, _ in found]),
            benchmark=benchmark,
            polarity=polarity,
        )
        for (pk, position, _, _), first, second in zip(found, at95.tolist(), at998.tolist(), strict=True):
            labels[(pk, position)] = (str(first), str(second))
    result = {}
    for item in pending:
        key = item.indicator.pk
        result[key] = tuple(
            Comparison(spec.slug, spec.name, value, *_attributed(item, position, labels[(key, position)]))
            for position, (spec, value, _) in enumerate(item.benchmarks)
        )
    return result


def _trends(pending: Sequence[_Pending]) -> dict[int, tuple[str, str]]:
    """Every indicator's recent trend, computed together for indicators of the same value type,
    polarity and kind of series (one vectorised call each rather than one per indicator)."""
    groups: dict[tuple[str, str, bool], list[_Pending]] = {}
    for item in pending:
        # A performance measure has no recent trend: its page shows the change on the previous period.
        if len(item.series) >= 5 and item.indicator.kind == IndicatorKind.POPULATION:
            has_counts = bool(np.isfinite(item.series.count).any())
            key = (item.indicator.value_type, item.indicator.polarity, has_counts)
            groups.setdefault(key, []).append(item)
    found: dict[int, tuple[str, str]] = {}
    for (value_type, polarity, has_counts), items in groups.items():
        series = [item.series for item in items]
        result = recent_trend(
            value_type=value_type,
            polarity=polarity,
            value=np.concatenate([s.value for s in series]),
            lower=np.concatenate([s.lower95 for s in series]),
            upper=np.concatenate([s.upper95 for s in series]),
            count=np.concatenate([s.count for s in series]) if has_counts else None,
            denominator=np.concatenate([s.denominator for s in series]) if has_counts else None,
            period_start=np.concatenate([s.period_start for s in series]),
            keys=np.repeat([item.indicator.pk for item in items], [len(s) for s in series]).tolist(),
        )
        for series_key, direction, assessment in zip(
            result.keys, result.direction.tolist(), result.assessment.tolist(), strict=True
        ):
            found[int(str(series_key))] = (str(direction), str(assessment))
    return found


def recent_trend_of(indicator: Indicator, series: ObservationFrame) -> tuple[str, str]:
    if len(series) < 5:
        return TREND_NOT_CALCULATED, TREND_NOT_CALCULATED
    found = recent_trend(
        value_type=indicator.value_type,
        polarity=indicator.polarity,
        value=series.value,
        lower=series.lower95,
        upper=series.upper95,
        count=series.count,
        denominator=series.denominator,
        period_start=series.period_start,
    )
    return found.for_key(None)


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
