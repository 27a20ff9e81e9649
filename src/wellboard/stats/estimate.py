"""The result type every estimator returns, and the argument checks they share.

An :class:`Estimate` holds one row per result: a point value with its lower and upper
confidence limits, the group key the row belongs to and, where the method has them, the
count and denominator after grouping. Keeping one small, frozen result type means callers
(``indicators.calculations``, the hub aggregates, ``frame.py``) handle every method alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

FloatArray = NDArray[np.float64]


def _freeze(array: NDArray[Any] | None) -> None:
    # Results are shared between callers; a stray in-place edit would silently change a
    # published figure, so the arrays are made read-only.
    if array is not None:
        array.flags.writeable = False


@dataclass(frozen=True, slots=True, eq=False)
class Estimate:
    """Point values with confidence limits, one entry per result row.

    Attributes:
        value: the statistic (proportion, rate, ratio, mean, ...), already multiplied.
        lower: lower confidence limit at ``confidence``; NaN where it cannot be given.
        upper: upper confidence limit at ``confidence``; NaN where it cannot be given.
        groups: the sorted unique group keys, one per result, or ``None`` when the input
            was not grouped (then results are in input row order, or a single result for
            methods that always pool their rows, such as ``dsr`` and ``mean``).
        confidence: the two-sided confidence level of ``lower``/``upper`` (e.g. 0.95).
        count: numerator / observed events after grouping, where the method has one.
        denominator: denominator / population / expected events after grouping.
        age: start age of each row, only for life expectancy at several ages.
    """

    value: FloatArray
    lower: FloatArray
    upper: FloatArray
    groups: NDArray[Any] | None
    confidence: float
    count: FloatArray | None = None
    denominator: FloatArray | None = None
    age: FloatArray | None = None

    def __post_init__(self) -> None:
        for array in (
            self.value,
            self.lower,
            self.upper,
            self.groups,
            self.count,
            self.denominator,
            self.age,
        ):
            _freeze(array)

    def __len__(self) -> int:
        return int(self.value.shape[0])


def z_value(confidence: float) -> float:
    """Return the two-sided standard normal quantile for ``confidence`` (0.95 -> 1.95996...).

    Raises ValueError unless ``confidence`` is a real number strictly between 0 and 1;
    percentages such as 95 are rejected rather than guessed at.
    """
    if isinstance(confidence, bool) or not isinstance(confidence, int | float | np.floating):
        raise ValueError(f"confidence must be a number between 0 and 1, got {confidence!r}")
    level = float(confidence)
    if not (math.isfinite(level) and 0.0 < level < 1.0):
        raise ValueError(f"confidence must be strictly between 0 and 1 (e.g. 0.95), got {confidence!r}")
    return float(special.ndtri(0.5 + level / 2.0))


def check_multiplier(multiplier: float) -> float:
    """Return ``multiplier`` as a float, raising ValueError unless it is finite and positive."""
    if isinstance(multiplier, bool) or not isinstance(multiplier, int | float | np.number):
        raise ValueError(f"multiplier must be a positive number, got {multiplier!r}")
    value = float(multiplier)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"multiplier must be a positive number, got {multiplier!r}")
    return value


def as_float_array(name: str, values: ArrayLike, size: int | None = None) -> FloatArray:
    """Convert ``values`` to a 1-D float64 array, checking its length against ``size``."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numeric") from error
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if size is not None and array.shape[0] != size:
        raise ValueError(f"{name} has {array.shape[0]} rows but {size} were expected")
    return array
