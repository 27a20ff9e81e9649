"""Means with Student's t confidence intervals.

Method (PHEindicatormethods ``phe_mean``): mean +/- t(1 - alpha/2, n - 1) * s / sqrt(n),
where s is the sample standard deviation. The variance is computed in two passes (group
means first, then squared deviations) so large values do not lose precision.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from wellboard.stats._grouping import group_rows
from wellboard.stats.estimate import Estimate, as_float_array, z_value


def mean(values: ArrayLike, *, groups: ArrayLike | None, confidence: float = 0.95) -> Estimate:
    """Mean of ``values`` per group with a Student's t interval.

    ``groups=None`` gives the mean of all values. A NaN value makes its group's result NaN
    (a missing value is not silently dropped). A group of one value has a mean but no
    limits (NaN).

    Returns:
        Estimate with ``count`` = number of values in each group.
    """
    z_value(confidence)
    data = as_float_array("values", values)
    grouping = group_rows(groups, data.shape[0], pool_ungrouped=True)
    n = grouping.rows()
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = grouping.sum(data) / n
        deviation = data - (centre if grouping.codes is None else centre[grouping.codes])
        sd = np.sqrt(grouping.sum(deviation * deviation) / (n - 1))
        t = special.stdtrit(n - 1, 0.5 + float(confidence) / 2.0)
        half_width = t * sd / np.sqrt(n)
    half_width = np.where(n > 1, half_width, np.nan)
    return Estimate(
        value=centre,
        lower=centre - half_width,
        upper=centre + half_width,
        groups=grouping.keys,
        confidence=float(confidence),
        count=n,
    )
