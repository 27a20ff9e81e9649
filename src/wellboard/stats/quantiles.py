"""Assigning areas to quantiles (deciles, quintiles, ...) by rank.

Method: PHE technical guide "Assigning deprivation categories", as implemented by
PHEindicatormethods ``phe_quantile``. Within each group the n valid values are ranked (ties
share the lowest rank), and the value with adjusted rank r (1 = the end that becomes the
highest quantile) is placed in quantile ``q + 1 - ceil(r q / n)``. This keeps tied values
in the same quantile and spreads any remainder the same way every time. Integer arithmetic
is used for the ceiling so that a boundary such as 150 * 7 / 150 is exactly 7.

By default (``invert=True``) the highest values go in quantile 1, as for deprivation scores
where decile 1 is the most deprived. Groups with fewer valid values than quantiles get no
quantiles (NaN), as in the reference.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from wellboard.stats._grouping import group_rows
from wellboard.stats.estimate import FloatArray, as_float_array


def quantiles(
    values: ArrayLike,
    *,
    groups: ArrayLike | None = None,
    n: int = 10,
    invert: bool | ArrayLike = True,
) -> FloatArray:
    """Quantile (1..n) of every row within its group; NaN where none can be assigned.

    Args:
        values: the numbers to rank; NaN rows are left out (and get NaN).
        groups: group key per row (e.g. region); ``None`` ranks all rows together.
        n: number of quantiles (10 = deciles, 5 = quintiles).
        invert: ``True`` puts the highest values in quantile 1; ``False`` the lowest. May
            be an array with one entry per row, constant within each group (e.g. derived
            from each indicator's polarity).

    Returns:
        Float array aligned with the input rows.
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive whole number of quantiles, got {n!r}")
    data = as_float_array("values", values)
    size = data.shape[0]
    grouping = group_rows(groups, size, pool_ungrouped=True)
    codes = np.zeros(size, dtype=np.intp) if grouping.codes is None else grouping.codes
    flip = np.asarray(invert)
    if flip.ndim == 0:
        if flip.dtype != np.bool_:
            raise ValueError("invert must be True or False (or one boolean per row)")
        flip = np.full(size, bool(flip))
    elif flip.shape != (size,) or flip.dtype != np.bool_:
        raise ValueError("invert must be True or False, or one boolean per row")
    flips_per_group = np.bincount(codes, weights=flip.astype(np.float64), minlength=grouping.size)
    if np.any((flips_per_group > 0) & (flips_per_group < grouping.rows())):
        raise ValueError("invert must take the same value for every row of a group")

    valid = ~np.isnan(data)
    key = np.where(flip, -data, data)
    # Sort by group, then valid rows first, then by value; ties stay adjacent.
    order = np.lexsort((key, ~valid, codes))
    sorted_codes = codes[order]
    sorted_key = key[order]
    sorted_valid = valid[order]
    position = np.arange(size)
    group_start = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    starts = np.repeat(group_start, np.diff(np.r_[group_start, size]))
    new_run = np.r_[True, (sorted_codes[1:] != sorted_codes[:-1]) | (sorted_key[1:] != sorted_key[:-1])]
    run_start = np.maximum.accumulate(np.where(new_run, position, 0))
    rank = (run_start - starts + 1).astype(np.int64)

    counts = np.bincount(codes, weights=valid.astype(np.float64), minlength=grouping.size).astype(np.int64)
    group_count = counts[sorted_codes]
    adjusted = group_count + 1 - rank
    with np.errstate(divide="ignore", invalid="ignore"):
        ceiling = (adjusted * n + group_count - 1) // np.maximum(group_count, 1)
    assigned = (n + 1 - ceiling).astype(np.float64)
    assigned[~sorted_valid | (group_count < n)] = np.nan
    result = np.empty(size)
    result[order] = assigned
    return result
