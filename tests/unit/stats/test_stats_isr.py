"""Golden tests for ``isr`` and ``smr`` (indirect standardisation) against the reference tables.

Tolerance: 1e-6 relative.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from wellboard.stats import isr, smr

RTOL = 1e-6

R_COLUMNS = ("observed", "expected", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl")
PY_COLUMNS = ("Observed", "Expected", "Value", "lower_95_ci", "upper_95_ci", "lower_99_8_ci", "upper_99_8_ci")


def _check(actual: np.ndarray | None, expected: pd.Series | np.ndarray, rtol: float = RTOL) -> None:
    assert actual is not None
    assert_allclose(actual, np.asarray(expected, dtype=float), rtol=rtol, atol=0, equal_nan=True)


def _compare(
    result_95: object, result_998: object | None, expected: pd.DataFrame, columns: tuple[str, ...]
) -> None:
    observed, expected_col, value, lower95, upper95, lower998, upper998 = columns
    _check(result_95.count, expected[observed])  # type: ignore[attr-defined]
    _check(result_95.denominator, expected[expected_col])  # type: ignore[attr-defined]
    _check(result_95.value, expected[value])  # type: ignore[attr-defined]
    _check(result_95.lower, expected[lower95])  # type: ignore[attr-defined]
    _check(result_95.upper, expected[upper95])  # type: ignore[attr-defined]
    if result_998 is not None:
        _check(result_998.lower, expected[lower998])  # type: ignore[attr-defined]
        _check(result_998.upper, expected[upper998])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("file", "columns"),
    [("testdata_DSR_ISR.xlsx", R_COLUMNS), ("phstatsmethods_fixtures/testdata_DSR_ISR.xlsx", PY_COLUMNS)],
)
@pytest.mark.parametrize("reference_in_rows", [False, True])
def test_multiarea_rates_and_ratios(
    phe: Path, file: str, columns: tuple[str, ...], reference_in_rows: bool
) -> None:
    sheets = pd.read_excel(phe / file, sheet_name=None)
    results = sheets["testresults_ISR"]
    if reference_in_rows:
        # Reference data carried on each row, with the gaps the reference fills with zeros.
        data = sheets["testdata_multiarea_isr"]
        ref_count, ref_pop = data.refcount, data.refpop
    else:
        data = sheets["testdata_multiarea"]
        ref = sheets["refdata"]
        ref_count, ref_pop = np.tile(ref.refcount, 3), np.tile(ref.refpop, 3)
    groups = data.area.to_numpy()
    args = (data["count"], data["pop"], ref_count, ref_pop)
    for multiplier, rows in ((100_000, slice(0, 3)), (1_000, slice(3, 6))):
        at95 = isr(*args, groups=groups, multiplier=multiplier)
        at998 = isr(*args, groups=groups, multiplier=multiplier, confidence=0.998)
        assert list(at95.groups) == list(results.area.iloc[rows])  # type: ignore[arg-type]
        _compare(at95, at998, results.iloc[rows], columns)
    for refvalue, rows in ((1, slice(6, 9)), (100, slice(9, 12))):
        at95 = smr(*args, groups=groups, refvalue=refvalue)
        at998 = smr(*args, groups=groups, refvalue=refvalue, confidence=0.998)
        _compare(at95, at998, results.iloc[rows], columns)


@pytest.mark.parametrize(
    ("file", "columns"),
    [("testdata_DSR_ISR.xlsx", R_COLUMNS), ("phstatsmethods_fixtures/testdata_DSR_ISR.xlsx", PY_COLUMNS)],
)
def test_zero_population_band(phe: Path, file: str, columns: tuple[str, ...]) -> None:
    # testdata_err2 has a zero population in one band: allowed for indirect standardisation.
    sheets = pd.read_excel(phe / file, sheet_name=None)
    data = sheets["testdata_err2"]
    ref = sheets["refdata"]
    results = sheets["testresults_ISR"]
    args = (data["count"], data["pop"], np.tile(ref.refcount, 2), np.tile(ref.refpop, 2))
    _compare(isr(*args, groups=data.area.to_numpy()), None, results.iloc[12:14], columns)
    _compare(smr(*args, groups=data.area.to_numpy(), refvalue=100), None, results.iloc[14:16], columns)


def test_ratio_with_observed_totals(phs: Path) -> None:
    # Observed totals come from a separate table (not the sum of the band rows).
    sheets = pd.read_excel(phs / "testdata_ISR_obs.xlsx", sheet_name=None)
    data, observed, expected = sheets["df"], sheets["obs"], sheets["obs_results"]
    keys = (data.indicatorid.astype(str) + "|" + data.year.astype(str) + "|" + data.sex).to_numpy()
    totals = observed.assign(
        key=observed.indicatorid.astype(str) + "|" + observed.year.astype(str) + "|" + observed.sex
    )
    expected = expected.assign(
        key=expected.indicatorid.astype(str) + "|" + expected.year.astype(str) + "|" + expected.sex
    )
    order = np.unique(keys)
    result = smr(
        None,
        data["pop"],
        data.refcount,
        data.refpop,
        groups=keys,
        observed_total=totals.set_index("key").loc[order, "observed"],
    )
    expected = expected.set_index("key").loc[order]
    _check(result.count, expected.observed)
    _check(result.denominator, expected.expected)
    _check(result.value, expected.Value)
    _check(result.lower, expected.lower_95_ci)
    _check(result.upper, expected.upper_95_ci)


def test_dummy_inputs_match_the_combined_sheet(phs: Path) -> None:
    # isr_dummydata + isr_refdummydata are the same inputs as the 'df' sheet, split in two.
    data = pd.read_csv(phs / "isr_dummydata.csv")
    ref = pd.read_csv(phs / "isr_refdummydata.csv")
    combined = pd.read_excel(phs / "testdata_ISR_obs.xlsx", sheet_name="df")
    keys = (data.indicatorid.astype(str) + data.year.astype(str) + data.sex).to_numpy()
    repeats = len(data) // len(ref)
    split = smr(
        data.obs, data["pop"], np.tile(ref.refcount, repeats), np.tile(ref.refpop, repeats), groups=keys
    )
    whole = smr(combined.obs, combined["pop"], combined.refcount, combined.refpop, groups=keys)
    _check(split.value, whole.value)
    _check(split.upper, whole.upper)


def test_small_counts_use_exact_limits() -> None:
    small = smr([9], [1000], [10], [1000], groups=None)
    assert small.lower[0] == pytest.approx(0.41153, rel=1e-4)  # exact limit of 9 events over E = 10


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"observed": [-1]}, "observed must not be negative"),
        ({"population": [-5]}, "population must not be negative"),
        ({"observed": None}, "exactly one"),
    ],
)
def test_invalid_inputs(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "observed": [3],
        "population": [100],
        "reference_count": [5],
        "reference_population": [50],
    }
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        isr(groups=None, **arguments)  # type: ignore[arg-type]


def test_results_do_not_freeze_the_callers_arrays() -> None:
    totals = np.array([5.0, 7.0])
    result = smr(None, [10.0, 10.0], [1.0, 1.0], [10.0, 10.0], groups=["a", "b"], observed_total=totals)
    totals[0] = 6.0  # still writeable
    assert result.count is not None
    assert result.count[0] == 5.0
    assert not result.value.flags.writeable
