"""Slope index of inequality (SII) and relative index of inequality (RII).

Method: Low A, Low A (2004) "Measuring the gap: quantifying and comparing local health
inequalities", J Public Health 26:388-395, as implemented by PHEindicatormethods
``phe_sii``. Each quantile (e.g. deprivation decile, 1 = most deprived) gets a relative
rank: the midpoint of its share of the group's population in the cumulative distribution.
The quantile values are regressed on the rank by population-weighted least squares; the
SII is the fitted value at rank 1 minus the fitted value at rank 0 (the slope), the RII is
their ratio, and the "intercept" is the fitted value at rank 0.

With ``transform=True`` rates are fitted on the log scale and proportions on the logit
scale, and the fitted values at 0 and 1 are transformed back before differencing.

Confidence limits are simulated, as in the reference: each quantile value is redrawn from
a normal distribution (on the log/logit scale for rates/proportions) with its standard
error, the regression refitted, and the limits read off the simulated distribution. The
regression coefficients are linear in the values, so each refit is a dot product and the
whole simulation is vectorised. Simulated limits depend on the random numbers: they agree
with the reference's (R's generator) only to Monte Carlo error, about 0.5% of the limit at
100,000 repetitions; the point estimates are deterministic and agree exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from wellboard.stats._grouping import group_rows
from wellboard.stats.estimate import Estimate, FloatArray, as_float_array, z_value

ValueType = Literal["other", "rate", "proportion"]

# The reference derives standard errors from 95% limits whatever confidence is requested.
_Z95 = 1.959963984540054
_MAX_DRAWS_PER_BLOCK = 20_000_000
NEEDS_SE_OR_LIMITS = "sii needs se, or both lower and upper confidence limits"


@dataclass(frozen=True, slots=True, eq=False)
class SlopeIndex:
    """SII and RII per group, with the fitted value at the most deprived end.

    Attributes:
        sii: the slope index of inequality (times ``multiplier``) with simulated limits.
        rii: the relative index of inequality with simulated limits (inverted when the
            multiplier is negative, to keep its polarity with the SII).
        intercept: fitted value at relative rank 0 (the most deprived end).
    """

    sii: Estimate
    rii: Estimate
    intercept: FloatArray


def _forward(values: FloatArray, value_type: ValueType) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        if value_type == "rate":
            return np.log(values)
        if value_type == "proportion":
            return np.log(values / (1.0 - values))
    return values


def _backward(values: FloatArray, value_type: ValueType) -> FloatArray:
    with np.errstate(over="ignore"):
        if value_type == "rate":
            return np.exp(values)
        if value_type == "proportion":
            return 1.0 / (1.0 + np.exp(-values))
    return values


def _check_inputs(
    population: FloatArray,
    value: FloatArray,
    *,
    se: FloatArray | None,
    lower: FloatArray | None,
    upper: FloatArray | None,
    value_type: ValueType,
) -> None:
    if not np.all(population > 0):
        raise ValueError("population must be greater than zero (and present) in every row")
    if se is not None and not np.all(se >= 0):
        raise ValueError("se must be zero or more (and present) in every row")
    if lower is not None and upper is not None and (np.isnan(lower).any() or np.isnan(upper).any()):
        raise ValueError("lower and upper confidence limits must be present in every row")
    if value_type == "proportion":
        if np.any((value < 0) | (value > 1)):
            raise ValueError("proportions must be between 0 and 1")
        for limit in (lower, upper):
            if limit is not None and np.any((limit < 0) | (limit > 1)):
                raise ValueError("confidence limits of proportions must be between 0 and 1")


def _standard_errors(
    se: FloatArray | None, lower: FloatArray | None, upper: FloatArray | None, value_type: ValueType
) -> FloatArray:
    """``se`` as given, else read from the spread of the 95% limits on the scale the fit uses."""
    if se is not None:
        return se
    if lower is None or upper is None:
        raise ValueError(NEEDS_SE_OR_LIMITS)
    spread = _forward(upper, value_type) - _forward(lower, value_type)
    result: FloatArray = spread / (2.0 * _Z95)
    return result


def sii(
    quantile: ArrayLike,
    population: ArrayLike,
    *,
    value: ArrayLike | None = None,
    count: ArrayLike | None = None,
    groups: ArrayLike | None = None,
    value_type: ValueType = "other",
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    se: ArrayLike | None = None,
    multiplier: float = 1.0,
    confidence: float = 0.95,
    transform: bool = False,
    repetitions: int = 100_000,
    seed: int | None = 0,
) -> SlopeIndex:
    """Slope and relative index of inequality per group across ordered quantiles.

    Args:
        quantile: quantile label of each row, ordered from most to least deprived (e.g.
            deprivation decile 1..10). Every group needs every quantile present in the
            data (5 to 100 of them); groups missing one get NaN.
        population: population of each quantile (positive).
        value: indicator value of each quantile; for proportions ``count`` may be given
            instead (value = count / population). A NaN value blanks its group.
        groups: group key per row; ``None`` treats all rows as one set of quantiles.
        value_type: ``"other"`` (normal), ``"rate"`` (log scale) or ``"proportion"``
            (0..1, logit scale); decides how values are redrawn in the simulation.
        lower, upper: 95% confidence limits of each value, used to derive standard errors
            (on the log/logit scale for rates/proportions) when ``se`` is not given.
        se: standard error of each value (on the log/logit scale for rates/proportions).
        multiplier: scales the SII (e.g. 100 for percentages); a negative multiplier also
            inverts the RII so both keep the same polarity.
        transform: fit rates on the log and proportions on the logit scale.
        repetitions: simulated samples for the limits (1,000 or more).
        seed: seed of the simulation's random numbers (``None`` for fresh entropy); the
            default makes results reproducible.
    """
    z = z_value(confidence)
    del z  # validated only: limits are read from simulated quantiles, not a normal quantile
    if value_type not in ("other", "rate", "proportion"):
        raise ValueError(f"value_type must be 'other', 'rate' or 'proportion', got {value_type!r}")
    if transform and value_type == "other":
        raise ValueError("transform applies to rates (log) and proportions (logit) only")
    if repetitions < 1000:
        raise ValueError("repetitions must be 1,000 or more")
    if not (np.isfinite(multiplier) and multiplier != 0):
        raise ValueError("multiplier must be a non-zero number")
    labels = np.asarray(quantile)
    size = labels.shape[0]
    pop = as_float_array("population", population, size)
    if value is not None:
        values = as_float_array("value", value, size)
    elif count is not None and value_type == "proportion":
        counts = as_float_array("count", count, size)
        if np.any(counts <= 0):
            raise ValueError("count must be greater than zero when it gives the proportion")
        values = counts / pop
    else:
        raise ValueError("sii needs value, or count for a proportion")
    se_values = None if se is None else as_float_array("se", se, size)
    lower_values = None if lower is None else as_float_array("lower", lower, size)
    upper_values = None if upper is None else as_float_array("upper", upper, size)
    if se_values is None and (lower_values is None or upper_values is None):
        raise ValueError(NEEDS_SE_OR_LIMITS)
    _check_inputs(pop, values, se=se_values, lower=lower_values, upper=upper_values, value_type=value_type)
    se_values = _standard_errors(se_values, lower_values, upper_values, value_type)

    levels, column = np.unique(labels, return_inverse=True)
    k = levels.shape[0]
    if not 5 <= k <= 100:
        raise ValueError(f"sii needs between 5 and 100 quantiles, got {k}")
    grouping = group_rows(groups, size, pool_ungrouped=True)
    codes = np.zeros(size, dtype=np.intp) if grouping.codes is None else grouping.codes
    cell = codes * k + column.reshape(-1)
    present = np.bincount(cell, minlength=grouping.size * k).reshape(grouping.size, k)
    if np.any(present > 1):
        raise ValueError("each group must have each quantile at most once")
    tables = []
    for source in (pop, _forward(values, value_type), se_values):
        table = np.full((grouping.size, k), np.nan)
        table.reshape(-1)[cell] = source
        tables.append(table)
    pops, centre, spread_table = tables
    complete = np.all(present == 1, axis=1) & np.all(np.isfinite(centre), axis=1)

    share = pops / pops.sum(axis=1, keepdims=True)
    rank = np.cumsum(share, axis=1) - share / 2.0
    mean_rank = np.sum(share * rank, axis=1, keepdims=True)
    slope_weights = share * (rank - mean_rank)
    slope_weights /= np.sum(slope_weights * (rank - mean_rank), axis=1, keepdims=True)
    intercept_weights = share - mean_rank * slope_weights

    def summarise(fitted: FloatArray, rows: slice) -> tuple[FloatArray, FloatArray, FloatArray]:
        # fitted: (..., groups, k) values on the fitting scale -> SII, RII, value at rank 0
        at_zero = np.sum(fitted * intercept_weights[rows], axis=-1)
        at_one = at_zero + np.sum(fitted * slope_weights[rows], axis=-1)
        if transform:
            at_zero, at_one = _backward(at_zero, value_type), _backward(at_one, value_type)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = at_one / at_zero
        if multiplier < 0:
            ratio = 1.0 / ratio
        return multiplier * (at_one - at_zero), ratio, at_zero

    point = centre if transform else _backward(centre, value_type)
    sii_value, rii_value, intercept = summarise(point, slice(None))

    tail = (1.0 - float(confidence)) / 2.0
    sii_limits = np.full((2, grouping.size), np.nan)
    rii_limits = np.full((2, grouping.size), np.nan)
    rng = np.random.default_rng(seed)
    block = max(1, _MAX_DRAWS_PER_BLOCK // (repetitions * k))
    for start in range(0, grouping.size, block):
        rows = slice(start, start + block)
        draws = centre[rows] + spread_table[rows] * rng.standard_normal((repetitions, *centre[rows].shape))
        fitted = draws if transform else _backward(draws, value_type)
        slopes, ratios, _ = summarise(fitted, rows)
        sii_limits[:, rows] = np.quantile(slopes, [tail, 1.0 - tail], axis=0)
        rii_limits[:, rows] = np.quantile(ratios, [tail, 1.0 - tail], axis=0)

    blank = ~complete
    for array in (sii_value, rii_value, intercept, *sii_limits, *rii_limits):
        array[blank] = np.nan
    sii_low, sii_high = np.sort(sii_limits, axis=0)
    rii_low, rii_high = np.sort(rii_limits, axis=0)
    confidence_level = float(confidence)
    return SlopeIndex(
        sii=Estimate(sii_value, sii_low, sii_high, grouping.keys, confidence_level),
        rii=Estimate(rii_value, rii_low, rii_high, grouping.keys, confidence_level),
        intercept=intercept,
    )
