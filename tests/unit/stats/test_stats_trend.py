"""Tests for the recent trend (``trend`` and ``trend_from_limits``).

The golden test against trends published by Fingertips is in test_stats_fingertips.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from wellboard.stats import trend, trend_from_limits


def test_counts_statistic_matches_the_cochran_armitage_textbook_value() -> None:
    # R's prop.trend.test documentation example: X-squared = 8.2249 for these smokers.
    result = trend([83, 90, 129, 70], [86, 93, 136, 82], [1, 2, 3, 4], method="counts", points=4)
    assert result.chi_square[0] == pytest.approx(8.2249, abs=5e-5)
    assert result.direction[0] == "no significant change"  # 8.22 < 9.55 at 99.8%
    looser = trend(
        [83, 90, 129, 70], [86, 93, 136, 82], [1, 2, 3, 4], method="counts", points=4, confidence=0.99
    )
    assert looser.direction[0] == "decreasing"


def _series(proportions: list[float], size: float = 100_000) -> tuple[np.ndarray, np.ndarray]:
    denominator = np.full(len(proportions), size)
    return np.round(np.array(proportions) * denominator), denominator


@pytest.mark.parametrize("method", ["weighted", "counts"])
def test_clear_rise_and_polarity(method: str) -> None:
    counts, denominators = _series([0.10, 0.11, 0.12, 0.13, 0.14, 0.15])
    years = np.arange(2015, 2021)
    rising = trend(counts, denominators, years, polarity="high is good", method=method)  # type: ignore[arg-type]
    assert rising.direction[0] == "increasing"
    assert rising.assessment[0] == "getting better"
    worse = trend(counts, denominators, years, polarity="low is good", method=method)  # type: ignore[arg-type]
    assert worse.assessment[0] == "getting worse"
    neutral = trend(counts, denominators, years, method=method)  # type: ignore[arg-type]
    assert neutral.assessment[0] == "increasing"


def test_outlier_blocks_a_significant_trend() -> None:
    # Flat apart from one jump: removing the jump reverses the slope's sign.
    counts, denominators = _series([0.100, 0.101, 0.100, 0.099, 0.150])
    result = trend(counts, denominators, np.arange(5))
    assert result.chi_square[0] > 9.55
    assert result.direction[0] == "no significant change"


def test_invalid_points_are_skipped_not_fatal() -> None:
    counts, denominators = _series([0.09, 0.10, 0.5, 0.11, 0.12, 0.13, 0.14])
    counts[2] = np.nan  # skipped: the five most recent valid points are still a clear rise
    result = trend(counts, denominators, np.arange(7))
    assert result.direction[0] == "increasing"
    counts[[0, 4]] = np.nan  # now only four valid points
    blank = trend(counts, denominators, np.arange(7))
    assert blank.direction[0] == "could not be calculated"
    assert np.isnan(blank.chi_square[0])


def test_grouped_equals_separate_and_row_order_is_irrelevant() -> None:
    a_counts, a_den = _series([0.10, 0.11, 0.12, 0.13, 0.14])
    b_counts, b_den = _series([0.30, 0.30, 0.29, 0.31, 0.30])
    counts = np.concatenate([a_counts, b_counts])
    dens = np.concatenate([a_den, b_den])
    years = np.tile(np.arange(2016, 2021), 2)
    groups = np.repeat(["b-area", "a-area"], 5)
    order = np.random.default_rng(1).permutation(10)
    together = trend(counts[order], dens[order], years[order], groups=groups[order])
    assert list(together.groups) == ["a-area", "b-area"]  # type: ignore[arg-type]
    assert together.direction[1] == trend(a_counts, a_den, years[:5]).direction[0]
    assert together.chi_square[0] == pytest.approx(trend(b_counts, b_den, years[:5]).chi_square[0])


def test_counts_equal_to_denominator_cannot_be_calculated() -> None:
    result = trend([5, 6, 7, 8, 10], [10] * 5, range(5), method="counts")
    assert result.direction[0] == "could not be calculated"


def test_rates_use_poisson_limits() -> None:
    counts = np.array([100, 130, 160, 190, 220])
    result = trend(counts, np.full(5, 1e5), range(5), value_type="rate", polarity="low is good")
    assert result.assessment[0] == "getting worse"


def test_from_limits_matches_counts_route() -> None:
    counts, denominators = _series([0.10, 0.11, 0.12, 0.13, 0.14], size=2000)
    from_counts = trend(counts, denominators, range(5))
    p = counts / denominators
    se = np.sqrt(p * (1 - p) / denominators)
    from_limits = trend_from_limits(p, p - 1.96 * se, p + 1.96 * se, range(5))
    assert_array_equal(from_counts.direction, from_limits.direction)


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="points"):
        trend([1, 2], [10, 10], [1, 2], points=2)
    with pytest.raises(ValueError, match="method"):
        trend([1], [10], [1], method="lm")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="proportions only"):
        trend([1], [10], [1], value_type="rate", method="counts")
    with pytest.raises(ValueError, match="only once"):
        trend([1, 2, 3, 4, 5], [10] * 5, [1, 1, 2, 3, 4])
    with pytest.raises(ValueError, match="polarity"):
        trend([1], [10], [1], polarity="up")  # type: ignore[arg-type]
