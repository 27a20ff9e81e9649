"""Turning the indicator summaries into charts, tables and sentences for the pages.

The summaries (``indicators.calculations.summaries``) hold the figures and judgements; this module
only decides how they are shown: which chart and which table. The words are in ``_words``.
"""

from __future__ import annotations

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
    spine_chart,
    spine_table,
    trend_chart,
    trend_table,
)
from wellboard.charts.formatting import format_value
from wellboard.charts.rug import RugColumn, RugInput, RugRow, rug_rows, rug_table
from wellboard.charts.significance import attribution
from wellboard.charts.tables import ChartTable
from wellboard.core.periods import period_label
from wellboard.geography.models import Area
from wellboard.indicators.calculations import (
    JUDGED_BY_PUBLISHER,
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
from wellboard.indicators.views._common import ChartView
from wellboard.indicators.views._words import (
    compared_by,
    name_of,
    published_note,
)


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
