"""Tests for ``compare`` (Fingertips' confidence-interval benchmark test).

The golden test against published Fingertips labels is in test_stats_fingertips.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from wellboard.stats import compare

LOWER = [1.0, 4.0, 6.0, 5.0, np.nan, 3.0]
UPPER = [3.0, 6.0, 9.0, 7.0, 8.0, 5.0]


@pytest.mark.parametrize(
    ("polarity", "expected"),
    [
        ("high is good", ["worse", "similar", "better", "similar", "not compared", "similar"]),
        ("low is good", ["better", "similar", "worse", "similar", "not compared", "similar"]),
        ("neither", ["lower", "similar", "higher", "similar", "not compared", "similar"]),
    ],
)
def test_labels_by_polarity(polarity: str, expected: list[str]) -> None:
    # benchmark 5: rows 4 and 6 touch it with a limit, which counts as similar
    assert_array_equal(compare(LOWER, UPPER, 5.0, polarity=polarity), expected)  # type: ignore[arg-type]


def test_benchmark_per_area_and_missing_benchmark() -> None:
    labels = compare([1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [0.5, 3.0, np.nan], polarity="neither")
    assert_array_equal(labels, ["higher", "lower", "not compared"])


def test_out_of_order_limits_are_not_compared() -> None:
    assert_array_equal(compare([5.0], [4.0], 1.0, polarity="neither"), ["not compared"])


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="polarity"):
        compare([1.0], [2.0], 1.0, polarity="up")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="benchmark"):
        compare([1.0, 2.0], [2.0, 3.0], [1.0, 2.0, 3.0], polarity="neither")
