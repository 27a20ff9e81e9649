"""What the returns add up to: the completeness grid and the totals behind the reach dashboard."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from wellboard.core.clock import LONDON
from wellboard.core.periods import Period
from wellboard.indicators.calculations import FROM_TOTALS, combine
from wellboard.partners.models import Organisation
from wellboard.returns.models import Collection, Figure, Measure, MeasureValueType, Return, ReturnStatus
from wellboard.returns.selectors import collection_members, measure_list

STALE_REPEATS = 3


class CellStatus(StrEnum):
    APPROVED = "approved"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    MISSING = "missing"
    IN_PROGRESS = "in_progress"
    NOT_DUE = "not_due"

    @property
    def label(self) -> str:
        return {
            "approved": "Approved",
            "submitted": "Submitted",
            "returned": "Returned for changes",
            "missing": "Missing",
            "in_progress": "In progress",
            "not_due": "Not due yet",
        }[self.value]

    @property
    def tag_class(self) -> str:
        return {
            "approved": "govuk-tag--green",
            "submitted": "govuk-tag--blue",
            "returned": "govuk-tag--orange",
            "missing": "govuk-tag--red",
            "in_progress": "govuk-tag--grey",
            "not_due": "govuk-tag--grey",
        }[self.value]


@dataclass(frozen=True)
class Cell:
    period: Period
    status: CellStatus
    late: bool
    due_date: dt.date
    return_id: int | None = None

    @property
    def label(self) -> str:
        return f"{self.status.label} (late)" if self.late else self.status.label


@dataclass
class GridRow:
    organisation: Organisation
    cells: list[Cell]
    on_time: int = 0
    due: int = 0

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


@dataclass(frozen=True)
class StaleMeasure:
    measure: Measure
    organisation: Organisation | None
    reason: str


@dataclass
class Completeness:
    collection: Collection
    periods: list[Period]
    rows: list[GridRow]
    stale: list[StaleMeasure] = field(default_factory=list)

    @property
    def on_time_percent(self) -> int | None:
        due = sum(r.due for r in self.rows)
        return round(100 * sum(r.on_time for r in self.rows) / due) if due else None

    def counts(self) -> dict[str, int]:
        tally: dict[str, int] = defaultdict(int)
        for row in self.rows:
            for cell in row.cells:
                tally[cell.status.value] += 1
                if cell.late:
                    tally["late"] += 1
        return dict(tally)


def submitted_on(data_return: Return) -> dt.date | None:
    moment = data_return.first_submitted_at
    return moment.astimezone(LONDON).date() if moment else None


def cell_for(period: Period, due: dt.date, data_return: Return | None, today: dt.date) -> Cell:
    """A return's state in the grid: what happened, and whether it came in after the due date."""
    if data_return is None:
        status = CellStatus.MISSING if due < today else CellStatus.NOT_DUE
        return Cell(period, status, False, due)
    submitted = submitted_on(data_return)
    late = (submitted is not None and submitted > due) or (submitted is None and due < today)
    match data_return.status:
        case ReturnStatus.APPROVED:
            status = CellStatus.APPROVED
        case ReturnStatus.SUBMITTED:
            status = CellStatus.SUBMITTED
        case ReturnStatus.RETURNED:
            status = CellStatus.RETURNED
        case _:
            status = CellStatus.MISSING if due < today else CellStatus.IN_PROGRESS
            late = False
    return Cell(period, status, late, due, data_return.pk)


def completeness(*, collection: Collection, today: dt.date, last: int = 12) -> Completeness:
    """The organisations by periods grid for the ``last`` periods up to today, with on-time rates."""
    periods = collection.periods(until=today)[-last:]
    organisations = collection_members(collection=collection)
    codes = [p.code for p in periods]
    returns = {
        (r.organisation_id, r.period): r
        for r in Return.objects.filter(collection=collection, period__in=codes).only(
            "id", "organisation_id", "period", "status", "first_submitted_at", "due_date"
        )
    }
    dues = {p.code: collection.due_date(p) for p in periods}
    rows = []
    for organisation in organisations:
        row = GridRow(organisation, [])
        for period in periods:
            cell = cell_for(period, dues[period.code], returns.get((organisation.pk, period.code)), today)
            row.cells.append(cell)
            if cell.due_date < today:
                row.due += 1
                data_return = returns.get((organisation.pk, period.code))
                submitted = submitted_on(data_return) if data_return else None
                if submitted is not None and submitted <= cell.due_date:
                    row.on_time += 1
        rows.append(row)
    result = Completeness(collection, periods, rows)
    result.stale = stale_measures(collection=collection, periods=periods, organisations=organisations)
    return result


