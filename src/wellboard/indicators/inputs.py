"""What the indicators app accepts for the records it writes: one input schema each.

The services clean what they are given through these schemas (``IndicatorInput``,
``ComparatorInput``, ``TargetInput``). Checks against other records stay with the service: a slug
or name already used, area codes that name no area, a target already set for a period.

Observations are not cleaned here: a file of a million rows is checked column by column, each
distinct value once (``services._observation_table``), which a schema cleaning one record at a time
could not do in the time an import has.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.text import slugify

from wellboard.core.access import Actor
from wellboard.core.inputs import (
    Choice,
    Chosen,
    Errors,
    FieldRule,
    InputSchema,
    Position,
    Slug,
    Text,
    add_error,
)
from wellboard.core.periods import Period, PeriodError, period_parse
from wellboard.indicators.models import (
    RESERVED_INDICATOR_SLUGS,
    ComparatorKind,
    IndicatorKind,
    Method,
    Polarity,
    ValueType,
)
from wellboard.strategy.models import Initiative, Node

# Which confidence-limit methods suit each value type ("none" always does).
METHODS_FOR_VALUE_TYPE: dict[str, tuple[str, ...]] = {
    ValueType.COUNT: (Method.NONE,),
    ValueType.PERCENTAGE: (Method.WILSON, Method.NONE),
    ValueType.CRUDE_RATE: (Method.BYARS_EXACT, Method.BYARS, Method.NONE),
    ValueType.DSR: (Method.DOBSON, Method.NONE),
    ValueType.RATIO: (Method.SMR, Method.ISR, Method.NONE),
    ValueType.MEAN: (Method.STUDENT_T, Method.NONE),
    ValueType.LIFE_EXPECTANCY: (Method.CHIANG, Method.NONE),
    ValueType.SCORE: (Method.NONE, Method.STUDENT_T),
}


def _one_of(what: str, choices: type[models.TextChoices]) -> Choice:
    """One of ``choices`` by its value, refused with every label: 'Choose a kind: Population
    indicator, How much did we do?, …'."""
    return Choice(choices, labels_accepted=False, invalid=f"Choose {what}: {', '.join(choices.labels)}")


def _stored_or_cleaned(name: str, cleaned: Mapping[str, Any], current: Any) -> Any:
    return cleaned[name] if name in cleaned else getattr(current, name, None)


class Multiplier(FieldRule):
    """What a figure is multiplied by to be shown: 100 for a percentage, 100,000 per 100,000."""

    message = "The multiplier must be a whole number, 1 or more (100 for a percentage)"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            add_error(errors, self.name, self.message)
        return value


class IndicatorSlug(FieldRule):
    """An indicator's name in its pages' addresses. Left blank when creating, the service makes one
    from the indicator's name; once made it cannot be blanked. The words the indicator pages use
    (``RESERVED_INDICATOR_SLUGS``) are refused by ``IndicatorInput``, but only when the slug changes,
    so an indicator given one before they were checked can still be edited."""

    max_length = 100
    malformed = "Use lower-case letters, numbers and hyphens only (up to 100)"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        slug = str(value or "").strip()
        if not slug:
            if not creating:
                add_error(errors, self.name, "Enter the indicator's slug")
        elif slug != slugify(slug) or len(slug) > self.max_length:
            add_error(errors, self.name, self.malformed)
        return slug

    @staticmethod
    def reserved(slug: str) -> str:
        return f"'{slug}' is part of the indicator pages' addresses: choose another slug"

    @staticmethod
    def taken(slug: str) -> str:
        return f"Another indicator already uses '{slug}'"


