"""Golden tests for ``quantiles`` against testdata_Quantiles.xlsx (exact integer agreement)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal

from wellboard.stats import quantiles

POLARITY = {"RAG - Low is good": True, "RAG - High is good": False, True: True, False: False}


@pytest.fixture(scope="module")
def sheet(phe: Path) -> pd.DataFrame:
    data = pd.read_excel(phe / "testdata_Quantiles.xlsx")
    return data.assign(invert=data.Polarity.map(POLARITY))


@pytest.mark.parametrize(
    ("group_set", "keys", "n"),
    [
        ("IndSexReg", ["IndSexRef", "ParentCode"], 10),  # deciles within region, polarity per indicator
        ("IndSex", ["IndSexRef"], 7),  # septiles within indicator
    ],
)
def test_grouped_quantiles_match_reference(
    sheet: pd.DataFrame, group_set: str, keys: list[str], n: int
) -> None:
    rows = sheet[sheet.Test.str.startswith("Good") & (sheet.GroupSet == group_set)]
    groups = rows[keys].astype(str).agg("|".join, axis=1).to_numpy()
    result = quantiles(rows.Value, groups=groups, n=n, invert=rows.invert.to_numpy(dtype=bool))
    assert_array_equal(result, rows.QuantileInGrp.to_numpy(dtype=float))


def test_ungrouped_quartiles_match_reference(sheet: pd.DataFrame) -> None:
    rows = sheet[sheet.QuantileNm == "Quartile"]
    result = quantiles(rows.Value, n=4)
    assert_array_equal(result, rows.QuantileInGrp.to_numpy(dtype=float))


def test_too_few_areas_gives_no_quantiles(sheet: pd.DataFrame) -> None:
    rows = sheet[
        (sheet.GroupSet == "IndSexReg")
        & (sheet.IndSexRef == "90366Female")
        & (sheet.ParentCode == "E12000004")
    ]
    assert len(rows) == 9
    assert np.isnan(quantiles(rows.Value, n=10, invert=False)).all()


def test_mixed_polarity_within_a_group_is_an_error(sheet: pd.DataFrame) -> None:
    rows = sheet[sheet.Test == "BadPolarity"]
    with pytest.raises(ValueError, match="same value for every row"):
        quantiles(rows.Value, groups=rows.IndSexRef.to_numpy(), n=7, invert=rows.invert.to_numpy(dtype=bool))


def test_direction_and_ties() -> None:
    values = [10.0, 20.0, 20.0, 30.0, np.nan, 40.0]
    assert_array_equal(quantiles(values, n=5, invert=False), [1, 2, 2, 4, np.nan, 5])
    assert_array_equal(quantiles(values, n=5, invert=True), [5, 3, 3, 2, np.nan, 1])


@pytest.mark.parametrize(("n", "invert"), [(0, True), (2.5, True), (10, "yes")])
def test_invalid_options(n: object, invert: object) -> None:
    with pytest.raises(ValueError, match=r"(n|invert) must be"):
        quantiles([1.0, 2.0], n=n, invert=invert)  # type: ignore[arg-type]
