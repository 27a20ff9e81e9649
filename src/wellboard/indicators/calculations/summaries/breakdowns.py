"""One indicator broken down by sex, age and category (deprivation deciles in rank order) for one
area and period, each judged against the area's overall figure."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wellboard.core.access import Actor
from wellboard.geography.models import Area
from wellboard.indicators.calculations.summaries.context import (
    Figure,
    SummaryContext,
    decimals_for,
    focus_area,
    judge,
)
from wellboard.indicators.models import Indicator
from wellboard.indicators.selectors import (
    deprivation_rank,
    headline_breakdown,
    is_deprivation_category,
    observation_frame,
)


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    value: float | None
    lower: float | None
    upper: float | None
    count: float | None
    denominator: float | None
    significance: str  # against the area's overall figure
    rank: int | None  # deprivation quantile (1 = most deprived), where the category is one


@dataclass(frozen=True)
class BreakdownGroup:
    title: str  # "Sex", "Age" or the category type, e.g. "Deprivation decile (IMD2019)"
    kind: str  # "sex", "age" or "category"
    rows: tuple[BreakdownRow, ...]


@dataclass(frozen=True)
class IndicatorBreakdowns:
    indicator: Indicator
    area: Area | None
    period: str
    overall: Figure | None
    groups: tuple[BreakdownGroup, ...]
    decimals: int


def _row(
    figure: Figure, label: str, overall: Figure | None, polarity: str, rank: int | None = None
) -> BreakdownRow:
    return BreakdownRow(
        label=label,
        value=figure.value,
        lower=figure.lower95,
        upper=figure.upper95,
        count=figure.count,
        denominator=figure.denominator,
        significance=judge(figure.lower95, figure.upper95, overall.value if overall else None, polarity),
        rank=rank,
    )


def indicator_breakdowns(
    *,
    actor: Actor,
    indicator: Indicator,
    area: Area | None = None,
    period: str = "",
    context: SummaryContext | None = None,
) -> IndicatorBreakdowns:
    """Figures by sex, by age and by each category type (deprivation deciles in rank order) for one
    area and period (default: the latest), each judged against the area's overall figure."""
    context = context if context is not None else SummaryContext(actor)
    candidates = context.candidates(area)
    frame = observation_frame(actor=actor, indicator_ids=[indicator.pk], area_ids=[a.pk for a in candidates])
    focus = focus_area(frame, candidates)
    decimals = decimals_for(indicator)
    if focus is None:
        return IndicatorBreakdowns(indicator, None, period, None, (), decimals)
    mine = frame.take(frame.area_id == focus.pk)
    if not period:
        with_value = mine.take(~np.isnan(mine.value))
        period = str(with_value.period[np.argmax(with_value.period_start)]) if len(with_value) else ""
    rows = mine.take(mine.period == period)
    plain = rows.category_type == ""
    sex, age = headline_breakdown(rows.sex[plain], rows.age[plain])
    figures = [Figure.of(rows, i) for i in range(len(rows))]
    overall = next((f for f in figures if (f.sex, f.age, f.category_type) == (sex, age, "")), None)
    groups = []
    by_sex = [f for f in figures if not f.category_type and f.age == age]
    if len({f.sex for f in by_sex}) > 1:
        groups.append(
            BreakdownGroup("Sex", "sex", tuple(_row(f, f.sex, overall, indicator.polarity) for f in by_sex))
        )
    by_age = [f for f in figures if not f.category_type and f.sex == sex]
    if len({f.age for f in by_age}) > 1:
        groups.append(
            BreakdownGroup("Age", "age", tuple(_row(f, f.age, overall, indicator.polarity) for f in by_age))
        )
    for category_type in sorted({f.category_type for f in figures if f.category_type}):
        members = [f for f in figures if f.category_type == category_type]
        ranks = {
            f.category: deprivation_rank(f.category) if is_deprivation_category(category_type) else None
            for f in members
        }
        members.sort(key=lambda f: (ranks[f.category] is None, ranks[f.category] or 0, f.category))
        groups.append(
            BreakdownGroup(
                category_type,
                "category",
                tuple(_row(f, f.category, overall, indicator.polarity, ranks[f.category]) for f in members),
            )
        )
    return IndicatorBreakdowns(indicator, focus, period, overall, tuple(groups), decimals)