class IndicatorInput(InputSchema):
    """An indicator's definition. Whether its method suits its value type, and a percentage's
    multiplier, are checked against the stored definition for what a change leaves as it is."""

    owner = "An indicator"
    name = Text("The name", max_length=300, missing="Enter the indicator's name")
    short_name = Text("The short name", max_length=120)
    slug = IndicatorSlug()
    definition = Text("The definition")
    kind = _one_of("a kind", IndicatorKind)
    value_type = _one_of("a value type", ValueType)
    polarity = _one_of("a polarity", Polarity)
    # Shown beside their fields, as these messages always were: "This must be 60 characters or fewer".
    unit = Text("This", max_length=60)
    multiplier = Multiplier()
    method = _one_of("a method", Method)
    source = Text("This", max_length=300)
    frequency = Text("This", max_length=40)
    nodes = Chosen(
        lambda by: Node.objects.filter(strategy__partnership_id=by.partnership_id),
        wrong="Choose strategy themes and priorities of this partnership",
    )
    initiatives = Chosen(
        lambda by: Initiative.objects.filter(partnership_id=by.partnership_id),
        wrong="Choose initiatives of this partnership",
    )

    @classmethod
    def clean(
        cls, values: Mapping[str, Any], errors: Errors, *, by: Actor, current: Any = None
    ) -> dict[str, Any]:
        cleaned = super().clean(values, errors, by=by, current=current)
        slug = cleaned.get("slug", "")
        changes_slug = current is None or slug != current.slug
        if slug and "slug" not in errors and changes_slug and slug in RESERVED_INDICATOR_SLUGS:
            add_error(errors, "slug", IndicatorSlug.reserved(slug))
        value_type = _stored_or_cleaned("value_type", cleaned, current)
        if "value_type" not in errors and value_type in METHODS_FOR_VALUE_TYPE:
            method = _stored_or_cleaned("method", cleaned, current)
            suitable = METHODS_FOR_VALUE_TYPE[value_type]
            if {"method", "value_type"} & set(cleaned) and "method" not in errors and method not in suitable:
                names = ", ".join(Method(m).label for m in suitable)
                add_error(errors, "method", f"A {ValueType(value_type).label.lower()} uses one of: {names}")
            multiplier = _stored_or_cleaned("multiplier", cleaned, current)
            if (
                {"multiplier", "value_type"} & set(cleaned)
                and "multiplier" not in errors
                and value_type == ValueType.PERCENTAGE
                and multiplier != 100
            ):
                add_error(errors, "multiplier", "A percentage has a multiplier of 100")
        return cleaned


class AreaCodes(FieldRule):
    """The GSS codes of a comparator's areas, trimmed, each once, in the order given. Whether each
    names an area is for the service, which looks them up."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> list[str]:
        return list(dict.fromkeys(code.strip() for code in (value or ()) if code.strip()))


class ComparatorInput(InputSchema):
    """A comparator: one area (England, the county), or a group of two or more areas."""

    owner = "A comparator"
    name = Text("The name", max_length=200, missing="Enter the comparator's name")
    kind = Choice(ComparatorKind, labels_accepted=False, invalid="Choose one area or a group of areas")
    slug = Slug(what="comparator", max_length=80)
    description = Text("The description")
    area_codes = AreaCodes()
    position = Position()
    related = frozenset({"is_default"})

    @classmethod
    def clean(
        cls, values: Mapping[str, Any], errors: Errors, *, by: Actor, current: Any = None
    ) -> dict[str, Any]:
        cleaned = super().clean(values, errors, by=by, current=current)
        kind = _stored_or_cleaned("kind", cleaned, current)
        codes = cleaned.get("area_codes")
        if codes is not None and "kind" not in errors:
            if kind == ComparatorKind.AREA and len(codes) != 1:
                add_error(errors, "area_codes", "Choose exactly one area for an area comparator")
            elif kind == ComparatorKind.GROUP and len(codes) < 2:
                add_error(errors, "area_codes", "Choose at least two areas for a group")
        return cleaned


class Number(FieldRule):
    """A finite number; with ``negative``, 0 or more."""

    def __init__(self, *, missing: str, negative: str = "") -> None:
        self.missing = missing
        self.negative = negative

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            add_error(errors, self.name, self.missing)
            return value
        if self.negative and value < 0:
            add_error(errors, self.name, self.negative)
        return float(value)


class PeriodCode(FieldRule):
    """A period as people write it ('2024/25', '2024/25 Q3', '2024'), cleaned to a ``Period``."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Period | None:
        try:
            return period_parse(str(value or ""))
        except PeriodError as exc:
            add_error(errors, self.name, str(exc))
            return None


class TargetInput(InputSchema):
    """A target for an indicator in one area and period. The area, given by its code when the
    target is created, is looked up by the service."""

    owner = "A target"
    value = Number(missing="Enter the target as a number")
    amber_tolerance = Number(
        missing="Enter the amber tolerance as a number", negative="The amber tolerance must be zero or more"
    )
    period = PeriodCode()
    note = Text("The note")
