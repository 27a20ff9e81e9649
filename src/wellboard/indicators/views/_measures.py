"""Turning a performance measure's summary into charts, tables and sentences for its page."""

from __future__ import annotations

from collections.abc import Sequence

from wellboard.charts.formatting import format_value
from wellboard.charts.measures import (
    PeriodFigure,
    ShareFigure,
    period_chart,
    period_table,
    share_chart,
    share_table,
)
from wellboard.core.periods import PeriodError, PeriodKind, period_parse
from wellboard.indicators.calculations import format_difference
from wellboard.indicators.calculations.summaries import (
    MeasureChange,
    MeasureGroup,
    MeasurePoint,
    MeasureSummary,
    adds_up,
)
from wellboard.indicators.models import Indicator, ObservationStatus
from wellboard.indicators.views._common import ChartView
from wellboard.indicators.views._words import name_of

AXIS_NAMES = {
    PeriodKind.FORTNIGHT: "Fortnight starting",
    PeriodKind.WEEK: "Week starting",
    PeriodKind.MONTH: "Month",
    PeriodKind.QUARTER: "Quarter",
    PeriodKind.CALENDAR_QUARTER: "Quarter",
    PeriodKind.YEAR: "Year",
    PeriodKind.FINANCIAL_YEAR: "Financial year",
}


FREQUENCIES = {
    PeriodKind.FORTNIGHT: "Fortnightly",
    PeriodKind.WEEK: "Weekly",
    PeriodKind.MONTH: "Monthly",
    PeriodKind.QUARTER: "Quarterly (financial quarters)",
    PeriodKind.CALENDAR_QUARTER: "Quarterly",
    PeriodKind.YEAR: "Annually (calendar year)",
    PeriodKind.FINANCIAL_YEAR: "Annually (financial year)",
}


def _period_kind(points: Sequence[MeasurePoint]) -> PeriodKind | None:
    """The kind of period every figure is for (None when they differ or are not read)."""
    kinds = set()
    for point in points:
        try:
            kinds.add(period_parse(point.period).kind)
        except PeriodError:
            return None
    return kinds.pop() if len(kinds) == 1 else None


def _axis_name(points: Sequence[MeasurePoint]) -> str:
    kind = _period_kind(points)
    return AXIS_NAMES.get(kind, "Period") if kind is not None else "Period"


def frequency_words(summary: MeasureSummary) -> str:
    """The measure's frequency as recorded, or else as its figures show it ('Fortnightly, from the
    periods of its figures'), or 'Not recorded'."""
    if summary.indicator.frequency:
        return summary.indicator.frequency
    kind = _period_kind(summary.points)
    if kind is not None and kind in FREQUENCIES:
        return f"{FREQUENCIES[kind]}, from the periods of its figures"
    return "Not recorded"


def source_words(summary: MeasureSummary) -> str:
    if summary.indicator.source:
        return summary.indicator.source
    if summary.from_returns:
        return "Partner organisations' returns, added up once approved"
    return "Not recorded"


def status_text(point: MeasurePoint | None) -> str:
    """'Provisional: 6 of 7 organisations' returns approved so far', or '' for a final figure."""
    if point is None or point.status != ObservationStatus.PROVISIONAL:
        return ""
    return f"Provisional: {point.note}" if point.note else "Provisional"


def change_words(indicator: Indicator, difference: float, percent: float | None, decimals: int) -> str:
    """'Down 47 calls (10.9%) on the previous period', 'Up 2.0 percentage points on the previous
    period' or 'The same as the previous period'."""
    if round(difference, decimals) == 0:
        return "The same as the previous period"
    direction = "Up" if difference > 0 else "Down"
    amount = format_difference(abs(difference), indicator.unit, decimals=decimals)
    relative = f" ({abs(percent):.1f}%)" if percent is not None else ""
    return f"{direction} {amount}{relative} on the previous period"


