"""Proportions with Wilson score confidence intervals.

Method: Wilson EB (1927) "Probable inference, the law of succession, and statistical
inference", JASA 22:209-212, in the form used by PHE/OHID (Fingertips technical guidance,
PHEindicatormethods ``phe_proportion``):

    limits = (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2))

where x is the numerator, n the denominator and z the standard normal quantile. Unlike the
normal approximation the interval never leaves [0, 1] and behaves well for 0 and n.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from wellboard.stats._grouping import group_rows
from wellboard.stats.estimate import (
    Estimate,
    FloatArray,
    as_float_array,
    check_multiplier,
    z_value,
)


def wilson_limits(numerator: FloatArray, denominator: FloatArray, z: float) -> tuple[FloatArray, FloatArray]:
    """Wilson score limits as proportions of 1 (NaN where the denominator is 0 or NaN)."""
    z2 = z * z
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = z * np.sqrt(z2 + 4.0 * numerator * (1.0 - numerator / denominator))
        centre = 2.0 * numerator + z2
        scale = 2.0 * (denominator + z2)
        lower = (centre - spread) / scale
        upper = (centre + spread) / scale
    blank = ~(denominator > 0)
    lower[blank] = np.nan
    upper[blank] = np.nan
    return lower, upper


def proportion(
    numerator: ArrayLike,
    denominator: ArrayLike,
    *,
    groups: ArrayLike | None = None,
    confidence: float = 0.95,
    multiplier: float = 100,
) -> Estimate:
    """Proportion ``numerator / denominator * multiplier`` with Wilson score limits.

    Rows are summed per group first when ``groups`` is given. A zero denominator gives NaN
    (nothing to report), and a NaN in any row gives NaN for its group.

    Raises:
        ValueError: a negative numerator or denominator, a numerator larger than its
            denominator, or an invalid confidence level / multiplier.
    """
    z = z_value(confidence)
    scale = check_multiplier(multiplier)
    num = as_float_array("numerator", numerator)
    den = as_float_array("denominator", denominator, num.shape[0])
    # 0 <= numerator <= denominator everywhere (no NaN) settles all three checks in two passes;
    # otherwise they run one by one, so the first failing rule is the one reported.
    if not (np.fmin.reduce(num, initial=0.0) >= 0 and np.all(num <= den)):
        if np.any(num < 0):
            raise ValueError("numerator must not be negative")
        if np.any(den < 0):
            raise ValueError("denominator must not be negative")
        if np.any(num > den):
            raise ValueError("numerator must not be greater than denominator for a proportion")
    grouping = group_rows(groups, num.shape[0])
    x = grouping.sum(num)
    n = grouping.sum(den)
    lower, upper = wilson_limits(x, n, z)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(n > 0, x / n, np.nan)
    return Estimate(
        value=value * scale,
        lower=lower * scale,
        upper=upper * scale,
        groups=grouping.keys,
        confidence=float(confidence),
        count=x,
        denominator=n,
    )
