"""Tests for disclosure control (suppression and rounding of published counts)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from wellboard.stats import suppress_counts, suppress_derived, suppress_totals


def test_default_rule() -> None:
    result = suppress_counts([0, 1, 7, 8, 12, 13, 102, np.nan])
    assert_array_equal(result.suppressed, [False, True, True, False, False, False, False, False])
    assert_array_equal(result.values, [0, np.nan, np.nan, 10, 10, 15, 100, np.nan])
    assert_array_equal(result.labels(), ["0", "*", "*", "10", "10", "15", "100", ""])
    assert_array_equal(result.labels(marker="[c]", missing="-")[[1, 7]], ["[c]", "-"])


def test_configurable_threshold_and_no_rounding() -> None:
    result = suppress_counts([4, 5, 6], threshold=5, rounding=None)
    assert_array_equal(result.labels(), ["*", "5", "6"])


def test_half_rounds_up() -> None:
    assert_array_equal(suppress_counts([15, 25], rounding=10).values, [20, 30])


def test_secondary_suppression_within_each_row() -> None:
    counts = [3, 0, 20, 11, 9, 4, 2, 30, 50, 60]
    rows = ["a", "a", "a", "a", "b", "b", "b", "c", "c", "c"]
    result = suppress_counts(counts, threshold=5, rounding=None, groups=rows, secondary=True)
    # row a: 3 is suppressed alone, so the next-smallest non-zero cell (11) goes too (0 stays)
    # row b: two cells already suppressed: nothing more; row c: nothing suppressed
    assert_array_equal(result.suppressed, [True, False, False, True, False, True, True, False, False, False])


def test_secondary_ties_pick_the_first_cell() -> None:
    result = suppress_counts([2, 9, 9], threshold=5, rounding=None, secondary=True)
    assert_array_equal(result.suppressed, [True, True, False])


def test_totals_come_from_unrounded_counts() -> None:
    counts = [12, 12, 12, 2]  # rounded cells 10 + 10 + 10 would give 30; the true total is 38
    totals = suppress_totals(counts)
    assert_array_equal(totals.values, [40])
    per_row = suppress_totals([3, 2, 40, 41], groups=["x", "x", "y", "y"])
    assert_array_equal(per_row.labels(), ["*", "80"])


def test_derived_figures_follow_their_counts() -> None:
    counts = suppress_counts([4, 40])
    rates = suppress_derived([12.5, 33.3], counts)
    assert_array_equal(rates.labels(decimals=1), ["*", "33.3"])
    with pytest.raises(ValueError, match="aligned"):
        suppress_derived([1.0], counts)


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"threshold": 0}, "threshold"), ({"rounding": 0}, "rounding")]
)
def test_invalid_rules(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        suppress_counts([1], **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        suppress_counts([-1])
