"""Inequality by deprivation: an indicator's figures by deprivation decile (or quintile), with the
slope index of inequality across them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wellboard.core.access import Actor
from wellboard.geography.models import Area
from wellboard.indicators.calculations.figures import WITH_LIMITS, observation_figures
from wellboard.indicators.calculations.judgements import SlopeIndexResult, slope_index
from wellboard.indicators.calculations.summaries.context import (
    Figure,
    SummaryContext,
    decimals_for,
    judge,
    periods_of,
)
from wellboard.indicators.models import Indicator
from wellboard.indicators.selectors import (
    deprivation_quantiles,
    deprivation_rank,
    is_deprivation_category,
    observation_frame,
)


@dataclass(frozen=True)
class QuantileRow:
    rank: int  # 1 = most deprived
    label: str
    value: float | None
    lower: float | None
    upper: float | None
    population: float | None
    significance: str  # against the area's overall figure


@dataclass(frozen=True)
class Inequality:
    indicator: Indicator
    area: Area | None
    period: str
    category_type: str
    overall: float | None
    rows: tuple[QuantileRow, ...]  # most deprived first
    sii: SlopeIndexResult | None  # least minus most deprived, modelled; None if it cannot be computed
    decimals: int
    periods: tuple[str, ...] = ()  # the periods with figures by deprivation, newest first


def inequality(
    *,
    actor: Actor,
    indicator: Indicator,
    area: Area | None = None,
    period: str = "",
    category_type: str = "",
    context: SummaryContext | None = None,
) -> Inequality:
    """Figures by deprivation quantile for the nearest area that has them (Fingertips publishes
    England's), at the latest period unless one is given, with the SII where every quantile has a
    value, a population and limits (limits are computed from counts where the source gave none)."""
    context = context if context is not None else SummaryContext(actor)
    candidates = context.candidates(area)
    frame = observation_frame(actor=actor, indicator_ids=[indicator.pk], area_ids=[a.pk for a in candidates])
    deprivation = np.array([is_deprivation_category(t) for t in frame.category_type], dtype=bool)
    with_rows = set(frame.area_id[deprivation & ~np.isnan(frame.value)].tolist())
    focus = next((a for a in candidates if a.pk in with_rows), None)
    decimals = decimals_for(indicator)
    if focus is None:
        return Inequality(indicator, None, period, category_type, None, (), None, decimals)
    mine = frame.take(deprivation & (frame.area_id == focus.pk))
    category_type = category_type or str(mine.category_type[int(np.argmax(mine.period_start))])
    mine = mine.take(mine.category_type == category_type)
    periods = periods_of(mine)
    period = period or (periods[0] if periods else "")
    rows = mine.take(mine.period == period)
    overall_rows = frame.take(
        (frame.area_id == focus.pk)
        & (frame.category_type == "")
        & (frame.period == period)
        & frame.headline()
    )
    overall = (
        float(overall_rows.value[0]) if len(overall_rows) and not np.isnan(overall_rows.value[0]) else None
    )
    quantiles = deprivation_quantiles(category_type)
    figures = [Figure.of(rows, i) for i in range(len(rows))]
    ranked = sorted(
        ((deprivation_rank(f.category, quantiles=quantiles), f) for f in figures),
        key=lambda pair: (pair[0] is None, pair[0] or 0),
    )
    table = []
    lower = np.array([np.nan if f.lower95 is None else f.lower95 for _, f in ranked])
    upper = np.array([np.nan if f.upper95 is None else f.upper95 for _, f in ranked])
    counts = np.array([np.nan if f.count is None else f.count for _, f in ranked])
    populations = np.array([np.nan if f.denominator is None else f.denominator for _, f in ranked])
    missing = np.isnan(lower) | np.isnan(upper)
    if missing.any() and indicator.method in WITH_LIMITS:
        computed = observation_figures(
            method=indicator.method, multiplier=indicator.multiplier, count=counts, denominator=populations
        )
        lower = np.where(missing, computed.lower95, lower)
        upper = np.where(missing, computed.upper95, upper)
    for (rank, figure), low, high, population in zip(ranked, lower, upper, populations, strict=True):
        if rank is None:
            continue
        table.append(
            QuantileRow(
                rank=rank,
                label=figure.category,
                value=figure.value,
                lower=None if np.isnan(low) else float(low),
                upper=None if np.isnan(high) else float(high),
                population=None if np.isnan(population) else float(population),
                significance=judge(
                    None if np.isnan(low) else float(low),
                    None if np.isnan(high) else float(high),
                    overall,
                    indicator.polarity,
                ),
            )
        )
    sii = None
    if len(table) == quantiles and all(
        r.value is not None and r.population and r.lower is not None for r in table
    ):
        sii = slope_index(
            quantile=[r.rank for r in table],
            population=[r.population for r in table],
            value=[r.value for r in table],
            lower=[r.lower for r in table],
            upper=[r.upper for r in table],
            method=indicator.method,
            multiplier=indicator.multiplier,
        )
    return Inequality(indicator, focus, period, category_type, overall, tuple(table), sii, decimals, periods)
