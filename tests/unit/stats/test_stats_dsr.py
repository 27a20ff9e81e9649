"""Golden tests for ``dsr`` (Dobson method) against the PHE reference tables.

Tolerance: 1e-6 relative.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from wellboard.stats import ESP2013, dsr

RTOL = 1e-6


def _check(actual: np.ndarray, expected: pd.Series | np.ndarray, rtol: float = RTOL) -> None:
    assert_allclose(actual, np.asarray(expected, dtype=float), rtol=rtol, atol=0, equal_nan=True)


def _sheets(phe: Path, file: str) -> dict[str, pd.DataFrame]:
    return pd.read_excel(phe / file, sheet_name=None)


@pytest.mark.parametrize(
    ("file", "columns"),
    [
        ("testdata_DSR_ISR.xlsx", ("value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl")),
        (
            "phstatsmethods_fixtures/testdata_DSR_ISR.xlsx",
            ("Value", "lower_95_ci", "upper_95_ci", "lower_99_8_ci", "upper_99_8_ci"),
        ),
    ],
)
@pytest.mark.parametrize(("multiplier", "first_row"), [(10_000, 0), (100_000, 4)])
def test_multiarea_esp2013(
    phe: Path, file: str, columns: tuple[str, ...], multiplier: int, first_row: int
) -> None:
    sheets = _sheets(phe, file)
    data = sheets["testdata_multiarea"]
    expected = sheets["testresults_DSR"].iloc[first_row : first_row + 3]
    std = np.tile(ESP2013, 3)
    at95 = dsr(data["count"], data["pop"], std, groups=data.area.to_numpy(), multiplier=multiplier)
    at998 = dsr(
        data["count"], data["pop"], std, groups=data.area.to_numpy(), multiplier=multiplier, confidence=0.998
    )
    assert list(at95.groups) == list(expected.area)  # type: ignore[arg-type]
    value, lower95, upper95, lower998, upper998 = columns
    _check(at95.value, expected[value])
    _check(at95.lower, expected[lower95])
    _check(at95.upper, expected[upper95])
    _check(at998.lower, expected[lower998])
    _check(at998.upper, expected[upper998])
    total_count = "total_count" if "total_count" in expected else "Total Count"
    total_pop = "total_pop" if "total_pop" in expected else "Total Pop"
    _check(at95.count, expected[total_count])  # type: ignore[arg-type]
    _check(at95.denominator, expected[total_pop])  # type: ignore[arg-type]


def test_tiny_area_is_blank_below_ten_events(phe: Path) -> None:
    data = _sheets(phe, "testdata_DSR_ISR.xlsx")["testdata_multiarea"]
    result = dsr(data["count"], data["pop"], np.tile(ESP2013, 3), groups=data.area.to_numpy())
    tiny = list(result.groups).index("testdata_tiny")  # type: ignore[arg-type]
    assert result.count[tiny] == 9  # type: ignore[index]
    assert np.isnan(result.value[tiny])
    assert np.isnan(result.lower[tiny])
    assert np.isnan(result.upper[tiny])


def test_1976_standard_population_95_percent(phe: Path) -> None:
    # Rows 4 and 8 (1-based) use the 1976 ESP with 18 bands. The reference tests only their
    # value and 95% limits: their 99.8% columns are not consistent with their own values
    # (the lower 99.8% limit is ten times the value) and are not reproduced.
    sheets = _sheets(phe, "testdata_DSR_ISR.xlsx")
    data = sheets["testdata_1976"]
    expected = sheets["testresults_DSR"].iloc[[3, 7]]
    for (_, row), multiplier in zip(expected.iterrows(), (10_000, 100_000), strict=True):
        result = dsr(data["count"], data["pop"], data["esp1976"], groups=None, multiplier=multiplier)
        assert result.groups is None
        _check(result.value, [row.value])
        _check(result.lower, [row.lower95_0cl])
        _check(result.upper, [row.upper95_0cl])


def test_non_independent_events(phe: Path) -> None:
    sheets = _sheets(phe, "testdata_DSR_ISR.xlsx")
    wide = sheets["testdata_nonindepe"]
    expected = sheets["testresults_DSR"].iloc[8:12]
    # The reference pivots f1..f4 (people with 1..4 events) to one row per frequency.
    long = wide.melt(
        id_vars=["area", "ageband", "pop"],
        value_vars=["f1", "f2", "f3", "f4"],
        var_name="f",
        value_name="people",
    )
    long["frequency"] = long.f.str[1:].astype(int)
    band_std = dict(zip(sorted(wide.ageband.unique()), ESP2013, strict=True))
    std = long.ageband.map(band_std)
    for level, lower, upper in ((0.95, "lower95_0cl", "upper95_0cl"), (0.998, "lower99_8cl", "upper99_8cl")):
        result = dsr(
            long.people,
            long["pop"],
            std,
            groups=long.area.to_numpy(),
            event_frequency=long.frequency,
            age_band=long.ageband.to_numpy(),
            confidence=level,
        )
        assert list(result.groups) == list(expected.area)  # type: ignore[arg-type]
        _check(result.value, expected.value)
        _check(result.lower, expected[lower])
        _check(result.upper, expected[upper])
        _check(result.count, expected.total_count)  # type: ignore[arg-type]
        _check(result.denominator, expected.total_pop)  # type: ignore[arg-type]


def test_multigroup_keys_match_single_year(phe: Path) -> None:
    sheets = _sheets(phe, "phstatsmethods_fixtures/testdata_DSR_ISR.xlsx")
    data = sheets["testdata_multigroup"]
    keys = (data.area + "|" + data.year.astype(str)).to_numpy()
    result = dsr(data["count"], data["pop"], np.tile(ESP2013, 6), groups=keys, multiplier=10_000)
    expected = sheets["testresults_DSR"].iloc[0:3]
    first_year = [list(result.groups).index(f"{area}|2015") for area in expected.area]  # type: ignore[arg-type]
    _check(result.value[first_year], expected.Value)
    _check(result.lower[first_year], expected.lower_95_ci)


def test_generated_esp2013_table(generated: Path) -> None:
    data = pd.read_csv(generated / "dsr_input.csv")
    expected = pd.read_csv(generated / "dsr_output_esp2013.csv")
    at95 = dsr(data["count"], data["pop"], data.esp2013, groups=data.area.to_numpy())
    at998 = dsr(data["count"], data["pop"], data.esp2013, groups=data.area.to_numpy(), confidence=0.998)
    assert list(at95.groups) == list(expected.area)  # type: ignore[arg-type]
    assert expected.value.isna().sum() == 2
    _check(at95.count, expected.total_count)  # type: ignore[arg-type]
    _check(at95.denominator, expected.total_pop)  # type: ignore[arg-type]
    _check(at95.value, expected.value)
    _check(at95.lower, expected.lower95_0cl)
    _check(at95.upper, expected.upper95_0cl)
    _check(at998.lower, expected.lower99_8cl)
    _check(at998.upper, expected.upper99_8cl)


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ("testdata_err1", "count must not be negative"),
        ("testdata_err2", "population must be greater than zero"),
        ("testdata_err3", "population must be greater than zero"),
    ],
)
def test_reference_error_sheets(phe: Path, sheet: str, message: str) -> None:
    data = _sheets(phe, "testdata_DSR_ISR.xlsx")[sheet]
    std = np.tile(ESP2013, len(data) // 19)
    with pytest.raises(ValueError, match=message):
        dsr(data["count"], data["pop"], std, groups=data.get("area"))


def test_negative_standard_population_raises(phe: Path) -> None:
    data = _sheets(phe, "testdata_DSR_ISR.xlsx")["testdata_err4"]
    with pytest.raises(ValueError, match="standard_population"):
        dsr(data["count"], data["pop"], data.stdpop, groups=None)


def test_event_frequency_needs_age_band() -> None:
    with pytest.raises(ValueError, match="age_band"):
        dsr([10], [100], [1000], groups=None, event_frequency=[1])
