"""Judgements on figures: significance against a benchmark, recent trend, RAG against a target,
the spread of values across areas and the slope index of inequality. Vectorised where it matters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wellboard import stats
from wellboard.core.rag import Rag
from wellboard.indicators.calculations.figures import FloatArray, Keys, Numbers, _key_codes, as_floats
from wellboard.indicators.models import Method, Polarity, ValueType

# Significance labels. They match ``wellboard.charts.significance.Significance`` values so pages
# can colour them without translation.
BETTER = "better"
SIMILAR = "similar"
WORSE = "worse"
HIGHER = "higher"
LOWER = "lower"
NOT_COMPARED = "not_compared"

SIGNIFICANCE_LABELS = {
    BETTER: "Better",
    SIMILAR: "Similar",
    WORSE: "Worse",
    HIGHER: "Higher",
    LOWER: "Lower",
    NOT_COMPARED: "Not compared",
}

# Recent trend, as Fingertips words it.
TREND_INCREASING = "increasing"
TREND_DECREASING = "decreasing"
TREND_NO_CHANGE = "no significant change"
TREND_NOT_CALCULATED = "could not be calculated"
TREND_BETTER = "getting better"
TREND_WORSE = "getting worse"

StatsPolarity = Literal["high is good", "low is good", "neither"]


def _polarity(polarity: str) -> StatsPolarity:
    if polarity == Polarity.HIGH_IS_GOOD:
        return "high is good"
    if polarity == Polarity.LOW_IS_GOOD:
        return "low is good"
    if polarity == Polarity.NEITHER:
        return "neither"
    raise ValueError(f"Unknown polarity {polarity!r}")


def significance(
    *, lower: ArrayLike, upper: ArrayLike, benchmark: ArrayLike | float, polarity: str
) -> NDArray[np.str_]:
    """Better / similar / worse (or higher / similar / lower when polarity is neither) per row.

    Fingertips' test: the area is similar when the benchmark's value lies inside the area's
    confidence interval (pass 95% limits for the usual test, 99.8% for the stricter one), otherwise
    better or worse by which side the interval lies and the indicator's polarity. Rows without
    limits or benchmark are ``not_compared``.
    """
    low = as_floats(lower)
    high = as_floats(upper)
    target = np.broadcast_to(as_floats(np.atleast_1d(np.asarray(benchmark, dtype=object))), low.shape)
    labels = stats.compare(low, high, target, polarity=_polarity(polarity))
    return np.where(labels == "not compared", NOT_COMPARED, labels).astype(np.str_)


# Who judged a comparison: Wellboard, by its own test of the figure's confidence interval, or the
# figure's publisher (Fingertips publishes its verdict beside figures whose limits it does not).
JUDGED_BY_WELLBOARD = "wellboard"
JUDGED_BY_PUBLISHER = "publisher"

# The words publishers use for a comparison, as Wellboard's labels. Fingertips also writes the level
# ("Better 95%", "Worse 99.8%"); its quintile words (Lowest, Low, Middle, High, Highest) rank areas
# rather than test them against the comparator, so they are not comparisons.
_PUBLISHED_WORDS = {
    "better": BETTER,
    "worse": WORSE,
    "similar": SIMILAR,
    "same": SIMILAR,
    "higher": HIGHER,
    "lower": LOWER,
}
_FROM_DIRECTION: dict[str, dict[str, str]] = {
    Polarity.HIGH_IS_GOOD: {HIGHER: BETTER, LOWER: WORSE},
    Polarity.LOW_IS_GOOD: {HIGHER: WORSE, LOWER: BETTER},
}


def published_significance(
    published: str,
    *,
    polarity: str,
    strict: bool = False,
    value: float | None = None,
    benchmark: float | None = None,
) -> str:
    """A publisher's verdict on a figure ("Better", "Worse 99.8%", "Higher", "Not compared") in
    Wellboard's words, for the 95% test or, with ``strict``, the 99.8% one.

    At 95% any better, worse, higher or lower counts ("Worse 99.8%" is worse at 95% too). At 99.8%
    only a verdict made at that level does; "Worse 95%" means similar there, and a verdict that gives
    no level says nothing about it (not compared). Similar is similar at both. The result follows
    the indicator's polarity as Wellboard's own test does: "Higher" for an indicator where higher is
    better is better; "Better" for one where neither direction is better is higher or lower, by the
    figure's ``value`` against the comparator's ``benchmark`` (not compared without them).
    """
    text = published.strip().lower()
    word = _PUBLISHED_WORDS.get(text.split()[0] if text else "", NOT_COMPARED)
    if word == NOT_COMPARED:
        return NOT_COMPARED
    if strict and word != SIMILAR and "99.8" not in text:
        return SIMILAR if "95" in text else NOT_COMPARED
    if polarity in _FROM_DIRECTION:
        return _FROM_DIRECTION[polarity].get(word, word)
    if polarity == Polarity.NEITHER and word in (BETTER, WORSE):
        if value is None or benchmark is None or np.isnan(value) or np.isnan(benchmark) or value == benchmark:
            return NOT_COMPARED
        return HIGHER if value > benchmark else LOWER
    return word


@dataclass(frozen=True, eq=False)
class TrendResult:
    """Recent trend per series: ``keys[i]`` has ``direction[i]`` and ``assessment[i]``."""

    keys: list[Hashable]
    direction: NDArray[np.str_]
    assessment: NDArray[np.str_]

    def for_key(self, key: Hashable) -> tuple[str, str]:
        try:
            index = self.keys.index(key)
        except ValueError:
            return TREND_NOT_CALCULATED, TREND_NOT_CALCULATED
        return str(self.direction[index]), str(self.assessment[index])


# Value types with a recent trend, as in Fingertips (annual proportions, crude rates and DSRs).
TREND_VALUE_TYPES = frozenset({ValueType.PERCENTAGE, ValueType.CRUDE_RATE, ValueType.DSR})
# The recent trend is tested over this many of the latest points (the statistics' default).
TREND_POINTS = 5


def recent_trend(
    *,
    value_type: str,
    polarity: str,
    value: Numbers,
    lower: Numbers,
    upper: Numbers,
    period_start: ArrayLike,
    count: Numbers | None = None,
    denominator: Numbers | None = None,
    keys: Keys | None = None,
) -> TrendResult:
    """Fingertips' recent trend over each series' five most recent points.

    Weighted regression of the values on time, each point weighted by its 95% limits (as
    Fingertips publishes for proportions, crude rates and DSRs); with counts and denominators a
    point without them is not valid. Other value types answer "could not be calculated".
    ``keys`` separates several series (e.g. areas); each series must hold each period once;
    ``period_start`` only orders the points.
    """
    values = as_floats(value)
    codes, distinct = _key_codes(keys if keys is not None else [None] * values.shape[0])
    if value_type not in TREND_VALUE_TYPES or not distinct:
        blank = np.full(len(distinct), TREND_NOT_CALCULATED).astype(np.str_)
        return TrendResult(distinct, blank, blank.copy())
    counts = None if count is None else as_floats(count)
    has_counts = counts is not None and denominator is not None and bool(np.isfinite(counts).any())
    result = stats.trend_from_limits(
        values,
        as_floats(lower),
        as_floats(upper),
        np.asarray(period_start),
        groups=codes,
        polarity=_polarity(polarity),
        count=counts if has_counts else None,
        denominator=as_floats(denominator) if has_counts and denominator is not None else None,
    )
    # Integer codes sort in first-seen order, so the result rows line up with ``distinct``.
    return TrendResult(distinct, np.asarray(result.direction), np.asarray(result.assessment))


@dataclass(frozen=True)
class RagRating:
    """A RAG rating against a target, with the thresholds in words to show beside the colour."""

    rag: str
    target: float | None
    thresholds: str

    @property
    def label(self) -> str:
        return Rag(self.rag).label


def format_figure(value: float, unit: str, *, decimals: int = 1) -> str:
    """A figure with its unit as people read it: 25.0%, 94.7 per 100,000, 78.2 years, 7,209."""
    number = f"{value:,.{decimals}f}"
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}".strip()


def format_difference(value: float, unit: str, *, decimals: int = 1) -> str:
    """A gap between two figures: 2.0 percentage points, 5.0 per 100,000."""
    if unit == "%":
        return f"{value:,.{decimals}f} percentage points"
    return format_figure(value, unit, decimals=decimals)


def rag_thresholds(*, target: float, polarity: str, tolerance: float, unit: str, decimals: int = 1) -> str:
    """The RAG rule in words, e.g. 'Green: at or better than (at or below) the target of 25.0%; …'."""
    shown = format_figure(target, unit, decimals=decimals)
    if polarity == Polarity.NEITHER:
        band = format_difference(tolerance, unit, decimals=decimals)
        if tolerance > 0:
            return f"Green: within {band} of the target of {shown}; red: further from it than that"
        return f"Green: exactly the target of {shown}; red: any other value"
    side = "at or above" if polarity == Polarity.HIGH_IS_GOOD else "at or below"
    wrong = "below" if polarity == Polarity.HIGH_IS_GOOD else "above"
    green = f"Green: at or better than ({side}) the target of {shown}"
    if tolerance > 0:
        band = format_difference(tolerance, unit, decimals=decimals)
        return f"{green}; amber: within {band} {wrong} it; red: worse than that"
    return f"{green}; red: worse than that (no amber band)"


def rag_against_target(
    *,
    value: float | None,
    target: float | None,
    polarity: str,
    tolerance: float = 0.0,
    unit: str = "",
    decimals: int = 1,
) -> RagRating:
    """Green, amber or red for ``value`` against ``target``.

    Higher (or lower) is better: green at or better than the target, amber when worse by no more
    than ``tolerance``, red beyond. Where neither direction is better the target is a value to be
    near: green within the tolerance, red outside it. No value or no target: not rated.
    """
    if target is None or np.isnan(target):
        return RagRating(Rag.NOT_RATED, None, "No target is set for this period")
    rule = rag_thresholds(target=target, polarity=polarity, tolerance=tolerance, unit=unit, decimals=decimals)
    if value is None or np.isnan(value):
        return RagRating(Rag.NOT_RATED, target, rule)
    if polarity == Polarity.NEITHER:
        return RagRating(Rag.GREEN if abs(value - target) <= tolerance else Rag.RED, target, rule)
    shortfall = target - value if polarity == Polarity.HIGH_IS_GOOD else value - target
    # Round away representation noise (25.000000001 against 25) before comparing.
    shortfall = round(shortfall, 9)
    if shortfall <= 0:
        rag = Rag.GREEN
    elif shortfall <= tolerance:
        rag = Rag.AMBER
    else:
        rag = Rag.RED
    return RagRating(rag, target, rule)


def target_for_period(
    *,
    period_start: dt.date | np.datetime64,
    target_starts: Sequence[dt.date] | NDArray[np.datetime64],
    target_values: Numbers,
) -> float | None:
    """The target (or trajectory point) that applies to a period starting on ``period_start``.

    A target set for a period starting on the same date applies directly. Between two targets of a
    trajectory the target is interpolated linearly by date; after the last target the last one
    still applies; before the first there is none.
    """
    starts = np.asarray(target_starts, dtype="datetime64[D]")
    values = as_floats(target_values)
    if starts.shape[0] == 0:
        return None
    order = np.argsort(starts)
    starts, values = starts[order], values[order]
    when = np.asarray(period_start, dtype="datetime64[D]")
    if when < starts[0]:
        return None
    if when >= starts[-1]:
        return float(values[-1])
    days = (starts - starts[0]).astype(np.int64).astype(float)
    at = float((when - starts[0]).astype(np.int64))
    return float(np.interp(at, days, values))


@dataclass(frozen=True, eq=False)
class Spread:
    """The distribution of values across areas, per group: for spine charts and area profiles."""

    keys: list[Hashable]
    minimum: FloatArray
    q25: FloatArray
    median: FloatArray
    q75: FloatArray
    maximum: FloatArray
    areas: NDArray[np.int64]


def spread(*, keys: Keys, values: ArrayLike) -> Spread:
    """Minimum, quartiles and maximum of the values of each group (missing values left out)."""
    codes, distinct = _key_codes(keys)
    data = as_floats(values)
    size = len(distinct)
    result = np.full((5, size), np.nan)
    areas = np.zeros(size, dtype=np.int64)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(size + 1))
    for group in range(size):
        chunk = data[order[bounds[group] : bounds[group + 1]]]
        chunk = chunk[~np.isnan(chunk)]
        areas[group] = chunk.shape[0]
        if chunk.shape[0]:
            result[:, group] = np.percentile(chunk, [0, 25, 50, 75, 100])
    return Spread(distinct, result[0], result[1], result[2], result[3], result[4], areas)


@dataclass(frozen=True)
class SlopeIndexResult:
    """The slope index of inequality (most to least deprived) and the relative index, with limits.

    ``intercept`` is the fitted value at the most deprived end (relative rank 0), in the
    indicator's unit: the fitted line runs from ``intercept`` to ``intercept + sii``.
    """

    sii: float
    sii_lower: float
    sii_upper: float
    rii: float
    rii_lower: float
    rii_upper: float
    intercept: float | None = None


def slope_index(
    *,
    quantile: Numbers,
    population: Numbers,
    value: Numbers,
    lower: Numbers,
    upper: Numbers,
    method: str,
    multiplier: float,
) -> SlopeIndexResult | None:
    """SII across deprivation quantiles (1 = most deprived), as PHE computes it.

    Percentages are fitted as proportions and rates on the log scale for the simulated limits.
    The SII is the modelled gap from the most to the least deprived end (positive when the
    least deprived have the higher value). None when the quantiles are incomplete or unusable.
    """
    values = as_floats(value)
    low = as_floats(lower)
    high = as_floats(upper)
    value_type: Literal["other", "rate", "proportion"] = "other"
    scale = 1.0
    if method == Method.WILSON:
        value_type, scale = "proportion", float(multiplier)
        values, low, high = values / scale, low / scale, high / scale
    elif method in (Method.BYARS, Method.BYARS_EXACT, Method.DOBSON, Method.ISR, Method.SMR):
        value_type = "rate"
    try:
        result = stats.sii(
            np.asarray(quantile),
            as_floats(population),
            value=values,
            lower=low,
            upper=high,
            value_type=value_type,
            multiplier=scale,
            repetitions=10_000,
        )
    except ValueError:
        return None
    sii_value = float(result.sii.value[0])
    if np.isnan(sii_value):
        return None
    return SlopeIndexResult(
        sii=sii_value,
        sii_lower=float(result.sii.lower[0]),
        sii_upper=float(result.sii.upper[0]),
        rii=float(result.rii.value[0]),
        rii_lower=float(result.rii.lower[0]),
        rii_upper=float(result.rii.upper[0]),
        # stats gives the fitted value on the scale it fitted (a proportion for percentages).
        intercept=None if np.isnan(result.intercept[0]) else float(result.intercept[0]) * scale,
    )
