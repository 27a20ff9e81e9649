"""What the returns app accepts for the collections and measures it writes: one input schema each.

The services clean what they are given through these schemas and the forms take their limits and
messages from them. Checks against other records (a name or short name already used, periods that
returns already use) stay with the service.
"""

from __future__ import annotations

from wellboard.core.inputs import Choice, Date, DateOrder, InputSchema, Members, OptionalDate, Text, Whole
from wellboard.indicators.models import IndicatorKind
from wellboard.partners.models import Organisation
from wellboard.returns.models import FREQUENCY_CHOICES, DueRule, MeasureValueType


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


class MeasureInput(InputSchema):
    """A measure's own words and kinds. Its bounds, multiplier and breakdowns are checked together by
    ``returns.services.measures``, which knows the figures already returned against them."""

    owner = "A measure"
    label = Text(
        "What is counted", max_length=300, missing="Enter what the measure counts, such as Calls made"
    )
    value_type = Choice(MeasureValueType, labels_accepted=False, invalid="Choose the type of figure")
    indicator_kind = Choice(
        IndicatorKind, labels_accepted=False, invalid="Choose what kind of measure this is"
    )
    unit = Text("The unit", max_length=60)
