"""An indicator's series as readers outside the partnership may see it: each point passed through the
partnership's disclosure rule (``wellboard.publishing.disclosure``), and every judgement worked out from
a figure the public cannot see withheld with it.

Both the public site and the API's anonymous readers take series from here, so the two never differ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from wellboard.indicators.calculations.judgements import TREND_NOT_CALCULATED, TREND_POINTS
from wellboard.indicators.calculations.summaries import IndicatorSeries
from wellboard.indicators.calculations.summaries.series import SeriesPoint
from wellboard.indicators.models import ValueType
from wellboard.publishing.disclosure import disclose_observations


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class PublicSeries:
    """An indicator's headline series as the public may see it, with which points were suppressed."""

    series: IndicatorSeries
    suppressed: tuple[bool, ...]


def disclose_series(series: IndicatorSeries, *, rule: str) -> PublicSeries:
    """The series with each point's count, denominator, value and limits passed through the rule.
    A count indicator's value is its count, so it is published as the count is (rounded or
    suppressed). A suppressed or rounded point's comparison is withheld too."""
    points = series.points
    if not points:
        return PublicSeries(series, ())
    is_count = series.indicator.value_type == ValueType.COUNT
    counts = [p.count if p.count is not None or not is_count else p.value for p in points]
    safe = disclose_observations(
        rule=rule,
        count=counts,
        denominator=[p.denominator for p in points],
        value=[p.value for p in points],
        lower95=[p.lower for p in points],
        upper95=[p.upper for p in points],
        lower998=[p.lower998 for p in points],
        upper998=[p.upper998 for p in points],
    )
    disclosed: list[SeriesPoint] = []
    for index, point in enumerate(points):
        count = _number(float(safe.count[index]))
        value = count if is_count else _number(float(safe.value[index]))
        # A judgement is worked out from the figure as published: withheld with a suppressed figure,
        # and with a rounded one, whose limits are withheld (the true ones would give it away).
        hidden = bool(safe.suppressed[index])
        unjudged = hidden or value != point.value
        disclosed.append(
            replace(
                point,
                count=count,
                denominator=_number(float(safe.denominator[index])),
                value=None if hidden else value,
                lower=_number(float(safe.lower95[index])),
                upper=_number(float(safe.upper95[index])),
                lower998=_number(float(safe.lower998[index])),
                upper998=_number(float(safe.upper998[index])),
                significance="" if unjudged else point.significance,
                judged_by="" if unjudged else point.judged_by,
                publisher="" if unjudged else point.publisher,
                note="",
            )
        )
    # The recent trend is worked out from the last five points' true counts and limits: if any of them
    # is published suppressed or rounded, the trend could give the true figures away, so it is withheld.
    recent = sorted(range(len(points)), key=lambda i: points[i].period_start)[-TREND_POINTS:]
    trend_hidden = any(disclosed[i].value != points[i].value for i in recent)
    trend = TREND_NOT_CALCULATED if trend_hidden else series.trend
    assessment = TREND_NOT_CALCULATED if trend_hidden else series.trend_assessment
    return PublicSeries(
        replace(series, points=tuple(disclosed), trend=trend, trend_assessment=assessment),
        tuple(bool(s) for s in safe.suppressed),
    )
