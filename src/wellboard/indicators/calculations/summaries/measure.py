"""A performance measure (how much did we do, how well did we do it, is anyone better off): its
figure for each period with the target and RAG, the change on the period before, and one period's
figures by organisation and by breakdown.

A performance measure describes what an initiative did, not a place: nothing here compares it with
other areas or tests it with confidence intervals. Measures that partners return are written as
observations of the partnership's place when their returns are approved (each organisation's own
figure under the category type ``ORGANISATION``), so this reads observations only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from wellboard.core.access import Actor
from wellboard.core.periods import PeriodError, PeriodKind, period_parse
from wellboard.geography.models import Area
from wellboard.indicators.calculations.judgements import RagRating
from wellboard.indicators.calculations.summaries.comparisons import rag_at
from wellboard.indicators.calculations.summaries.context import (
    Figure,
    SummaryContext,
    decimals_for,
    focus_area,
    periods_of,
)
from wellboard.indicators.models import Indicator, ValueType
from wellboard.indicators.selectors import (
    ObservationFrame,
    area_get,
    deprivation_rank,
    headline_breakdown,
    is_deprivation_category,
    observation_frame,
)

# The category type under which approved partner returns record each organisation's own figure.
ORGANISATION = "Organisation"


def period_words(code: str) -> str:
    """A period as people read it: '14 Sep 2020 to 27 Sep 2020', 'March 2024', '2024/25 Q3'."""
    try:
        return period_parse(code).label
    except PeriodError:
        return code


def axis_words(code: str) -> str:
    """A short label for a chart's axis: a fortnight or week by the day it starts ('14 Sep 2020'),
    a month as 'Mar 2024', other periods by their usual name."""
    try:
        period = period_parse(code)
    except PeriodError:
        return code
    if period.kind in (PeriodKind.FORTNIGHT, PeriodKind.WEEK):
        return f"{period.start.day} {period.start:%b %Y}"
    if period.kind == PeriodKind.MONTH:
        return f"{period.start:%b %Y}"
    return period.label


def adds_up(indicator: Indicator) -> bool:
    """Whether the measure's figures can be added: counts can, percentages and rates cannot."""
    return indicator.value_type == ValueType.COUNT


def change_between(indicator: Indicator, previous: float, latest: float) -> tuple[float, float | None]:
    """The difference between two periods' figures, and the relative change in per cent for
    figures that add up (counts) when the earlier one is above 0."""
    difference = latest - previous
    return difference, (difference / previous * 100 if adds_up(indicator) and previous > 0 else None)


@dataclass(frozen=True)
class MeasurePoint:
    """The measure's figure for one period, with its target and RAG."""

    period: str  # the stored code
    label: str  # as people read it
    axis_label: str  # short, for a chart's axis
    period_start: dt.date
    value: float | None
    count: float | None
    denominator: float | None
    status: str
    note: str
    target: float | None
    rag: RagRating


@dataclass(frozen=True)
class MeasureChange:
    """The latest figure against the one before it."""

    previous: MeasurePoint
    difference: float
    percent: float | None  # relative change, for figures that add up and a previous figure above 0


@dataclass(frozen=True)
class MeasureShare:
    """One organisation's (or one category's) figure for a period, and its share of the total."""

    label: str
    value: float | None
    count: float | None
    denominator: float | None
    share: float | None  # percentage of the period's total, for figures that add up
    status: str
    note: str


@dataclass(frozen=True)
class MeasureGroup:
    """One period's figures split one way: by organisation, sex, age or another category."""

    title: str  # "Organisation", "Sex", "Age" or the category type ("Park")
    kind: str  # "organisation", "sex", "age" or "category"
    rows: tuple[MeasureShare, ...]


@dataclass(frozen=True)
class MeasureSummary:
    indicator: Indicator
    area: Area | None  # where the figures are recorded (usually the partnership's place)
    points: tuple[MeasurePoint, ...]  # every period with a figure or a note, oldest first
    latest: MeasurePoint | None  # the latest period with a figure
    change: MeasureChange | None
    period: str  # the period the groups are for ('' when there are no figures)
    total: MeasurePoint | None  # the figure for that period
    groups: tuple[MeasureGroup, ...]
    periods: tuple[str, ...]  # periods with figures, newest first (for a period choice)
    decimals: int
    from_returns: bool = False  # some figures have organisations' own figures: partners return it
    split: bool = False  # some period's figure is split by organisation, sex, age or category

    @property
    def period_label(self) -> str:
        return period_words(self.period) if self.period else ""


def _focus(actor: Actor, frame: ObservationFrame, context: SummaryContext, area: Area | None) -> Area | None:
    """The partnership's place (or the area asked for, or one it lies in) when it has figures;
    otherwise the area with the most recent figure (a hub's catchment, say)."""
    found = focus_area(frame, context.candidates(area))
    if found is not None or area is not None:
        return found
    valued = np.flatnonzero(frame.headline() & ~np.isnan(frame.value))
    if not valued.size:
        return None
    newest = valued[int(np.argmax(frame.period_start[valued]))]
    return area_get(actor=actor, code=str(frame.area_code[newest]))


