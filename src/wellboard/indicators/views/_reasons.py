"""Why a page has nothing to show, in words a person understands: why a figure is not compared with
a comparator, and why its recent trend could not be calculated; and, for a performance measure,
which is neither compared nor given a recent trend, its change on the previous period."""

from __future__ import annotations

from wellboard.core.templatetags.govuk import period_label
from wellboard.indicators.calculations import (
    NOT_COMPARED,
    TREND_NOT_CALCULATED,
    TREND_POINTS,
    TREND_VALUE_TYPES,
)
from wellboard.indicators.calculations.summaries import Comparison, IndicatorSummary, change_between
from wellboard.indicators.views._measures import change_words


def trend_reason(summary: IndicatorSummary) -> str:
    """Why the recent trend could not be calculated, as what follows "it" ('' when it was, or
    when there is no figure at all): 'needs 5 periods with figures, and there is only one'."""
    if summary.trend != TREND_NOT_CALCULATED or summary.latest is None:
        return ""
    indicator = summary.indicator
    if indicator.value_type not in TREND_VALUE_TYPES:
        kind = indicator.get_value_type_display().lower()
        return f"is worked out only for percentages and rates, and this is a {kind}"
    if summary.periods < TREND_POINTS:
        have = "is only one" if summary.periods == 1 else f"are only {summary.periods}"
        return f"needs {TREND_POINTS} periods with figures, and there {have}"
    return f"needs confidence intervals, or counts and denominators, for the last {TREND_POINTS} figures"


def comparison_reason(summary: IndicatorSummary, comparison: Comparison) -> str:
    """Why a figure is not compared with a comparator ('' when it is): 'England has no figure for
    2012', or 'this figure has no confidence interval'."""
    latest = summary.latest
    if latest is None or comparison.significance != NOT_COMPARED:
        return ""
    if comparison.value is None:
        return f"{comparison.name} has no figure for {period_label(latest.period)}"
    if latest.lower95 is None or latest.upper95 is None:
        return "this figure has no confidence interval to test it with"
    return f"{comparison.name}'s figure could not be tested against this one"


def first_comparison_reason(summary: IndicatorSummary) -> str:
    """Why the figure is not compared with the default comparator ('' when it is)."""
    return comparison_reason(summary, summary.comparisons[0]) if summary.comparisons else ""


def measure_change(summary: IndicatorSummary) -> str:
    """A performance measure's latest figure against the one before: 'Down 47 calls (10.9%) on the
    previous period' ('' without two figures)."""
    latest, previous = summary.latest, summary.previous
    if latest is None or latest.value is None or previous is None or previous.value is None:
        return ""
    difference, percent = change_between(summary.indicator, previous.value, latest.value)
    return change_words(summary.indicator, difference, percent, summary.decimals)
