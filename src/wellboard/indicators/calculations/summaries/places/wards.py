"""Ward values for a map: each ward's figure for one indicator inside the place, judged against
the place's own."""

from __future__ import annotations

from dataclasses import dataclass

from wellboard.core.access import Actor
from wellboard.geography.models import Area, AreaType
from wellboard.indicators.calculations.summaries.context import (
    Figure,
    SummaryContext,
    decimals_for,
    judge,
    periods_of,
)
from wellboard.indicators.calculations.summaries.places.compared import _float
from wellboard.indicators.models import Indicator
from wellboard.indicators.selectors import areas_within, observation_frame


@dataclass(frozen=True)
class MapRow:
    area_code: str
    area_name: str
    value: float | None
    lower: float | None
    upper: float | None
    significance: str  # against the parent area's figure (e.g. the district)


@dataclass(frozen=True)
class WardMap:
    indicator: Indicator
    parent: Area | None
    period: str
    parent_value: float | None
    rows: tuple[MapRow, ...]  # every ward of the parent, by name; value None where there is no figure
    decimals: int
    periods: tuple[str, ...] = ()  # the periods with ward figures, newest first


def ward_map(
    *,
    actor: Actor,
    indicator: Indicator,
    parent: Area | None = None,
    period: str = "",
    type: str = AreaType.WARD,
    context: SummaryContext | None = None,
) -> WardMap:
    """Ward (or other small-area) values inside the partnership's place for a map at ``period``
    (default: the latest), each judged against the place's own figure. Boundaries are the areas'
    ``geometry`` (geography's)."""
    context = context if context is not None else SummaryContext(actor)
    place = parent if parent is not None else context.place
    decimals = decimals_for(indicator)
    if place is None:
        return WardMap(indicator, None, period, None, (), decimals)
    wards = areas_within(parent=place, type=type)
    frame = observation_frame(
        actor=actor,
        indicator_ids=[indicator.pk],
        area_ids=[w.pk for w in wards] + [place.pk],
        uncategorised=True,
    )
    small = frame.take(frame.headline() & (frame.area_id != place.pk))
    periods = periods_of(small)
    period = period or (periods[0] if periods else "")
    now = small.take(small.period == period)
    parent_rows = frame.take(frame.headline() & (frame.area_id == place.pk) & (frame.period == period))
    parent_value = _float(parent_rows.value[0]) if len(parent_rows) else None
    figures = {now.area_code[i]: Figure.of(now, i) for i in range(len(now))}
    rows = []
    for ward in wards:
        figure = figures.get(ward.code)
        rows.append(
            MapRow(
                area_code=ward.code,
                area_name=ward.name,
                value=figure.value if figure else None,
                lower=figure.lower95 if figure else None,
                upper=figure.upper95 if figure else None,
                significance=judge(
                    figure.lower95 if figure else None,
                    figure.upper95 if figure else None,
                    parent_value,
                    indicator.polarity,
                ),
            )
        )
    return WardMap(indicator, place, period, parent_value, tuple(rows), decimals, periods)
