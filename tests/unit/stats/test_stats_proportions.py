"""Golden tests for ``proportion`` (Wilson score) against the PHE reference tables.

Tolerance: 1e-6 relative unless a test says otherwise. The xlsx fixtures store values to
about 15 significant figures, so 1e-6 leaves room only for formula differences, not noise.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from wellboard.stats import proportion

RTOL = 1e-6


def _check(estimate_value: np.ndarray, expected: pd.Series, rtol: float = RTOL) -> None:
    assert_allclose(estimate_value, expected.to_numpy(dtype=float), rtol=rtol, atol=0, equal_nan=True)


@pytest.mark.parametrize(
    ("file", "columns"),
    [
        ("testdata_Proportion.xlsx", ("value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl")),
        (
            "phstatsmethods_fixtures/testdata_Proportion.xlsx",
            ("Value", "lower_95_ci", "upper_95_ci", "lower_99_8_ci", "upper_99_8_ci"),
        ),
    ],
)
def test_ungrouped_rows_match_reference(phe: Path, file: str, columns: tuple[str, ...]) -> None:
    sheet = pd.read_excel(phe / file, sheet_name="testdata_Prop")
    value, lower95, upper95, lower998, upper998 = columns
    for multiplier, rows in sheet.groupby("multiplier"):
        at95 = proportion(rows.Numerator, rows.Denominator, multiplier=multiplier)
        at998 = proportion(rows.Numerator, rows.Denominator, multiplier=multiplier, confidence=0.998)
        assert at95.groups is None
        _check(at95.value, rows[value])
        _check(at95.lower, rows[lower95])
        _check(at95.upper, rows[upper95])
        _check(at998.lower, rows[lower998])
        _check(at998.upper, rows[upper998])


@pytest.mark.parametrize(
    ("file", "lower", "upper"),
    [
        ("testdata_Proportion.xlsx", "lowercl", "uppercl"),
        ("phstatsmethods_fixtures/testdata_Proportion.xlsx", "lower_95_ci", "upper_95_ci"),
    ],
)
def test_grouped_sums_rows_first(phe: Path, file: str, lower: str, upper: str) -> None:
    # The grouped sheet is the ungrouped input grouped by Area (each area appears twice).
    rows = pd.read_excel(phe / file, sheet_name="testdata_Prop")
    expected = pd.read_excel(phe / file, sheet_name="testdata_Prop_g").set_index("Area")
    result = proportion(rows.Numerator, rows.Denominator, groups=rows.Area.to_numpy(), multiplier=1)
    assert result.groups is not None
    assert list(result.groups) == sorted(expected.index)
    expected = expected.loc[result.groups]
    value_column = "value" if "value" in expected else "Value"
    _check(result.value, expected[value_column])
    _check(result.lower, expected[lower])
    _check(result.upper, expected[upper])
    _check(result.count, expected.Numerator)


def test_byars_wilson_sheet_wilson_rows(phe: Path) -> None:
    sheet = pd.read_excel(phe / "testdata_Byars_Wilson.xlsx")
    wilson = sheet[sheet.method == "Wilson"]
    for label, level in (("95%", 0.95), ("99.8%", 0.998)):
        rows = wilson[wilson.confidence == label]
        result = proportion(rows.x, rows.n, confidence=level, multiplier=1)
        _check(result.lower, rows.lowercl)
        _check(result.upper, rows.uppercl)


def test_generated_percentages(generated: Path) -> None:
    table = pd.read_csv(generated / "proportion_output_percent.csv")
    at95 = proportion(table.x, table.n)
    at998 = proportion(table.x, table.n, confidence=0.998)
    _check(at95.value, table.value)
    _check(at95.lower, table.lower95_0cl)
    _check(at95.upper, table.upper95_0cl)
    _check(at998.lower, table.lower99_8cl)
    _check(at998.upper, table.upper99_8cl)


def test_ncmp_prevalence_limits(phe: Path) -> None:
    # NCMP_testdata holds real NCMP prevalence by deprivation decile with published limits.
    table = pd.read_csv(phe / "NCMP_testdata.csv")
    result = proportion(table.Count, table.Measured)
    _check(result.value, table.Rate)
    _check(result.lower, table.LCL)
    _check(result.upper, table.UCL)


def test_zero_denominator_is_blank_and_nan_propagates() -> None:
    result = proportion([0, 1, np.nan, 3], [0, 10, 10, 10], groups=["a", "b", "b", "c"])
    assert np.isnan(result.value[0])
    assert np.isnan(result.lower[0])
    assert np.isnan(result.upper[0])
    assert np.isnan(result.value[1])
    assert result.value[2] == pytest.approx(30.0)


def test_zero_and_full_numerators_stay_in_range() -> None:
    result = proportion([0, 20], [20, 20])
    assert result.lower[0] == 0.0
    assert result.upper[0] > 0
    assert result.upper[1] == pytest.approx(100.0)
    assert result.lower[1] < 100


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        ([5], [4], "greater than denominator"),
        ([-1], [4], "numerator must not be negative"),
        ([1], [-4], "denominator must not be negative"),
    ],
)
def test_invalid_inputs_raise(numerator: list[float], denominator: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        proportion(numerator, denominator)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5, float("nan"), True])
def test_invalid_confidence_raises(confidence: float) -> None:
    with pytest.raises(ValueError, match="confidence"):
        proportion([1], [10], confidence=confidence)


def test_length_mismatch_raises() -> None:
    with pytest.raises(ValueError, match="rows"):
        proportion([1, 2], [10])
    with pytest.raises(ValueError, match="groups"):
        proportion([1, 2], [10, 10], groups=["a"])
