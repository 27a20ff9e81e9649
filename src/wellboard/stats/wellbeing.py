"""Wellbeing outcome measures: ONS4 thresholds, SWEMWBS scoring and paired before/after change.

ONS4 (the Office for National Statistics' four personal wellbeing questions) is reported item by
item, never summed. Each item is a whole number from 0 to 10, grouped by the ONS thresholds:

* life satisfaction, worthwhile, happiness: 0-4 low, 5-6 medium, 7-8 high, 9-10 very high;
* anxiety (where lower is better): 0-1 very low, 2-3 low, 4-5 medium, 6-10 high.

SWEMWBS (the Short Warwick-Edinburgh Mental Wellbeing Scale) has seven items scored 1 to 5. Their
raw total (7 to 35) is converted to a metric score with the table Warwick Medical School publishes
(from the Rasch analysis of Stewart-Brown et al. 2009); means and changes are of metric scores.

Paired change: for participants with a before and an after score, the change is after minus before.
The mean change has a Student's t interval on n - 1 degrees of freedom (the paired t interval:
mean +/- t * sd / sqrt(n)), and the share whose change in the better direction reaches a threshold
has a Wilson score interval. Everything works on arrays: one row per participant, one column per
item or measure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from wellboard.stats.estimate import FloatArray, z_value
from wellboard.stats.proportions import wilson_limits

ONS4_ITEMS: tuple[str, ...] = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
ONS4_LOWER_IS_BETTER = frozenset({"anxiety"})
ONS4_MIN, ONS4_MAX = 0, 10

# (code, label, lowest score, highest score), in score order.
Band = tuple[str, str, int, int]
ONS4_POSITIVE_BANDS: tuple[Band, ...] = (
    ("low", "Low (0 to 4)", 0, 4),
    ("medium", "Medium (5 to 6)", 5, 6),
    ("high", "High (7 to 8)", 7, 8),
    ("very_high", "Very high (9 to 10)", 9, 10),
)
ONS4_ANXIETY_BANDS: tuple[Band, ...] = (
    ("very_low", "Very low (0 to 1)", 0, 1),
    ("low", "Low (2 to 3)", 2, 3),
    ("medium", "Medium (4 to 5)", 4, 5),
    ("high", "High (6 to 10)", 6, 10),
)

SWEMWBS_ITEMS: tuple[str, ...] = (
    "optimistic",
    "useful",
    "relaxed",
    "problems",
    "thinking",
    "close",
    "decide",
)
SWEMWBS_ITEM_MIN, SWEMWBS_ITEM_MAX = 1, 5
SWEMWBS_RAW_MIN, SWEMWBS_RAW_MAX = 7, 35
# Warwick Medical School's SWEMWBS raw-to-metric conversion table, raw totals 7 to 35 in order.
SWEMWBS_METRIC: tuple[float, ...] = (
    7.00, 9.51, 11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36,
    16.88, 17.43, 17.98, 18.59, 19.25, 19.98, 20.73, 21.54, 22.35, 23.21,
    24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70, 32.55, 35.00,
)  # fmt: skip

# Default thresholds for a meaningful individual change (docs/outcomes.md gives the reasons):
# SWEMWBS 3 metric points (Shah et al. 2018: 2.77 standard errors of measurement is 2.87 points);
# ONS4 one point on the 0-10 scale, a convention rather than an ONS threshold.
SWEMWBS_MEANINGFUL_CHANGE = 3.0
ONS4_MEANINGFUL_CHANGE = 1.0


def ons4_bands(item: str) -> tuple[Band, ...]:
    """The ONS threshold bands for one ONS4 item."""
    if item not in ONS4_ITEMS:
        raise ValueError(f"Unknown ONS4 item {item!r}: the items are {', '.join(ONS4_ITEMS)}")
    return ONS4_ANXIETY_BANDS if item in ONS4_LOWER_IS_BETTER else ONS4_POSITIVE_BANDS


def _whole_scores(name: str, values: ArrayLike, low: int, high: int) -> NDArray[np.int64]:
    data = np.asarray(values, dtype=float)
    if data.size and (
        np.isnan(data).any() or (data != np.round(data)).any() or data.min() < low or data.max() > high
    ):
        raise ValueError(f"{name} must be whole numbers from {low} to {high}")
    return data.astype(np.int64)


def ons4_band_index(item: str, scores: ArrayLike) -> NDArray[np.int64]:
    """Which band (0 to 3, in score order) each score of ``item`` falls in."""
    bands = ons4_bands(item)
    data = _whole_scores(f"ONS4 {item} scores", scores, ONS4_MIN, ONS4_MAX)
    upper_edges = np.array([band[3] for band in bands[:-1]])
    return np.searchsorted(upper_edges, data, side="left").astype(np.int64)


def ons4_band_counts(item: str, scores: ArrayLike) -> NDArray[np.int64]:
    """How many scores of ``item`` fall in each of its four bands, in score order."""
    index = ons4_band_index(item, scores)
    return np.bincount(index.ravel(), minlength=len(ons4_bands(item))).astype(np.int64)


def swemwbs_raw_total(items: ArrayLike) -> NDArray[np.int64]:
    """The raw total of each row of seven SWEMWBS item scores (1 to 5 each), 7 to 35."""
    data = np.asarray(items, dtype=float)
    if data.ndim != 2 or data.shape[1] != len(SWEMWBS_ITEMS):
        raise ValueError(f"SWEMWBS needs {len(SWEMWBS_ITEMS)} item scores per row")
    whole = _whole_scores("SWEMWBS item scores", data, SWEMWBS_ITEM_MIN, SWEMWBS_ITEM_MAX)
    return np.asarray(whole.sum(axis=1), dtype=np.int64)


def swemwbs_metric(raw_totals: ArrayLike) -> FloatArray:
    """Metric scores for SWEMWBS raw totals (7 to 35), by the published conversion table."""
    raw = _whole_scores("SWEMWBS raw totals", raw_totals, SWEMWBS_RAW_MIN, SWEMWBS_RAW_MAX)
    return np.asarray(SWEMWBS_METRIC, dtype=float)[raw - SWEMWBS_RAW_MIN]


@dataclass(frozen=True, slots=True, eq=False)
class PairedChange:
    """Paired before/after change, one entry per column (item or measure).

    ``mean``, ``sd``, ``lower`` and ``upper`` are of after minus before in the column's own units;
    ``improved`` counts participants whose change in the better direction is at least
    ``threshold``, ``worse`` those whose change in the worse direction is; ``share_*`` are those
    counts as a percentage of ``n`` with Wilson limits. Limits are NaN with fewer than two pairs
    (the mean change, share and its limits are NaN with none).
    """

    n: NDArray[np.int64]
    mean: FloatArray
    sd: FloatArray
    lower: FloatArray
    upper: FloatArray
    threshold: FloatArray
    improved: NDArray[np.int64]
    worse: NDArray[np.int64]
    share_improved: FloatArray
    share_improved_lower: FloatArray
    share_improved_upper: FloatArray
    confidence: float

    def row(self, column: int) -> dict[str, float | int]:
        """One column's figures as plain numbers."""
        return {
            "n": int(self.n[column]),
            "mean": float(self.mean[column]),
            "sd": float(self.sd[column]),
            "lower": float(self.lower[column]),
            "upper": float(self.upper[column]),
            "threshold": float(self.threshold[column]),
            "improved": int(self.improved[column]),
            "worse": int(self.worse[column]),
            "share_improved": float(self.share_improved[column]),
            "share_improved_lower": float(self.share_improved_lower[column]),
            "share_improved_upper": float(self.share_improved_upper[column]),
        }


