"""The vectorised helpers in indicators.calculations, checked against wellboard.stats on tiny cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard import stats
from wellboard.core.rag import Rag
from wellboard.indicators.calculations import (
    NOT_COMPARED,
    TREND_NOT_CALCULATED,
    combine,
    dsr_figures,
    figures_problem,
    life_expectancy_figures,
    mean_figures,
    observation_figures,
    published_significance,
    rag_against_target,
    rag_thresholds,
    recent_trend,
    relative_difference,
    significance,
    slope_index,
    spread,
    target_for_period,
)
from wellboard.indicators.models import Method, Polarity


def test_wilson_figures_match_stats_at_both_levels() -> None:
    figures = observation_figures(method=Method.WILSON, multiplier=100, count=[27, 0], denominator=[100, 50])
    e95 = stats.proportion([27, 0], [100, 50], confidence=0.95, multiplier=100)
    e998 = stats.proportion([27, 0], [100, 50], confidence=0.998, multiplier=100)
    np.testing.assert_allclose(figures.value, [27.0, 0.0])
    np.testing.assert_allclose(figures.lower95, e95.lower)
    np.testing.assert_allclose(figures.upper998, e998.upper)
    assert figures.lower998[0] < figures.lower95[0] < 27 < figures.upper95[0] < figures.upper998[0]


def test_crude_rates_use_exact_limits_below_ten_unless_byars_everywhere() -> None:
    exact = observation_figures(
        method=Method.BYARS_EXACT, multiplier=100_000, count=[3], denominator=[50_000]
    )
    byars = observation_figures(method=Method.BYARS, multiplier=100_000, count=[3], denominator=[50_000])
    assert exact.value[0] == pytest.approx(6.0)
    assert exact.lower95[0] == pytest.approx(stats.rate([3], [50_000], small_counts="exact").lower[0])
    assert byars.lower95[0] == pytest.approx(stats.rate([3], [50_000], small_counts="byars").lower[0])
    assert exact.lower95[0] != pytest.approx(byars.lower95[0])


def test_method_none_gives_values_without_limits_and_counts_without_denominators() -> None:
    figures = observation_figures(method=Method.NONE, multiplier=1, count=[7209, 5], denominator=[None, 10])
    assert figures.value.tolist() == [7209.0, 0.5]
    assert np.isnan(figures.lower95).all()


def test_smr_is_observed_over_expected_with_poisson_limits() -> None:
    figures = observation_figures(method=Method.SMR, multiplier=100, count=[120], denominator=[100])
    assert figures.value[0] == pytest.approx(120.0)
    assert figures.lower95[0] < 120 < figures.upper95[0]


def test_age_specific_methods_cannot_be_computed_from_totals() -> None:
    figures = observation_figures(method=Method.DOBSON, multiplier=100_000, count=[50], denominator=[1000])
    assert np.isnan(figures.value).all()


def test_missing_counts_give_missing_figures() -> None:
    figures = observation_figures(
        method=Method.WILSON, multiplier=100, count=[None, 5], denominator=[10, None]
    )
    assert np.isnan(figures.value).all()
    assert figures.row(0)["value"] is None


def test_figures_problem_explains_bad_counts() -> None:
    assert "more than the denominator" in figures_problem(method=Method.WILSON, count=11, denominator=10)
    assert figures_problem(method=Method.BYARS, count=11, denominator=10) == ""
    assert "zero or more" in figures_problem(method=Method.NONE, count=-1, denominator=None)


def test_combine_recomputes_percentages_from_summed_numerators() -> None:
    # 1/2 (50%) and 99/198 (50%) and 0/100 (0%): the combined figure is 100/300, not the mean of the three.
    figures = combine(
        keys=["a", "a", "a", "b"],
        method=Method.WILSON,
        multiplier=100,
        count=[1, 99, 0, 5],
        denominator=[2, 198, 100, 10],
    )
    assert figures.keys == ["a", "b"]
    assert figures.count is not None
    assert figures.count.tolist() == [100.0, 5.0]
    assert figures.value[0] == pytest.approx(100 / 3)
    expected = stats.proportion([100], [300], multiplier=100)
    assert figures.lower95[0] == pytest.approx(expected.lower[0])


def test_combine_adds_counts_and_keeps_tuple_keys_in_first_seen_order() -> None:
    figures = combine(
        keys=[("org", "Q2"), ("org", "Q1"), ("org", "Q2")], method=Method.NONE, multiplier=1, count=[3, 4, 5]
    )
    assert figures.keys == [("org", "Q2"), ("org", "Q1")]
    assert figures.value.tolist() == [8.0, 4.0]


def test_combine_makes_a_group_with_a_missing_part_missing() -> None:
    figures = combine(
        keys=[1, 1], method=Method.BYARS_EXACT, multiplier=100_000, count=[5, None], denominator=[1e4, 1e4]
    )
    assert np.isnan(figures.value[0])


def test_combine_refuses_methods_that_need_age_specific_data() -> None:
    with pytest.raises(ValueError, match="cannot be added up"):
        combine(keys=[1], method=Method.DOBSON, multiplier=100_000, count=[5], denominator=[100])
    with pytest.raises(ValueError, match="denominator is needed"):
        combine(keys=[1], method=Method.WILSON, multiplier=100, count=[5])


@given(
    st.lists(
        st.tuples(st.integers(0, 1000), st.integers(0, 1000)).map(lambda t: (min(t), max(t) + 1)),
        min_size=1,
        max_size=20,
    )
)
def test_combining_equals_the_proportion_of_the_sums(parts: list[tuple[int, int]]) -> None:
    numerators = [p[0] for p in parts]
    denominators = [p[1] for p in parts]
    figures = combine(
        keys=[0] * len(parts),
        method=Method.WILSON,
        multiplier=100,
        count=numerators,
        denominator=denominators,
    )
    direct = stats.proportion([sum(numerators)], [sum(denominators)], multiplier=100)
    assert figures.value[0] == pytest.approx(direct.value[0])
    assert figures.upper95[0] == pytest.approx(direct.upper[0])


def test_significance_follows_polarity() -> None:
    lower = [10, 40, 25, None]
    upper = [20, 50, 35, None]
    assert significance(lower=lower, upper=upper, benchmark=30, polarity=Polarity.LOW_IS_GOOD).tolist() == [
        "better",
        "worse",
        "similar",
        NOT_COMPARED,
    ]
    assert significance(lower=lower, upper=upper, benchmark=30, polarity=Polarity.HIGH_IS_GOOD).tolist()[
        :2
    ] == [
        "worse",
        "better",
    ]
    assert significance(lower=lower, upper=upper, benchmark=30, polarity=Polarity.NEITHER).tolist()[:2] == [
        "lower",
        "higher",
    ]
    assert significance(lower=[1], upper=[2], benchmark=None, polarity=Polarity.NEITHER).tolist() == [
        NOT_COMPARED
    ]


def _rates(counts: list[int], population: float) -> dict[str, Any]:
    figures = observation_figures(
        method=Method.BYARS_EXACT, multiplier=100_000, count=counts, denominator=[population] * len(counts)
    )
    return {
        "value": figures.value,
        "lower": figures.lower95,
        "upper": figures.upper95,
        "count": np.array(counts, dtype=float),
        "denominator": np.full(len(counts), population),
    }


def test_recent_trend_detects_a_steady_rise_in_a_rate() -> None:
    starts = np.array([dt.date(y, 1, 1) for y in range(2015, 2021)], dtype="datetime64[D]")
    rising = _rates([1000, 1100, 1200, 1300, 1400, 1500], 1e6)
    found = recent_trend(
        value_type="crude_rate", polarity=Polarity.LOW_IS_GOOD, period_start=starts, **rising
    )
    assert found.for_key(None) == ("increasing", "getting worse")
    flat = _rates([1000] * 6, 1e6)
    both = recent_trend(
        value_type="crude_rate",
        polarity=Polarity.LOW_IS_GOOD,
        period_start=np.concatenate([starts, starts]),
        keys=["up"] * 6 + ["flat"] * 6,
        **{name: np.concatenate([rising[name], flat[name]]) for name in rising},
    )
    assert both.keys == ["up", "flat"]
    assert both.direction.tolist() == ["increasing", "no significant change"]


def test_recent_trend_needs_five_points_and_a_suitable_value_type() -> None:
    starts = np.array([dt.date(y, 1, 1) for y in range(2018, 2021)], dtype="datetime64[D]")
    short = recent_trend(
        value_type="percentage",
        polarity=Polarity.HIGH_IS_GOOD,
        value=[10, 20, 30],
        lower=[5, 15, 25],
        upper=[15, 25, 35],
        period_start=starts,
    )
    assert short.for_key(None)[0] == TREND_NOT_CALCULATED
    other = recent_trend(
        value_type="count",
        polarity=Polarity.HIGH_IS_GOOD,
        value=[1, 2, 3],
        lower=[1, 2, 3],
        upper=[1, 2, 3],
        period_start=starts,
    )
    assert other.for_key(None) == (TREND_NOT_CALCULATED, TREND_NOT_CALCULATED)


@pytest.mark.parametrize(
    ("value", "polarity", "expected"),
    [
        (24.0, Polarity.LOW_IS_GOOD, Rag.GREEN),
        (25.0, Polarity.LOW_IS_GOOD, Rag.GREEN),
        (26.5, Polarity.LOW_IS_GOOD, Rag.AMBER),
        (27.0, Polarity.LOW_IS_GOOD, Rag.AMBER),
        (27.1, Polarity.LOW_IS_GOOD, Rag.RED),
        (26.0, Polarity.HIGH_IS_GOOD, Rag.GREEN),
        (23.5, Polarity.HIGH_IS_GOOD, Rag.AMBER),
        (22.0, Polarity.HIGH_IS_GOOD, Rag.RED),
        (26.9, Polarity.NEITHER, Rag.GREEN),
        (27.5, Polarity.NEITHER, Rag.RED),
        (None, Polarity.LOW_IS_GOOD, Rag.NOT_RATED),
    ],
)
def test_rag_against_target(value: float | None, polarity: str, expected: str) -> None:
    rating = rag_against_target(value=value, target=25.0, polarity=polarity, tolerance=2.0, unit="%")
    assert rating.rag == expected
    assert rating.target == 25.0


def test_rag_thresholds_are_explained_in_words() -> None:
    text = rag_thresholds(target=25.0, polarity=Polarity.LOW_IS_GOOD, tolerance=2.0, unit="%")
    assert text == (
        "Green: at or better than (at or below) the target of 25.0%; amber: within 2.0 percentage points "
        "above it; red: worse than that"
    )
    assert "no amber band" in rag_thresholds(
        target=80, polarity=Polarity.HIGH_IS_GOOD, tolerance=0, unit="years"
    )
    assert rag_against_target(value=1.0, target=None, polarity=Polarity.LOW_IS_GOOD).rag == Rag.NOT_RATED


def test_target_for_period_interpolates_a_trajectory() -> None:
    starts = [dt.date(2020, 1, 1), dt.date(2024, 1, 1)]
    values = [30.0, 20.0]
    assert (
        target_for_period(period_start=dt.date(2020, 1, 1), target_starts=starts, target_values=values)
        == 30.0
    )
    assert target_for_period(
        period_start=dt.date(2022, 1, 1), target_starts=starts, target_values=values
    ) == pytest.approx(25.0, abs=0.01)
    assert (
        target_for_period(period_start=dt.date(2026, 1, 1), target_starts=starts, target_values=values)
        == 20.0
    )
    assert (
        target_for_period(period_start=dt.date(2019, 1, 1), target_starts=starts, target_values=values)
        is None
    )
    assert target_for_period(period_start=dt.date(2019, 1, 1), target_starts=[], target_values=[]) is None


def test_spread_gives_range_and_quartiles_per_group() -> None:
    result = spread(keys=["a"] * 5 + ["b"], values=[1, 2, 3, 4, None, 7])
    assert result.keys == ["a", "b"]
    assert result.minimum.tolist() == [1.0, 7.0]
    assert result.median.tolist() == [2.5, 7.0]
    assert result.q25[0] == pytest.approx(1.75)
    assert result.areas.tolist() == [4, 1]


def test_slope_index_across_deciles() -> None:
    deciles = list(range(1, 11))
    values = [30 - 2 * d for d in deciles]  # the most deprived have the highest percentages
    result = slope_index(
        quantile=deciles,
        population=[1000] * 10,
        value=values,
        lower=[v - 2 for v in values],
        upper=[v + 2 for v in values],
        method=Method.WILSON,
        multiplier=100,
    )
    assert result is not None
    assert result.sii == pytest.approx(-20.0, abs=0.01)
    assert result.sii_lower < result.sii < result.sii_upper
    assert (
        slope_index(
            quantile=[1, 2],
            population=[1, 1],
            value=[1, 2],
            lower=[0, 1],
            upper=[2, 3],
            method=Method.NONE,
            multiplier=1,
        )
        is None
    )


def test_age_specific_figures_wrap_stats() -> None:
    ages = list(range(0, 95, 5))
    dsr = dsr_figures(count=[10] * 19, population=[1000] * 19, start_age=ages, groups=None)
    assert dsr.value[0] == pytest.approx(1000.0)
    assert dsr.lower998[0] < dsr.lower95[0] < 1000 < dsr.upper95[0]
    means = mean_figures(values=[1, 2, 3, 4], groups=["x", "x", "y", "y"])
    assert means.keys == ["x", "y"]
    assert means.value.tolist() == [1.5, 3.5]
    starts = [0, 1, *range(5, 95, 5)]
    life = life_expectancy_figures(deaths=[5] * 20, population=[5000] * 20, start_age=starts, groups=None)
    assert 0 < life.lower95[0] < life.value[0] < life.upper95[0]


def test_relative_difference() -> None:
    assert relative_difference([101, 0.5], [100, 0]).tolist() == pytest.approx([0.01, 0.5])


@pytest.mark.parametrize(
    ("published", "polarity", "expected95", "expected998"),
    [
        ("Worse", Polarity.LOW_IS_GOOD, "worse", NOT_COMPARED),
        ("Better", Polarity.HIGH_IS_GOOD, "better", NOT_COMPARED),
        ("Similar", Polarity.LOW_IS_GOOD, "similar", "similar"),
        ("Same", Polarity.HIGH_IS_GOOD, "similar", "similar"),
        ("Better 95%", Polarity.LOW_IS_GOOD, "better", "similar"),
        ("Worse 99.8%", Polarity.LOW_IS_GOOD, "worse", "worse"),
        ("  worse 99.8% ", Polarity.HIGH_IS_GOOD, "worse", "worse"),
        ("Higher", Polarity.NEITHER, "higher", NOT_COMPARED),
        ("Lower 99.8%", Polarity.NEITHER, "lower", "lower"),
        ("Higher", Polarity.HIGH_IS_GOOD, "better", NOT_COMPARED),
        ("Higher", Polarity.LOW_IS_GOOD, "worse", NOT_COMPARED),
        ("Lower 95%", Polarity.LOW_IS_GOOD, "better", "similar"),
        ("Not compared", Polarity.LOW_IS_GOOD, NOT_COMPARED, NOT_COMPARED),
        ("", Polarity.LOW_IS_GOOD, NOT_COMPARED, NOT_COMPARED),
        ("Highest", Polarity.HIGH_IS_GOOD, NOT_COMPARED, NOT_COMPARED),
        ("Middle", Polarity.NEITHER, NOT_COMPARED, NOT_COMPARED),
    ],
)
def test_published_verdicts_in_wellboards_words(
    published: str, polarity: str, expected95: str, expected998: str
) -> None:
    assert published_significance(published, polarity=polarity) == expected95
    assert published_significance(published, polarity=polarity, strict=True) == expected998


def test_a_published_better_or_worse_without_a_better_direction_says_higher_or_lower() -> None:
    neither = Polarity.NEITHER
    assert published_significance("Better", polarity=neither, value=12.0, benchmark=10.0) == "higher"
    assert published_significance("Worse", polarity=neither, value=8.0, benchmark=10.0) == "lower"
    assert published_significance("Worse", polarity=neither) == NOT_COMPARED
    assert published_significance("Worse", polarity=neither, value=10.0, benchmark=10.0) == NOT_COMPARED
    assert published_significance("Similar", polarity=neither) == "similar"
