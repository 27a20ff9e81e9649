"""Disclosure control at the publishing boundary: the one place that applies a partnership's rule.

Every count that leaves Wellboard through a public channel (public pages, open data, the anonymous
API, published reports in every format, hub figures shown to anyone but the hub's own workers) goes
through a function of this module with the partnership's ``DisclosureRule``. Members signed in to
their own partnership see true figures; nothing here is called for them.

The arithmetic is ``wellboard.stats.disclosure`` (pure, vectorised); this module turns a partnership's
chosen rule into its parameters and applies it to the shapes Wellboard publishes:

* ``disclose_counts``: a column of counts (with secondary suppression when the rule asks for it);
* ``disclose_derived``: rates and percentages calculated from counts that were suppressed;
* ``disclose_total``: a total worked out from unrounded counts, then rounded;
* ``disclose_table``: a two-way table with its row, column and grand totals (with secondary
  suppression along rows and columns when the rule asks for it);
* ``disclose_observations``: an indicator's observations (count, denominator, value and limits).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wellboard import stats
from wellboard.partners.models import DisclosureRule

FloatArray = NDArray[np.float64]
Numbers = ArrayLike | Sequence[float | None]
SUPPRESSED_MARKER = "*"


@dataclass(frozen=True)
class Rule:
    """A disclosure rule's parameters: counts from 1 to ``threshold - 1`` are suppressed, others
    rounded to ``rounding`` (None: not rounded); ``secondary`` protects suppressed cells from totals."""

    code: str
    threshold: int
    rounding: int | None
    secondary: bool
    description: str


RULES: dict[str, Rule] = {
    DisclosureRule.STANDARD: Rule(
        code=DisclosureRule.STANDARD,
        threshold=8,
        rounding=5,
        secondary=False,
        description="0 is shown as 0; counts from 1 to 7 are suppressed (*); other counts are rounded "
        "to the nearest 5; totals are rounded from unrounded figures.",
    ),
    DisclosureRule.UNDER_FIVE: Rule(
        code=DisclosureRule.UNDER_FIVE,
        threshold=5,
        rounding=None,
        secondary=True,
        description="Counts from 1 to 4 are suppressed (*), and so is a second cell wherever a "
        "suppressed figure could be worked out from a total; other counts are shown as they are.",
    ),
}


def rule_for(code: str) -> Rule:
    """The rule a partnership chose; an unknown code falls back to the strictest default."""
    return RULES.get(code, RULES[DisclosureRule.STANDARD])


def _floats(values: Numbers) -> FloatArray:
    return np.array(
        [np.nan if v is None else v for v in np.asarray(values, dtype=object).ravel()], dtype=float
    )


def disclose_counts(counts: Numbers, *, rule: str, groups: ArrayLike | None = None) -> stats.Suppressed:
    """Counts as they may be published: suppressed, rounded and (if the rule says) protected from
    being recovered from their row's total, where ``groups`` names each cell's row."""
    chosen = rule_for(rule)
    return stats.suppress_counts(
        _floats(counts),
        threshold=chosen.threshold,
        rounding=chosen.rounding,
        groups=groups,
        secondary=chosen.secondary,
    )


def disclose_derived(values: Numbers, hidden: NDArray[np.bool_]) -> stats.Suppressed:
    """Rates, percentages and limits with the cells whose count or denominator is suppressed blanked."""
    return stats.suppress_derived(_floats(values), np.asarray(hidden, dtype=bool))


def disclose_total(counts: Numbers, *, rule: str) -> stats.Suppressed:
    """The total of unrounded ``counts`` with the rule applied (never a sum of rounded cells)."""
    chosen = rule_for(rule)
    return stats.suppress_totals(_floats(counts), threshold=chosen.threshold, rounding=chosen.rounding)


def disclose_table(cells: ArrayLike, *, rule: str) -> stats.SuppressedTable:
    """A table of counts (rows x columns) with its row, column and grand totals as they may be
    published. The totals are worked out from the unrounded counts; the rule then applies to every
    cell and every total. Under a rule with secondary suppression ("fewer than 5"), more cells or
    totals are suppressed until none of the suppressed ones can be worked out from what is shown:
    every row and column, totals included, has no suppressed entry or at least two, and no chain of
    rows and columns pins one down. ``ValueError`` for a table that is not a complete grid of
    non-negative counts."""
    chosen = rule_for(rule)
    return stats.suppress_table(
        cells, threshold=chosen.threshold, rounding=chosen.rounding, secondary=chosen.secondary
    )


@dataclass(frozen=True, eq=False)
class DisclosedObservations:
    count: FloatArray
    denominator: FloatArray
    value: FloatArray
    lower95: FloatArray
    upper95: FloatArray
    lower998: FloatArray
    upper998: FloatArray
    suppressed: NDArray[np.bool_]


def disclose_observations(
    *,
    rule: str,
    count: Numbers,
    denominator: Numbers,
    value: Numbers,
    lower95: Numbers,
    upper95: Numbers,
    lower998: Numbers,
    upper998: Numbers,
) -> DisclosedObservations:
    """An indicator's figures as they may be published. Each observation is its own cell (its
    figures do not add up to a published total), so no secondary suppression applies; a value or
    limit worked out from a suppressed count or denominator is suppressed with it."""
    chosen = rule_for(rule)
    counts = stats.suppress_counts(_floats(count), threshold=chosen.threshold, rounding=chosen.rounding)
    denominators = stats.suppress_counts(
        _floats(denominator), threshold=chosen.threshold, rounding=chosen.rounding
    )
    hidden = counts.suppressed | denominators.suppressed

    def derived(values: Numbers) -> FloatArray:
        return np.array(disclose_derived(values, hidden).values)

    return DisclosedObservations(
        count=np.where(hidden, np.nan, counts.values),
        denominator=np.where(hidden, np.nan, denominators.values),
        value=derived(value),
        lower95=derived(lower95),
        upper95=derived(upper95),
        lower998=derived(lower998),
        upper998=derived(upper998),
        suppressed=hidden,
    )
