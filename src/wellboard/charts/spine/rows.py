"""What each row of the spine chart shows: where its marks sit on its bar (the spread, the middle
half and the area's value, scaled so England's value is the centre and the better end is on the
right), and who compared its figure with England."""

from __future__ import annotations

from dataclasses import dataclass

from wellboard.charts.data import SpineRow, higher_is_better
from wellboard.charts.formatting import is_number
from wellboard.charts.significance import Significance, significance_of


@dataclass(frozen=True)
class SpinePositions:
    """Where a row's figures sit on the 0..1 scale (0.5 is England; 1 the better end)."""

    worst: float
    worst_quartile: float
    best_quartile: float
    best: float
    value: float | None
    flipped: bool


def spine_positions(row: SpineRow) -> SpinePositions | None:
    """None when the row has no range of areas to draw against (no figures, or every area the
    same, as when only the area itself has a figure)."""
    if not (is_number(row.minimum) and is_number(row.maximum)):
        return None
    minimum, maximum = float(row.minimum or 0.0), float(row.maximum or 0.0)
    if minimum == maximum:
        return None
    centre = float(row.benchmark) if is_number(row.benchmark) else (minimum + maximum) / 2
    half = max(abs(centre - minimum), abs(maximum - centre)) or 1.0
    flipped = higher_is_better(row.polarity) is False
    sign = -1.0 if flipped else 1.0

    def place(v: float | None) -> float | None:
        if not is_number(v):
            return None
        return 0.5 + sign * (float(v or 0.0) - centre) / (2 * half)

    q25 = row.q25 if is_number(row.q25) else minimum
    q75 = row.q75 if is_number(row.q75) else maximum
    ends = sorted([place(minimum) or 0.0, place(maximum) or 0.0])
    quartiles = sorted([place(q25) or 0.0, place(q75) or 0.0])
    return SpinePositions(
        worst=ends[0],
        worst_quartile=quartiles[0],
        best_quartile=quartiles[1],
        best=ends[1],
        value=place(row.value),
        flipped=flipped,
    )


def _compared_by(row: SpineRow) -> str | None:
    """Who compared the row's figure with England (None when it was not compared)."""
    if not is_number(row.value) or significance_of(row.significance) is Significance.NOT_COMPARED:
        return None
    return row.compared_by or None
