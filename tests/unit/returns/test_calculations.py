"""What the returns add up to: grid cells, on-time rates, stale measures, and totals across organisations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.core.access import Actor
from wellboard.core.clock import LONDON
from wellboard.core.periods import Period, PeriodKind, period_containing, period_range
from wellboard.partners.models import Organisation
from wellboard.returns.calculations import (
    CellStatus,
    OrgFigure,
    cell_for,
    combine_period,
    completeness,
    totals_by_period,
)
from wellboard.returns.models import Collection, Measure, MeasureValueType, Return
from wellboard.returns.selectors import period_get
from wellboard.returns.services import return_approve, return_save

DUE = dt.date(2020, 7, 3)
FIRST = period_containing(PeriodKind.QUARTER, dt.date(2020, 4, 1))
QUARTERS = list(period_range(FIRST, period_containing(PeriodKind.QUARTER, dt.date(2021, 3, 1))))


def _return(status: str, submitted: dt.date | None) -> Return:
    moment = (
        dt.datetime(submitted.year, submitted.month, submitted.day, 23, 30, tzinfo=LONDON)
        if submitted
        else None
    )
    return Return(status=status, first_submitted_at=moment, due_date=DUE)


@pytest.mark.parametrize(
    ("data_return", "today", "status", "late"),
    [
        (None, dt.date(2020, 7, 3), CellStatus.NOT_DUE, False),
        (None, dt.date(2020, 7, 4), CellStatus.MISSING, False),
        (_return("draft", None), dt.date(2020, 7, 1), CellStatus.IN_PROGRESS, False),
        (_return("draft", None), dt.date(2020, 7, 6), CellStatus.MISSING, False),
        (_return("submitted", dt.date(2020, 7, 3)), dt.date(2020, 7, 6), CellStatus.SUBMITTED, False),
        (_return("approved", dt.date(2020, 7, 4)), dt.date(2020, 7, 6), CellStatus.APPROVED, True),
        (_return("returned", dt.date(2020, 7, 2)), dt.date(2020, 7, 6), CellStatus.RETURNED, False),
    ],
)
def test_cells_say_what_happened_and_whether_it_was_late(
    data_return: Return | None, today: dt.date, status: CellStatus, late: bool
) -> None:
    period = Period(dt.date(2020, 6, 8), dt.date(2020, 6, 21), PeriodKind.FORTNIGHT)
    cell = cell_for(period, DUE, data_return, today)
    assert (cell.status, cell.late) == (status, late)
    assert cell.label == f"{status.label} (late)" if late else status.label


@pytest.mark.django_db
def test_completeness_grid_and_stale_measures(
    collection: Collection, charity: Organisation, council: Organisation, cli_actor: Actor
) -> None:
    """The charity returns the same calls three times running (once late); the council returns nothing."""
    from wellboard.core import clock

    collection.first_period_start = dt.date(2020, 5, 11)
    collection.save()
    for day, submitted in (
        ("2020-05-11", "2020-06-05"),
        ("2020-05-25", "2020-06-30"),
        ("2020-06-08", "2020-07-01"),
    ):
        with clock.frozen_at(dt.datetime.fromisoformat(submitted).replace(hour=10, tzinfo=LONDON)):
            saved = return_save(
                by=cli_actor,
                collection=collection,
                organisation=charity,
                period=period_get(collection=collection, text=day),
                values={"calls": "40", "visits": "5" if day != "2020-06-08" else "6"},
                expected_version=None,
                submit=True,
            )
        return_approve(by=cli_actor, data_return=saved.data_return, expected_version=None)
    grid = completeness(collection=collection, today=dt.date(2020, 7, 5), last=12)
    assert [p.code for p in grid.periods] == [
        "2020-05-11/2W",
        "2020-05-25/2W",
        "2020-06-08/2W",
        "2020-06-22/2W",
    ]
    rows = {row.organisation.slug: row for row in grid.rows}
    assert [c.label for c in rows["test-charity"].cells] == [
        "Approved",
        "Approved (late)",
        "Approved",
        "Not due yet",
    ]
    assert [c.status for c in rows["test-council"].cells] == [CellStatus.MISSING] * 3 + [CellStatus.NOT_DUE]
    assert (rows["test-charity"].on_time, rows["test-charity"].due) == (2, 3)
    assert rows["test-charity"].on_time_percent == 67
    assert rows["test-council"].on_time_percent == 0
    assert grid.on_time_percent == 33
    assert grid.counts() == {"approved": 3, "late": 1, "missing": 3, "not_due": 2}
    stale = {(s.measure.code, s.organisation.slug if s.organisation else None): s.reason for s in grid.stale}
    assert stale == {
        ("calls", "test-charity"): "The same figure in each of the last three returns",
        ("less_lonely", None): "No organisation has returned it in the last two periods",
    }


def _count_measure(*, cumulative: bool = False) -> Measure:
    return Measure(code="calls", value_type=MeasureValueType.COUNT, multiplier=1, cumulative=cumulative)


def _percentage_measure() -> Measure:
    return Measure(code="quit", value_type=MeasureValueType.PERCENTAGE, multiplier=100)


def test_percentages_are_recomputed_from_the_sums_never_averaged() -> None:
    period = QUARTERS[0]
    figures = [OrgFigure(1, period, Decimal(30), Decimal(40)), OrgFigure(2, period, Decimal(10), Decimal(60))]
    value, numerator, denominator = combine_period(_percentage_measure(), figures)
    assert (numerator, denominator) == (Decimal(40), Decimal(100))
    assert value == Decimal(40)  # not (75% + 16.7%) / 2
    assert combine_period(_percentage_measure(), [OrgFigure(1, period, Decimal(0), Decimal(0))])[0] is None
    assert combine_period(_percentage_measure(), [])[0] is None


counts = st.lists(
    st.tuples(st.integers(0, len(QUARTERS) - 1), st.integers(1, 4), st.integers(0, 10_000)), max_size=30
)


@given(counts)
def test_running_total_of_counts_is_the_sum_of_the_periods(rows: list[tuple[int, int, int]]) -> None:
    figures = [OrgFigure(org, QUARTERS[q], Decimal(n)) for q, org, n in rows]
    totals = totals_by_period(_count_measure(), QUARTERS, figures)
    assert [t.period for t in totals] == QUARTERS
    for index, total in enumerate(totals):
        here = [Decimal(n) for q, _, n in rows if q == index]
        assert total.value == (sum(here, Decimal(0)) if here else None)
        assert total.organisations == len(here)
        so_far = sum((Decimal(n) for q, _, n in rows if q <= index), Decimal(0))
        assert total.cumulative == (so_far if so_far or here else None)


@given(
    st.lists(
        st.tuples(st.integers(0, len(QUARTERS) - 1), st.integers(1, 3), st.integers(0, 500)), max_size=20
    )
)
def test_running_totals_carry_each_organisations_latest_figure_forward(
    rows: list[tuple[int, int, int]],
) -> None:
    """For a measure returned as a running total, the partnership's total is the sum of each organisation's
    latest figure; the period's own figure is the growth since the period before."""
    latest: dict[tuple[int, int], int] = {}
    for q, org, n in rows:
        latest[(q, org)] = n  # one figure per organisation and period, as the unique constraint ensures
    figures = [OrgFigure(org, QUARTERS[q], Decimal(n)) for (q, org), n in latest.items()]
    totals = totals_by_period(_count_measure(cumulative=True), QUARTERS, figures)
    carried: dict[int, int] = {}
    previous: int | None = None
    for index, total in enumerate(totals):
        returned = {org: n for (q, org), n in latest.items() if q == index}
        carried.update(returned)
        expected = sum(carried.values()) if carried else None
        assert total.cumulative == (Decimal(expected) if expected is not None else None)
        if returned:
            assert total.value == Decimal(expected or 0) - Decimal(previous or 0)
        else:
            assert total.value is None
        if expected is not None:
            previous = expected


def test_a_percentages_limits_come_from_the_combined_counts() -> None:
    from wellboard.indicators.models import Indicator

    measure = _percentage_measure()
    measure.indicator = Indicator(method="wilson")
    period = QUARTERS[0]
    totals = totals_by_period(measure, QUARTERS[:1], [OrgFigure(1, period, Decimal(40), Decimal(100))])
    total = totals[0]
    assert total.value == Decimal(40)
    assert total.cumulative is None
    assert total.lower95 == pytest.approx(30.94, abs=0.01)  # Wilson score interval for 40 of 100
    assert total.upper95 == pytest.approx(49.80, abs=0.01)
