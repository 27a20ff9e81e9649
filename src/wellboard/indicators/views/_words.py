"""The words the indicator pages use for figures, comparisons and trends: names, polarities,
significance tags, trend arrows and sentences, values with their units.

Kept apart from the charts (``_present``) because the measure pages and the public pages use the
words without any chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wellboard.charts import (
    significance_css_class,
    significance_label,
    significance_sentence,
)
from wellboard.charts.formatting import format_interval, format_value
from wellboard.charts.significance import WELLBOARD, attributed, attribution
from wellboard.indicators.calculations import (
    JUDGED_BY_PUBLISHER,
    JUDGED_BY_WELLBOARD,
    TREND_BETTER,
    TREND_DECREASING,
    TREND_INCREASING,
    TREND_NO_CHANGE,
    TREND_WORSE,
)
from wellboard.indicators.models import Indicator, Polarity


def name_of(indicator: Indicator) -> str:
    return indicator.short_name or indicator.name


POLARITY_WORDS: dict[str, str] = {
    Polarity.HIGH_IS_GOOD.value: "Higher is better",
    Polarity.LOW_IS_GOOD.value: "Lower is better",
    Polarity.NEITHER.value: "Neither higher nor lower is better",
}


def polarity_words(polarity: str) -> str:
    return POLARITY_WORDS.get(polarity, "Not set")


def compared_by(judged_by: str, publisher: str) -> str:
    """Who made a comparison, as the charts and downloads name them: 'Wellboard', the publisher
    ('Fingertips') whose verdict came with a figure Wellboard could not test, or '' for nobody."""
    if judged_by == JUDGED_BY_WELLBOARD:
        return WELLBOARD
    if judged_by == JUDGED_BY_PUBLISHER:
        return publisher
    return ""


@dataclass(frozen=True)
class SignificanceText:
    """A comparison for people: the word on the coloured tag, the full sentence, and who made the
    comparison when Wellboard did not ('as published by Fingertips')."""

    label: str
    css: str
    sentence: str
    attribution: str = ""


def significance_text(value: object, comparator: str, by: str = "") -> SignificanceText:
    """``by``: who compared (see ``compared_by``); a publisher is named in the words."""
    return SignificanceText(
        label=significance_label(value),
        css=significance_css_class(value),
        sentence=attributed(significance_sentence(value, comparator), by),
        attribution=attribution(by),
    )


@dataclass(frozen=True)
class TrendWords:
    """A recent trend for people: an arrow (hidden from screen readers) and words that say it all."""

    arrow: str
    words: str
    css_class: str


def trend_words(direction: str, assessment: str) -> TrendWords:
    """'↑ Increasing and getting better', '→ No significant change', 'Could not be calculated'."""
    arrow = {TREND_INCREASING: "\u2191", TREND_DECREASING: "\u2193", TREND_NO_CHANGE: "\u2192"}.get(
        direction, ""
    )
    if direction in (TREND_INCREASING, TREND_DECREASING):
        words = direction.capitalize()
        if assessment in (TREND_BETTER, TREND_WORSE):
            words += f" and {assessment}"
        css = {TREND_BETTER: "wb-sig--better", TREND_WORSE: "wb-sig--worse"}.get(assessment, "")
        return TrendWords(arrow, words, css)
    if direction == TREND_NO_CHANGE:
        return TrendWords(arrow, "No significant change", "")
    return TrendWords("", "Could not be calculated", "")


def trend_sentence(direction: str, assessment: str, reason: str = "") -> str:
    """The recent trend as a sentence for the indicator page (Fingertips uses the last five points)."""
    over = "over the last five periods"
    if direction in (TREND_INCREASING, TREND_DECREASING):
        moved = "risen" if direction == TREND_INCREASING else "fallen"
        if assessment == TREND_BETTER:
            return f"Getting better: the value has {moved} significantly {over}."
        if assessment == TREND_WORSE:
            return f"Getting worse: the value has {moved} significantly {over}."
        return f"{direction.capitalize()}: the value has {moved} significantly {over}."
    if direction == TREND_NO_CHANGE:
        return f"No significant change {over}."
    if reason:
        return f"The recent trend could not be calculated: it {reason}."
    return (
        "The recent trend could not be calculated. It needs at least five periods with counts and "
        "denominators, and is worked out only for percentages and crude rates."
    )


def value_text(indicator: Indicator, value: float | None, decimals: int) -> str:
    return format_value(value, indicator.unit, decimals)


def interval_text(lower: float | None, upper: float | None, decimals: int) -> str:
    return format_interval(lower, upper, decimals)


def published_note(publishers: Sequence[str]) -> str:
    """What follows a sentence on how figures were compared, when some took their publisher's
    verdict: '; figures without one are compared as Fingertips published them' ('' for none)."""
    if not publishers:
        return ""
    return f"; figures without one are compared as {' and '.join(publishers)} published them"
