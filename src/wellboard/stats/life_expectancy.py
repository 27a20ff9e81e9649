"""Life expectancy from an abridged life table (Chiang II) with Silcocks' confidence limits.

Method: Chiang CL (1984) *The Life Table and its Applications*, method II, with the
variance of the open final band from Silcocks PBS, Jenner DA, Reza R (2001) "Life
expectancy as a summary of mortality in a population: statistical considerations and
suitability for use by health authorities", J Epidemiol Community Health 55:38-43. This is
PHE's life expectancy calculator and PHEindicatormethods ``phe_life_expectancy``.

Twenty bands are required per group: 0, 1-4, 5-9, ..., 85-89 and 90+. With death rate
M = D/P in each band, width n and the fraction of the band lived by those who die a
(0.1 in the first year of life, 0.5 elsewhere):

    q = n M / (1 + n (1 - a) M), q = 1 in 90+
    l(0) = 100,000 and l(next) = l (1 - q); L = n (l(next) + a (l - l(next))); L(90+) = l / M
    e(x) = sum of L from x onward / l(x)
    var e(x) = [sum over bands from x of l^2 ((1 - a) n + e(next))^2 q^2 (1 - q) / D
                + l(90+)^2 D(90+) / (M(90+)^4 P(90+)^2)] / l(x)^2

A band with no deaths contributes no variance. As in the reference, a group gets no result
(NaN) when its total population is under 5,000, when a band is missing, a population is
zero or negative, deaths are negative or exceed the population, or when nobody died in the
90+ band (the open band's life expectancy would be infinite).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wellboard.stats._grouping import group_rows
from wellboard.stats.estimate import Estimate, FloatArray, as_float_array, z_value

START_AGES: tuple[int, ...] = (0, 1, *range(5, 95, 5))
"""Start ages of the 20 bands: 0, 1, 5, 10, ..., 85, 90 (90 is open-ended)."""

MIN_TOTAL_POPULATION = 5_000.0
_RADIX = 100_000.0
_BANDS = len(START_AGES)
_WIDTHS = np.diff(np.array(START_AGES, dtype=np.float64), append=np.nan)
_FRACTION_LIVED = np.where(np.arange(_BANDS) == 0, 0.1, 0.5)

AtAge = int | Sequence[int] | Literal["all"]


# Band of each whole age from 0 to 90 that starts a band, -1 for the others.
_BAND_OF_AGE = np.full(START_AGES[-1] + 1, -1, dtype=np.intp)
_BAND_OF_AGE[list(START_AGES)] = np.arange(_BANDS)


def _band_index(start_age: FloatArray) -> NDArray[np.intp]:
    # A table look-up is several times faster than a binary search over a million rows; any
    # age it cannot place (fractions, NaN, out of range) takes the search, which says which.
    if start_age.size and np.all(start_age >= 0) and np.all(start_age <= START_AGES[-1]):
        whole = start_age.astype(np.intp)
        looked_up = _BAND_OF_AGE[whole]
        if looked_up.min() >= 0 and np.array_equal(whole, start_age):
            return looked_up
    ages = np.array(START_AGES, dtype=np.float64)
    index = np.searchsorted(ages, start_age).clip(0, _BANDS - 1)
    if not np.array_equal(ages[index], start_age):
        bad = np.unique(start_age[ages[index] != start_age])[:5]
        raise ValueError(f"start_age must be one of {START_AGES}; got {bad.tolist()}")
    return index.astype(np.intp)


def _requested_ages(at_age: AtAge) -> NDArray[np.intp]:
    if isinstance(at_age, str):
        if at_age != "all":
            raise ValueError(f"at_age must be a start age, a sequence of them or 'all', got {at_age!r}")
        return np.arange(_BANDS, dtype=np.intp)
    ages = np.atleast_1d(np.asarray(at_age, dtype=np.float64))
    if ages.ndim != 1 or ages.size == 0:
        raise ValueError("at_age must be a start age, a non-empty sequence of start ages or 'all'")
    return _band_index(ages)


def _life_table(
    deaths: FloatArray, pops: FloatArray, wanted: NDArray[np.intp]
) -> tuple[FloatArray, FloatArray]:
    """Life expectancy and its standard error at the ``wanted`` band starts, for (groups x 20) inputs."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rate = deaths / pops
        widths = _WIDTHS[:-1]
        lived = _FRACTION_LIVED[:-1]
        q = np.ones_like(rate)
        q[:, :-1] = widths * rate[:, :-1] / (1.0 + widths * (1.0 - lived) * rate[:, :-1])
        survivors = np.empty_like(rate)
        survivors[:, 0] = _RADIX
        survivors[:, 1:] = _RADIX * np.cumprod(1.0 - q[:, :-1], axis=1)
        following = survivors[:, 1:]
        years = np.empty_like(rate)
        years[:, :-1] = widths * (following + lived * (survivors[:, :-1] - following))
        years[:, -1] = survivors[:, -1] / rate[:, -1]
        remaining = np.cumsum(years[:, ::-1], axis=1)[:, ::-1]
        expectancy = remaining / survivors
        var_q = np.where(deaths[:, :-1] > 0, q[:, :-1] ** 2 * (1.0 - q[:, :-1]) / deaths[:, :-1], 0.0)
        terms = np.empty_like(rate)
        terms[:, :-1] = survivors[:, :-1] ** 2 * ((1.0 - lived) * widths + expectancy[:, 1:]) ** 2 * var_q
        terms[:, -1] = survivors[:, -1] ** 2 * deaths[:, -1] / (rate[:, -1] ** 4 * pops[:, -1] ** 2)
        # Every age's expectancy feeds the variance terms, but only the wanted ages need the
        # last steps (dividing and the square root).
        variance = np.cumsum(terms[:, ::-1], axis=1)[:, ::-1][:, wanted] / survivors[:, wanted] ** 2
        se = np.sqrt(variance)
    return expectancy[:, wanted], se


