"""Tests for the pandas wrappers in ``wellboard.stats.frame``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from wellboard.stats import proportion
from wellboard.stats.frame import (
    dsr_frame,
    isr_frame,
    life_expectancy_frame,
    limit_column,
    mean_frame,
    proportion_frame,
    rate_frame,
)

LIMITS = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]


def test_limit_column_names() -> None:
    assert limit_column("lower", 0.95) == "lower95_0cl"
    assert limit_column("upper", 0.998) == "upper99_8cl"


def test_dsr_frame_reproduces_the_generated_table(generated: Path) -> None:
    data = pd.read_csv(generated / "dsr_input.csv")
    expected = pd.read_csv(generated / "dsr_output_esp2013.csv")
    result = dsr_frame(data, "count", "pop", standard_population="esp2013", by="area")
    assert list(result.columns) == ["area", "total_count", "total_pop", "value", *LIMITS]
    for column in ["total_count", "total_pop", "value", *LIMITS]:
        assert_allclose(result[column], expected[column], rtol=1e-6, equal_nan=True)
    by_position = dsr_frame(data, "count", "pop", by="area")  # default ESP 2013 matched by row order
    assert_allclose(by_position.value, result.value, rtol=1e-12, equal_nan=True)


def test_life_expectancy_frame_all_ages(generated: Path) -> None:
    data = pd.read_csv(generated / "life_expectancy_input.csv")
    expected = pd.read_csv(generated / "life_expectancy_output_all_ages.csv").sort_values(
        ["area", "startage"]
    )
    result = life_expectancy_frame(data, "deaths", "pop", "startage", by="area", at_age="all")
    keep = (result.area != "A60").to_numpy()
    assert_allclose(result.start_age, expected.startage)
    for column in ["value", *LIMITS]:
        assert_allclose(result[column][keep], expected[column][keep], rtol=1e-6, equal_nan=True)


def test_multi_column_keys_match_array_calls(phe: Path) -> None:
    data = pd.read_csv(phe / "NCMP_testdata.csv")
    result = proportion_frame(data, "Count", "Measured", by=["Period", "SchoolYear"], confidence=0.95)
    assert list(result.columns) == [
        "Period",
        "SchoolYear",
        "Count",
        "Measured",
        "value",
        "lower95_0cl",
        "upper95_0cl",
    ]
    keys = (data.Period.astype(str) + "|" + data.SchoolYear.astype(str)).to_numpy()
    direct = proportion(data.Count, data.Measured, groups=keys)
    order = np.argsort((result.Period.astype(str) + "|" + result.SchoolYear.astype(str)).to_numpy())
    assert_allclose(result.value.to_numpy()[order], direct.value)
    assert_allclose(result.lower95_0cl.to_numpy()[order], direct.lower)


def test_row_by_row_keeps_input_columns() -> None:
    data = pd.DataFrame({"area": ["x", "y"], "n": [5, 0], "d": [100, 0]})
    result = rate_frame(data, "n", "d", multiplier=1000)
    assert list(result.columns) == ["area", "n", "d", "value", *LIMITS]
    assert result.value.iloc[0] == pytest.approx(50.0)
    assert np.isnan(result.value.iloc[1])


def test_mean_and_isr_frames(phe: Path) -> None:
    means = pd.read_excel(phe / "testdata_Mean.xlsx", sheet_name=None)
    result = mean_frame(means["testdata_Mean"], "values", by="area")
    assert_allclose(result.value, means["testdata_Mean_results"].value.iloc[:2], rtol=1e-6)
    sheets = pd.read_excel(phe / "testdata_DSR_ISR.xlsx", sheet_name=None)
    isr_rows = sheets["testdata_multiarea_isr"]
    ratios = isr_frame(isr_rows, "count", "pop", "refcount", "refpop", by="area", ratio=True, multiplier=100)
    assert_allclose(ratios.upper99_8cl, sheets["testresults_ISR"].upper99_8cl.iloc[9:12], rtol=1e-6)
    assert list(ratios.columns[:3]) == ["area", "observed", "expected"]


def test_standard_population_length_is_checked() -> None:
    data = pd.DataFrame({"g": ["a"] * 3, "count": [10, 10, 10], "population": [100, 100, 100]})
    with pytest.raises(ValueError, match="exactly 19 rows"):
        dsr_frame(data, by="g")
