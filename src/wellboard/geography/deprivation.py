"""Deprivation of wards and districts, derived from their LSOAs. Pure Python, no database.

Method (the same as MHCLG's "average score" summary for local authorities):

1. an area's score is the population-weighted mean of the IMD scores of the LSOAs in it
   (each LSOA counted once, in the ward or district it lies in or best fits);
2. areas of one type are ranked on that unrounded score across England, 1 = highest score =
   most deprived, ties sharing the lower rank;
3. decile = ceil(rank * 10 / number of areas ranked), so decile 1 is the most deprived tenth.

With no population for the LSOAs, every LSOA weighs the same (a plain mean); the result then
carries no population.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

THOUSANDTH = Decimal("0.001")


@dataclass(frozen=True)
class DerivedDeprivation:
    code: str
    score: Decimal  # rounded to 3 decimal places, as MHCLG publishes scores
    rank: int
    ranked_areas: int
    decile: int
    population: int | None
    lsoas: int


def decile_for_rank(rank: int, ranked_areas: int) -> int:
    """Decile 1..10 for a rank 1..n where rank 1 is the most deprived."""
    if not 1 <= rank <= ranked_areas:
        raise ValueError(f"rank {rank} is outside 1..{ranked_areas}")
    return math.ceil(rank * 10 / ranked_areas)


def ranks_descending(values: Mapping[str, float]) -> dict[str, int]:
    """1 for the largest value; equal values share the lower rank (1, 2, 2, 4)."""
    ordered = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    ranks: dict[str, int] = {}
    previous: float | None = None
    current_rank = 0
    for position, (code, value) in enumerate(ordered, start=1):
        if previous is None or value != previous:
            current_rank = position
            previous = value
        ranks[code] = current_rank
    return ranks


def derive_deprivation(
    *,
    scores: Mapping[str, Decimal],
    groups: Mapping[str, str],
    populations: Mapping[str, int] | None = None,
) -> list[DerivedDeprivation]:
    """Score, rank and decile for every group (ward or district) of the LSOAs in ``scores``.

    ``groups`` maps each LSOA code to the code of its ward or district; LSOAs without a group
    are ignored. With ``populations`` every LSOA of a group must have one (KeyError otherwise).
    """
    weighted: dict[str, float] = defaultdict(float)
    weights: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for lsoa, score in scores.items():
        group = groups.get(lsoa)
        if group is None:
            continue
        weight = populations[lsoa] if populations is not None else 1
        weighted[group] += float(score) * weight
        weights[group] += weight
        counts[group] += 1
    means = {g: weighted[g] / weights[g] for g in weighted if weights[g] > 0}
    ranks = ranks_descending(means)
    n = len(means)
    return [
        DerivedDeprivation(
            code=g,
            score=Decimal(repr(means[g])).quantize(THOUSANDTH, rounding=ROUND_HALF_UP),
            rank=ranks[g],
            ranked_areas=n,
            decile=decile_for_rank(ranks[g], n),
            population=weights[g] if populations is not None else None,
            lsoas=counts[g],
        )
        for g in sorted(means)
    ]
