"""Fingertips' recent trend: is an indicator significantly rising or falling lately?

Rule, from the Fingertips source (fingertips-open ``TrendMarkerCalculator`` and
``TrendRequest``, 2020) and checked against the trends Fingertips publishes (see
``tests/unit/stats/test_stats_fingertips.py``):

* Use the five most recent valid points (value, count and denominator present); invalid
  points are skipped ("years don't need to be consecutive", as in the current Fingertips
  calculator; the 2020 code stopped at the first invalid point instead). With fewer than
  five valid points the trend "could not be calculated". Points without confidence limits
  are left out of the regression. With fewer than five valid
  points the trend "could not be calculated"; otherwise the five most recent are used,
  with times 1..5 (the spacing of the periods is not used).
* The usual test is inverse-variance weighted regression of the values on time, each
  point's standard error taken from its 95% limits as ``(U - L) / 3.92``; the statistic is
  ``chi2 = (slope / se(slope))^2`` on 1 degree of freedom. This is what Fingertips
  publishes for proportions, crude rates and directly standardised rates.
* For indicators benchmarked by "SPC for proportions" Fingertips instead uses the
  chi-square test for linear trend on counts x and denominators n (Cochran-Armitage):
  ``chi2 = N (N sum(x t) - X sum(n t))^2 / (X (N - X) (N sum(n t^2) - sum(n t)^2))``;
  here ``trend(..., method="counts")``. A count equal to its denominator stops it.
* The trend is significant when chi2 exceeds the chi-square(1) quantile at 99.8%
  (9.5495) *and* there is no outlier: the slope (of the values, or of logit(p) on the
  counts path) keeps its sign with all five points and with each point left out in turn.
  Its direction is the sign of the slope.

Deviations on the counts path: a zero count also stops the calculation (its logit, used
by the outlier check, is undefined), and the direction is the sign of the logit slope (the
2020 Fingertips code does not set its slope on that path).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from wellboard.stats._grouping import Grouping, group_rows
from wellboard.stats._poisson import count_limits
from wellboard.stats.compare import Polarity, check_polarity
from wellboard.stats.estimate import FloatArray, as_float_array, z_value
from wellboard.stats.proportions import wilson_limits

TrendValueType = Literal["proportion", "rate"]
TrendMethod = Literal["weighted", "counts"]

TREND_VALUE_TYPES: tuple[str, ...] = ("proportion", "crude rate", "directly standardised rate")
"""Value types Fingertips gives a recent trend; for any other it "could not be calculated"."""

INCREASING = "increasing"
DECREASING = "decreasing"
NO_CHANGE = "no significant change"
NOT_CALCULATED = "could not be calculated"
BETTER = "getting better"
WORSE = "getting worse"


@dataclass(frozen=True, slots=True, eq=False)
class Trend:
    """Recent trend per group.

    Attributes:
        groups: sorted group keys, or ``None`` when all rows were one series.
        direction: "increasing", "decreasing", "no significant change" or
            "could not be calculated".
        assessment: with a polarity, "getting better" / "getting worse" in place of
            increasing/decreasing; with polarity "neither" the same as ``direction``.
        chi_square: the trend test statistic (NaN where not calculated).
        slope: slope per time step (logit scale for proportions, value scale for rates).
    """

    groups: NDArray[np.generic] | None
    direction: NDArray[np.str_]
    assessment: NDArray[np.str_]
    chi_square: FloatArray
    slope: FloatArray


def _ols_slopes(values: FloatArray, keep: FloatArray) -> FloatArray:
    """Unweighted least-squares slope of ``values`` on t = 1..P over the kept points."""
    t = np.arange(1.0, values.shape[1] + 1.0)
    count = keep.sum(axis=1)
    mean_t = (keep * t).sum(axis=1) / count
    mean_v = (keep * values).sum(axis=1) / count
    centred = keep * (t - mean_t[:, None])
    result: FloatArray = (centred * (values - mean_v[:, None])).sum(axis=1) / (centred * centred).sum(axis=1)
    return result


def _weighted_slopes(values: FloatArray, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Weighted least-squares slope on t = 1..P and its chi-square (slope / se)^2."""
    t = np.arange(1.0, values.shape[1] + 1.0)
    s1 = weights.sum(axis=1)
    s2 = (weights * values * t).sum(axis=1)
    s3 = (weights * t).sum(axis=1)
    s4 = (weights * values).sum(axis=1)
    s5 = (weights * t * t).sum(axis=1)
    spread = s1 * s5 - s3 * s3
    slope = (s1 * s2 - s3 * s4) / spread
    return slope, slope * slope * spread / s1


