"""Values and confidence limits by an indicator's method: the one place that calls ``wellboard.stats``.

Every function here is vectorised (arrays in, arrays out) and knows nothing about the database:
services, importers and the page summaries hand it columns read with ``values_list``.

Which method gives which figures:

* ``wilson``: percentage (or proportion per ``multiplier``) with Wilson score limits.
* ``byars_exact``: crude rate with exact Poisson limits below 10 events, Byar's from 10 (PHE's rule).
* ``byars``: crude rate with Byar's limits at every count (what some older Fingertips indicators
  published, e.g. 93356 campylobacter).
* ``smr``: observed / expected events (count / denominator) with the same Poisson limits.
* ``none``: the value only: count / denominator x multiplier, or the count when there is no denominator.
* ``dobson`` (DSR), ``isr``, ``student_t`` (means) and ``chiang`` (life expectancy) need age-specific
  or unit-level inputs, not one count and denominator: use ``dsr_figures``, ``isr_figures``,
  ``mean_figures`` and ``life_expectancy_figures``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wellboard import stats
from wellboard.indicators.models import Method

FloatArray = NDArray[np.float64]
Numbers = ArrayLike | Sequence[float | None]

CONFIDENCE_95 = 0.95
CONFIDENCE_998 = 0.998

# Methods whose figures follow from one count and one denominator per row.
FROM_TOTALS = frozenset({Method.NONE, Method.WILSON, Method.BYARS_EXACT, Method.BYARS, Method.SMR})
# Methods whose confidence limits Wellboard can compute from a count and denominator.
WITH_LIMITS = frozenset({Method.WILSON, Method.BYARS_EXACT, Method.BYARS, Method.SMR})


@dataclass(frozen=True, eq=False)
class Figures:
    """Values with 95% and 99.8% limits, one entry per row (or per group after combining).

    ``keys`` holds the group key of each entry when the figures were combined by group.
    """

    value: FloatArray
    lower95: FloatArray
    upper95: FloatArray
    lower998: FloatArray
    upper998: FloatArray
    count: FloatArray | None = None
    denominator: FloatArray | None = None
    keys: list[Hashable] | None = None

    def __len__(self) -> int:
        return int(self.value.shape[0])

    def row(self, index: int) -> dict[str, float | None]:
        """One entry as plain floats (None for missing), ready for a model or a template."""
        return {
            name: _plain(getattr(self, name)[index])
            for name in ("value", "lower95", "upper95", "lower998", "upper998")
        }


def _plain(number: Any) -> float | None:
    value = float(number)
    return None if np.isnan(value) else value


def as_floats(values: Numbers) -> FloatArray:
    """A float array with NaN for None (the database's NULL)."""
    if isinstance(values, np.ndarray) and values.dtype == np.float64:
        return values
    return np.array(
        [np.nan if v is None else v for v in np.asarray(values, dtype=object).ravel()], dtype=float
    )


def _blank(size: int) -> FloatArray:
    return np.full(size, np.nan)


def _small_counts(method: str) -> Literal["exact", "byars"]:
    return "byars" if method == Method.BYARS else "exact"


def _two_levels(compute: Any) -> tuple[Any, Any]:
    return compute(CONFIDENCE_95), compute(CONFIDENCE_998)


def _factorised(groups: ArrayLike | None) -> ArrayLike | None:
    """Group keys coded once for both confidence levels (area codes cost a sort; codes do not)."""
    return None if groups is None else stats.factorise(groups)


def observation_figures(
    *, method: str, multiplier: float, count: ArrayLike, denominator: ArrayLike
) -> Figures:
    """Value and 95% / 99.8% limits of each row from its count and denominator.

    Rows with a missing count or denominator get NaN. Methods that need more than totals
    (DSR, ISR, means, life expectancy) give NaN throughout: their figures must be supplied, or
    computed with the age-specific functions below.

    Raises:
        ValueError: negative counts or denominators, or (Wilson) a count above its denominator.
    """
    events = as_floats(count)
    base = as_floats(denominator)
    if events.shape != base.shape:
        raise ValueError("count and denominator must have the same length")
    size = events.shape[0]
    if method == Method.WILSON:
        e95, e998 = _two_levels(
            lambda level: stats.proportion(events, base, confidence=level, multiplier=multiplier)
        )
    elif method in (Method.BYARS, Method.BYARS_EXACT, Method.SMR):
        small = _small_counts(method)
        e95, e998 = _two_levels(
            lambda level: stats.rate(
                events, base, confidence=level, multiplier=multiplier, small_counts=small
            )
        )
    elif method == Method.NONE:
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(np.isnan(base), events, np.where(base > 0, events / base * multiplier, np.nan))
        return Figures(value, _blank(size), _blank(size), _blank(size), _blank(size), events, base)
    else:
        return Figures(_blank(size), _blank(size), _blank(size), _blank(size), _blank(size), events, base)
    return Figures(
        np.array(e95.value),
        np.array(e95.lower),
        np.array(e95.upper),
        np.array(e998.lower),
        np.array(e998.upper),
        events,
        base,
    )


def figures_problem(*, method: str, count: float | None, denominator: float | None) -> str:
    """Why one row's count and denominator cannot give figures by ``method`` ('' when they can)."""
    if count is None and denominator is None:
        return ""
    if count is not None and (np.isnan(count) or count < 0):
        return "The count must be zero or more"
    if denominator is not None and (np.isnan(denominator) or denominator < 0):
        return "The denominator must be zero or more"
    if method == Method.WILSON and count is not None and denominator is not None and count > denominator:
        return "The count cannot be more than the denominator for a percentage"
    return ""


Keys = Sequence[Hashable] | NDArray[Any]


def _key_codes(keys: Keys) -> tuple[NDArray[np.intp], list[Hashable]]:
    """Integer code per row and the distinct keys in first-seen order (keys may be tuples)."""
    seen: dict[Hashable, int] = {}
    rows: list[Hashable] = keys.tolist() if isinstance(keys, np.ndarray) else list(keys)
    codes = np.fromiter((seen.setdefault(k, len(seen)) for k in rows), dtype=np.intp, count=len(rows))
    return codes, list(seen)


def combine(
    *,
    keys: Keys,
    method: str,
    multiplier: float,
    count: ArrayLike,
    denominator: ArrayLike | None = None,
) -> Figures:
    """Add rows up by group key and recompute each group's figures by the indicator's method.

    Counts and denominators add; percentages and rates are recomputed from the summed numerator
    and denominator (never averaged). With method ``none`` and no denominators the result is the
    summed count. A missing count or denominator in any row of a group makes that group missing:
    a total from partial data would be wrong, not approximate.

    Args:
        keys: one group key per row (any hashable, e.g. an area code or (organisation, period)).
        method: the indicator's ``Method``.
        multiplier: the indicator's multiplier (100 for a percentage).
        count, denominator: the rows' numerators and denominators.

    Returns:
        ``Figures`` with one entry per distinct key, in first-seen order (``Figures.keys``).

    Raises:
        ValueError: the method cannot be combined from totals (DSR, ISR, mean, life expectancy).
    """
    if method not in FROM_TOTALS:
        raise ValueError(
            f"Figures by the {Method(method).label} method cannot be added up from totals: "
            "they need the age-specific (or individual) data of every part"
        )
    codes, distinct = _key_codes(keys)
    events = as_floats(count)
    size = len(distinct)
    if events.shape[0] != codes.shape[0]:
        raise ValueError("count must have one entry per key")
    summed_count = np.bincount(codes, weights=events, minlength=size).astype(float)
    if denominator is None:
        if method != Method.NONE:
            raise ValueError("A denominator is needed to combine percentages and rates")
        return Figures(
            summed_count, _blank(size), _blank(size), _blank(size), _blank(size), summed_count, None, distinct
        )
    base = as_floats(denominator)
    if base.shape[0] != codes.shape[0]:
        raise ValueError("denominator must have one entry per key")
    summed_base = np.bincount(codes, weights=base, minlength=size).astype(float)
    result = observation_figures(
        method=method, multiplier=multiplier, count=summed_count, denominator=summed_base
    )
    return Figures(
        result.value,
        result.lower95,
        result.upper95,
        result.lower998,
        result.upper998,
        summed_count,
        summed_base,
        distinct,
    )


def _grouped(
    estimates: tuple[stats.Estimate, stats.Estimate],
    count: FloatArray | None = None,
    denominator: FloatArray | None = None,
) -> Figures:
    e95, e998 = estimates
    keys = None if e95.groups is None else list(e95.groups.tolist())
    return Figures(
        np.array(e95.value),
        np.array(e95.lower),
        np.array(e95.upper),
        np.array(e998.lower),
        np.array(e998.upper),
        count if count is not None else (None if e95.count is None else np.array(e95.count)),
        denominator
        if denominator is not None
        else (None if e95.denominator is None else np.array(e95.denominator)),
        keys,
    )


def esp2013_weights(start_age: ArrayLike) -> FloatArray:
    """The 2013 European Standard Population of each row's five-year band (by its start age)."""
    ages = as_floats(start_age)
    index = np.clip(np.floor(ages / 5).astype(int), 0, len(stats.ESP2013) - 1)
    if np.any((ages < 0) | np.isnan(ages)):
        raise ValueError("start ages must be 0 or more")
    weights: FloatArray = np.asarray(stats.ESP2013, dtype=float)[index]
    return weights


def dsr_figures(
    *,
    count: ArrayLike,
    population: ArrayLike,
    start_age: ArrayLike,
    groups: ArrayLike | None,
    multiplier: float = 100_000,
) -> Figures:
    """Directly standardised rates (2013 ESP, 19 bands to 90+) with Dobson limits, per group."""
    weights = esp2013_weights(start_age)
    groups = _factorised(groups)
    return _grouped(
        _two_levels(
            lambda level: stats.dsr(
                count, population, weights, groups=groups, confidence=level, multiplier=multiplier
            )
        )
    )


def isr_figures(
    *,
    observed: ArrayLike,
    population: ArrayLike,
    reference_count: ArrayLike,
    reference_population: ArrayLike,
    groups: ArrayLike | None,
    multiplier: float = 100_000,
) -> Figures:
    """Indirectly standardised rates per group from age-specific populations and reference rates."""
    groups = _factorised(groups)
    return _grouped(
        _two_levels(
            lambda level: stats.isr(
                observed,
                population,
                reference_count,
                reference_population,
                groups=groups,
                confidence=level,
                multiplier=multiplier,
            )
        )
    )


def mean_figures(*, values: ArrayLike, groups: ArrayLike | None) -> Figures:
    """Means per group with Student's t limits (``count`` is the number of values)."""
    groups = _factorised(groups)
    return _grouped(_two_levels(lambda level: stats.mean(values, groups=groups, confidence=level)))


def life_expectancy_figures(
    *, deaths: ArrayLike, population: ArrayLike, start_age: ArrayLike, groups: ArrayLike | None
) -> Figures:
    """Life expectancy at birth per group (Chiang II, 20 bands 0, 1-4, ..., 90+, Silcocks limits)."""
    groups = _factorised(groups)
    return _grouped(
        _two_levels(
            lambda level: stats.life_expectancy(
                deaths, population, start_age, groups=groups, confidence=level
            )
        )
    )


def relative_difference(ours: Numbers, published: Numbers) -> FloatArray:
    """|ours - published| / |published| (absolute difference where the published figure is 0)."""
    mine = as_floats(ours)
    theirs = as_floats(published)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.abs(mine - theirs)
        result: FloatArray = np.where(theirs != 0, gap / np.abs(theirs), gap)
    return result
