"""Whether a view of the figures has anything to show, decided from the data before linking to it.

A page links to the ward map, the inequality view, the area profile or the tartan rug only when
that view would show figures; otherwise it says once, in plain words, why there is nothing. Each
check is one small query (which figures exist, not the figures themselves).
"""

from __future__ import annotations

from dataclasses import dataclass

from wellboard.core.access import Actor
from wellboard.geography.models import Area, AreaType
from wellboard.indicators.calculations.summaries.context import SummaryContext
from wellboard.indicators.models import Indicator, IndicatorKind
from wellboard.indicators.selectors import direct_parents, is_deprivation_category, observation_presence


@dataclass(frozen=True)
class ViewCheck:
    """Whether to link to a view; when not, why not, in words for the page."""

    shown: bool
    reason: str = ""


SHOWN = ViewCheck(True)


@dataclass(frozen=True)
class IndicatorViews:
    """The views of one indicator that its page may link to."""

    inequality: ViewCheck
    ward_map: ViewCheck


def indicator_views(
    *, actor: Actor, indicator: Indicator, area: Area | None = None, context: SummaryContext
) -> IndicatorViews:
    """Whether the indicator has figures by deprivation for the area (default: the partnership's
    place) or an area it lies in (what the inequality view shows), and figures for the wards of
    the partnership's place (what the ward map shows): one query."""
    place = context.place
    candidates = context.candidates(area)
    present = observation_presence(
        actor=actor,
        indicator_ids=[indicator.pk],
        area_ids=[a.pk for a in candidates],
        inside=place,
        inside_type=AreaType.WARD,
    )
    where = candidates[0].name if candidates else "this partnership's place"
    around = {a.pk for a in candidates}
    by_deprivation = any(a in around and is_deprivation_category(t) for _, a, t in present)
    inequality = (
        SHOWN
        if by_deprivation
        else ViewCheck(
            False,
            "No figures by deprivation yet: the inequality view needs figures by deprivation decile "
            f"or quintile for {where} or an area it lies in.",
        )
    )
    if place is None:
        ward_map = ViewCheck(False, "No ward map: the partnership's place is not set.")
    elif not any(a not in around and not t for _, a, t in present):
        ward_map = ViewCheck(
            False, f"No ward figures yet: ward maps need figures for the wards of {place.name}."
        )
    else:
        ward_map = SHOWN
    return IndicatorViews(inequality=inequality, ward_map=ward_map)


@dataclass(frozen=True)
class IndicatorPages:
    """The pages about all the population indicators that the indicator pages link to."""

    profile: ViewCheck
    rug: ViewCheck


def indicator_pages(*, actor: Actor, context: SummaryContext) -> IndicatorPages:
    """Whether the area profile of the partnership's place has a population indicator to show,
    and whether the tartan rug (the county and its districts) has an indicator with figures for
    more than one of its areas (a column with one area compares nothing): two small queries."""
    place = context.place
    if place is None:
        unset = ViewCheck(False, "No area profile or tartan rug: the partnership's place is not set.")
        return IndicatorPages(profile=unset, rug=unset)
    parent = next(
        (a for a in direct_parents(area=place) if a.type not in (AreaType.REGION, AreaType.COUNTRY)), None
    )
    present = observation_presence(
        actor=actor,
        area_ids=[place.pk] + ([parent.pk] if parent is not None else []),
        kind=IndicatorKind.POPULATION,
        inside=parent,
        inside_type=place.type,
    )
    headline = {(i, a) for i, a, t in present if not t}
    profile = (
        SHOWN
        if any(a == place.pk for _, a in headline)
        else ViewCheck(False, f"No area profile yet: no population indicator has a figure for {place.name}.")
    )
    per_indicator: dict[int, int] = {}
    for indicator_id, _ in headline:
        per_indicator[indicator_id] = per_indicator.get(indicator_id, 0) + 1
    among = f" of {parent.name} and the areas in it" if parent is not None else ""
    rug = (
        SHOWN
        if any(n > 1 for n in per_indicator.values())
        else ViewCheck(
            False,
            f"No tartan rug yet: no population indicator has figures for more than one area{among}.",
        )
    )
    return IndicatorPages(profile=profile, rug=rug)
