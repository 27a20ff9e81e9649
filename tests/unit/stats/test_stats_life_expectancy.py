"""Golden tests for ``life_expectancy`` (Chiang II, Silcocks' variance for 90+).

Tolerance: 1e-6 relative against ``generated/`` (PHEindicatormethods 2.0.0 output). The
reference's own worked example is published to 4 decimal places and is compared at that
precision, as its test does.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from wellboard.stats import life_expectancy
from wellboard.stats.life_expectancy import START_AGES

RTOL = 1e-6

# PHEindicatormethods tests/testthat/testLifeExpectancy.R: df1 and answer1.
EXAMPLE_POPS = [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601]
EXAMPLE_POPS += [50209, 56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936]
EXAMPLE_DEATHS = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872, 1390, 1605, 1936, 1937]
EXAMPLE_VALUE = [80.16960813, 79.36245674, 75.44193645, 70.47299936, 65.52909542, 60.67510088]
EXAMPLE_VALUE += [55.78835987, 50.92752727, 46.06740425, 41.24505636, 36.49322717, 31.83343842]
EXAMPLE_VALUE += [27.26027992, 22.9719144, 18.76856852, 14.95858336, 11.51684445, 8.618849241]
EXAMPLE_VALUE += [6.163942934, 6.16210635]
EXAMPLE_LOWER = [79.88268548, 79.0898816, 75.17407307, 70.20675732, 65.26548673, 60.41876577]
EXAMPLE_LOWER += [55.53801579, 50.68279939, 45.82666794, 41.00842831, 36.26223216, 31.60996318]
EXAMPLE_LOWER += [27.04337271, 22.76653134, 18.57570352, 14.77985004, 11.34831778, 8.451134045]
EXAMPLE_LOWER += [5.978358351, 5.887683386]
EXAMPLE_UPPER = [80.45653078, 79.63503188, 75.70979983, 70.7392414, 65.79270412, 60.931436]
EXAMPLE_UPPER += [56.03870395, 51.17225516, 46.30814055, 41.48168441, 36.72422219, 32.05691365]
EXAMPLE_UPPER += [27.47718713, 23.17729746, 18.96143352, 15.13731667, 11.68537112, 8.786564437]
EXAMPLE_UPPER += [6.349527517, 6.436529314]


def test_generated_all_ages(generated: Path) -> None:
    data = pd.read_csv(generated / "life_expectancy_input.csv")
    expected = pd.read_csv(generated / "life_expectancy_output_all_ages.csv")
    expected = expected.sort_values(["area", "startage"]).reset_index(drop=True)
    groups = data.area.to_numpy()
    at95 = life_expectancy(data.deaths, data["pop"], data.startage, groups=groups, at_age="all")
    at998 = life_expectancy(
        data.deaths, data["pop"], data.startage, groups=groups, at_age="all", confidence=0.998
    )
    assert list(at95.groups) == list(expected.area)  # type: ignore[arg-type]
    assert_allclose(at95.age, expected.startage)  # type: ignore[arg-type]
    # Area A60 has no deaths at 90+: the reference leaves value and lower limits NA but
    # prints Inf (or NA) upper limits, an arithmetic artefact; we blank the whole area.
    a60 = (expected.area == "A60").to_numpy()
    assert not np.isfinite(expected.upper95_0cl[a60]).any()
    assert np.isnan(at95.upper[a60]).all()
    assert np.isnan(at998.upper[a60]).all()
    keep = ~a60
    for actual, column in (
        (at95.value, "value"),
        (at95.lower, "lower95_0cl"),
        (at95.upper, "upper95_0cl"),
        (at998.lower, "lower99_8cl"),
        (at998.upper, "upper99_8cl"),
    ):
        assert_allclose(actual[keep], expected[column][keep], rtol=RTOL, atol=0, equal_nan=True)
    blank = expected.groupby("area").value.apply(lambda v: v.isna().all())
    assert sorted(blank[blank].index) == ["A57", "A58", "A60"]  # two under 5,000 people, one no 90+ deaths


def test_reference_worked_example_to_four_decimals() -> None:
    result = life_expectancy(EXAMPLE_DEATHS, EXAMPLE_POPS, START_AGES, groups=None, at_age="all")
    assert_allclose(np.round(result.value, 4), np.round(EXAMPLE_VALUE, 4), atol=1e-12)
    assert_allclose(np.round(result.lower, 4), np.round(EXAMPLE_LOWER, 4), atol=1e-12)
    assert_allclose(np.round(result.upper, 4), np.round(EXAMPLE_UPPER, 4), atol=1e-12)


def test_row_order_does_not_matter_and_single_ages() -> None:
    order = np.random.default_rng(3).permutation(20)
    deaths = np.array(EXAMPLE_DEATHS)[order]
    pops = np.array(EXAMPLE_POPS)[order]
    ages = np.array(START_AGES)[order]
    at_birth = life_expectancy(deaths, pops, ages, groups=None)
    assert len(at_birth) == 1
    assert at_birth.value[0] == pytest.approx(EXAMPLE_VALUE[0], abs=5e-5)
    chosen = life_expectancy(deaths, pops, ages, groups=None, at_age=[5, 25])
    assert list(chosen.age) == [5, 25]  # type: ignore[arg-type]
    assert chosen.value == pytest.approx([EXAMPLE_VALUE[2], EXAMPLE_VALUE[6]], abs=5e-5)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d, p: (d.__setitem__(3, -5), p), "negative deaths"),
        (lambda d, p: (d, p.__setitem__(5, 0)), "zero population"),
        (lambda d, p: (d, p.__setitem__(18, 119)), "deaths above population"),
        (lambda d, p: (d.__setitem__(19, 0), p), "no deaths at 90+"),
    ],
)
def test_invalid_groups_are_blank_not_errors(change: object, reason: str) -> None:
    good_deaths, good_pops = list(EXAMPLE_DEATHS), list(EXAMPLE_POPS)
    bad_deaths, bad_pops = list(EXAMPLE_DEATHS), list(EXAMPLE_POPS)
    change(bad_deaths, bad_pops)  # type: ignore[operator]
    result = life_expectancy(
        good_deaths + bad_deaths,
        good_pops + bad_pops,
        list(START_AGES) * 2,
        groups=["good"] * 20 + ["bad"] * 20,
    )
    assert list(result.groups) == ["bad", "good"], reason  # type: ignore[arg-type]
    assert np.isnan(result.value[0])
    assert np.isnan(result.lower[0])
    assert np.isnan(result.upper[0])
    assert np.isfinite(result.value[1])


def test_missing_band_and_small_population_are_blank() -> None:
    missing = life_expectancy(EXAMPLE_DEATHS[:19], EXAMPLE_POPS[:19], START_AGES[:19], groups=None)
    assert np.isnan(missing.value[0])
    small = life_expectancy([1] * 20, [240] * 20, START_AGES, groups=None)  # 4,800 people
    assert np.isnan(small.value[0])


def test_bad_structure_raises() -> None:
    with pytest.raises(ValueError, match="start_age"):
        life_expectancy([1, 2], [100, 100], [0, 3], groups=None)
    with pytest.raises(ValueError, match="at most once"):
        life_expectancy([1, 2], [100, 100], [0, 0], groups=None)
    with pytest.raises(ValueError, match="at_age"):
        life_expectancy(EXAMPLE_DEATHS, EXAMPLE_POPS, START_AGES, groups=None, at_age="every")
    with pytest.raises(ValueError, match="start_age"):
        life_expectancy(EXAMPLE_DEATHS, EXAMPLE_POPS, START_AGES, groups=None, at_age=3)
