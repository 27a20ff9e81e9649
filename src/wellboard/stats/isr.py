"""Indirectly standardised rates (ISR) and ratios (SMR / ISRatio).

Method (PHEindicatormethods ``calculate_ISRate`` / ``calculate_ISRatio``; Breslow & Day
1987): the expected count is ``E = sum(n_i * R_i / N_i)``, the local population of each
band times the reference population's rate in that band. The ratio is ``O / E``; the rate
is that ratio times the reference population's crude rate ``sum(R_i) / sum(N_i)``. Limits
are the Poisson limits of O (exact below 10, Byar's from 10) divided by E.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from wellboard.stats._grouping import Grouping, group_rows
from wellboard.stats._poisson import count_limits
from wellboard.stats.estimate import (
    Estimate,
    FloatArray,
    as_float_array,
    check_multiplier,
    z_value,
)


@dataclass(frozen=True, slots=True)
class _Standardised:
    grouping: Grouping
    observed: FloatArray
    expected: FloatArray
    reference_rate: FloatArray | None
    lower: FloatArray
    upper: FloatArray


def _zero_if_missing(values: FloatArray) -> FloatArray:
    # Copy only when something is missing: the common case then costs one pass, not two.
    missing = np.isnan(values)
    return np.where(missing, 0.0, values) if missing.any() else values


def _standardise(
    observed: ArrayLike | None,
    population: ArrayLike,
    reference_count: ArrayLike,
    reference_population: ArrayLike,
    *,
    groups: ArrayLike | None,
    confidence: float,
    observed_total: ArrayLike | None,
    with_reference_rate: bool,
) -> _Standardised:
    z = z_value(confidence)
    pop = _zero_if_missing(as_float_array("population", population))
    size = pop.shape[0]
    ref_count = _zero_if_missing(as_float_array("reference_count", reference_count, size))
    ref_pop = as_float_array("reference_population", reference_population, size)
    if np.any(pop < 0):
        raise ValueError("population must not be negative")
    if np.any(ref_count < 0):
        raise ValueError("reference_count must not be negative")
    if not np.all(ref_pop >= 0):
        raise ValueError("reference_population must be zero or more in every row")
    if np.any((ref_pop == 0) & (ref_count > 0)):
        raise ValueError("reference_population is zero in a row with reference events")
    grouping = group_rows(groups, size, pool_ungrouped=True)
    if observed is not None and observed_total is None:
        events = _zero_if_missing(as_float_array("observed", observed, size))
        if np.any(events < 0):
            raise ValueError("observed must not be negative")
        obs = grouping.sum(events)
    elif observed_total is not None and observed is None:
        # A copy: the result's arrays are made read-only and must not be the caller's.
        obs = as_float_array("observed_total", observed_total, grouping.size).copy()
        if np.any(obs < 0):
            raise ValueError("observed_total must not be negative")
    else:
        raise ValueError("give exactly one of observed (per row) or observed_total (per group)")
    with np.errstate(divide="ignore", invalid="ignore"):
        band_rate = np.where(ref_count > 0, ref_count / ref_pop, 0.0)
        expected = grouping.sum(pop * band_rate)
        # Only the rate needs the reference's crude rate; a ratio skips these two sums.
        reference_rate = grouping.sum(ref_count) / grouping.sum(ref_pop) if with_reference_rate else None
    lower, upper = count_limits(obs, float(confidence), z)
    return _Standardised(grouping, obs, expected, reference_rate, lower, upper)


def isr(
    observed: ArrayLike | None,
    population: ArrayLike,
    reference_count: ArrayLike,
    reference_population: ArrayLike,
    *,
    groups: ArrayLike | None,
    confidence: float = 0.95,
    multiplier: float = 100_000,
    observed_total: ArrayLike | None = None,
) -> Estimate:
    """Indirectly standardised rate per group: ``O / E * reference crude rate * multiplier``.

    Args:
        observed: observed events per row (band), summed per group; NaN reads as 0.
            Pass ``None`` and use ``observed_total`` when only group totals are known.
        population: local population per row; NaN reads as 0 (no people, no expected events).
        reference_count: events in the reference population for the row's band.
        reference_population: reference population for the row's band.
        groups: group key per row; ``None`` pools all rows.
        observed_total: observed events per group, in sorted group-key order.

    Returns:
        Estimate with ``count`` = observed and ``denominator`` = expected events.
    """
    scale = check_multiplier(multiplier)
    result = _standardise(
        observed,
        population,
        reference_count,
        reference_population,
        groups=groups,
        confidence=confidence,
        observed_total=observed_total,
        with_reference_rate=True,
    )
    if result.reference_rate is None:  # pragma: no cover - asked for above
        raise RuntimeError("reference rate missing")
    with np.errstate(divide="ignore", invalid="ignore"):
        per_expected = result.reference_rate * scale / result.expected
    return Estimate(
        value=result.observed * per_expected,
        lower=result.lower * per_expected,
        upper=result.upper * per_expected,
        groups=result.grouping.keys,
        confidence=float(confidence),
        count=result.observed,
        denominator=result.expected,
    )


def smr(
    observed: ArrayLike | None,
    population: ArrayLike,
    reference_count: ArrayLike,
    reference_population: ArrayLike,
    *,
    groups: ArrayLike | None,
    confidence: float = 0.95,
    refvalue: float = 1,
    observed_total: ArrayLike | None = None,
) -> Estimate:
    """Indirectly standardised ratio (SMR) per group: ``O / E * refvalue``.

    ``refvalue=100`` gives the ratio as a percentage of the reference. Arguments are as
    for :func:`isr`.
    """
    scale = check_multiplier(refvalue)
    result = _standardise(
        observed,
        population,
        reference_count,
        reference_population,
        groups=groups,
        confidence=confidence,
        observed_total=observed_total,
        with_reference_rate=False,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        per_expected = scale / result.expected
    return Estimate(
        value=result.observed * per_expected,
        lower=result.lower * per_expected,
        upper=result.upper * per_expected,
        groups=result.grouping.keys,
        confidence=float(confidence),
        count=result.observed,
        denominator=result.expected,
    )
