"""Returns and reach: how complete the period's returns are, and each initiative's reach with its
charts (every figure about people a ``count`` column)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from wellboard.charts.reach import ReachPoint, reach_chart
from wellboard.reports.calculations.common.facts import ReportInputs
from wellboard.reports.document import CellValue, Chart, Column, Notice, Section, Table, TableBlock
from wellboard.returns.calculations import PeriodTotal, measure_figures, totals_by_period
from wellboard.returns.models import Measure
from wellboard.returns.selectors import (
    collection_list,
    collection_members,
    reach_measures,
    returned_organisations,
)

COMPLETENESS_COLUMNS = (
    Column("collection", "Collection"),
    Column("period", "Period", kind="period"),
    Column("expected", "Organisations expected", kind="number"),
    Column("returned", "Returned", kind="number"),
    Column("missing", "Still to return"),
)


def completeness_table(inputs: ReportInputs) -> Table:
    """For each collection, each of its periods that ended within the report's period: who returned."""
    rows: list[tuple[CellValue, ...]] = []
    for collection in collection_list(actor=inputs.actor).order_by("name"):
        periods = [
            p
            for p in collection.periods(until=inputs.period.end)
            if p.start >= inputs.period.start and p.end <= inputs.period.end
        ]
        if not periods:
            continue
        members = collection_members(collection=collection)
        for period in periods:
            returned = returned_organisations(collection=collection, period=period)
            missing = [o.name for o in members if o.pk not in returned]
            rows.append(
                (
                    collection.name,
                    period.label,
                    len(members),
                    len([o for o in members if o.pk in returned]),
                    ", ".join(missing) if missing else "All returned",
                )
            )
    return Table(
        caption=f"Returns completeness, {inputs.period.label}",
        columns=COMPLETENESS_COLUMNS,
        rows=tuple(rows),
        notes=("Returns submitted or approved for each period that ended within the report's period.",),
        sheet_name="Returns completeness",
    )


REACH_COLUMNS = (
    Column("initiative", "Initiative"),
    Column("measure", "Measure"),
    Column("in_period", "In the period", kind="count"),
    Column("value", "Percentage or rate", kind="number", decimals=1, derived_from="in_period"),
    Column("to_date", "Total to date", kind="count"),
    Column("returns", "Returns", kind="number"),
)


@dataclass(frozen=True)
class ReachFigure:
    measure: Measure
    totals: list[PeriodTotal]  # every period up to the report's end, oldest first
    in_period: list[PeriodTotal]  # those within the report's period

    @property
    def additive(self) -> bool:
        return not self.measure.kind.has_denominator

    def period_count(self) -> float | None:
        if not self.additive:
            numerator = sum((t.numerator or Decimal(0) for t in self.in_period), Decimal(0))
            return float(numerator) if any(t.numerator is not None for t in self.in_period) else None
        values = [t.value for t in self.in_period if t.value is not None]
        return float(sum(values, Decimal(0))) if values else None

    def period_value(self) -> float | None:
        if self.additive:
            return None
        numerator = sum((t.numerator or Decimal(0) for t in self.in_period), Decimal(0))
        denominator = sum((t.denominator or Decimal(0) for t in self.in_period), Decimal(0))
        if not denominator:
            return None
        return float(numerator / denominator * self.measure.multiplier)

    def to_date(self) -> float | None:
        if not self.additive:
            return None
        running = [t.cumulative for t in self.totals if t.cumulative is not None]
        return float(running[-1]) if running else None

    def returns(self) -> int:
        return sum(t.organisations for t in self.in_period)


def reach_figures(inputs: ReportInputs) -> list[ReachFigure]:
    """Each initiative measure's approved figures, period by period up to the end of the report's
    period, and those within it (measures whose collection had no period within it are left out)."""
    measures = reach_measures(actor=inputs.actor)
    figures = measure_figures(measures=measures)
    found: list[ReachFigure] = []
    for measure in measures:
        periods = measure.collection.periods(until=inputs.period.end)
        periods = [p for p in periods if p.end <= inputs.period.end or p.start <= inputs.as_of]
        totals = totals_by_period(measure, periods, figures.get(measure.pk, []))
        within = [t for t in totals if inputs.period.start <= t.period.start <= inputs.period.end]
        if within:  # a collection that had no period then has nothing to say about it
            found.append(ReachFigure(measure=measure, totals=totals, in_period=within))
    return found


def reach_section(inputs: ReportInputs, *, anchor: str, title: str = "Reach of each initiative") -> Section:
    figures = reach_figures(inputs)
    if not figures:
        return Section(
            title=title,
            anchor=anchor,
            blocks=(Notice(f"No data collection of an initiative had a period in {inputs.period.label}."),),
        )
    rows = []
    for figure in figures:
        initiative = figure.measure.initiative
        rows.append(
            (
                initiative.name if initiative else "",
                figure.measure.label,
                figure.period_count(),
                figure.period_value(),
                figure.to_date(),
                figure.returns(),
            )
        )
    table = Table(
        caption=f"Reach of each initiative, {inputs.period.label}",
        columns=REACH_COLUMNS,
        rows=tuple(rows),
        notes=("From approved returns only.",),
        sheet_name="Reach",
    )
    blocks: list[TableBlock | Notice | Chart] = []
    if not any(f.in_period for f in figures if any(t.organisations for t in f.in_period)):
        blocks.append(Notice(f"No returns were approved for {inputs.period.label}."))
    blocks.append(TableBlock(table))
    blocks.extend(reach_charts(figures, inputs))
    return Section(title=title, anchor=anchor, blocks=tuple(blocks))


CHART_COLUMNS = (
    Column("period", "Period", kind="period"),
    Column("value", "In the period", kind="count"),
    Column("cumulative", "Running total", kind="count"),
)
CHART_RATE_COLUMNS = (
    Column("period", "Period", kind="period"),
    Column("numerator", "Numerator", kind="count"),
    Column("value", "Percentage or rate", kind="number", decimals=1, derived_from="numerator"),
)


def reach_charts(figures: Sequence[ReachFigure], inputs: ReportInputs) -> list[Chart]:
    """The reach dashboard's chart of each measure with figures in the period, and its data."""
    charts: list[Chart] = []
    for figure in figures:
        shown = [t for t in figure.in_period if t.organisations]
        if not shown:
            continue
        measure = figure.measure
        unit = measure.unit or ("%" if measure.kind.has_denominator else "")
        spec = reach_chart(
            title=measure.label,
            subtitle=measure.collection.name,
            unit=unit,
            points=[
                ReachPoint(
                    period=t.period.label,
                    start=t.period.start,
                    value=float(t.value) if t.value is not None else None,
                    cumulative=float(t.cumulative) if t.cumulative is not None else None,
                )
                for t in figure.in_period
            ],
            running_total=figure.additive,
        )
        if figure.additive:
            columns = CHART_COLUMNS
            rows = tuple((t.period.label, _float(t.value), _float(t.cumulative)) for t in figure.in_period)
        else:
            columns = CHART_RATE_COLUMNS
            rows = tuple((t.period.label, _float(t.numerator), _float(t.value)) for t in figure.in_period)
        table = Table(caption=f"{measure.label} by period, {inputs.period.label}", columns=columns, rows=rows)
        charts.append(
            Chart(
                title=measure.label,
                spec=spec,
                alt=f"Chart of {measure.label.lower()} by period in {inputs.period.label}; "
                "the figures are in the table that follows.",
                table=table,
            )
        )
    return charts


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None
