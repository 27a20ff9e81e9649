"""Golden tests for funnel plot limits, outlier flags and plotting points.

Tolerance: 1e-6 relative; the proportion tables are printed to 6 decimal places, so their
smallest limits are compared with an absolute tolerance of 5e-7 as well.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from wellboard.stats import funnel_limits, funnel_points, funnel_significance

RTOL = 1e-6


def _csv(phe: Path, name: str) -> pd.DataFrame:
    table = pd.read_csv(phe / name, encoding="utf-8-sig")
    return table.rename(columns=lambda column: column.strip())


@pytest.mark.parametrize(
    ("outputs", "subset"),
    [
        ("testdata_funnel_prop_outputs.csv", None),
        ("testdata_funnel_prop_outputs_with_axis_variation.csv", 31000),
    ],
)
def test_proportion_limits(phe: Path, outputs: str, subset: int | None) -> None:
    inputs = _csv(phe, "testdata_funnel_prop_inputs.csv")
    if subset is not None:
        inputs = inputs[
            inputs.denominator < subset
        ]  # denominators within a factor of 2: axis does not start at 1
    expected = _csv(phe, outputs)
    result = funnel_limits(inputs.numerator, inputs.denominator, statistic="proportion", multiplier=100)
    assert_array_equal(result.x, expected.Population)
    for actual, column in (
        (result.lower95, "Lower2s0025limit"),
        (result.upper95, "Upper2s0025limit"),
        (result.lower998, "Lower3s0001limit"),
        (result.upper998, "Upper3s0001limit"),
    ):
        assert_allclose(actual, expected[column], rtol=RTOL, atol=5e-7)
    assert result.baseline == pytest.approx(expected.Baseline.iloc[0], rel=RTOL)


def test_proportion_significance(phe: Path) -> None:
    inputs = _csv(phe, "testdata_funnel_prop_inputs.csv")
    labels = funnel_significance(inputs.numerator, inputs.denominator, statistic="proportion")
    assert_array_equal(labels, inputs.significance)


@pytest.mark.parametrize("ratio_type", ["count", "isr"])
def test_ratio_limits(phe: Path, ratio_type: str) -> None:
    inputs = _csv(phe, "testdata_funnel_ratio_inputs.csv")
    expected = _csv(phe, "testdata_funnel_ratio_outputs.csv")
    result = funnel_limits(
        inputs.obs,
        inputs.expected,
        statistic="ratio",
        ratio_type=ratio_type,
        multiplier=100,  # type: ignore[arg-type]
    )
    assert_array_equal(result.x, expected.Observed_events)
    for side, actual_at, actual in (
        ("lower_2s", result.lower95_at, result.lower95),
        ("upper_2s", result.upper95_at, result.upper95),
        ("lower_3s", result.lower998_at, result.lower998),
        ("upper_3s", result.upper998_at, result.upper998),
    ):
        assert_allclose(actual_at, expected[f"{side}_exp_events"], rtol=RTOL)
        # "count" limits are O/E - 1; near zero the subtraction magnifies the last-bit
        # differences of E (the reference's Poisson series is truncated at 1e-10, ours is
        # exact), so the ratio O/E itself is what is compared at 1e-6.
        shift = 1.0 if ratio_type == "count" else 0.0
        assert_allclose(actual + shift, expected[f"{side}_{ratio_type}"] + shift, rtol=RTOL)


def test_ratio_significance(phe: Path) -> None:
    inputs = _csv(phe, "testdata_funnel_ratio_inputs.csv")
    labels = funnel_significance(inputs.obs, inputs.expected, statistic="ratio")
    assert_array_equal(labels, inputs.significance)


def _rate_check(result: object, expected: pd.DataFrame) -> None:
    assert_array_equal(result.x, expected.Events)  # type: ignore[attr-defined]
    for side, actual_at, actual in (
        ("lower_2s", result.lower95_at, result.lower95),  # type: ignore[attr-defined]
        ("upper_2s", result.upper95_at, result.upper95),  # type: ignore[attr-defined]
        ("lower_3s", result.lower998_at, result.lower998),  # type: ignore[attr-defined]
        ("upper_3s", result.upper998_at, result.upper998),  # type: ignore[attr-defined]
    ):
        assert_allclose(actual_at, expected[f"{side}_population_1_year"], rtol=RTOL)
        assert_allclose(actual, expected[f"{side}_limit"], rtol=RTOL)
    assert result.baseline == pytest.approx(expected.baseline.iloc[0], rel=RTOL)  # type: ignore[attr-defined]


def test_dsr_rate_limits(phe: Path) -> None:
    inputs = _csv(phe, "testdata_funnel_rate_input_funnels.csv")
    expected = _csv(phe, "testdata_funnel_rate_outputs.csv")
    result = funnel_limits(
        inputs.ev, statistic="rate", rate=inputs.rate, rate_type="dsr", multiplier=1e5, years_of_data=3
    )
    _rate_check(result, expected)


def test_crude_rate_limits_with_a_small_count(phe: Path) -> None:
    inputs = _csv(phe, "testdata_funnel_rate_input_funnels.csv")
    events = inputs.ev.where(inputs.ev != inputs.ev.max(), 5)
    expected = _csv(phe, "testdata_funnel_rate_outputs_2.csv")
    result = funnel_limits(
        events, statistic="rate", rate=inputs.rate, rate_type="crude", multiplier=1e5, years_of_data=3
    )
    _rate_check(result, expected)


def test_crude_rate_limits_with_zero_events_and_denominators(phe: Path) -> None:
    inputs = _csv(phe, "testdata_funnel_rate_input_funnels.csv")
    population = 1e5 * inputs.ev / inputs.rate
    biggest = inputs.ev == inputs.ev.max()
    table = pd.DataFrame(
        {"ev": inputs.ev.where(~biggest, 0), "rate": inputs.rate.where(~biggest, 0), "pop": population}
    )
    table = table[table["pop"] > table["pop"].max() / 2]
    expected = _csv(phe, "testdata_funnel_rate_outputs_3.csv")
    result = funnel_limits(
        table.ev,
        table["pop"],
        statistic="rate",
        rate=table.rate,
        rate_type="crude",
        multiplier=1e5,
        years_of_data=3,
    )
    _rate_check(result, expected)


@pytest.mark.parametrize(
    ("rate_column", "rate_type", "multiplier", "label_column"),
    [
        ("rate_dsr", "dsr", 1e5, "dsr_per_100000_with_0"),
        ("rate_dsr", "dsr", 100, "dsr_per_100_with_0"),
        ("rate_crude_per_100000", "crude", 1e5, "crude_per_100000_with_0"),
        ("rate_crude_per_100", "crude", 100, "crude_per_100_with_0"),
    ],
)
@pytest.mark.parametrize("with_zero", [True, False])
def test_rate_significance(
    phe: Path, *, rate_column: str, rate_type: str, multiplier: float, label_column: str, with_zero: bool
) -> None:
    inputs = _csv(phe, "testdata_funnel_rate_dsr_inputs.csv")
    if not with_zero:
        inputs = inputs[inputs["count"] != 0]
        label_column = label_column.replace("with_0", "without_0")
    labels = funnel_significance(
        inputs["count"],
        inputs["pop"],
        statistic="rate",
        rate=inputs[rate_column],
        rate_type=rate_type,  # type: ignore[arg-type]
        multiplier=multiplier,
    )
    assert_array_equal(labels, inputs[label_column])


def test_funnel_points(phe: Path) -> None:
    inputs = _csv(phe, "testdata_funnel_rate_input_funnels.csv")
    biggest = inputs.ev == inputs.ev.max()
    dsr_chart, dsr_population = funnel_points(
        inputs.ev.where(~biggest, 5), inputs.rate, rate_type="dsr", years_of_data=3, multiplier=1e5
    )
    assert_allclose(dsr_chart, inputs.rate_chart, rtol=RTOL, equal_nan=True)
    assert_allclose(dsr_population, inputs.denominator_derived, rtol=RTOL, equal_nan=True)
    crude_chart, crude_population = funnel_points(
        inputs.ev, inputs.rate, rate_type="crude", years_of_data=3, multiplier=1e5
    )
    assert_allclose(crude_chart, inputs.rate_chart_crude, rtol=RTOL)
    assert_allclose(crude_population, inputs.denominator_derived_crude, rtol=RTOL)
    _, with_denominator = funnel_points(
        inputs.ev.where(~biggest, 0),
        inputs.rate,
        denominator=inputs["pop"],
        rate_type="crude",
        years_of_data=5,
        multiplier=1e5,
    )
    assert_allclose(with_denominator, inputs.denominator_derived_crude_with_denom, rtol=RTOL)


def test_phstatsmethods_workbook_matches_csv_tables(phs: Path, phe: Path) -> None:
    # The Python port ships the same tables in one workbook; spot-check it agrees.
    sheets = pd.read_excel(phs / "testdata_funnels.xlsx", sheet_name=None)
    inputs = sheets["prop_inputs"]
    result = funnel_limits(inputs.numerator, inputs.denominator, statistic="proportion")
    assert_allclose(result.upper95, sheets["prop_outputs"].upper_2s_limit, rtol=RTOL)
    ratio = funnel_limits(sheets["ratio_inputs"].obs, sheets["ratio_inputs"].expected, statistic="ratio")
    assert_allclose(ratio.lower998, sheets["ratio_outputs"].lower_3s_count, rtol=RTOL)
    assert_array_equal(
        funnel_significance(inputs.numerator, inputs.denominator, statistic="proportion"), inputs.significance
    )


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="statistic"):
        funnel_limits([1], [2], statistic="mean")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="years_of_data"):
        funnel_limits([1], statistic="rate", rate=[2], rate_type="dsr", multiplier=1e5)
    with pytest.raises(ValueError, match="need a denominator"):
        funnel_limits(
            [0, 3], statistic="rate", rate=[0, 2], rate_type="crude", multiplier=1e5, years_of_data=1
        )
    with pytest.raises(ValueError, match="greater than zero"):
        funnel_significance([65, 80, 30], [100, 100, 0], statistic="proportion")
    with pytest.raises(ValueError, match="negative"):
        funnel_significance([65, -80, 30], [100, 100, 200], statistic="proportion")
    with pytest.raises(ValueError, match="greater than denominator"):
        funnel_significance([65, 80, 30], [100, 100, 20], statistic="proportion")