def _row_totals(table: FloatArray) -> FloatArray:
    """Row sums ignoring NaN; np.sum gives the very same sums, faster, when there is no NaN."""
    totals: FloatArray = table.sum(axis=1) if not np.isnan(table).any() else np.nansum(table, axis=1)
    return totals


def life_expectancy(
    deaths: ArrayLike,
    population: ArrayLike,
    start_age: ArrayLike,
    *,
    groups: ArrayLike | None,
    confidence: float = 0.95,
    at_age: AtAge = 0,
) -> Estimate:
    """Life expectancy per group at ``at_age`` with Chiang II / Silcocks limits.

    Args:
        deaths: deaths in each row's band.
        population: population (person-years) of each row's band.
        start_age: band start age of each row: one of 0, 1, 5, 10, ..., 90. Rows may be in
            any order; each group needs each band exactly once.
        groups: group key per row; ``None`` treats all rows as one area.
        at_age: the start age to report (default 0, life expectancy at birth), a sequence
            of start ages, or ``"all"`` for all 20. With several ages the result has one
            row per (group, age), ordered by group then age, and ``Estimate.age`` says which.

    Returns:
        Estimate with ``count`` = total deaths and ``denominator`` = total population of
        each group, repeated for each requested age.
    """
    z = z_value(confidence)
    dead = as_float_array("deaths", deaths)
    size = dead.shape[0]
    pop = as_float_array("population", population, size)
    band = _band_index(as_float_array("start_age", start_age, size))
    wanted = _requested_ages(at_age)
    grouping = group_rows(groups, size, pool_ungrouped=True)
    codes = np.zeros(size, dtype=np.intp) if grouping.codes is None else grouping.codes
    cell = codes * _BANDS + band
    filled = np.bincount(cell, minlength=grouping.size * _BANDS).reshape(grouping.size, _BANDS)
    if np.any(filled > 1):
        raise ValueError("each group must have each start age at most once")
    complete = bool(filled.all())
    # Every cell is written when every group has every band; otherwise gaps must read as NaN.
    shape = (grouping.size, _BANDS)
    death_table = np.empty(shape) if complete else np.full(shape, np.nan)
    pop_table = np.empty(shape) if complete else np.full(shape, np.nan)
    death_table.reshape(-1)[cell] = dead
    pop_table.reshape(-1)[cell] = pop
    value, se = _life_table(death_table, pop_table, wanted)
    total_deaths = _row_totals(death_table)
    total_pop = _row_totals(pop_table)
    usable = (
        (np.full(grouping.size, True) if complete else np.all(filled == 1, axis=1))
        & np.all(pop_table > 0, axis=1)
        & np.all(death_table >= 0, axis=1)
        & np.all(death_table <= pop_table, axis=1)
        & (death_table[:, -1] > 0)
        & (total_pop >= MIN_TOTAL_POPULATION)
    )
    half_width = z * se
    usable_rows = usable[:, None] & np.isfinite(value) & np.isfinite(half_width)
    value = np.where(usable_rows, value, np.nan)
    half_width = np.where(usable_rows, half_width, np.nan)
    repeat = wanted.shape[0]
    keys = None if grouping.keys is None else np.repeat(grouping.keys, repeat)
    return Estimate(
        value=value.reshape(-1),
        lower=(value - half_width).reshape(-1),
        upper=(value + half_width).reshape(-1),
        groups=keys,
        confidence=float(confidence),
        count=np.repeat(total_deaths, repeat),
        denominator=np.repeat(total_pop, repeat),
        age=np.tile(np.array(START_AGES, dtype=np.float64)[wanted], grouping.size),
    )