def _consistent(
    slope_of: Callable[[FloatArray, FloatArray], FloatArray], values: FloatArray, weights: FloatArray
) -> NDArray[np.bool_]:
    """True where the slope keeps its sign with all points and with each left out."""
    signs = []
    for left_out in range(-1, values.shape[1]):
        keep = weights.copy()
        if left_out >= 0:
            keep[:, left_out] = 0.0
        slope = slope_of(values, keep)
        signs.append(np.where(slope < 0, -1, 1))
    result: NDArray[np.bool_] = np.abs(np.sum(signs, axis=0)) == len(signs)
    return result


def _recent_points(
    columns: tuple[FloatArray, ...],
    valid: NDArray[np.bool_],
    period: NDArray[np.generic],
    codes: NDArray[np.intp],
    *,
    size: int,
    points: int,
) -> tuple[list[FloatArray], NDArray[np.bool_]]:
    """The last ``points`` valid rows of each group, as (groups x points) tables."""
    order = np.lexsort((period, codes))
    sorted_codes = codes[order]
    same = (sorted_codes[1:] == sorted_codes[:-1]) & (period[order][1:] == period[order][:-1])
    if np.any(same):
        raise ValueError("each group may have each period only once")
    usable = valid[order]
    ends = np.cumsum(np.bincount(sorted_codes, minlength=size))
    last_row = ends[sorted_codes] - 1
    # Valid rows at or after each row within its group; invalid rows are skipped, not
    # treated as the end of the series.
    prefix = np.cumsum(usable)
    from_end = prefix[last_row] - prefix + usable - 1
    enough = np.bincount(sorted_codes, weights=usable.astype(np.float64), minlength=size) >= points
    chosen = usable & (from_end < points)
    slot = points - 1 - from_end[chosen]
    tables = []
    for column in columns:
        table = np.full((size, points), np.nan)
        table[sorted_codes[chosen], slot] = column[order][chosen]
        tables.append(table)
    return tables, enough


def _check_options(polarity: str, points: int, confidence: float) -> float:
    check_polarity(polarity)
    z_value(confidence)
    if isinstance(points, bool) or not isinstance(points, int) or points < 3:
        raise ValueError("points must be a whole number of at least 3")
    return float(special.chdtri(1.0, 1.0 - float(confidence)))


def _series(
    period: ArrayLike, groups: ArrayLike | None, size: int
) -> tuple[NDArray[np.generic], NDArray[np.intp], Grouping]:
    periods = np.asarray(period)
    if periods.shape != (size,):
        raise ValueError(f"period must have one entry per row ({size})")
    grouping = group_rows(groups, size, pool_ungrouped=True)
    codes = np.zeros(size, dtype=np.intp) if grouping.codes is None else grouping.codes
    return periods, codes, grouping


def _result(
    grouping: Grouping,
    enough: NDArray[np.bool_],
    significant: NDArray[np.bool_],
    chi2: FloatArray,
    slope: FloatArray,
    *,
    polarity: str,
) -> Trend:
    direction = np.where(slope > 0, INCREASING, DECREASING)
    direction = np.where(significant & enough, direction, np.where(enough, NO_CHANGE, NOT_CALCULATED)).astype(
        np.str_
    )
    assessment = direction.copy()
    if polarity != "neither":
        up, down = (BETTER, WORSE) if polarity == "high is good" else (WORSE, BETTER)
        assessment = np.select(
            [direction == INCREASING, direction == DECREASING], [up, down], direction
        ).astype(np.str_)
    return Trend(
        grouping.keys,
        direction,
        assessment,
        np.where(enough, chi2, np.nan),
        np.where(enough, slope, np.nan),
    )


