from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.unit.charts.helpers import assert_frame, layer_with, one_line
from wellboard.charts import DecileValue, SlopeIndexSummary, inequality_chart, inequality_table, sii_sentence
from wellboard.charts.inequality import relative_ranks

DECILES = [DecileValue(d, 30.0 - d, 28.0 - d, 32.0 - d) for d in range(1, 11)]


def test_bars_whiskers_and_the_fitted_slope(renders: Callable[[dict[str, Any]], str]) -> None:
    sii = SlopeIndexSummary(value=-10.0, lower=-12.5, upper=-7.5, intercept=29.5)
    spec = inequality_chart(DECILES, sii=sii, unit="%", title="Smoking by deprivation")
    assert_frame(spec)
    rows = spec["data"]["values"]
    assert [r["decile"] for r in rows] == [str(d) for d in range(1, 11)]
    assert rows[0]["decile_text"] == "1 (most deprived)"
    assert rows[-1]["decile_text"] == "10 (least deprived)"
    line = next(layer for layer in layer_with(spec, "line") if "data" in layer)
    fitted = [p["fitted"] for p in line["data"]["values"]]
    # Equal tenths: decile d sits at rank (d - 0.5) / 10.
    assert fitted[0] == pytest.approx(29.5 - 10.0 * 0.05)
    assert fitted[-1] == pytest.approx(29.5 - 10.0 * 0.95)
    assert "Slope index of inequality: -10.0 (95% CI -12.5 to -7.5)" in one_line(spec["title"]["subtitle"])
    assert "least deprived areas is 10.0 percentage points lower" in spec["description"]
    svg = renders(spec)
    assert "Slope index of inequality" in svg


def test_population_ranks_are_used_when_given() -> None:
    deciles = [DecileValue(d, 10.0, rank=r) for d, r in ((1, 0.1), (2, 0.6))]
    spec = inequality_chart(deciles, sii=SlopeIndexSummary(value=2.0, intercept=5.0))
    line = next(layer for layer in layer_with(spec, "line") if "data" in layer)
    assert [p["fitted"] for p in line["data"]["values"]] == pytest.approx([5.2, 6.2])


def test_without_sii_there_is_no_line(renders: Callable[[dict[str, Any]], str]) -> None:
    spec = inequality_chart(DECILES, unit="%")
    assert not [layer for layer in layer_with(spec, "line") if "data" in layer]
    assert "subtitle" not in spec["title"]
    renders(spec)


def test_sii_in_words() -> None:
    significant = sii_sentence(SlopeIndexSummary(4.2, 1.0, 7.4), unit="years")
    assert significant.startswith(
        "The slope index of inequality is 4.2 (95% confidence interval 1.0 to 7.4)."
    )
    assert "least deprived areas is 4.2 years higher than in the most deprived" in significant
    assert "excludes zero, so the gap is statistically significant" in significant
    unclear = sii_sentence(SlopeIndexSummary(-1.0, -3.0, 1.0))
    assert "includes zero, so the gap is not statistically significant" in unclear
    assert sii_sentence(None) == "The slope index of inequality could not be calculated."


def test_inequality_table_adds_the_sii_row() -> None:
    table = inequality_table(DECILES, sii=SlopeIndexSummary(-10.0, -12.5, -7.5), unit="%")
    records = table.records()
    assert records[0]["decile"] == "1 (most deprived)"
    assert records[-1] == {
        "decile": "Slope index of inequality",
        "value": -10.0,
        "lower95": -12.5,
        "upper95": -7.5,
    }


def test_fitted_line_runs_from_the_given_intercept_through_population_ranks() -> None:
    # Values on an exact line v = 10 + 5 * rank; unequal populations.
    populations = [100.0, 300.0, 600.0]
    ranks = [0.05, 0.25, 0.7]
    deciles = [
        DecileValue(d, 10 + 5 * r, population=p)
        for d, r, p in zip((1, 2, 3), ranks, populations, strict=True)
    ]
    assert relative_ranks(deciles) == pytest.approx(ranks)
    spec = inequality_chart(deciles, sii=SlopeIndexSummary(value=5.0, intercept=10.0))
    line = next(layer for layer in layer_with(spec, "line") if "data" in layer)
    assert [p["fitted"] for p in line["data"]["values"]] == pytest.approx([10.25, 11.25, 13.5])
    assert "Dashed line: the fitted slope" in one_line(spec["title"]["subtitle"])


def test_without_an_intercept_the_sii_is_given_but_no_line_is_guessed() -> None:
    spec = inequality_chart(DECILES, sii=SlopeIndexSummary(value=-10.0, lower=-12.5, upper=-7.5))
    assert not [layer for layer in layer_with(spec, "line") if "data" in layer]
    assert "Slope index of inequality: -10.0" in one_line(spec["title"]["subtitle"])
    assert "Dashed line" not in one_line(spec["title"]["subtitle"])


def test_long_category_labels_stay_in_the_table_and_tooltip_not_on_the_axis() -> None:
    deciles = [DecileValue(1, 5.0, label="Most deprived decile (IMD2019)"), DecileValue(2, 4.0)]
    spec = inequality_chart(deciles)
    assert [r["decile"] for r in spec["data"]["values"]] == ["1", "2"]
    assert spec["data"]["values"][0]["decile_text"] == "Most deprived decile (IMD2019)"
    assert inequality_table(deciles).records()[0]["decile"] == "Most deprived decile (IMD2019)"
