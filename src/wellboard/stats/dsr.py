"""Directly standardised rates (DSR) with Dobson confidence limits.

Method: the DSR is the standard-population-weighted mean of the age-specific rates,
``sum(w_i x_i / n_i) / sum(w_i)``. Its limits follow Dobson A et al (1991) "Confidence
intervals for weighted sums of Poisson parameters", Stat Med 10:457-62: Byar's limits
O_L, O_U for the total count O are mapped onto the DSR scale by
``DSR + sqrt(var(DSR) / O) * (O_L - O)`` (and likewise for O_U), where
``var(DSR) = sum(w_i^2 x_i / n_i^2) / sum(w_i)^2``. As in PHE's methods the DSR is not
reported (NaN) when the group's total count is below 10.

Non-independent events (one person counted more than once, e.g. repeat admissions) use
the adjustment in the Fingertips technical guidance's DSR chapter: rows give the number of
people with each event frequency f, and the variance becomes
``sum(w_i^2 / n_i^2 * sum_f f^2 I_if) / sum(w_i)^2`` - wider limits, same point value.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from wellboard.stats._grouping import Grouping, group_rows
from wellboard.stats._poisson import byars_lower, byars_upper
from wellboard.stats.estimate import (
    Estimate,
    FloatArray,
    as_float_array,
    check_multiplier,
    z_value,
)

MIN_TOTAL_COUNT = 10.0


def _first_row_per_band(grouping: Grouping, age_band: ArrayLike, size: int) -> FloatArray:
    """1.0 on the first row of each (group, band) pair, 0.0 elsewhere.

    With event-frequency rows a band appears once per frequency; its standard and actual
    populations must be counted once, so they are summed over these rows only.
    """
    bands = np.asarray(age_band)
    if bands.shape != (size,):
        raise ValueError(f"age_band must have one entry per row ({size})")
    _, band_code = np.unique(bands, return_inverse=True)
    band_code = band_code.reshape(-1).astype(np.int64)
    group_code = np.zeros(size, dtype=np.int64) if grouping.codes is None else grouping.codes.astype(np.int64)
    pair = group_code * (int(band_code.max(initial=0)) + 1) + band_code
    _, first = np.unique(pair, return_index=True)
    flags = np.zeros(size)
    flags[first] = 1.0
    return flags


def dsr(
    count: ArrayLike,
    population: ArrayLike,
    standard_population: ArrayLike,
    *,
    groups: ArrayLike | None,
    confidence: float = 0.95,
    multiplier: float = 100_000,
    event_frequency: ArrayLike | None = None,
    age_band: ArrayLike | None = None,
) -> Estimate:
    """Directly standardised rate per group with Dobson limits.

    Args:
        count: events in each standardisation band (row). Missing counts (NaN) are read as
            zero, as a band with no recorded events has none.
        population: population of each row's band; must be positive.
        standard_population: standard population of each row's band, aligned with
            ``count`` (e.g. ``np.tile(ESP2013, n_groups)``).
        groups: group key of each row; ``None`` pools all rows into one DSR.
        confidence: two-sided level, e.g. 0.95 or 0.998.
        multiplier: rate per this many (default 100,000).
        event_frequency: for non-independent events, the event frequency of each row; then
            ``count`` is the number of people with that many events, and ``age_band``
            must identify each row's band.
        age_band: band label of each row (only needed with ``event_frequency``).

    Returns:
        Estimate with ``count`` = total events and ``denominator`` = total population;
        value and limits are NaN where the total count is below 10.
    """
    z = z_value(confidence)
    scale = check_multiplier(multiplier)
    people = as_float_array("count", count)
    size = people.shape[0]
    pop = as_float_array("population", population, size)
    std = as_float_array("standard_population", standard_population, size)
    missing = np.isnan(people)
    if missing.any():
        people = np.where(missing, 0.0, people)
    if np.any(people < 0):
        raise ValueError("count must not be negative")
    if not np.all(pop > 0):
        raise ValueError("population must be greater than zero in every row")
    if not np.all(std >= 0):
        raise ValueError("standard_population must be zero or more in every row")
    grouping = group_rows(groups, size, pool_ungrouped=True)
    if event_frequency is None:
        events = people
        variance_terms = people
        once = None
    else:
        if age_band is None:
            raise ValueError("age_band is required with event_frequency")
        frequency = as_float_array("event_frequency", event_frequency, size)
        if not np.all(frequency > 0):
            raise ValueError("event_frequency must be positive")
        events = people * frequency
        variance_terms = people * frequency * frequency
        once = _first_row_per_band(grouping, age_band, size)
    weight_over_pop = std / pop
    weighted_rows = weight_over_pop * events
    # With independent events the variance term w^2 x / n^2 is (w x / n) * (w / n).
    variance_rows = weighted_rows if event_frequency is None else weight_over_pop * variance_terms
    variance_rows = variance_rows * weight_over_pop
    standard_total = grouping.sum(std if once is None else std * once)
    weighted = grouping.sum(weighted_rows)
    weighted_variance = grouping.sum(variance_rows)
    observed = grouping.sum(events)
    total_pop = grouping.sum(pop if once is None else pop * once)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = weighted / standard_total
        spread = np.sqrt(weighted_variance / (standard_total * standard_total) / observed)
        lower = value + spread * (byars_lower(observed, z) - observed)
        upper = value + spread * (byars_upper(observed, z) - observed)
    blank = ~(observed >= MIN_TOTAL_COUNT)
    for array in (value, lower, upper):
        array[blank] = np.nan
    return Estimate(
        value=value * scale,
        lower=lower * scale,
        upper=upper * scale,
        groups=grouping.keys,
        confidence=float(confidence),
        count=observed,
        denominator=total_pop,
    )
