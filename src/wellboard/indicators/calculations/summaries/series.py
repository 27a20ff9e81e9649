"""One indicator over time: points with limits judged against the default comparator, the
comparators' own series and the target line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wellboard.core.access import Actor
from wellboard.geography.models import Area
from wellboard.indicators.calculations.judgements import TREND_NOT_CALCULATED, target_for_period
from wellboard.indicators.calculations.summaries.comparisons import recent_trend_of
from wellboard.indicators.calculations.summaries.context import (
    Figure,
    SummaryContext,
    benchmark_values,
    decimals_for,
    focus_area,
    judge_figure,
)
from wellboard.indicators.models import Indicator
from wellboard.indicators.selectors import headline_breakdown


@dataclass(frozen=True)
class SeriesPoint:
    period: str
    period_start: dt.date
    value: float | None
    lower: float | None
    upper: float | None
    lower998: float | None
    upper998: float | None
    count: float | None
    denominator: float | None
    significance: str
    comparator_value: float | None
    target: float | None
    note: str
    judged_by: str = ""  # JUDGED_BY_WELLBOARD, JUDGED_BY_PUBLISHER or '' (not compared)
    publisher: str = ""


@dataclass(frozen=True)
class ComparatorSeries:
    slug: str
    name: str
    points: tuple[tuple[str, float], ...]  # (period, value)


@dataclass(frozen=True)
class TargetLinePoint:
    period: str
    period_start: dt.date
    value: float


@dataclass(frozen=True)
class IndicatorSeries:
    """A time series with limits, each point judged against the default comparator, the comparators'
    own series, and the target line (a trajectory when there are several targets)."""

    indicator: Indicator
    area: Area | None
    sex: str
    age: str
    comparator: str
    points: tuple[SeriesPoint, ...]
    comparators: tuple[ComparatorSeries, ...]
    targets: tuple[TargetLinePoint, ...]
    trend: str
    trend_assessment: str
    decimals: int


def indicator_series(
    *,
    actor: Actor,
    indicator: Indicator,
    area: Area | None = None,
    sex: str | None = None,
    age: str | None = None,
    context: SummaryContext | None = None,
) -> IndicatorSeries:
    context = context if context is not None else SummaryContext(actor)
    candidates = context.candidates(area)
    specs = context.specs
    area_ids = {a.pk for a in candidates} | {i for s in specs for i in s.area_ids}
    frame = context.frame(indicator_ids=[indicator.pk], area_ids=area_ids, uncategorised=True)
    focus = focus_area(frame, candidates)
    decimals = decimals_for(indicator)
    comparator_name = specs[0].name if specs else ""
    if focus is None:
        return IndicatorSeries(
            indicator,
            None,
            sex or "",
            age or "",
            comparator_name,
            (),
            (),
            (),
            TREND_NOT_CALCULATED,
            TREND_NOT_CALCULATED,
            decimals,
        )
    mine = frame.area_id == focus.pk
    chosen_sex, chosen_age = headline_breakdown(frame.sex[mine], frame.age[mine])
    sex, age = sex or chosen_sex, age or chosen_age
    series = frame.take(mine & (frame.sex == sex) & (frame.age == age)).sorted_by_period()
    others = [s for s in specs if s.area_ids != (focus.pk,)]
    benchmarks = {s.slug: benchmark_values(frame, s, indicator) for s in others}
    default = benchmarks.get(others[0].slug, {}) if others else {}
    targets = [t for t in context.targets([indicator.pk]) if t.area_id == focus.pk]
    column = context.published_column(others[0], focus) if others else ""
    points = []
    for index in range(len(series)):
        figure = Figure.of(series, index)
        benchmark = default.get(figure.key)
        found = judge_figure(figure, benchmark, indicator.polarity, getattr(figure, column) if column else "")
        points.append(
            SeriesPoint(
                period=figure.period,
                period_start=figure.period_start,
                value=figure.value,
                lower=figure.lower95,
                upper=figure.upper95,
                lower998=figure.lower998,
                upper998=figure.upper998,
                count=figure.count,
                denominator=figure.denominator,
                significance=found.significance,
                comparator_value=benchmark,
                target=target_for_period(
                    period_start=figure.period_start,
                    target_starts=[t.period_start for t in targets],
                    target_values=[t.value for t in targets],
                ),
                note=figure.note,
                judged_by=found.judged_by,
                publisher=found.publisher,
            )
        )
    starts = dict(zip(frame.period.tolist(), frame.period_start.tolist(), strict=True))
    comparator_lines = tuple(
        ComparatorSeries(
            s.slug,
            s.name,
            tuple(
                sorted(
                    (
                        (key[0], value)
                        for key, value in benchmarks[s.slug].items()
                        if key[1:] == (sex, age, "", "")
                    ),
                    key=lambda point: starts[point[0]],
                )
            ),
        )
        for s in others
    )
    trend, assessment = recent_trend_of(indicator, series)
    return IndicatorSeries(
        indicator=indicator,
        area=focus,
        sex=sex,
        age=age,
        comparator=others[0].name if others else "",
        points=tuple(points),
        comparators=comparator_lines,
        targets=tuple(TargetLinePoint(t.period, t.period_start, t.value) for t in targets),
        trend=trend,
        trend_assessment=assessment,
        decimals=decimals,
    )
