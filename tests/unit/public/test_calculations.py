"""The public figures: series, areas compared and reach through the disclosure rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from wellboard.core.periods import Period, PeriodKind
from wellboard.indicators.calculations.summaries import IndicatorSeries
from wellboard.indicators.calculations.summaries.series import SeriesPoint
from wellboard.indicators.models import Indicator, ValueType
from wellboard.partners.models import DisclosureRule
from wellboard.public.calculations import disclose_reach, disclose_series
from wellboard.returns.calculations import PeriodTotal
from wellboard.returns.models import Measure, MeasureValueType

STANDARD = DisclosureRule.STANDARD


def _point(year: int, count: float | None, value: float | None, **extra: object) -> SeriesPoint:
    fields: dict[str, object] = {
        "period": str(year),
        "period_start": dt.date(year, 1, 1),
        "value": value,
        "lower": None,
        "upper": None,
        "lower998": None,
        "upper998": None,
        "count": count,
        "denominator": None,
        "significance": "better",
        "comparator_value": 40.0,
        "target": None,
        "note": "A note from the source",
    }
    fields.update(extra)
    return SeriesPoint(**fields)  # type: ignore[arg-type]


def _series(indicator: Indicator, points: list[SeriesPoint]) -> IndicatorSeries:
    return IndicatorSeries(
        indicator, None, "Persons", "All ages", "England", tuple(points), (), (), "", "", 1
    )


def test_a_count_indicators_value_is_published_as_its_count() -> None:
    indicator = Indicator(value_type=ValueType.COUNT)
    disclosed = disclose_series(
        _series(indicator, [_point(2020, None, 3), _point(2021, 12, 12), _point(2022, 0, 0)]), rule=STANDARD
    )
    assert [p.value for p in disclosed.series.points] == [None, 10, 0]
    assert disclosed.suppressed == (True, False, False)
    assert disclosed.series.points[0].significance == ""
    assert all(p.note == "" for p in disclosed.series.points)


def test_a_percentage_from_a_small_count_is_withheld_with_its_limits() -> None:
    indicator = Indicator(value_type=ValueType.PERCENTAGE)
    points = [
        _point(2020, 4, 0.4, denominator=1000, lower=0.2, upper=1.0),
        _point(2021, 320, 32.0, denominator=1000, lower=29.2, upper=34.9),
    ]
    disclosed = disclose_series(_series(indicator, points), rule=STANDARD)
    small, large = disclosed.series.points
    assert (small.value, small.lower, small.upper, small.count) == (None, None, None, None)
    assert (large.value, large.count, large.denominator) == (32.0, 320, 1000)


def _totals(values: list[int]) -> list[PeriodTotal]:
    totals, running = [], 0
    for index, value in enumerate(values):
        start = dt.date(2025, 4, 1) + dt.timedelta(days=14 * index)
        running += value
        period = Period(start, start + dt.timedelta(days=13), PeriodKind.FORTNIGHT)
        totals.append(PeriodTotal(period, Decimal(value), Decimal(running), organisations=2))
    return totals


def test_reach_counts_and_running_totals_are_suppressed_or_rounded() -> None:
    measure = Measure(value_type=MeasureValueType.COUNT)
    rows = disclose_reach(measure, _totals([3, 40, 0, 12]), rule=STANDARD)
    assert [r.value for r in rows] == [None, 40, 0, 10]
    # Running totals come from the true figures (3, 43, 43, 55), then are rounded.
    assert [r.cumulative for r in rows] == [None, 45, 45, 55]
    assert [r.suppressed for r in rows] == [True, False, False, False]


def test_reach_percentages_are_withheld_with_a_small_numerator() -> None:
    measure = Measure(value_type=MeasureValueType.PERCENTAGE, multiplier=100)
    period = Period(dt.date(2025, 4, 1), dt.date(2025, 4, 14), PeriodKind.FORTNIGHT)
    later = Period(dt.date(2025, 4, 15), dt.date(2025, 4, 28), PeriodKind.FORTNIGHT)
    totals = [
        PeriodTotal(period, Decimal("5"), None, Decimal(5), Decimal(100), 2, 2.1, 11.2),
        PeriodTotal(later, Decimal("50"), None, Decimal(50), Decimal(100), 2, 40.4, 59.6),
    ]
    small, large = disclose_reach(measure, totals, rule=STANDARD)
    assert (small.value, small.numerator, small.lower95, small.suppressed) == (None, None, None, True)
    assert (large.value, large.numerator, large.denominator, large.suppressed) == (50, 50, 100, False)


def test_unrounded_running_totals_never_give_a_withheld_period_away() -> None:
    measure = Measure(value_type=MeasureValueType.COUNT)
    rows = disclose_reach(measure, _totals([20, 3, 40, 12, 30]), rule=DisclosureRule.UNDER_FIVE)
    # 3 is withheld, and so is 12, the smallest other cell (secondary suppression).
    assert [r.value for r in rows] == [20, None, 40, None, 30]
    # 20 then 23 would give the 3 away: running totals are withheld from there, but the last.
    assert [r.cumulative for r in rows] == [20, None, None, None, 105]
