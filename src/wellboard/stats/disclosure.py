"""Statistical disclosure control for published counts and the figures derived from them.

The default rule is Wellboard's (see DESIGN.md, "Disclosure control"): 0 stays 0; counts
from 1 to 7 are suppressed (shown as ``*``); other counts are rounded to the nearest 5;
rates and percentages calculated from a suppressed count are suppressed too; totals are
rounded from the unrounded data, never summed from rounded cells. The threshold and the
rounding base are parameters because partnerships configure the rule (for example
"fewer than 5" with no rounding but with secondary suppression).

Secondary suppression protects a suppressed cell when its row's total is published: if
exactly one cell of a row is suppressed, the smallest other non-zero cell is suppressed as
well, so the hidden value cannot be recovered by subtracting the others from the total.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wellboard.stats._grouping import group_rows
from wellboard.stats.estimate import FloatArray, as_float_array

SUPPRESSED_MARKER = "*"


@dataclass(frozen=True, slots=True, eq=False)
class Suppressed:
    """Publishable figures with a mask of the cells that must not be shown.

    Attributes:
        values: what may be published: rounded counts (or derived values), NaN where the
            cell is suppressed or the input was missing.
        suppressed: True where the cell must be shown as the marker (``*``).
    """

    values: FloatArray
    suppressed: NDArray[np.bool_]

    def __post_init__(self) -> None:
        self.values.flags.writeable = False
        self.suppressed.flags.writeable = False

    def labels(
        self, *, marker: str = SUPPRESSED_MARKER, missing: str = "", decimals: int = 0
    ) -> NDArray[np.str_]:
        """Text for each cell: the marker where suppressed, ``missing`` where there is no
        figure, otherwise the value with ``decimals`` decimal places."""
        text = np.char.mod(f"%.{int(decimals)}f", self.values)
        text = np.where(np.isfinite(self.values), text, missing)
        return np.where(self.suppressed, marker, text).astype(np.str_)


def _check_rule(threshold: int, rounding: int | None) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int | np.integer) or threshold < 1:
        raise ValueError(f"threshold must be a whole number of at least 1, got {threshold!r}")
    if rounding is None:
        return 1
    if isinstance(rounding, bool) or not isinstance(rounding, int | np.integer) or rounding < 1:
        raise ValueError(f"rounding must be a whole number of at least 1 (or None), got {rounding!r}")
    return int(rounding)


def _round(values: FloatArray, base: int) -> FloatArray:
    if base == 1:
        return np.array(values, copy=True)
    # Half rounds up (12.5 -> 15): counts are whole numbers, so ties only arise for bases
    # that are even, and rounding up is the conservative choice there.
    rounded: FloatArray = np.floor(values / base + 0.5) * base
    return rounded


def suppress_counts(
    counts: ArrayLike,
    *,
    threshold: int = 8,
    rounding: int | None = 5,
    groups: ArrayLike | None = None,
    secondary: bool = False,
) -> Suppressed:
    """Apply the disclosure rule to counts, one cell per entry.

    Args:
        counts: the unrounded counts; NaN means "no figure" (not suppressed).
        threshold: counts from 1 to ``threshold - 1`` are suppressed (default 8: 1..7).
        rounding: other counts are rounded to the nearest multiple (default 5); ``None``
            or 1 publishes them unrounded.
        groups: for secondary suppression, the row each cell belongs to (cells of a row
            add up to a published total); ``None`` treats all cells as one row.
        secondary: also suppress the next-smallest non-zero cell of any row that has
            exactly one suppressed cell.
    """
    base = _check_rule(threshold, rounding)
    data = as_float_array("counts", counts)
    if np.any(data < 0):
        raise ValueError("counts must not be negative")
    hidden = (data > 0) & (data < threshold)
    if secondary:
        grouping = group_rows(groups, data.shape[0], pool_ungrouped=True)
        codes = np.zeros(data.shape[0], dtype=np.intp) if grouping.codes is None else grouping.codes
        lonely = np.bincount(codes, weights=hidden.astype(np.float64), minlength=grouping.size) == 1
        candidate = ~hidden & (data > 0) & lonely[codes]
        rows = np.flatnonzero(candidate)
        if rows.size:
            # Smallest candidate per row of cells; ties go to the first cell.
            ranked = rows[np.lexsort((rows, data[rows], codes[rows]))]
            _, first = np.unique(codes[ranked], return_index=True)
            hidden[ranked[first]] = True
    values = _round(data, base)
    values[hidden] = np.nan
    return Suppressed(values=values, suppressed=hidden)


def suppress_totals(
    counts: ArrayLike,
    *,
    groups: ArrayLike | None = None,
    threshold: int = 8,
    rounding: int | None = 5,
) -> Suppressed:
    """Totals of ``counts`` per group, summed from the unrounded counts, then the rule applied.

    Returns one entry per group in sorted key order (a single entry when ``groups`` is None).
    """
    _check_rule(threshold, rounding)
    data = as_float_array("counts", counts)
    grouping = group_rows(groups, data.shape[0], pool_ungrouped=True)
    return suppress_counts(grouping.sum(data), threshold=threshold, rounding=rounding)


def suppress_derived(values: ArrayLike, counts: Suppressed | ArrayLike) -> Suppressed:
    """Blank rates, percentages or other figures whose underlying count was suppressed.

    ``counts`` is the :class:`Suppressed` result for the counts (or its boolean mask),
    aligned with ``values``. The values themselves are not rounded.
    """
    data = as_float_array("values", values)
    mask = counts.suppressed if isinstance(counts, Suppressed) else np.asarray(counts)
    if mask.dtype != np.bool_ or mask.shape != data.shape:
        raise ValueError("counts must be a Suppressed result or a boolean mask aligned with values")
    hidden = np.array(mask, dtype=bool, copy=True)
    published = np.where(hidden, np.nan, data)
    return Suppressed(values=published, suppressed=hidden)
