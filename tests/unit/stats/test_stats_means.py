"""Golden tests for ``mean`` (Student's t) against the reference tables.

Tolerance: 1e-6 relative.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from wellboard.stats import mean

RTOL = 1e-6


def _check(actual: np.ndarray | None, expected: pd.Series | np.ndarray) -> None:
    assert actual is not None
    assert_allclose(actual, np.asarray(expected, dtype=float), rtol=RTOL, atol=0, equal_nan=True)


@pytest.mark.parametrize(
    ("file", "columns"),
    [
        ("testdata_Mean.xlsx", ("value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl")),
        (
            "phstatsmethods_fixtures/testdata_Mean.xlsx",
            ("Value", "lower_95_ci", "upper_95_ci", "lower_99_8_ci", "upper_99_8_ci"),
        ),
    ],
)
def test_grouped_and_ungrouped_means(phe: Path, file: str, columns: tuple[str, ...]) -> None:
    sheets = pd.read_excel(phe / file, sheet_name=None)
    data = sheets["testdata_Mean"].dropna()  # the Python copy appends a NaN row for its NA test
    expected = sheets["testdata_Mean_results"]
    value, lower95, upper95, lower998, upper998 = columns
    grouped95 = mean(data["values"], groups=data.area.to_numpy())
    grouped998 = mean(data["values"], groups=data.area.to_numpy(), confidence=0.998)
    pooled95 = mean(data["values"], groups=None)
    pooled998 = mean(data["values"], groups=None, confidence=0.998)
    assert list(grouped95.groups) == ["Area1", "Area2"]  # type: ignore[arg-type]
    assert pooled95.groups is None
    for estimate95, estimate998, rows in (
        (grouped95, grouped998, slice(0, 2)),
        (pooled95, pooled998, slice(2, 3)),
    ):
        part = expected.iloc[rows]
        _check(estimate95.value, part[value])
        _check(estimate95.lower, part[lower95])
        _check(estimate95.upper, part[upper95])
        _check(estimate998.lower, part[lower998])
        _check(estimate998.upper, part[upper998])
        _check(estimate95.count, part.value_count)
        _check(estimate95.value * estimate95.count, part.value_sum)  # type: ignore[operator]


def test_missing_value_blanks_its_group(phs: Path) -> None:
    # testdata_Mean_results_NA: a NaN in Area1 makes Area1 NaN and leaves Area2 alone. Its
    # "No grouping" row is internally inconsistent (value_sum is not value x count) and is
    # not a reproducible reference, so only the grouped rows are compared.
    sheets = pd.read_excel(phs / "testdata_Mean.xlsx", sheet_name=None)
    data = sheets["testdata_Mean"]
    expected = sheets["testdata_Mean_results_NA"].iloc[:2]
    result = mean(data["values"], groups=data.area.to_numpy())
    _check(result.value, expected.Value)
    _check(result.lower, expected.lower_95_ci)
    _check(result.upper, expected.upper_95_ci)


def test_single_value_has_no_limits() -> None:
    result = mean([4.0, 5.0, 6.0], groups=["a", "b", "b"])
    assert result.value[0] == 4.0
    assert np.isnan(result.lower[0])
    assert np.isfinite(result.lower[1])


def test_large_offsets_keep_precision() -> None:
    values = 1e9 + np.array([1.0, 2.0, 3.0])
    result = mean(values, groups=None)
    assert result.upper[0] - result.value[0] == pytest.approx(2.4841377, rel=1e-6)