def _columns(name: str, values: ArrayLike) -> FloatArray:
    data = np.asarray(values, dtype=float)
    if data.ndim == 1:
        data = data[:, np.newaxis]
    if data.ndim != 2:
        raise ValueError(f"{name} must be one row per participant")
    if np.isnan(data).any():
        raise ValueError(f"{name} has missing values: pair only participants with both scores")
    return data


def _per_column(
    name: str, values: float | Sequence[float] | ArrayLike, columns: int, kind: type
) -> NDArray[Any]:
    data: NDArray[Any] = np.broadcast_to(np.asarray(values, dtype=kind), (columns,)).copy()
    if kind is float and (np.isnan(data).any() or (data < 0).any()):
        raise ValueError(f"{name} must be zero or more")
    return data


def paired_change(
    before: ArrayLike,
    after: ArrayLike,
    *,
    threshold: float | Sequence[float] | ArrayLike,
    higher_is_better: bool | Sequence[bool] | ArrayLike = True,
    confidence: float = 0.95,
) -> PairedChange:
    """Mean change (after minus before) with its paired t interval, and the share of participants
    whose change in the better direction is at least ``threshold``.

    ``before`` and ``after`` hold one row per participant (the same participant in the same row)
    and one column per item or measure (a one-dimensional array is one column). ``threshold`` and
    ``higher_is_better`` are one value for every column or one per column.

    Raises:
        ValueError: shapes that differ, missing values, a negative threshold or a bad confidence.
    """
    z = z_value(confidence)
    first = _columns("before", before)
    second = _columns("after", after)
    if first.shape != second.shape:
        raise ValueError("before and after must have the same participants and columns")
    columns = first.shape[1]
    limit = _per_column("threshold", threshold, columns, float)
    better = _per_column("higher_is_better", higher_is_better, columns, bool)
    change = second - first
    n = np.full(columns, change.shape[0], dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = change.mean(axis=0) if change.shape[0] else np.full(columns, np.nan)
        deviation = change - centre
        sd = np.sqrt((deviation * deviation).sum(axis=0) / (n - 1))
        t = special.stdtrit(n - 1, 0.5 + float(confidence) / 2.0)
        half_width = np.where(n > 1, t * sd / np.sqrt(n), np.nan)
    sd = np.where(n > 1, sd, np.nan)
    # Change in the better direction, so one threshold reads the same for anxiety and the rest. A
    # small tolerance keeps 22.35 - 19.35 (a float a hair under 3) at the threshold it meets.
    towards_better = np.where(better, change, -change)
    tolerance = 1e-9
    improved = (towards_better >= limit - tolerance).sum(axis=0).astype(np.int64)
    worse = (-towards_better >= limit - tolerance).sum(axis=0).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(n > 0, improved / n * 100.0, np.nan)
    share_lower, share_upper = wilson_limits(improved.astype(float), n.astype(float), z)
    return PairedChange(
        n=n,
        mean=centre,
        sd=sd,
        lower=centre - half_width,
        upper=centre + half_width,
        threshold=limit,
        improved=improved,
        worse=worse,
        share_improved=share,
        share_improved_lower=share_lower * 100.0,
        share_improved_upper=share_upper * 100.0,
        confidence=float(confidence),
    )