def _share_rows(
    figures: list[Figure], labels: list[str], total: float | None, additive: bool
) -> tuple[MeasureShare, ...]:
    return tuple(
        MeasureShare(
            label=label,
            value=f.value,
            count=f.count,
            denominator=f.denominator,
            share=(f.value / total * 100 if additive and f.value is not None and total else None),
            status=f.status,
            note=f.note,
        )
        for f, label in zip(figures, labels, strict=True)
    )


def _by_value(figures: list[Figure]) -> list[Figure]:
    """Largest first, figures without a value last, then by name."""
    return sorted(figures, key=lambda f: (f.value is None, -(f.value or 0.0), f.category))


def _groups(indicator: Indicator, rows: ObservationFrame, total: Figure | None) -> tuple[MeasureGroup, ...]:
    plain = rows.category_type == ""
    sex, age = headline_breakdown(rows.sex[plain], rows.age[plain])
    figures = [Figure.of(rows, i) for i in range(len(rows))]
    total_value = total.value if total is not None else None
    additive = adds_up(indicator)
    groups: list[MeasureGroup] = []
    # Organisations first: who delivered what is the first question about a partnership's measure.
    types = sorted(
        {f.category_type for f in figures if f.category_type}, key=lambda t: (t != ORGANISATION, t)
    )
    for category_type in types:
        members = [f for f in figures if f.category_type == category_type]
        if is_deprivation_category(category_type):
            ranks = {f.category: deprivation_rank(f.category) for f in members}
            members.sort(key=lambda f: (ranks[f.category] is None, ranks[f.category] or 0))
        else:
            members = _by_value(members)
        kind = "organisation" if category_type == ORGANISATION else "category"
        groups.append(
            MeasureGroup(
                category_type,
                kind,
                _share_rows(members, [f.category for f in members], total_value, additive),
            )
        )
    by_sex = [f for f in figures if not f.category_type and f.age == age and f.sex != sex]
    if by_sex:
        groups.append(
            MeasureGroup("Sex", "sex", _share_rows(by_sex, [f.sex for f in by_sex], total_value, additive))
        )
    by_age = [f for f in figures if not f.category_type and f.sex == sex and f.age != age]
    if by_age:
        groups.append(
            MeasureGroup("Age", "age", _share_rows(by_age, [f.age for f in by_age], total_value, additive))
        )
    return tuple(groups)


def measure_summary(
    *,
    actor: Actor,
    indicator: Indicator,
    area: Area | None = None,
    period: str = "",
    context: SummaryContext | None = None,
) -> MeasureSummary:
    """A performance measure's figures by period (with targets and RAG), the change on the
    previous period, and the figures by organisation and breakdown for ``period`` (default: the
    latest with a figure). An unknown ``period`` gives no groups (``period`` stays as asked)."""
    context = context if context is not None else SummaryContext(actor)
    decimals = decimals_for(indicator)
    frame = observation_frame(actor=actor, indicator_ids=[indicator.pk])
    focus = _focus(actor, frame, context, area)
    if focus is None:
        return MeasureSummary(indicator, None, (), None, None, period, None, (), (), decimals)
    from_returns = bool((frame.category_type == ORGANISATION).any())
    mine = frame.take(frame.area_id == focus.pk)
    headline = mine.take(mine.headline()).sorted_by_period()
    targets = [t for t in context.targets([indicator.pk]) if t.area_id == focus.pk]
    points = []
    for index in range(len(headline)):
        figure = Figure.of(headline, index)
        rag = rag_at(indicator, figure.period_start, figure.value, targets, decimals)
        points.append(
            MeasurePoint(
                period=figure.period,
                label=period_words(figure.period),
                axis_label=axis_words(figure.period),
                period_start=figure.period_start,
                value=figure.value,
                count=figure.count,
                denominator=figure.denominator,
                status=figure.status,
                note=figure.note,
                target=rag.target,
                rag=rag,
            )
        )
    valued = [(p, p.value) for p in points if p.value is not None]
    latest = valued[-1][0] if valued else None
    change = None
    if len(valued) > 1:
        (before, before_value), (_, latest_value) = valued[-2:]
        change = MeasureChange(before, *change_between(indicator, before_value, latest_value))
    periods = periods_of(headline)
    chosen = period or (latest.period if latest is not None else "")
    total = next((p for p in points if p.period == chosen), None)
    rows = mine.take(mine.period == chosen)
    total_figure = None
    if len(rows):
        plain = rows.category_type == ""
        sex, age = headline_breakdown(rows.sex[plain], rows.age[plain])
        total_figure = next(
            (
                Figure.of(rows, i)
                for i in range(len(rows))
                if (rows.sex[i], rows.age[i], rows.category_type[i]) == (sex, age, "")
            ),
            None,
        )
    return MeasureSummary(
        indicator=indicator,
        area=focus,
        points=tuple(points),
        latest=latest,
        change=change,
        period=chosen,
        total=total,
        groups=_groups(indicator, rows, total_figure) if len(rows) else (),
        periods=periods,
        decimals=decimals,
        from_returns=from_returns,
        split=bool(len(mine)) and not bool(mine.headline().all()),
    )
