"""How many of Fingertips' own published figures Wellboard reproduces with its methods.

Two checks, reported with every import so an analyst can trust (or question) the methods:
the published 95% limits recomputed from count and denominator by the indicator's method, and the
published "Compared to England" labels recomputed by the 95% confidence-interval overlap test
against England's value for the same period, sex and age.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from wellboard.indicators.calculations import WITH_LIMITS, significance
from wellboard.indicators.importers.fingertips.inference import (
    LIMIT_TOLERANCE_TEXT,
    england_values,
    limits_reproduced,
    published_label,
    with_published_limits,
)
from wellboard.indicators.importers.fingertips.reader import FingertipsRow
from wellboard.indicators.models import Method, Polarity

_POLARITY_WORDS = {
    Polarity.LOW_IS_GOOD: "lower is better",
    Polarity.HIGH_IS_GOOD: "higher is better",
    Polarity.NEITHER: "neither direction is better",
}
_METHOD_WORDS: dict[str, str] = {
    Method.WILSON: "Wilson",
    Method.BYARS: "Byar's",
    Method.BYARS_EXACT: "exact below 10, Byar's from 10",
    Method.SMR: "exact below 10, Byar's from 10",
}
MISMATCHES_SHOWN = 5


@dataclass
class Reproduction:
    method: str
    polarity: str
    limits_checked: int = 0
    limits_reproduced: int = 0
    labels_checked: int = 0
    labels_reproduced: int = 0
    limit_mismatches: list[str] = field(default_factory=list)
    label_mismatches: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = []
        if self.method in WITH_LIMITS:
            lines.append(
                f"Wellboard reproduces {self.limits_reproduced} of {self.limits_checked} published "
                f"95% limits ({_METHOD_WORDS[self.method]}, within {LIMIT_TOLERANCE_TEXT} relative)"
            )
        else:
            lines.append(
                f"Published limits were not checked: {Method(self.method).label} limits cannot be computed "
                "from a count and denominator alone"
            )
        lines.append(
            f"Wellboard reproduces {self.labels_reproduced} of {self.labels_checked} "
            f"'Compared to England' labels (95% CI overlap, {_POLARITY_WORDS[Polarity(self.polarity)]})"
        )
        for found in (self.limit_mismatches, self.label_mismatches):
            lines.extend(found[:MISMATCHES_SHOWN])
            if len(found) > MISMATCHES_SHOWN:
                lines.append(f"… and {len(found) - MISMATCHES_SHOWN} more like that")
        return lines


def _where(row: FingertipsRow) -> str:
    parts = [row.area_code, row.period.code, row.sex, row.age, row.category]
    return f"row {row.number} ({' '.join(p for p in parts if p)})"


def reproduce(rows: Sequence[FingertipsRow], *, method: str, multiplier: int, polarity: str) -> Reproduction:
    """Check one indicator's published limits and England comparisons against Wellboard's methods."""
    result = Reproduction(method=method, polarity=polarity)
    if method in WITH_LIMITS:
        checked = with_published_limits(rows)
        matched = limits_reproduced(checked, method=method, multiplier=multiplier)
        result.limits_checked = len(checked)
        result.limits_reproduced = int(matched.sum())
        for row, ok in zip(checked, matched, strict=True):
            if not ok:
                result.limit_mismatches.append(f"{_where(row)}: published 95% limits differ from Wellboard's")
    england = england_values(rows)
    labelled = [r for r in rows if published_label(r.compared_to_england)]
    if labelled:
        ours = significance(
            lower=np.array([np.nan if r.lower95 is None else r.lower95 for r in labelled]),
            upper=np.array([np.nan if r.upper95 is None else r.upper95 for r in labelled]),
            benchmark=np.array(
                [england.get((r.period.code, r.sex, r.age, r.indicator_id), np.nan) for r in labelled],
                dtype=float,
            ),
            polarity=polarity,
        )
        result.labels_checked = len(labelled)
        for row, label in zip(labelled, ours, strict=True):
            published = published_label(row.compared_to_england)
            if published == "same":
                published = "similar"
            if published == label:
                result.labels_reproduced += 1
            else:
                ours_word = str(label).replace("_", " ")
                result.label_mismatches.append(
                    f"{_where(row)}: Fingertips says {published}, Wellboard says {ours_word}"
                )
    return result
