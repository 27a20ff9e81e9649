"""The public's figures: indicator series and initiatives' reach with the partnership's disclosure
rule applied (``wellboard.publishing.disclosure``), the one way counts leave for the public.

Members signed in to their own partnership read true figures on the internal pages; nothing here is
used there. A suppressed figure is ``None`` here with its ``suppressed`` flag set; a figure worked out
from a suppressed count (a rate, a percentage, a confidence limit, a comparison) is withheld with it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from wellboard.core.access import Actor
from wellboard.core.clock import today
from wellboard.indicators.calculations.published import PublicSeries, disclose_series
from wellboard.indicators.calculations.summaries import (
    AreasCompared,
    SummaryContext,
    areas_compared,
    indicator_series,
)
from wellboard.indicators.calculations.summaries.places import AreaRow
from wellboard.indicators.models import Indicator, ValueType
from wellboard.partners.models import Partnership
from wellboard.publishing.disclosure import disclose_counts, disclose_derived, disclose_observations, rule_for
from wellboard.returns.calculations import PeriodTotal, measure_figures, totals_by_period
from wellboard.returns.models import Measure
from wellboard.strategy.models import Initiative


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


# ---------------------------------------------------------------- indicators


def public_series(
    *, actor: Actor, partnership: Partnership, indicator: Indicator, context: SummaryContext | None = None
) -> PublicSeries:
    """The indicator's headline series for the partnership's place, disclosed."""
    series = indicator_series(actor=actor, indicator=indicator, context=context)
    return disclose_series(series, rule=partnership.disclosure_rule)


def disclose_compared(compared: AreasCompared, *, rule: str) -> AreasCompared:
    """Areas compared with each area's count, denominator, value and limits passed through the
    rule, as for a series; a withheld or rounded area's comparison is withheld too."""
    rows = compared.rows
    if not rows:
        return compared
    is_count = compared.indicator.value_type == ValueType.COUNT
    safe = disclose_observations(
        rule=rule,
        count=[r.count if r.count is not None or not is_count else r.value for r in rows],
        denominator=[r.denominator for r in rows],
        value=[r.value for r in rows],
        lower95=[r.lower for r in rows],
        upper95=[r.upper for r in rows],
        lower998=[None] * len(rows),
        upper998=[None] * len(rows),
    )
    disclosed: list[AreaRow] = []
    for index, row in enumerate(rows):
        count = _number(float(safe.count[index]))
        value = count if is_count else _number(float(safe.value[index]))
        hidden = bool(safe.suppressed[index])
        unjudged = hidden or value != row.value
        disclosed.append(
            replace(
                row,
                count=count,
                denominator=_number(float(safe.denominator[index])),
                value=None if hidden else value,
                lower=_number(float(safe.lower95[index])),
                upper=_number(float(safe.upper95[index])),
                significance="" if unjudged else row.significance,
                judged_by="" if unjudged else row.judged_by,
                publisher="" if unjudged else row.publisher,
            )
        )
    # Areas without a published figure go last, as areas without a figure do.
    ordered = [r for r in disclosed if r.value is not None] + [r for r in disclosed if r.value is None]
    return replace(compared, rows=tuple(ordered))


def public_compared(
    *, actor: Actor, partnership: Partnership, indicator: Indicator, context: SummaryContext | None = None
) -> AreasCompared:
    """The indicator's latest figures for the areas like the partnership's place, disclosed."""
    compared = areas_compared(actor=actor, indicator=indicator, context=context)
    return disclose_compared(compared, rule=partnership.disclosure_rule)


# ---------------------------------------------------------------- reach


@dataclass(frozen=True)
class ReachRow:
    """One period of a measure's reach, as published: ``None`` where there is no figure or it is
    suppressed (``suppressed`` says which)."""

    period: str
    period_label: str
    start: dt.date
    end: dt.date
    value: float | None
    cumulative: float | None
    numerator: float | None
    denominator: float | None
    lower95: float | None
    upper95: float | None
    suppressed: bool


