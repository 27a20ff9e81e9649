"""How an indicator's figures are judged: RAG against its target, the comparison with each
comparator (significance, or the judgement the source published) and the recent trend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

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
    number,
    verdict,
)
from wellboard.indicators.models import ComparatorKind, Indicator, IndicatorKind
from wellboard.indicators.selectors import ObservationFrame, TargetRow


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