def stale_measures(
    *, collection: Collection, periods: Sequence[Period], organisations: Sequence[Organisation]
) -> list[StaleMeasure]:
    """Measures that have stopped being kept up to date.

    A measure is stale for an organisation when its last three returned totals are identical (a
    figure copied forward rather than counted) or it was left blank in the last two returns it
    sent; it is stale for everyone when no organisation has given it in the last two periods.
    Cumulative measures legitimately repeat when nothing happened, so only blanks count for them.
    """
    measures = measure_list(collection=collection)
    if not measures or not periods:
        return []
    recent = [p.code for p in periods[-6:]]
    sent = list(
        Return.objects.filter(
            collection=collection,
            period__in=recent,
            status__in=[ReturnStatus.SUBMITTED, ReturnStatus.APPROVED],
        ).order_by("period_start")
    )
    if not sent:
        return []
    totals: dict[tuple[int, int], Decimal | None] = {}
    for figure in Figure.objects.filter(data_return__in=sent, breakdown="").only(
        "data_return_id", "measure_id", "value", "denominator"
    ):
        totals[(figure.data_return_id, figure.measure_id)] = figure.value
    by_org: dict[int, list[Return]] = defaultdict(list)
    for data_return in sent:
        by_org[data_return.organisation_id].append(data_return)
    names = {o.pk: o for o in organisations}
    stale: list[StaleMeasure] = []
    last_two = set(recent[-2:])
    for measure in measures:
        anyone = any(totals.get((r.pk, measure.pk)) is not None for r in sent if r.period in last_two)
        if not anyone:
            stale.append(
                StaleMeasure(measure, None, "No organisation has returned it in the last two periods")
            )
            continue
        for org_id, org_returns in by_org.items():
            organisation = names.get(org_id)
            if organisation is None:
                continue
            values = [totals.get((r.pk, measure.pk)) for r in org_returns]
            if len(values) >= 2 and values[-1] is None and values[-2] is None:
                stale.append(StaleMeasure(measure, organisation, "Left blank in the last two returns"))
            elif (
                not measure.cumulative
                and len(values) >= STALE_REPEATS
                and values[-1] is not None
                and values[-1] != 0
                and len(set(values[-STALE_REPEATS:])) == 1
            ):
                stale.append(
                    StaleMeasure(measure, organisation, "The same figure in each of the last three returns")
                )
    return stale


# ---------------------------------------------------------------- totals across organisations


@dataclass(frozen=True)
class OrgFigure:
    """One organisation's approved total for one measure and period."""

    organisation_id: int
    period: Period
    value: Decimal
    denominator: Decimal | None = None


@dataclass(frozen=True)
class PeriodTotal:
    period: Period
    value: Decimal | None  # the period's own figure (counts added, percentages recomputed)
    cumulative: Decimal | None  # the running total since the first period (counts and amounts only)
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    organisations: int = 0
    lower95: float | None = None
    upper95: float | None = None


def combine_period(measure: Measure, figures: Iterable[OrgFigure]) -> tuple[Decimal | None, Decimal, Decimal]:
    """Add one period's figures across organisations.

    Counts and amounts add. Percentages and rates are never averaged: their numerators and
    denominators are added and the value recomputed from the sums.
    """
    figures = list(figures)
    numerator = sum((f.value for f in figures), Decimal(0))
    denominator = sum((f.denominator or Decimal(0) for f in figures), Decimal(0))
    if not figures:
        return None, numerator, denominator
    if measure.kind.has_denominator:
        if denominator == 0:
            return None, numerator, denominator
        return numerator / denominator * measure.multiplier, numerator, denominator
    return numerator, numerator, denominator


def totals_by_period(
    measure: Measure, periods: Sequence[Period], figures: Iterable[OrgFigure]
) -> list[PeriodTotal]:
    """Period and cumulative totals of one measure across organisations.

    For a per-period measure the cumulative total adds the periods up. For a cumulative measure
    (each organisation returns its running total) each organisation's latest running total is carried
    forward until it returns again, and the period's figure is the growth since the previous period.
    """
    by_period: dict[Period, list[OrgFigure]] = defaultdict(list)
    for figure in figures:
        by_period[figure.period].append(figure)
    results: list[PeriodTotal] = []
    running = Decimal(0)
    carried: dict[int, Decimal] = {}
    previous_running: Decimal | None = None
    for period in periods:
        here = by_period.get(period, [])
        value, numerator, denominator = combine_period(measure, here)
        if measure.kind.has_denominator:
            low, high = (None, None) if value is None else limits(measure, numerator, denominator)
            results.append(PeriodTotal(period, value, None, numerator, denominator, len(here), low, high))
            continue
        if measure.cumulative:
            for figure in here:
                carried[figure.organisation_id] = figure.value
            running_now = sum(carried.values(), Decimal(0)) if carried else None
            growth = (
                None if running_now is None or not here else running_now - (previous_running or Decimal(0))
            )
            results.append(PeriodTotal(period, growth, running_now, None, None, len(here)))
            if running_now is not None:
                previous_running = running_now
            continue
        if value is not None:
            running += value
        results.append(
            PeriodTotal(
                period, value, running if (value is not None or running) else None, None, None, len(here)
            )
        )
    return results


def limits(measure: Measure, numerator: Decimal, denominator: Decimal) -> tuple[float | None, float | None]:
    """95% confidence limits of a combined percentage or rate, by the indicator's official method
    (Wilson for percentages, Byar's or exact Poisson for rates)."""
    method = measure.indicator.method
    if method not in FROM_TOTALS:
        method = "wilson" if measure.kind == MeasureValueType.PERCENTAGE else "byars_exact"
    figures = combine(
        keys=[0],
        method=method,
        multiplier=float(measure.multiplier),
        count=[float(numerator)],
        denominator=[float(denominator)],
    )
    row = figures.row(0)
    return row["lower95"], row["upper95"]


def measure_figures(*, measures: Sequence[Measure]) -> dict[int, list[OrgFigure]]:
    """Approved totals of each measure by organisation and period (one query)."""
    result: dict[int, list[OrgFigure]] = defaultdict(list)
    if not measures:
        return result
    kinds = {m.pk: m for m in measures}
    figures = Figure.objects.filter(
        measure__in=measures, breakdown="", data_return__status=ReturnStatus.APPROVED, value__isnull=False
    ).select_related("data_return__collection__partnership")
    for figure in figures:
        measure = kinds[figure.measure_id]
        data_return = figure.data_return
        value = figure.value  # never None: the query leaves out empty figures
        if value is None or (measure.kind.has_denominator and figure.denominator is None):
            continue
        result[measure.pk].append(
            OrgFigure(data_return.organisation_id, data_return.period_value, value, figure.denominator)
        )
    return result
