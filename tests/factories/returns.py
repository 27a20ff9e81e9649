"""Factories for collections, measures and returns (built directly: tests of services use services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from tests.factories import PartnershipFactory
from wellboard.core.periods import PeriodKind
from wellboard.indicators.models import Indicator, IndicatorKind, Method, ValueType
from wellboard.partners.models import Partnership
from wellboard.returns.models import Collection, Measure, MeasureValueType


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"measure-{n}")
    name = factory.Sequence(lambda n: f"Measure {n}")
    kind = IndicatorKind.HOW_MUCH
    value_type = ValueType.COUNT


class CollectionFactory(factory.django.DjangoModelFactory):
    """A fortnightly collection starting 30 March 2020, asking both test organisations."""

    class Meta:
        model = Collection
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"collection-{n}")
    name = factory.Sequence(lambda n: f"Collection {n}")
    frequency = PeriodKind.FORTNIGHT.value
    first_period_start = dt.date(2020, 3, 30)
    due_days = 10
    reminder_days = 3

    @factory.post_generation
    def organisations(self: Collection, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        self.organisations.set(extracted if extracted is not None else self.partnership.organisations.all())


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    collection = factory.SubFactory(CollectionFactory)
    indicator = factory.LazyAttribute(lambda o: IndicatorFactory(partnership=o.collection.partnership))
    code = factory.Sequence(lambda n: f"measure_{n}")
    label = factory.Sequence(lambda n: f"Measure {n}")
    position = factory.Sequence(lambda n: n)
    value_type = MeasureValueType.COUNT
    required = True


def befriending(partnership: Partnership, **kwargs: Any) -> Collection:
    """A fortnightly befriending collection: calls made (count, with a sex breakdown, change rule),
    home visits (count), and the percentage of people who feel less lonely (numerator/denominator)."""
    collection = CollectionFactory(partnership=partnership, slug="befriending", name="Befriending", **kwargs)
    MeasureFactory(
        collection=collection,
        code="calls",
        label="Calls made",
        unit="calls",
        position=1,
        change_threshold=50,
        breakdowns=[{"name": "Sex", "categories": ["Female", "Male"]}],
    )
    MeasureFactory(collection=collection, code="visits", label="Home visits", unit="visits", position=2)
    MeasureFactory(
        collection=collection,
        indicator=IndicatorFactory(
            partnership=partnership, value_type=ValueType.PERCENTAGE, method=Method.WILSON, multiplier=100
        ),
        code="less_lonely",
        label="People who feel less lonely",
        value_type=MeasureValueType.PERCENTAGE,
        multiplier=100,
        unit="%",
        position=3,
        required=False,
    )
    return collection
