"""What the returns app accepts for the collections and measures it writes: one input schema each.

The services clean what they are given through these schemas and the forms take their limits and
messages from them. Checks against other records (a name or short name already used, periods that
returns already use, breakdowns that approved returns use) stay with the service.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from wellboard.core.access import Actor
from wellboard.core.inputs import (
    Choice,
    Date,
    DateOrder,
    Errors,
    FieldRule,
    FieldsCheck,
    Flag,
    InputSchema,
    Members,
    OptionalDate,
    Order,
    Text,
    Whole,
    add_error,
)
from wellboard.indicators.models import IndicatorKind
from wellboard.partners.models import Organisation
from wellboard.returns.models import (
    FIGURE_LARGEST,
    FIGURE_LIMIT,
    FREQUENCY_CHOICES,
    DueRule,
    MeasureValueType,
)

MAX_BREAKDOWN_CATEGORIES = 40


class CollectionInput(InputSchema):
    owner = "A collection"
    name = Text("The name", max_length=200, missing="Enter a name for the collection")
    frequency = Choice(
        FREQUENCY_CHOICES,
        labels_accepted=False,
        invalid="Choose how often organisations return their figures",
    )
    first_period_start = Date(missing="Enter the date the first period starts")
    last_period_end = OptionalDate("date the last period ends")
    due_rule = Choice(DueRule, labels_accepted=False, invalid="Choose how the due date is worked out")
    due_days = Whole(0, 120, message="The due date must be between 0 and 120 days after the period ends")
    reminder_days = Whole(0, 60, message="Reminders must go between 0 and 60 days before the due date")
    organisations = Members(Organisation, wrong="Choose organisations in this partnership")
    last_after_first = DateOrder(
        "first_period_start", "last_period_end", "The last period must end after the first period starts"
    )
    related = frozenset({"description", "is_open"})


class Bound(FieldRule):
    """The lowest or highest value a measure's figures may take, if it has one: a number below the
    largest figure a return holds, and with ``least`` no less than that."""

    def __init__(self, which: str, *, least: Decimal | None = None) -> None:
        self.which = which  # "lowest"
        self.least = least

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Decimal | None:
        if value is None or value == "":
            return None
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            add_error(errors, self.name, f"Enter the {self.which} value as a number")
        elif number >= FIGURE_LIMIT:
            add_error(errors, self.name, f"The {self.which} value must be {FIGURE_LARGEST:,} or less")
        elif self.least is not None and number < self.least:
            add_error(errors, self.name, f"The {self.which} value must be {self.least} or more")
        return number


class Multiplier(FieldRule):
    """Per how many a rate is given (per 1,000), or 100 for a percentage: 1 or more. Left out, the
    service chooses it for the type of figure."""

    message = "The multiplier must be 1 or more"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        if value is None:
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            add_error(errors, self.name, self.message)
            return value
        return number


class Breakdowns(FieldRule):
    """The ways a measure's total is broken down, each a name and its categories:
    ``[{"name": "Sex", "categories": ["Female", "Male"]}]``. Names and categories are trimmed and
    cut to their stored lengths."""

    max_categories = MAX_BREAKDOWN_CATEGORIES

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> list[dict[str, Any]]:
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            add_error(errors, self.name, "Enter each breakdown as a name and its categories")
            return []
        cleaned: list[dict[str, Any]] = []
        for item in value:
            name, categories = _breakdown_parts(item)
            problem = self._problem(name, categories, earlier=cleaned)
            if problem:
                add_error(errors, self.name, problem)
                return []
            cleaned.append({"name": name[:100], "categories": [c[:200] for c in categories]})
        return cleaned

    def _problem(self, name: str, categories: list[str], *, earlier: list[dict[str, Any]]) -> str:
        """What is wrong with one breakdown, or nothing."""
        if not name:
            return "Enter a name for each breakdown, such as Sex or Age band"
        if name.lower() in {b["name"].lower() for b in earlier}:
            return f"'{name}' is listed twice"
        if len(categories) < 2:
            return f"Enter at least two categories for {name}"
        if len(categories) > self.max_categories:
            return f"{name} can have at most {self.max_categories} categories"
        if len({c.lower() for c in categories}) != len(categories):
            return f"Each category of {name} must be different"
        return ""


def _breakdown_parts(item: Any) -> tuple[str, list[str]]:
    """A breakdown's name and its categories, trimmed, with empty categories left out."""
    if not isinstance(item, dict):
        return "", []
    categories = (str(c).strip() for c in item.get("categories") or [])
    return str(item.get("name", "")).strip(), [c for c in categories if c]


class NotARunningTotal(FieldsCheck):
    """Percentages and rates are worked out afresh each period, so they cannot be running totals."""

    message = "Percentages and rates cannot be running totals"

    def check(self, errors: Errors, cleaned: Any, current: Any) -> None:
        if "cumulative" in errors or "value_type" in errors:
            return
        value_type = self.value("value_type", cleaned, current)
        if (
            self.value("cumulative", cleaned, current)
            and value_type in MeasureValueType.values
            and MeasureValueType(value_type).has_denominator
        ):
            add_error(errors, "cumulative", self.message)


class MeasureInput(InputSchema):
    """What can be changed about a measure: what it counts and the rules its figures must meet.
    Whether its breakdowns may still change (no approved return uses them) is for
    ``returns.services.measures``, which knows the figures returned against them."""

    owner = "A measure"
    label = Text(
        "What is counted", max_length=300, missing="Enter what the measure counts, such as Calls made"
    )
    unit = Text("The unit", max_length=60)
    help_text = Text("The guidance")
    multiplier = Multiplier()
    cumulative = Flag()
    breakdowns = Breakdowns()
    required = Flag()
    comment_required = Flag()
    min_value = Bound("lowest", least=Decimal(0))
    max_value = Bound("highest")
    highest_above_lowest = Order("min_value", "max_value", "The highest value must be more than the lowest")
    not_a_running_total = NotARunningTotal()
    related = frozenset({"position", "change_threshold", "initiative"})


class NewMeasureInput(MeasureInput):
    """A new measure: also its type of figure and, for a new indicator, what kind of measure it is,
    which stay as they are once figures are returned against it."""

    value_type = Choice(MeasureValueType, labels_accepted=False, invalid="Choose the type of figure")
    indicator_kind = Choice(
        IndicatorKind, labels_accepted=False, invalid="Choose what kind of measure this is"
    )
