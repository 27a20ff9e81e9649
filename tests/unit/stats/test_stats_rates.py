"""Golden tests for ``rate`` (Byar's / exact Poisson limits) against the PHE reference tables.

Tolerance: 1e-6 relative.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from wellboard.stats import rate

RTOL = 1e-6


def _check(actual: np.ndarray, expected: pd.Series, rtol: float = RTOL) -> None:
    assert_allclose(actual, expected.to_numpy(dtype=float), rtol=rtol, atol=0, equal_nan=True)


@pytest.mark.parametrize(
    ("file", "columns"),
    [
        ("testdata_Rate.xlsx", ("value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl")),
        (
            "phstatsmethods_fixtures/testdata_Rate.xlsx",
            ("Value", "lower_95_ci", "upper_95_ci", "lower_99_8_ci", "upper_99_8_ci"),
        ),
    ],
)
def test_ungrouped_rows_match_reference(phe: Path, file: str, columns: tuple[str, ...]) -> None:
    sheet = pd.read_excel(phe / file, sheet_name="testdata_Rate")
    multiplier_column = "multiplier" if "multiplier" in sheet else "Multiplier"
    value, lower95, upper95, lower998, upper998 = columns
    for multiplier, rows in sheet.groupby(multiplier_column):
        at95 = rate(rows.Numerator, rows.Denominator, multiplier=multiplier)
        at998 = rate(rows.Numerator, rows.Denominator, multiplier=multiplier, confidence=0.998)
        _check(at95.value, rows[value])
        _check(at95.lower, rows[lower95])
        _check(at95.upper, rows[upper95])
        _check(at998.lower, rows[lower998])
        _check(at998.upper, rows[upper998])


@pytest.mark.parametrize(
    ("file", "lower", "upper"),
    [
        ("testdata_Rate.xlsx", "lowercl", "uppercl"),
        ("phstatsmethods_fixtures/testdata_Rate.xlsx", "lower_95_ci", "upper_95_ci"),
    ],
)
def test_grouped_sums_rows_first(phe: Path, file: str, lower: str, upper: str) -> None:
    rows = pd.read_excel(phe / file, sheet_name="testdata_Rate")
    expected = pd.read_excel(phe / file, sheet_name="testdata_Rate_g").set_index("Area")
    result = rate(rows.Numerator, rows.Denominator, groups=rows.Area.to_numpy())
    assert result.groups is not None
    assert list(result.groups) == sorted(expected.index)
    expected = expected.loc[result.groups]
    _check(result.value, expected["value" if "value" in expected else "Value"])
    _check(result.lower, expected[lower])
    _check(result.upper, expected[upper])


def test_byars_wilson_sheet_byars_rows(phe: Path) -> None:
    # This sheet tests Byar's method alone, at every count; the last row (1 event at 99.8%)
    # has no Byar's lower limit because the approximation's bracket is negative there.
    sheet = pd.read_excel(phe / "testdata_Byars_Wilson.xlsx")
    byars = sheet[sheet.method == "Byars"]
    for label, level in (("95%", 0.95), ("99.8%", 0.998)):
        rows = byars[byars.confidence == label]
        result = rate(rows.x, np.ones(len(rows)), multiplier=1, confidence=level, small_counts="byars")
        _check(result.lower, rows.lowercl)
        _check(result.upper, rows.uppercl)


def test_generated_rates_per_100k_with_small_counts(generated: Path) -> None:
    table = pd.read_csv(generated / "rate_output_per100k.csv")
    assert (table.x < 10).sum() > 0
    at95 = rate(table.x, table.n)
    at998 = rate(table.x, table.n, confidence=0.998)
    _check(at95.value, table.value)
    _check(at95.lower, table.lower95_0cl)
    _check(at95.upper, table.upper95_0cl)
    _check(at998.lower, table.lower99_8cl)
    _check(at998.upper, table.upper99_8cl)


def test_zero_count_has_zero_lower_and_finite_upper() -> None:
    for mode in ("exact", "byars"):
        result = rate([0], [1000], small_counts=mode)  # type: ignore[arg-type]
        assert result.lower[0] == 0.0
        assert np.isfinite(result.upper[0])
        assert result.upper[0] > 0


def test_exact_and_byars_switch_at_ten() -> None:
    exact = rate([9, 10], [100, 100], multiplier=1)
    byars = rate([9, 10], [100, 100], multiplier=1, small_counts="byars")
    assert exact.lower[0] != pytest.approx(byars.lower[0], rel=1e-6)
    assert exact.lower[1] == byars.lower[1]


def test_zero_denominator_is_blank() -> None:
    result = rate([3], [0])
    assert np.isnan(result.value[0])
    assert np.isnan(result.upper[0])


@pytest.mark.parametrize(
    ("count", "denominator", "message"),
    [([-1], [4], "count must not be negative"), ([1], [-4], "denominator must not be negative")],
)
def test_invalid_inputs_raise(count: list[float], denominator: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rate(count, denominator)


def test_invalid_small_counts_option() -> None:
    with pytest.raises(ValueError, match="small_counts"):
        rate([1], [10], small_counts="normal")  # type: ignore[arg-type]
