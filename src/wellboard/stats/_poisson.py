"""Confidence limits for a Poisson count: exact (gamma/chi-square) and Byar's approximation.

Rates, DSRs (via Dobson), ISRs and SMRs all place limits on an observed count and then
scale them. PHE's convention is exact limits for counts below 10 and Byar's approximation
(Breslow & Day 1987) from 10 upwards; the exact limits are computed only for the small
counts because they need an inverse incomplete gamma function, which is comparatively slow.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy import special

from wellboard.stats.estimate import FloatArray

SmallCounts = Literal["exact", "byars"]

EXACT_BELOW = 10.0


def byars_lower(count: FloatArray, z: float) -> FloatArray:
    """Byar's lower limit for ``count`` events: O (1 - 1/(9O) - z/(3 sqrt O))^3.

    Zero events give 0. Where the bracket is negative (a count of 1 at 99.8%) the
    approximation has broken down and the limit is NaN, as in PHE's reference table.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        base = 1.0 - 1.0 / (9.0 * count) - z / (3.0 * np.sqrt(count))
        lower = np.where(base >= 0, count * base**3, np.nan)
    return np.where(count == 0, 0.0, lower)


def byars_upper(count: FloatArray, z: float) -> FloatArray:
    """Byar's upper limit for ``count`` events: (O+1)(1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3."""
    shifted = count + 1.0
    result: FloatArray = shifted * (1.0 - 1.0 / (9.0 * shifted) + z / (3.0 * np.sqrt(shifted))) ** 3
    return result


def exact_lower(count: FloatArray, alpha: float) -> FloatArray:
    """Exact lower limit: the alpha/2 quantile of Gamma(O), i.e. chi2(alpha/2, 2O) / 2."""
    with np.errstate(invalid="ignore"):
        lower: FloatArray = special.gammaincinv(count, alpha / 2.0)
    return np.where(count == 0, 0.0, lower)


def exact_upper(count: FloatArray, alpha: float) -> FloatArray:
    """Exact upper limit: the 1 - alpha/2 quantile of Gamma(O+1), i.e. chi2(1-alpha/2, 2O+2) / 2."""
    upper: FloatArray = special.gammaincinv(count + 1.0, 1.0 - alpha / 2.0)
    return upper


def count_limits(
    count: FloatArray, confidence: float, z: float, small_counts: SmallCounts = "exact"
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper limits for observed counts (NaN counts give NaN limits).

    ``small_counts="exact"`` uses exact limits below 10 and Byar's from 10 (PHE's rule);
    ``"byars"`` uses Byar's at every count, as Fingertips did for some older indicators.
    """
    if small_counts not in ("exact", "byars"):
        raise ValueError(f"small_counts must be 'exact' or 'byars', got {small_counts!r}")
    lower = byars_lower(count, z)
    upper = byars_upper(count, z)
    if small_counts == "exact":
        small = np.flatnonzero(count < EXACT_BELOW)
        if small.size:
            alpha = 1.0 - confidence
            few = count[small]
            lower[small] = exact_lower(few, alpha)
            upper[small] = exact_upper(few, alpha)
    return lower, upper
