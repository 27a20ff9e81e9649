"""The trend chart's introduction says what its points carry: it never promises confidence intervals
that figures published without them do not have."""

from __future__ import annotations

from wellboard.charts import TrendPoint
from wellboard.indicators.views._present import _interval_sentence


def point(period: str, value: float, lower: float | None = None, upper: float | None = None) -> TrendPoint:
    return TrendPoint(period=period, value=value, lower=lower, upper=upper)


def test_points_that_all_have_intervals() -> None:
    points = [point("2022", 10.0, 9.0, 11.0), point("2023", 11.0, 10.0, 12.0)]
    assert _interval_sentence(points) == "Each point has its 95% confidence interval."


def test_published_values_without_intervals() -> None:
    points = [point("2022", 10.0), point("2023", 11.0)]
    assert _interval_sentence(points) == "The figures have no confidence intervals."


def test_some_points_with_intervals() -> None:
    points = [point("2022", 10.0), point("2023", 11.0, 10.0, 12.0)]
    assert "the others have none" in _interval_sentence(points)
