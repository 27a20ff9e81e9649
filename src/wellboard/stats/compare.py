"""Benchmarking an area against a comparator by its confidence interval (Fingertips' method).

Method: Fingertips' "confidence intervals overlapping reference value" comparison
(fingertips-open ``SingleOverlappingCIsComparer``): the area is *similar* when the
comparator's value lies inside the area's confidence interval (limits included), and
otherwise higher or lower according to which side the interval lies. Polarity turns
higher/lower into better/worse. Use 95% limits for the usual comparison or 99.8% limits
for the stricter one; the comparator's own interval is not used.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wellboard.stats.estimate import as_float_array

Polarity = Literal["high is good", "low is good", "neither"]

POLARITIES: tuple[str, ...] = ("high is good", "low is good", "neither")

_LABELS: dict[str, tuple[str, str]] = {
    # polarity -> (label when the area is higher, label when it is lower)
    "high is good": ("better", "worse"),
    "low is good": ("worse", "better"),
    "neither": ("higher", "lower"),
}


def check_polarity(polarity: str) -> str:
    """Return ``polarity`` if it is one of :data:`POLARITIES`, else raise ValueError."""
    if polarity not in _LABELS:
        raise ValueError(f"polarity must be one of {POLARITIES}, got {polarity!r}")
    return polarity


def compare(
    lower: ArrayLike, upper: ArrayLike, benchmark: ArrayLike, *, polarity: Polarity
) -> NDArray[np.str_]:
    """Label each area "better" / "similar" / "worse" (or "higher" / "similar" / "lower").

    Args:
        lower, upper: the area's confidence limits (e.g. 95%).
        benchmark: the comparator's value: a scalar (e.g. England) or one per area.
        polarity: "high is good", "low is good" or "neither".

    Returns:
        An array of strings, "not compared" where a limit or the benchmark is missing or
        the limits are out of order.
    """
    higher_label, lower_label = _LABELS[check_polarity(polarity)]
    low = as_float_array("lower", lower)
    high = as_float_array("upper", upper, low.shape[0])
    target = np.asarray(benchmark, dtype=np.float64)
    if target.ndim > 1 or (target.ndim == 1 and target.shape[0] != low.shape[0]):
        raise ValueError("benchmark must be a single value or one value per area")
    target = np.broadcast_to(target, low.shape)
    missing = np.isnan(low) | np.isnan(high) | np.isnan(target) | (low > high)
    labels = np.select(
        [missing, low > target, high < target],
        ["not compared", higher_label, lower_label],
        default="similar",
    )
    return labels.astype(np.str_)