def trend_from_limits(
    value: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    period: ArrayLike,
    *,
    groups: ArrayLike | None = None,
    polarity: Polarity = "neither",
    points: int = 5,
    confidence: float = 0.998,
    count: ArrayLike | None = None,
    denominator: ArrayLike | None = None,
) -> Trend:
    """Recent trend from values and their 95% limits (Fingertips' weighted-regression path).

    Each point is weighted by 1 / se^2 with se = (upper - lower) / 3.92, so this works for
    any value type that has 95% limits (crude rates, proportions without counts, DSRs).
    Points with a missing value are skipped. As in Fingertips, a point with a value but no
    limits counts towards the five but carries no weight, so the trend may rest on fewer
    points. Give ``count`` and ``denominator`` to apply Fingertips' remaining rules: a
    point without both is not valid, and a count equal to its denominator among the five
    points means the trend cannot be calculated.
    """
    critical = _check_options(polarity, points, confidence)
    values = as_float_array("value", value)
    size = values.shape[0]
    low = as_float_array("lower", lower, size)
    high = as_float_array("upper", upper, size)
    periods, codes, grouping = _series(period, groups, size)
    valid = np.isfinite(values)
    full = np.zeros(size, dtype=bool)
    if count is not None or denominator is not None:
        if count is None or denominator is None:
            raise ValueError("give both count and denominator, or neither")
        counts = as_float_array("count", count, size)
        denominators = as_float_array("denominator", denominator, size)
        valid &= np.isfinite(counts) & np.isfinite(denominators)
        full = counts == denominators
    (v, lo, hi, whole), enough = _recent_points(
        (values, low, high, full.astype(np.float64)), valid, periods, codes, size=grouping.size, points=points
    )
    enough &= ~np.any(whole == 1.0, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = (hi - lo) / 3.92
        weights = np.where(se > 0, 1.0 / (se * se), 0.0)
        v = np.where(weights > 0, v, 0.0)
        slope, chi2 = _weighted_slopes(v, weights)
        consistent = _consistent(lambda data, keep: _weighted_slopes(data, keep)[0], v, weights)
    return _result(grouping, enough, enough & consistent & (chi2 > critical), chi2, slope, polarity=polarity)


def trend(
    numerator: ArrayLike,
    denominator: ArrayLike,
    period: ArrayLike,
    *,
    groups: ArrayLike | None = None,
    value_type: TrendValueType = "proportion",
    polarity: Polarity = "neither",
    method: TrendMethod = "weighted",
    points: int = 5,
    confidence: float = 0.998,
) -> Trend:
    """Fingertips recent trend over the last ``points`` annual periods of each group.

    Args:
        numerator, denominator: count and denominator of each period (row).
        period: a sortable period key per row (e.g. the year); only the order is used.
        groups: series key per row (e.g. area); ``None`` for a single series.
        value_type: "proportion" (Wilson 95% limits) or "rate" (exact/Byar's 95% limits).
        polarity: "high is good", "low is good" or "neither".
        method: "weighted" (default) is Fingertips' usual test: inverse-variance weighted
            regression of the values on time, as :func:`trend_from_limits`; it reproduces
            the trends Fingertips publishes for proportions, crude rates and DSRs.
            "counts" is Fingertips' test for indicators benchmarked by SPC for proportions:
            the chi-square test for linear trend on the counts (proportions only).
        points: number of most recent points (Fingertips uses 5).
        confidence: significance level of the test (Fingertips uses 99.8%).
    """
    if value_type not in ("proportion", "rate"):
        raise ValueError(f"value_type must be 'proportion' or 'rate', got {value_type!r}")
    if method not in ("weighted", "counts"):
        raise ValueError(f"method must be 'weighted' or 'counts', got {method!r}")
    if method == "counts" and value_type != "proportion":
        raise ValueError("method='counts' is the chi-square test for proportions only")
    critical = _check_options(polarity, points, confidence)
    x = as_float_array("numerator", numerator)
    size = x.shape[0]
    n = as_float_array("denominator", denominator, size)
    if method == "weighted":
        usable = np.isfinite(x) & np.isfinite(n) & (n > 0) & (x >= 0)
        if value_type == "proportion":
            usable &= x <= n
            lower, upper = wilson_limits(
                np.where(usable, x, np.nan), np.where(usable, n, np.nan), 1.959963984540054
            )
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                low_count, high_count = count_limits(np.where(usable, x, np.nan), 0.95, 1.959963984540054)
                lower, upper = low_count / n, high_count / n
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(usable, x / n, np.nan)
        return trend_from_limits(
            value,
            lower,
            upper,
            period,
            groups=groups,
            polarity=polarity,
            points=points,
            confidence=confidence,
        )
    periods, codes, grouping = _series(period, groups, size)
    valid = np.isfinite(x) & np.isfinite(n) & (n > 0) & (x >= 0)
    (counts, denominators), enough = _recent_points(
        (x, n), valid, periods, codes, size=grouping.size, points=points
    )
    enough &= np.all((counts > 0) & (counts < denominators), axis=1)
    t = np.arange(1.0, points + 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        big_n, big_x = denominators.sum(axis=1), counts.sum(axis=1)
        xt = (counts * t).sum(axis=1)
        nt = (denominators * t).sum(axis=1)
        nt2 = (denominators * t * t).sum(axis=1)
        chi2 = big_n * (big_n * xt - big_x * nt) ** 2 / (big_x * (big_n - big_x) * (big_n * nt2 - nt * nt))
        logits = np.log(counts / (denominators - counts))
        everywhere = np.ones_like(logits)
        slope = _ols_slopes(logits, everywhere)
        consistent = _consistent(_ols_slopes, logits, everywhere)
    return _result(grouping, enough, enough & consistent & (chi2 > critical), chi2, slope, polarity=polarity)
