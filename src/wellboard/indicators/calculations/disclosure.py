"""Disclosure control for observations shown to the public (the partnership's rule, per figure).

Counts and denominators go through ``wellboard.stats.disclosure``: small counts are suppressed and
others rounded as the partnership's rule says; a value or confidence limit derived from a
suppressed count or denominator is suppressed too. Each observation is its own cell (its figures
do not add up to a published total), so no secondary suppression is needed here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wellboard import stats
from wellboard.indicators.calculations.figures import FloatArray, Numbers, as_floats
from wellboard.partners.models import DisclosureRule

# (suppress counts from 1 to threshold - 1, round others to this base)
_RULES: dict[str, tuple[int, int | None]] = {
    DisclosureRule.STANDARD: (8, 5),
    DisclosureRule.UNDER_FIVE: (5, None),
}


@dataclass(frozen=True, eq=False)
class Disclosed:
    count: FloatArray
    denominator: FloatArray
    value: FloatArray
    lower95: FloatArray
    upper95: FloatArray
    lower998: FloatArray
    upper998: FloatArray
    suppressed: NDArray[np.bool_]


def disclose(
    *,
    rule: str,
    count: Numbers,
    denominator: Numbers,
    value: Numbers,
    lower95: Numbers,
    upper95: Numbers,
    lower998: Numbers,
    upper998: Numbers,
) -> Disclosed:
    """The figures as they may be published under ``rule`` (a ``DisclosureRule``)."""
    threshold, rounding = _RULES.get(rule, _RULES[DisclosureRule.STANDARD])
    counts = stats.suppress_counts(as_floats(count), threshold=threshold, rounding=rounding)
    denominators = stats.suppress_counts(as_floats(denominator), threshold=threshold, rounding=rounding)
    hidden = counts.suppressed | denominators.suppressed

    def derived(values: Numbers) -> FloatArray:
        return np.array(stats.suppress_derived(as_floats(values), hidden).values)

    return Disclosed(
        count=np.where(hidden, np.nan, counts.values),
        denominator=np.where(hidden, np.nan, denominators.values),
        value=derived(value),
        lower95=derived(lower95),
        upper95=derived(upper95),
        lower998=derived(lower998),
        upper998=derived(upper998),
        suppressed=hidden,
    )
