"""A small but complete picture for the indicator pages: places with ward boundaries, England as
the comparator, an indicator with eight years of figures, breakdowns by sex and deprivation decile,
ward figures, a target and a strategy node; one year of another indicator on which our place is
worse than England; and an indicator with no figures at all.

Rows are written directly (fast); the figures are plausible, with Wilson 95% limits.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.test import Client

from tests.factories.indicators import IndicatorFactory, ObservationFactory, Places, make_places, year
from tests.factories.strategy import InitiativeFactory, NodeFactory, StrategyFactory
from wellboard.geography.models import Area
from wellboard.indicators.models import (
    Comparator,
    ComparatorKind,
    Indicator,
    IndicatorKind,
    Method,
    Polarity,
    Target,
    ValueType,
)
from wellboard.partners.models import Partnership
from wellboard.strategy.models import Initiative, Node, Strategy

DEPRIVATION = "County & UA deprivation deciles in England (IMD2019, 4/21 geog.)"
DECILE_NAMES = [
    "Most deprived decile (IMD2019)",
    "Second most deprived decile (IMD2019)",
    "Third more deprived decile (IMD2019)",
    "Fourth more deprived decile (IMD2019)",
    "Fifth more deprived decile (IMD2019)",
    "Fifth less deprived decile (IMD2019)",
    "Fourth less deprived decile (IMD2019)",
    "Third less deprived decile (IMD2019)",
    "Second least deprived decile (IMD2019)",
    "Least deprived decile (IMD2019)",
]
YEARS = list(range(2015, 2023))


def wilson(count: float, denominator: float) -> dict[str, float]:
    """Value and Wilson 95% limits of a percentage."""
    z = 1.959963984540054
    p = count / denominator
    centre = p + z * z / (2 * denominator)
    spread = z * math.sqrt(p * (1 - p) / denominator + z * z / (4 * denominator * denominator))
    scale = 1 + z * z / denominator
    return {
        "count": count,
        "denominator": denominator,
        "value": 100 * p,
        "lower95": 100 * (centre - spread) / scale,
        "upper95": 100 * (centre + spread) / scale,
    }


def square(lon: float, lat: float, size: float = 0.01) -> dict[str, object]:
    """A small square boundary (anticlockwise, as GeoJSON asks)."""
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class Scenario:
    places: Places
    smoking: Indicator
    empty: Indicator
    obesity: Indicator
    strategy: Strategy
    node: Node
    england: Comparator


def build_scenario(partnership: Partnership) -> Scenario:
    places = make_places(partnership)
    Area.objects.filter(pk=places.bedwell.pk).update(geometry=square(-0.20, 51.90))
    Area.objects.filter(pk=places.shephall.pk).update(geometry=square(-0.19, 51.90))
    england = Comparator.objects.create(
        partnership=partnership, slug="england", name="England", kind=ComparatorKind.AREA, is_default=True
    )
    england.areas.add(places.england)
    strategy = StrategyFactory(partnership=partnership, slug="healthy-town", title="Healthy Town")
    node = NodeFactory(strategy=strategy, ref="1", title="Healthy lives")
    smoking = IndicatorFactory(
        partnership=partnership,
        slug="smoking",
        name="Smoking prevalence in adults (18+)",
        short_name="Smoking prevalence",
        definition="Adults who say they smoke, as a percentage of adults asked.",
        kind=IndicatorKind.POPULATION,
        value_type=ValueType.PERCENTAGE,
        method=Method.WILSON,
        multiplier=100,
        unit="%",
        polarity=Polarity.LOW_IS_GOOD,
        source="Annual Population Survey",
        frequency="Annual",
    )
    smoking.nodes.add(node)
    empty = IndicatorFactory(
        partnership=partnership,
        slug="loneliness",
        name="Adults who feel lonely often or always",
        value_type=ValueType.PERCENTAGE,
        polarity=Polarity.LOW_IS_GOOD,
    )
    empty.nodes.add(node)
    for index, when in enumerate(YEARS):
        # Stevenage falls from 22% to about 15%; England from 17% to about 13%.
        ObservationFactory(
            indicator=smoking, area=places.stevenage, **year(when), **wilson(660 - 30 * index, 3000)
        )
        ObservationFactory(
            indicator=smoking, area=places.england, **year(when), **wilson(51000 - 600 * index, 300000)
        )
        ObservationFactory(
            indicator=smoking, area=places.county, **year(when), **wilson(1950 - 40 * index, 13000)
        )
        ObservationFactory(
            indicator=smoking, area=places.north_herts, **year(when), **wilson(300 - 5 * index, 2600)
        )
    last = year(YEARS[-1])
    for sex, count in (("Male", 250), ("Female", 200)):
        ObservationFactory(indicator=smoking, area=places.stevenage, sex=sex, **last, **wilson(count, 1500))
    for rank, name in enumerate(DECILE_NAMES, start=1):
        ObservationFactory(
            indicator=smoking,
            area=places.england,
            category_type=DEPRIVATION,
            category=name,
            **last,
            **wilson(5200 - 300 * rank, 30000),
        )
    obesity = IndicatorFactory(
        partnership=partnership,
        slug="obesity",
        name="Adults who are obese",
        value_type=ValueType.PERCENTAGE,
        method=Method.WILSON,
        multiplier=100,
        unit="%",
        polarity=Polarity.LOW_IS_GOOD,
    )
    for area, count, denominator in (
        (places.england, 25000, 100000),
        (places.county, 2200, 10000),
        (places.stevenage, 900, 3000),  # worse than England
        (places.north_herts, 480, 2000),
    ):
        ObservationFactory(indicator=obesity, area=area, **last, **wilson(count, denominator))
    ObservationFactory(indicator=smoking, area=places.bedwell, **last, **wilson(120, 600))
    ObservationFactory(indicator=smoking, area=places.shephall, **last, **wilson(70, 650))
    Target.objects.create(
        partnership=partnership,
        indicator=smoking,
        area=places.stevenage,
        period="2022",
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31),
        value=14.0,
        amber_tolerance=1.5,
    )
    return Scenario(places, smoking, empty, obesity, strategy, node, england)


def warmed(client: Client, partnership: Partnership) -> Client:
    """The client after its session's first request (which does one-off work, such as recording
    the login), so that what a page itself costs in queries can be counted."""
    client.get(f"/p/{partnership.slug}/indicators/profile/")
    return client


FORTNIGHTS = [dt.date(2020, 3, 30), dt.date(2020, 4, 13), dt.date(2020, 4, 27)]


def fortnight(start: dt.date) -> dict[str, object]:
    """Observation period fields for the fortnight starting on ``start``."""
    return {
        "period": f"{start.isoformat()}/2W",
        "period_start": start,
        "period_end": start + dt.timedelta(days=13),
    }


@dataclass
class MeasureScenario:
    calls: Indicator
    empty: Indicator
    initiative: Initiative


def build_measure(partnership: Partnership, scenario: Scenario) -> MeasureScenario:
    """A "how much did we do?" measure partners return: befriending calls for three fortnights,
    the last provisional (one organisation's return is still to be approved) and split by
    organisation and by age band, with a target for it; part of an initiative and a priority.
    And a measure with no figures yet."""
    stevenage = scenario.places.stevenage
    initiative = InitiativeFactory(partnership=partnership, slug="befriending", name="Befriending calls")
    calls = IndicatorFactory(
        partnership=partnership,
        slug="calls",
        name="Befriending calls made",
        kind=IndicatorKind.HOW_MUCH,
        value_type=ValueType.COUNT,
        method=Method.NONE,
        multiplier=1,
        unit="calls",
        polarity=Polarity.HIGH_IS_GOOD,
        definition="Calls that reached the resident.",
    )
    calls.initiatives.add(initiative)
    calls.nodes.add(scenario.node)
    for start, total in zip(FORTNIGHTS, (925, 903, 838), strict=True):
        last = start == FORTNIGHTS[-1]
        ObservationFactory(
            indicator=calls,
            area=stevenage,
            **fortnight(start),
            count=total,
            value=total,
            status="provisional" if last else "final",
            note="2 of 3 organisations' returns approved so far" if last else "",
        )
    latest = fortnight(FORTNIGHTS[-1])
    for name, value in (("Mind in Mid Herts", 500), ("Stevenage Helps", 338)):
        ObservationFactory(
            indicator=calls,
            area=stevenage,
            category_type="Organisation",
            category=name,
            count=value,
            value=value,
            **latest,
        )
    for band, value in (("Adults", 300), ("Older people", 538)):
        ObservationFactory(indicator=calls, area=stevenage, age=band, count=value, value=value, **latest)
    Target.objects.create(
        partnership=partnership,
        indicator=calls,
        area=stevenage,
        period=latest["period"],
        period_start=latest["period_start"],
        period_end=latest["period_end"],
        value=900.0,
        amber_tolerance=75.0,
    )
    empty = IndicatorFactory(
        partnership=partnership,
        slug="walk-ins",
        name="Healthy Hub walk-ins",
        kind=IndicatorKind.HOW_MUCH,
        value_type=ValueType.COUNT,
        method=Method.NONE,
        multiplier=1,
        unit="visitors",
    )
    return MeasureScenario(calls, empty, initiative)
