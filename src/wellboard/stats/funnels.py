"""Funnel plot control limits and outlier flags for proportions, ratios and rates.

Method: PHE Fingertips technical guidance (funnel plots), as implemented by
PHEindicatormethods ``calculate_funnel_limits`` / ``assign_funnel_significance`` /
``calculate_funnel_points``; Spiegelhalter DJ (2005) "Funnel plots for comparing
institutional performance", Stat Med 24:1185-1202.

* Proportions: around the overall proportion p = sum(x) / sum(n), limits at population n
  are p -/+ z sqrt(p (1 - p) / n) with z for 95% (2 sigma) and 99.8% (3 sigma), clipped
  to [0, multiplier]. (The reference writes this as the inverse of a Wilson interval; the
  expression simplifies algebraically to the normal approximation above.)
* Ratios (observed / expected) and rates: the x axis is the observed count O; each limit
  is the expected count E at which O sits exactly on the Poisson tail probability, found
  as in the PHE funnel-plot macro by bisection (to 1e-7 on the scale v = E / (E + O + 1)),
  so the charted limits agree with PHE's published charts.
* The axis has 100 points from 1 (or a rounded minimum when the denominators span less
  than a factor of two) to a rounded maximum, geometrically spaced and rounded to whole
  numbers, as in the reference.

Outlier flags compare each area's value with the limits at its own denominator:
"High (0.001)" / "High (0.025)" / "Low (0.001)" / "Low (0.025)" / "Not significant".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from wellboard.stats._poisson import count_limits
from wellboard.stats.estimate import FloatArray, as_float_array, z_value

Statistic = Literal["proportion", "ratio", "rate"]
RatioType = Literal["count", "isr"]
RateType = Literal["dsr", "crude"]

_POINTS = 100
_BISECTION_TOLERANCE = 1e-7
_TAILS = {"95": 0.025, "998": 0.001}
NOT_APPLICABLE_DSR = "Not applicable for events less than 10 for dsrs"


@dataclass(frozen=True, slots=True, eq=False)
class FunnelLimits:
    """Points along a funnel plot's control limits.

    Attributes:
        statistic: "proportion", "ratio" or "rate".
        x: the axis variable: population (proportions) or observed events (ratios, rates).
        lower95, upper95, lower998, upper998: limit values (2 sigma / 95% and 3 sigma / 99.8%).
        lower95_at, upper95_at, lower998_at, upper998_at: where each limit point sits on the
            chart's horizontal axis: the population for proportions, the expected events for
            ratios, and the population per year for rates.
        baseline: the overall value the funnel is centred on (already multiplied).
    """

    statistic: str
    x: FloatArray
    lower95: FloatArray
    upper95: FloatArray
    lower998: FloatArray
    upper998: FloatArray
    lower95_at: FloatArray
    upper95_at: FloatArray
    lower998_at: FloatArray
    upper998_at: FloatArray
    baseline: float


def _digits(value: float) -> int:
    return len(str(int(value)))


def _round_down(value: float) -> float:
    """95% of ``value`` rounded down to one significant figure (keeps the axis tidy)."""
    if value == 0:
        return 0.0
    scaled = math.floor(value * 0.95)
    power = 10.0 ** (_digits(scaled) - 1)
    return math.floor(value * 0.95 / power) * power


def _round_up(value: float) -> float:
    """105% of ``value`` rounded up to two significant figures."""
    if value == 0:
        return 0.0
    scaled = math.ceil(value * 1.05)
    power = 10.0 ** (_digits(scaled) - 2)
    return math.ceil(value * 1.05 / power) * power


def _axis(start: float, stop: float, *, ratio: bool) -> FloatArray:
    # Each point closes the remaining gap geometrically; the reference ends ratio axes one
    # step short of the maximum, so the exponent is offset by one for ratios.
    points = np.empty(_POINTS)
    points[0] = max(1.0, start)
    for index in range(1, _POINTS):
        steps_left = _POINTS - index + (1 if ratio else 0)
        grown = np.round((stop / points[index - 1]) ** (1.0 / steps_left) * points[index - 1])
        points[index] = max(grown, points[index - 1] + 1.0)
    return points


def _axis_range(low: float, high: float) -> tuple[float, float]:
    start = 0.0 if high > 2 * low else _round_down(low)
    return start, _round_up(high)


def poisson_funnel(observed: FloatArray, tail: float, side: Literal["low", "high"]) -> FloatArray:
    """Expected count at which ``observed`` events sit on a Poisson tail of ``tail``.

    ``side="low"`` solves P(X >= O | E) = tail (E below O: the upper-limit point);
    ``side="high"`` solves P(X <= O | E) = tail (E above O: the lower-limit point). Solved by
    bisection on v = E / (E + O + 1) to 1e-7, as the PHE funnel macro does.
    """
    v = np.full(observed.shape, 0.5)
    step = 0.5
    while step > _BISECTION_TOLERANCE:
        step /= 2.0
        expected = (1.0 + observed) * v / (1.0 - v)
        if side == "low":
            at_least = np.where(observed > 0, special.gammainc(np.maximum(observed, 1e-300), expected), 1.0)
            v = np.where(at_least > tail, v - step, v + step)
        else:
            at_most = special.gammaincc(observed + 1.0, expected)
            v = np.where(at_most < tail, v - step, v + step)
    result: FloatArray = (1.0 + observed) * v / (1.0 - v)
    return result


def _derived_denominator(
    numerator: FloatArray,
    rate: FloatArray,
    denominator: FloatArray | None,
    rate_type: RateType,
    multiplier: float,
) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        from_rate = multiplier * numerator / rate
    if rate_type == "dsr":
        return np.where(numerator == 0, np.nan, from_rate)
    if denominator is None:
        if np.any(numerator == 0):
            raise ValueError("rows with 0 events need a denominator: give denominator=")
        return from_rate
    return np.where(numerator == 0, denominator, from_rate)


def _rate_inputs(
    numerator: ArrayLike,
    denominator: ArrayLike | None,
    rate: ArrayLike | None,
    rate_type: RateType | None,
    multiplier: float | None,
) -> tuple[FloatArray, FloatArray, float]:
    if rate is None or rate_type not in ("dsr", "crude") or multiplier is None:
        raise ValueError("rate funnels need rate=, rate_type='dsr' or 'crude', and multiplier=")
    num = as_float_array("numerator", numerator)
    rates = as_float_array("rate", rate, num.shape[0])
    den = None if denominator is None else as_float_array("denominator", denominator, num.shape[0])
    return num, _derived_denominator(num, rates, den, rate_type, multiplier), float(multiplier)


def funnel_limits(
    numerator: ArrayLike,
    denominator: ArrayLike | None = None,
    *,
    statistic: Statistic,
    multiplier: float | None = None,
    ratio_type: RatioType = "count",
    rate: ArrayLike | None = None,
    rate_type: RateType | None = None,
    years_of_data: float | None = None,
) -> FunnelLimits:
    """Control limits along a 100-point funnel axis covering the data's denominators.

    Args:
        numerator: observed count per area.
        denominator: population (proportions), expected count (ratios), or population for
            crude rates with zero-event areas (otherwise derived as count / rate).
        statistic: "proportion", "ratio" or "rate".
        multiplier: proportions default to 100 (percentages); ISR ratios default to 100;
            rates need the rate's multiplier (e.g. 100000).
        ratio_type: "count" gives limits as O/E - 1, "isr" as O/E * multiplier.
        rate, rate_type, years_of_data: for rates, the published rate per area, "dsr" or
            "crude", and the number of years pooled (limits are charted per year).
    """
    if statistic == "proportion":
        scale = 100.0 if multiplier is None else float(multiplier)
        num = as_float_array("numerator", numerator)
        if denominator is None:
            raise ValueError("proportion funnels need denominator=")
        den = as_float_array("denominator", denominator, num.shape[0])
        average = float(num.sum() / den.sum())
        x = _axis(*_axis_range(float(den.min()), float(den.max())), ratio=False)
        limits = {}
        for name, tail in _TAILS.items():
            spread = z_value(1.0 - 2.0 * tail) * np.sqrt(average * (1.0 - average) / x)
            limits[name] = (
                np.maximum(0.0, average - spread) * scale,
                np.minimum(1.0, average + spread) * scale,
            )
        return FunnelLimits(
            "proportion", x, *limits["95"], *limits["998"], x, x, x, x, baseline=average * scale
        )
    if statistic == "ratio":
        if denominator is None:
            raise ValueError("ratio funnels need denominator= (expected events)")
        if ratio_type not in ("count", "isr"):
            raise ValueError(f"ratio_type must be 'count' or 'isr', got {ratio_type!r}")
        num = as_float_array("numerator", numerator)
        expected = as_float_array("denominator", denominator, num.shape[0])
        x = _axis(*_axis_range(float(expected.min()), float(expected.max())), ratio=True)
        scale = 100.0 if multiplier is None else float(multiplier)
        at: dict[str, FloatArray] = {}
        for name, tail in _TAILS.items():
            at[f"lower{name}"] = poisson_funnel(x, tail, "high")
            at[f"upper{name}"] = poisson_funnel(x, tail, "low")
        values = {
            key: x / position - 1.0 if ratio_type == "count" else x / position * scale
            for key, position in at.items()
        }
        baseline = float(num.sum() / expected.sum())
        return FunnelLimits(
            "ratio",
            x,
            values["lower95"],
            values["upper95"],
            values["lower998"],
            values["upper998"],
            at["lower95"],
            at["upper95"],
            at["lower998"],
            at["upper998"],
            baseline=baseline - 1.0 if ratio_type == "count" else baseline * scale,
        )
    if statistic == "rate":
        if years_of_data is None or not years_of_data > 0:
            raise ValueError("rate funnels need years_of_data= (a positive number)")
        num, derived, scale = _rate_inputs(numerator, denominator, rate, rate_type, multiplier)
        average = float(np.sum(num) / np.nansum(derived))
        low, high = float(np.nanmin(derived)), float(np.nanmax(derived))
        start, stop = _axis_range(low / years_of_data, high / years_of_data)
        x = _axis(
            math.floor(start * years_of_data * average),
            math.ceil(stop * years_of_data * average),
            ratio=False,
        )
        at = {}
        values = {}
        for name, tail in _TAILS.items():
            for side, solve in (("lower", "high"), ("upper", "low")):
                people = poisson_funnel(x, tail, solve) / average  # type: ignore[arg-type]
                values[f"{side}{name}"] = x / people * scale
                at[f"{side}{name}"] = people / years_of_data
        return FunnelLimits(
            "rate",
            x,
            values["lower95"],
            values["upper95"],
            values["lower998"],
            values["upper998"],
            at["lower95"],
            at["upper95"],
            at["lower998"],
            at["upper998"],
            baseline=average * scale,
        )
    raise ValueError(f"statistic must be 'proportion', 'ratio' or 'rate', got {statistic!r}")


def _label(
    high_998: NDArray[np.bool_],
    high_95: NDArray[np.bool_],
    low_998: NDArray[np.bool_],
    low_95: NDArray[np.bool_],
) -> NDArray[np.str_]:
    # The reference checks the low side first; an area cannot be both high and low.
    return np.select(
        [low_998, low_95, high_998, high_95],
        ["Low (0.001)", "Low (0.025)", "High (0.001)", "High (0.025)"],
        default="Not significant",
    ).astype(np.str_)


def funnel_significance(
    numerator: ArrayLike,
    denominator: ArrayLike | None = None,
    *,
    statistic: Statistic,
    rate: ArrayLike | None = None,
    rate_type: RateType | None = None,
    multiplier: float | None = None,
) -> NDArray[np.str_]:
    """Which side of the funnel each area falls: "High (0.001)" ... "Not significant".

    Proportions compare x/n with the limits at n; ratios compare 1 with the exact/Byar's
    limits of O/E; rates compare the overall rate with each area's Poisson limits. DSRs with
    fewer than 10 events are not assessed ("Not applicable for events less than 10 for dsrs").
    """
    num = as_float_array("numerator", numerator)
    if np.any(num < 0):
        raise ValueError("numerator must not be negative")
    if statistic == "rate":
        events, derived, _ = _rate_inputs(numerator, denominator, rate, rate_type, multiplier)
        average = np.sum(events) / np.nansum(derived)
        with np.errstate(divide="ignore", invalid="ignore"):
            limits = {level: count_limits(events, level, z_value(level)) for level in (0.95, 0.998)}
            lows = {level: limits[level][0] / derived for level in limits}
            highs = {level: limits[level][1] / derived for level in limits}
        labels = _label(
            average < lows[0.998], average < lows[0.95], average > highs[0.998], average > highs[0.95]
        )
        if rate_type == "dsr":
            labels = np.where(events < 10, NOT_APPLICABLE_DSR, labels).astype(np.str_)
        return labels
    if denominator is None:
        raise ValueError(f"{statistic} significance needs denominator=")
    den = as_float_array("denominator", denominator, num.shape[0])
    if not np.all(den > 0):
        raise ValueError("denominator must be greater than zero")
    if statistic == "proportion":
        if np.any(num > den):
            raise ValueError("numerator must not be greater than denominator for a proportion")
        average = num.sum() / den.sum()
        observed = num / den
        spread = {level: z_value(level) * np.sqrt(average * (1 - average) / den) for level in (0.95, 0.998)}
        return _label(
            observed > average + spread[0.998],
            observed > average + spread[0.95],
            observed < average - spread[0.998],
            observed < average - spread[0.95],
        )
    if statistic == "ratio":
        bounds = {level: count_limits(num, level, z_value(level)) for level in (0.95, 0.998)}
        return _label(
            bounds[0.998][0] / den > 1,
            bounds[0.95][0] / den > 1,
            bounds[0.998][1] / den < 1,
            bounds[0.95][1] / den < 1,
        )
    raise ValueError(f"statistic must be 'proportion', 'ratio' or 'rate', got {statistic!r}")


def funnel_points(
    numerator: ArrayLike,
    rate: ArrayLike,
    *,
    rate_type: RateType,
    years_of_data: float,
    multiplier: float,
    denominator: ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Where each area's rate is plotted: (rate to chart, population per year).

    DSRs from fewer than 10 events are not charted (NaN). Crude rates with 0 events need
    ``denominator`` to place them.
    """
    if rate_type not in ("dsr", "crude"):
        raise ValueError(f"rate_type must be 'dsr' or 'crude', got {rate_type!r}")
    num = as_float_array("numerator", numerator)
    rates = as_float_array("rate", rate, num.shape[0])
    den = None if denominator is None else as_float_array("denominator", denominator, num.shape[0])
    if rate_type == "dsr":
        hide = num < 10
        chart = np.where(hide, np.nan, rates)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_year = np.where(hide, np.nan, multiplier * num / rates / years_of_data)
        return chart, per_year
    per_year = _derived_denominator(num, rates, den, "crude", multiplier) / years_of_data
    return rates.copy(), per_year
