"""Turning the indicator summaries into charts, tables and sentences for the pages.

The summaries (``indicators.calculations.summaries``) hold the figures and judgements; this module
only decides how they are shown: which chart, which words, which table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wellboard.charts import (
    Benchmark,
    CompareRow,
    DecileValue,
    MapFeature,
    MapValue,
    SlopeIndexSummary,
    SpineRow,
    TargetPoint,
    TrendPoint,
    choropleth_map,
    compare_bar_chart,
    compare_table,
    inequality_chart,
    inequality_table,
    map_table,
    significance_css_class,
    significance_label,
    significance_sentence,
    spine_chart,
    spine_table,
    trend_chart,
    trend_table,
)
from wellboard.charts.formatting import format_interval, format_value
from wellboard.charts.rug import RugColumn, RugInput, RugRow, rug_rows, rug_table
from wellboard.charts.significance import WELLBOARD, attributed, attribution
from wellboard.charts.tables import ChartTable
from wellboard.core.periods import period_label
from wellboard.geography.models import Area
from wellboard.indicators.calculations import (
    JUDGED_BY_PUBLISHER,
    JUDGED_BY_WELLBOARD,
    TREND_BETTER,
    TREND_DECREASING,
    TREND_INCREASING,
    TREND_NO_CHANGE,
    TREND_WORSE,
)
from wellboard.indicators.calculations.summaries import (
    AreaProfile,
    AreasCompared,
    BreakdownGroup,
    IndicatorBreakdowns,
    IndicatorSeries,
    Inequality,
    TartanRug,
    WardMap,
)
from wellboard.indicators.models import Indicator, Polarity
from wellboard.indicators.views._common import ChartView


def name_of(indicator: Indicator) -> str:
    return indicator.short_name or indicator.name


POLARITY_WORDS: dict[str, str] = {
    Polarity.HIGH_IS_GOOD.value: "Higher is better",
    Polarity.LOW_IS_GOOD.value: "Lower is better",
    Polarity.NEITHER.value: "Neither higher nor lower is better",
}


def polarity_words(polarity: str) -> str:
    return POLARITY_WORDS.get(polarity, "Not set")


def compared_by(judged_by: str, publisher: str) -> str:
    """Who made a comparison, as the charts and downloads name them: 'Wellboard', the publisher
    ('Fingertips') whose verdict came with a figure Wellboard could not test, or '' for nobody."""
    if judged_by == JUDGED_BY_WELLBOARD:
        return WELLBOARD
    if judged_by == JUDGED_BY_PUBLISHER:
        return publisher
    return ""


@dataclass(frozen=True)
class SignificanceText:
    """A comparison for people: the word on the coloured tag, the full sentence, and who made the
    comparison when Wellboard did not ('as published by Fingertips')."""

    label: str
    css: str
    sentence: str
    attribution: str = ""


def significance_text(value: object, comparator: str, by: str = "") -> SignificanceText:
    """``by``: who compared (see ``compared_by``); a publisher is named in the words."""
    return SignificanceText(
        label=significance_label(value),
        css=significance_css_class(value),
        sentence=attributed(significance_sentence(value, comparator), by),
        attribution=attribution(by),
    )


@dataclass(frozen=True)
class TrendWords:
    """A recent trend for people: an arrow (hidden from screen readers) and words that say it all."""

    arrow: str
    words: str
    css_class: str


def trend_words(direction: str, assessment: str) -> TrendWords:
    """'↑ Increasing and getting better', '→ No significant change', 'Could not be calculated'."""
    arrow = {TREND_INCREASING: "\u2191", TREND_DECREASING: "\u2193", TREND_NO_CHANGE: "\u2192"}.get(
        direction, ""
    )
    if direction in (TREND_INCREASING, TREND_DECREASING):
        words = direction.capitalize()
        if assessment in (TREND_BETTER, TREND_WORSE):
            words += f" and {assessment}"
        css = {TREND_BETTER: "wb-sig--better", TREND_WORSE: "wb-sig--worse"}.get(assessment, "")
        return TrendWords(arrow, words, css)
    if direction == TREND_NO_CHANGE:
        return TrendWords(arrow, "No significant change", "")
    return TrendWords("", "Could not be calculated", "")


def trend_sentence(direction: str, assessment: str, reason: str = "") -> str:
    """The recent trend as a sentence for the indicator page (Fingertips uses the last five points)."""
    over = "over the last five periods"
    if direction in (TREND_INCREASING, TREND_DECREASING):
        moved = "risen" if direction == TREND_INCREASING else "fallen"
        if assessment == TREND_BETTER:
            return f"Getting better: the value has {moved} significantly {over}."
        if assessment == TREND_WORSE:
            return f"Getting worse: the value has {moved} significantly {over}."
        return f"{direction.capitalize()}: the value has {moved} significantly {over}."
    if direction == TREND_NO_CHANGE:
        return f"No significant change {over}."
    if reason:
        return f"The recent trend could not be calculated: it {reason}."
    return (
        "The recent trend could not be calculated. It needs at least five periods with counts and "
        "denominators, and is worked out only for percentages and crude rates."
    )


def value_text(indicator: Indicator, value: float | None, decimals: int) -> str:
    return format_value(value, indicator.unit, decimals)


def interval_text(lower: float | None, upper: float | None, decimals: int) -> str:
    return format_interval(lower, upper, decimals)


# ---------------------------------------------------------------- charts


def _interval_sentence(points: list[TrendPoint]) -> str:
    with_interval = sum(1 for p in points if p.lower is not None and p.upper is not None)
    if with_interval == len(points):
        return "Each point has its 95% confidence interval."
    if with_interval == 0:
        return "The figures have no confidence intervals."
    return "Points with a 95% confidence interval show it; the others have none."


def trend_view(series: IndicatorSeries) -> ChartView:
    indicator = series.indicator
    points = [
        TrendPoint(
            period=period_label(p.period),
            value=p.value,
            lower=p.lower,
            upper=p.upper,
            significance=p.significance,
            comparator_value=p.comparator_value,
            compared_by=compared_by(p.judged_by, p.publisher),
            code=p.period,
        )
        for p in series.points
    ]
    target = [TargetPoint(period_label(t.period), t.value, code=t.period) for t in series.targets] or None
    where = series.area.name if series.area is not None else ""
    title = f"{name_of(indicator)}: {where}, trend" if where else f"{name_of(indicator)}: trend"
    breakdown = ", ".join(v for v in (series.sex, series.age) if v)
    comparator = series.comparator or "England"
    unit, decimals = indicator.unit, series.decimals
    return ChartView(
        key="trend",
        title="Trend",
        spec=trend_chart(
            points, unit=unit, title=title, target=target, comparator_name=comparator, decimals=decimals
        ),
        table=trend_table(
            points, unit=unit, title=title, target=target, comparator_name=comparator, decimals=decimals
        ),
        intro=(
            f"{where}, {breakdown}. {_interval_sentence(points)} "
            + ("The dashed line is the target." if target is not None else "No target is set.")
            if where
            else ""
        ),
        empty_message="There are no figures over time for this indicator yet.",
    )


def compare_view(compared: AreasCompared) -> ChartView:
    indicator = compared.indicator
    rows = [
        CompareRow(
            r.area_code,
            r.area_name,
            r.value,
            r.lower,
            r.upper,
            r.significance,
            r.highlight,
            compared_by(r.judged_by, r.publisher),
        )
        for r in compared.rows
    ]
    publishers = sorted({r.publisher for r in compared.rows if r.judged_by == JUDGED_BY_PUBLISHER})
    benchmark = (
        Benchmark(compared.benchmark_name, compared.benchmark_value) if compared.benchmark_name else None
    )
    where = f" in {compared.within.name}" if compared.within is not None else ""
    title = f"{name_of(indicator)}, {period_label(compared.period)}: areas compared{where}"
    empty = "There are no figures for other areas to compare with."
    kept = ""
    if compared.within is not None:
        kept = f" Only areas in {compared.within.name} are shown"
        kept += (
            ", as many areas have figures: choose 'All areas' to see every one." if compared.narrowed else "."
        )
    return ChartView(
        key="areas",
        title="Areas compared",
        spec=compare_bar_chart(
            rows, benchmark=benchmark, unit=indicator.unit, title=title, decimals=compared.decimals
        ),
        table=compare_table(
            rows, benchmark=benchmark, unit=indicator.unit, title=title, decimals=compared.decimals
        ),
        intro=(
            f"{period_label(compared.period)}. Areas sorted by value, each compared with "
            f"{compared.benchmark_name} using 95% confidence intervals{published_note(publishers)}.{kept}"
            if compared.rows and compared.benchmark_name
            else ""
        ),
        empty_message=empty,
    )


def breakdown_views(breakdowns: IndicatorBreakdowns) -> list[ChartView]:
    where = breakdowns.area.name if breakdowns.area is not None else ""
    overall = breakdowns.overall.value if breakdowns.overall is not None else None
    benchmark = (
        Benchmark(f"{where} overall" if where else "Overall", overall) if overall is not None else None
    )
    views = []
    for index, group in enumerate(breakdowns.groups, start=1):
        views.append(_breakdown_view(group, index=index, benchmark=benchmark, breakdowns=breakdowns))
    return views


def _breakdown_view(
    group: BreakdownGroup, *, index: int, benchmark: Benchmark | None, breakdowns: IndicatorBreakdowns
) -> ChartView:
    indicator = breakdowns.indicator
    where = breakdowns.area.name if breakdowns.area is not None else ""
    rows = [CompareRow(r.label, r.label, r.value, r.lower, r.upper, r.significance) for r in group.rows]
    label = {"sex": "Sex", "age": "Age"}.get(group.kind, group.title)
    title = f"{name_of(indicator)} by {label.lower()}, {where} {period_label(breakdowns.period)}".strip()
    unit, decimals = indicator.unit, breakdowns.decimals
    return ChartView(
        key=f"breakdown-{index}",
        title=f"By {label.lower()}" if group.kind in ("sex", "age") else group.title,
        spec=compare_bar_chart(
            rows,
            benchmark=benchmark,
            unit=unit,
            title=title,
            decimals=decimals,
            keep_order=True,
            label_title=label,
        ),
        table=compare_table(
            rows,
            benchmark=benchmark,
            unit=unit,
            title=title,
            decimals=decimals,
            keep_order=True,
            label_title=label,
            with_codes=False,
        ),
        intro=(
            f"{where}, {period_label(breakdowns.period)}. "
            f"Each group is compared with the figure for {where} as a whole."
            if benchmark is not None and where
            else ""
        ),
        empty_message="There are no figures for this breakdown.",
    )


def inequality_view(found: Inequality) -> ChartView:
    indicator = found.indicator
    deciles = [
        DecileValue(
            decile=r.rank, value=r.value, lower=r.lower, upper=r.upper, label=r.label, population=r.population
        )
        for r in found.rows
    ]
    sii = (
        SlopeIndexSummary(found.sii.sii, found.sii.sii_lower, found.sii.sii_upper, found.sii.intercept)
        if found.sii is not None
        else None
    )
    where = found.area.name if found.area is not None else ""
    title = f"{name_of(indicator)} by deprivation, {where} {period_label(found.period)}".strip()
    unit, decimals = indicator.unit, found.decimals
    return ChartView(
        key="inequality",
        title=found.category_type or "By deprivation",
        spec=inequality_chart(deciles, sii=sii, unit=unit, title=title, decimals=decimals),
        table=inequality_table(deciles, sii=sii, unit=unit, title=title, decimals=decimals),
        empty_message="There are no figures by deprivation for this indicator.",
    )


def spine_view(profile: AreaProfile) -> ChartView:
    area_name = profile.area.name if profile.area is not None else ""
    rows = [
        SpineRow(
            indicator=name_of(r.indicator),
            polarity=r.indicator.polarity,
            value=r.value,
            benchmark=r.benchmark_value,
            minimum=r.minimum,
            q25=r.q25,
            q75=r.q75,
            maximum=r.maximum,
            significance=r.significance,
            unit=r.indicator.unit,
            period=period_label(r.period),
            decimals=r.decimals,
            benchmark_name=profile.benchmark_name or "England",
            compared_by=compared_by(r.judged_by, r.publisher),
        )
        for r in profile.rows
    ]
    title = f"{area_name} compared with {profile.benchmark_name or 'England'}"
    return ChartView(
        key="profile",
        title="Profile",
        spec=spine_chart(rows, area_name=area_name, title=title),
        table=spine_table(rows, area_name=area_name, title=title),
        empty_message=f"There are no indicator figures for {area_name or 'this area'} yet.",
    )


def map_view(found: WardMap, areas: dict[str, Area]) -> ChartView:
    indicator = found.indicator
    parent = found.parent.name if found.parent is not None else ""
    features = [
        MapFeature(r.area_code, r.area_name, areas[r.area_code].geometry or {})
        for r in found.rows
        if r.area_code in areas and areas[r.area_code].geometry
    ]
    values = {r.area_code: MapValue(r.value, r.lower, r.upper, r.significance) for r in found.rows}
    title = f"{name_of(indicator)} by ward, {parent} {period_label(found.period)}".strip()
    unit, decimals = indicator.unit, found.decimals
    every_ward = [MapFeature(r.area_code, r.area_name, {}) for r in found.rows]
    return ChartView(
        key="map",
        title="Map",
        spec=choropleth_map(
            features, values, unit=unit, title=title, decimals=decimals, comparator_name=parent
        ),
        table=map_table(
            every_ward, values, unit=unit, title=title, decimals=decimals, comparator_name=parent
        ),
        empty_message="There are no ward figures for this indicator.",
        extra={"has_boundaries": bool(features)},
    )


def published_note(publishers: Sequence[str]) -> str:
    """What follows a sentence on how figures were compared, when some took their publisher's
    verdict: '; figures without one are compared as Fingertips published them' ('' for none)."""
    if not publishers:
        return ""
    return f"; figures without one are compared as {' and '.join(publishers)} published them"


@dataclass(frozen=True)
class RugView:
    columns: list[RugColumn]
    rows: list[RugRow]
    table: ChartTable
    comparator: str
    publishers: list[str]  # who compared the cells Wellboard could not test (marked PUBLISHED_MARK)


def rug_view(rug: TartanRug) -> RugView:
    columns = [
        RugColumn(
            key=c.indicator.slug,
            title=name_of(c.indicator),
            unit=c.indicator.unit,
            period=period_label(c.period),
            decimals=c.decimals,
        )
        for c in rug.columns
    ]
    figures: dict[tuple[str, str], RugInput] = {
        key: (cell.value, cell.significance, compared_by(cell.judged_by, cell.publisher))
        for key, cell in rug.cells.items()
    }
    comparator = rug.benchmark_name or "England"
    rows = rug_rows(rug.areas, columns, figures, comparator=comparator, highlight=rug.highlight)
    return RugView(
        columns=columns,
        rows=rows,
        table=rug_table(rug.areas, columns, figures, comparator=comparator),
        comparator=comparator,
        publishers=sorted(
            {cell.compared_by for row in rows for cell in row.cells if attribution(cell.compared_by)}
        ),
    )


def benchmark_texts(rug: TartanRug) -> list[str]:
    """The comparator's value per rug column, written with its unit."""
    return [format_value(c.benchmark_value, c.indicator.unit, c.decimals) for c in rug.columns]


def area_names(areas: Sequence[Area]) -> str:
    return ", ".join(a.name for a in areas)
