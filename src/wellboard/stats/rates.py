"""Crude rates with Poisson confidence limits (Byar's method, exact for small counts).

Method: the count is treated as Poisson. Limits on the count come from Byar's
approximation (Breslow NE, Day NE, *Statistical methods in cancer research* vol II, IARC
1987) for counts of 10 or more and from the exact chi-square/gamma relationship below 10;
both are divided by the denominator and scaled. This is PHEindicatormethods ``phe_rate``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from wellboard.stats._grouping import group_rows
from wellboard.stats._poisson import SmallCounts, count_limits
from wellboard.stats.estimate import (
    Estimate,
    as_float_array,
    check_multiplier,
    z_value,
)


def rate(
    count: ArrayLike,
    denominator: ArrayLike,
    *,
    groups: ArrayLike | None = None,
    confidence: float = 0.95,
    multiplier: float = 100_000,
    small_counts: SmallCounts = "exact",
) -> Estimate:
    """Crude rate ``count / denominator * multiplier`` with Poisson limits.

    ``small_counts="exact"`` (the default, PHE's rule) uses exact limits for counts below
    10 and Byar's method from 10; ``"byars"`` uses Byar's method at every count, which is
    what some Fingertips indicators (e.g. 93356 campylobacter) published. A zero count has
    lower limit 0 and a finite upper limit. A zero denominator gives NaN. Counts may exceed
    the denominator (a rate is not a proportion).

    Raises:
        ValueError: a negative count or denominator, or an invalid option.
    """
    z = z_value(confidence)
    scale = check_multiplier(multiplier)
    events = as_float_array("count", count)
    den = as_float_array("denominator", denominator, events.shape[0])
    if np.any(events < 0):
        raise ValueError("count must not be negative")
    if np.any(den < 0):
        raise ValueError("denominator must not be negative")
    grouping = group_rows(groups, events.shape[0])
    observed = grouping.sum(events)
    population = grouping.sum(den)
    lower, upper = count_limits(observed, float(confidence), z, small_counts)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_unit = np.where(population > 0, scale / population, np.nan)
    return Estimate(
        value=observed * per_unit,
        lower=lower * per_unit,
        upper=upper * per_unit,
        groups=grouping.keys,
        confidence=float(confidence),
        count=observed,
        denominator=population,
    )