def change_sentence(indicator: Indicator, change: MeasureChange | None, decimals: int) -> str:
    """'Down 47 calls (10.9%) on the previous period (431 calls, 31 Aug 2020 to 13 Sep 2020).'"""
    if change is None or change.previous.value is None:
        return ""
    before = change.previous
    was = f"{format_value(before.value, indicator.unit, decimals)}, {before.label}"
    return f"{change_words(indicator, change.difference, change.percent, decimals)} ({was})."


def _period_figures(summary: MeasureSummary) -> list[PeriodFigure]:
    return [
        PeriodFigure(
            label=p.label,
            axis_label=p.axis_label,
            value=p.value,
            numerator=p.count if p.denominator is not None else None,
            denominator=p.denominator,
            target=p.target,
            rag=p.rag.label if p.target is not None else "",
            provisional=p.status == ObservationStatus.PROVISIONAL,
            note=p.note,
            code=p.period,
        )
        for p in summary.points
    ]


def periods_view(summary: MeasureSummary) -> ChartView:
    indicator = summary.indicator
    name = name_of(indicator)
    title = f"{name} by period"
    figures = _period_figures(summary)
    unit, decimals = indicator.unit, summary.decimals
    bars = adds_up(indicator)
    targets = any(p.target is not None for p in summary.points)
    return ChartView(
        key="periods",
        title="By period",
        spec=period_chart(
            figures,
            unit=unit,
            title=title,
            decimals=decimals,
            bars=bars,
            axis_name=_axis_name(summary.points),
        ),
        table=period_table(figures, unit=unit, title=title, decimals=decimals),
        intro=(
            "Each period's figure"
            + (", with the target as a dashed line and how the figure compares with it." if targets else ".")
        ),
        empty_message="There are no figures for this measure yet.",
    )


GROUP_TITLES = {"organisation": "By organisation", "sex": "By sex", "age": "By age"}


def group_view(summary: MeasureSummary, group: MeasureGroup, index: int) -> ChartView:
    indicator = summary.indicator
    label_title = {"organisation": "Organisation", "sex": "Sex", "age": "Age"}.get(group.kind, group.title)
    heading = GROUP_TITLES.get(group.kind, f"By {group.title.lower()}")
    chart_title = f"{name_of(indicator)} {heading.lower()}"
    title = f"{chart_title}, {summary.period_label}"
    figures = [
        ShareFigure(
            label=r.label,
            value=r.value,
            share=r.share,
            numerator=r.count if r.denominator is not None else None,
            denominator=r.denominator,
            provisional=r.status == ObservationStatus.PROVISIONAL,
            note=r.note,
        )
        for r in group.rows
    ]
    total = summary.total.value if summary.total is not None else None
    unit, decimals = indicator.unit, summary.decimals
    return ChartView(
        key=f"breakdown-{index}",
        title=heading,
        spec=share_chart(
            figures,
            unit=unit,
            title=chart_title,
            subtitle=summary.period_label,
            decimals=decimals,
            label_title=label_title,
        ),
        table=share_table(
            figures,
            unit=unit,
            title=title,
            decimals=decimals,
            label_title=label_title,
            total=total,
            total_label="Total" if adds_up(indicator) else "Overall",
        ),
        empty_message="There are no figures for this breakdown.",
    )


def measure_charts(summary: MeasureSummary) -> list[ChartView]:
    """The chart by period, then one chart for each way the chosen period's figure is split into
    more than one part (a split into one part is said in words: ``single_parts``)."""
    split = [g for g in summary.groups if len(g.rows) > 1]
    return [
        periods_view(summary),
        *(group_view(summary, group, index) for index, group in enumerate(split, start=1)),
    ]


def single_parts(summary: MeasureSummary) -> list[str]:
    """The splits of the chosen period's figure with only one part, in words: 'All from Stevenage
    Borough Council.' (a chart of one bar at 100% says nothing more)."""
    sentences = []
    for group in summary.groups:
        if len(group.rows) != 1:
            continue
        only = group.rows[0].label
        if group.kind == "organisation":
            sentences.append(f"All from {only}.")
        else:
            sentences.append(f"{group.title}: all {only}.")
    return sentences
