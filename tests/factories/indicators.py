"""Factories for indicators and observations, and a small map of real places to hang them on.

They write rows directly (fast, no audit); tests of behaviour call the services instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import factory

from tests.factories import PartnershipFactory
from wellboard.core.access import Actor
from wellboard.geography.models import Area, AreaLink, AreaType
from wellboard.indicators.models import Indicator, Method, Observation, Polarity, ValueType
from wellboard.indicators.services import (
    ObservationInput,
    comparator_create,
    indicator_create,
    observations_save,
    trajectory_set,
)
from wellboard.partners.models import Partnership


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"indicator-{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    value_type = ValueType.PERCENTAGE
    method = Method.WILSON
    multiplier = 100
    unit = "%"
    polarity = Polarity.LOW_IS_GOOD


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    partnership = factory.LazyAttribute(lambda o: o.indicator.partnership)
    period = "2020"
    period_start = dt.date(2020, 1, 1)
    period_end = dt.date(2020, 12, 31)


def make_area(code: str, name: str, type: str, *parents: Area) -> Area:
    area, _ = Area.objects.get_or_create(code=code, defaults={"name": name, "type": type})
    for parent in parents:
        AreaLink.objects.get_or_create(child=area, parent=parent)
    return area


@dataclass
class Places:
    """England > East of England > Hertfordshire > Stevenage (two wards) and North Herts."""

    england: Area
    region: Area
    county: Area
    stevenage: Area
    north_herts: Area
    bedwell: Area
    shephall: Area


def make_places(partnership: Partnership | None = None) -> Places:
    england = make_area("E92000001", "England", AreaType.COUNTRY)
    region = make_area("E12000006", "East of England", AreaType.REGION, england)
    county = make_area("E10000015", "Hertfordshire", AreaType.UTLA, region)
    stevenage = make_area("E07000243", "Stevenage", AreaType.LTLA, county)
    north_herts = make_area("E07000099", "North Hertfordshire", AreaType.LTLA, county)
    bedwell = make_area("E05007380", "Bedwell", AreaType.WARD, stevenage)
    shephall = make_area("E05007388", "Shephall", AreaType.WARD, stevenage)
    if partnership is not None:
        partnership.area_code = stevenage.code
        partnership.save(update_fields=["area_code"])
    return Places(england, region, county, stevenage, north_herts, bedwell, shephall)


def year(value: int) -> dict[str, object]:
    """Observation period fields for a calendar year."""
    return {"period": str(value), "period_start": dt.date(value, 1, 1), "period_end": dt.date(value, 12, 31)}


DECILES = [
    "Most deprived decile",
    "Second most deprived decile",
    "Third more deprived decile",
    "Fourth more deprived decile",
    "Fifth more deprived decile",
    "Fifth less deprived decile",
    "Fourth less deprived decile",
    "Third less deprived decile",
    "Second least deprived decile",
    "Least deprived decile",
]


@dataclass
class World:
    places: Places
    smoking: Indicator
    actor: Actor


def smoking_rows() -> list[ObservationInput]:
    rows = []
    for offset, year in enumerate(range(2013, 2021)):
        rows.append(
            ObservationInput(
                area_code="E07000243", period=str(year), count=300 - 5 * offset, denominator=1000
            )
        )
        rows.append(ObservationInput(area_code="E07000099", period=str(year), count=150, denominator=1000))
        rows.append(
            ObservationInput(
                area_code="E92000001", period=str(year), count=1900 - 10 * offset, denominator=10000
            )
        )
    for sex, count in (("Male", 150), ("Female", 115)):
        rows.append(
            ObservationInput(area_code="E07000243", period="2020", sex=sex, count=count, denominator=500)
        )
    for rank, label in enumerate(DECILES, start=1):
        rows.append(
            ObservationInput(
                area_code="E07000243",
                period="2020",
                category_type="Deprivation decile (IMD2019)",
                category=label,
                count=40 - 2 * rank,
                denominator=100,
            )
        )
    rows.append(ObservationInput(area_code="E05007380", period="2020", count=90, denominator=250))
    rows.append(ObservationInput(area_code="E05007388", period="2020", count=40, denominator=250))
    return rows


def make_world(partnership: Partnership, actor: Actor) -> World:
    """A small worked partnership (Stevenage): comparators England and 'Hertfordshire districts', a
    smoking indicator 2013-2020 for Stevenage, North Herts and England, sex, deprivation-decile and
    ward figures for 2020, and a target trajectory (27% in 2018 to 23% in 2022, amber within 1 point)."""
    places = make_places(partnership)
    comparator_create(by=actor, name="England", kind="area", area_codes=["E92000001"], is_default=True)
    comparator_create(
        by=actor, name="Hertfordshire districts", kind="group", area_codes=["E07000243", "E07000099"]
    )
    smoking = indicator_create(
        by=actor,
        name="Smoking prevalence in adults",
        value_type=ValueType.PERCENTAGE,
        polarity=Polarity.LOW_IS_GOOD,
    )
    report = observations_save(by=actor, indicator=smoking, rows=smoking_rows(), source="test")
    assert report.ok, report.rejections
    trajectory_set(
        by=actor,
        indicator=smoking,
        area_code="E07000243",
        points=[("2018", 27.0), ("2022", 23.0)],
        amber_tolerance=1.0,
    )
    return World(places, smoking, actor)