@dataclass(frozen=True)
class MeasureReach:
    measure: Measure
    initiative: Initiative
    rows: tuple[ReachRow, ...]

    @property
    def additive(self) -> bool:
        return not self.measure.kind.has_denominator

    @property
    def latest(self) -> ReachRow | None:
        """The last period with a published figure (its running total, for counts)."""
        for row in reversed(self.rows):
            if row.value is not None or row.cumulative is not None:
                return row
        return None


def _floats(values: list[Decimal | None]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def disclose_reach(measure: Measure, totals: list[PeriodTotal], *, rule: str) -> list[ReachRow]:
    """One measure's period totals through the rule. Counts and amounts: each period's figure and
    each running total (worked out from unrounded figures, then rounded). Percentages and rates:
    numerator and denominator as counts, the value and its limits withheld with either."""
    if not totals:
        return []
    size = len(totals)
    if measure.kind.has_denominator:
        numerators = disclose_counts(_floats([t.numerator for t in totals]), rule=rule)
        denominators = disclose_counts(_floats([t.denominator for t in totals]), rule=rule)
        hidden = np.asarray(numerators.suppressed) | np.asarray(denominators.suppressed)
        values = disclose_derived(_floats([t.value for t in totals]), hidden).values
        lows = disclose_derived([t.lower95 for t in totals], hidden).values
        highs = disclose_derived([t.upper95 for t in totals], hidden).values
        return [
            ReachRow(
                t.period.code,
                t.period.label,
                t.period.start,
                t.period.end,
                _number(float(values[i])),
                None,
                _number(float(numerators.values[i])),
                _number(float(denominators.values[i])),
                _number(float(lows[i])),
                _number(float(highs[i])),
                bool(hidden[i]),
            )
            for i, t in enumerate(totals)
        ]
    raw = [np.nan if t.value is None else float(t.value) for t in totals]
    # A cumulative measure's period figure is the growth since the last period, which can fall;
    # a fall cannot be published as a count, so it is withheld.
    negative = np.array([not math.isnan(v) and v < 0 for v in raw])
    periods = disclose_counts(
        [np.nan if negative[i] else raw[i] for i in range(size)], rule=rule, groups=[0] * size
    )
    running = disclose_counts(_floats([t.cumulative for t in totals]), rule=rule)
    hidden = np.asarray(periods.suppressed) | negative
    running_values = np.array(running.values)
    running_hidden = np.array(running.suppressed)
    if not rule_for(rule).rounding and hidden.any():
        # Unrounded running totals on either side of a withheld period would give it away by
        # subtraction: they are withheld from the first withheld period on. The last is kept: the
        # row's secondary suppression leaves it the sum of at least two withheld figures.
        first = int(np.argmax(hidden))
        running_values[first : size - 1] = np.nan
        running_hidden[first : size - 1] = True
    return [
        ReachRow(
            t.period.code,
            t.period.label,
            t.period.start,
            t.period.end,
            _number(float(periods.values[i])),
            _number(float(running_values[i])),
            None,
            None,
            None,
            None,
            bool(hidden[i]) or bool(running_hidden[i]),
        )
        for i, t in enumerate(totals)
    ]


def public_reach(*, partnership: Partnership, measures: list[Measure]) -> list[MeasureReach]:
    """Each initiative measure's reach by period, from approved returns only, disclosed."""
    day = today()
    figures = measure_figures(measures=measures)
    result = []
    for measure in measures:
        initiative = measure.initiative
        if initiative is None:
            continue
        periods = [p for p in measure.collection.periods(until=day) if p.start <= day]
        totals = totals_by_period(measure, periods, figures.get(measure.pk, []))
        rows = disclose_reach(measure, totals, rule=partnership.disclosure_rule)
        result.append(MeasureReach(measure, initiative, tuple(rows)))
    return result
