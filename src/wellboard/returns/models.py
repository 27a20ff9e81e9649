"""Collections of measures that partner organisations return every period.

A **collection** asks named organisations for the same **measures** every period (a fortnight, a
quarter…). One organisation's figures for one period form a **return**, which moves through
draft → submitted → (returned for changes →) approved. Approved returns are locked.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models

from wellboard.core.calendar import add_working_days
from wellboard.core.clock import LONDON
from wellboard.core.models import TimestampedModel, VersionedModel
from wellboard.core.periods import Period, PeriodKind, period_containing, period_range
from wellboard.indicators.models import Indicator
from wellboard.partners.models import Organisation, Partnership
from wellboard.strategy.models import Initiative

# How big and how precise a returned figure can be: the database columns hold 16 digits, 4 of them
# after the decimal point, so a figure must be below FIGURE_LIMIT (one trillion).
FIGURE_MAX_DIGITS = 16
FIGURE_DECIMAL_PLACES = 4
FIGURE_LIMIT = Decimal(10) ** (FIGURE_MAX_DIGITS - FIGURE_DECIMAL_PLACES)
FIGURE_LARGEST = FIGURE_LIMIT - 1  # the largest whole number, as the rules tell people

# The period kinds a collection can run on (pooled multi-year spans make no sense for returns).
FREQUENCY_CHOICES = [
    (PeriodKind.WEEK.value, "Weekly (Monday to Sunday)"),
    (PeriodKind.FORTNIGHT.value, "Fortnightly"),
    (PeriodKind.MONTH.value, "Monthly"),
    (PeriodKind.QUARTER.value, "Quarterly (financial quarters, April to June first)"),
    (PeriodKind.CALENDAR_QUARTER.value, "Quarterly (calendar quarters, January to March first)"),
    (PeriodKind.YEAR.value, "Annually (calendar year)"),
    (PeriodKind.FINANCIAL_YEAR.value, "Annually (financial year, April to March)"),
]


class DueRule(models.TextChoices):
    WORKING_DAYS = "working_days", "Working days after the period ends"
    CALENDAR_DAYS = "calendar_days", "Calendar days after the period ends"


class Collection(VersionedModel):
    """A set of measures that named organisations return every period."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="collections")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    frequency = models.CharField(max_length=20, choices=FREQUENCY_CHOICES)
    first_period_start = models.DateField(help_text="Any day in the first period returns are due for")
    last_period_end = models.DateField(
        null=True, blank=True, help_text="Any day in the last period; leave empty if it runs until closed"
    )
    due_rule = models.CharField(max_length=20, choices=DueRule.choices, default=DueRule.WORKING_DAYS)
    due_days = models.PositiveSmallIntegerField(default=10)
    reminder_days = models.PositiveSmallIntegerField(
        default=3, help_text="How many days before the due date contributors are reminded"
    )
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="collections")
    is_open = models.BooleanField(default=True, help_text="Closed collections send no reminders")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="collection_slug_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> PeriodKind:
        return PeriodKind(self.frequency)

    def anchor(self) -> dt.date | None:
        """Fortnights align to the partnership's anchor date."""
        if self.kind == PeriodKind.FORTNIGHT:
            return self.partnership.fortnight_anchor
        return None

    def period_for(self, day: dt.date) -> Period:
        return period_containing(self.kind, day, anchor=self.anchor())

    @property
    def first_period(self) -> Period:
        return self.period_for(self.first_period_start)

    @property
    def last_period(self) -> Period | None:
        return self.period_for(self.last_period_end) if self.last_period_end else None

    def due_date(self, period: Period) -> dt.date:
        """When a return for ``period`` is due, by the collection's rule."""
        if self.due_rule == DueRule.WORKING_DAYS:
            return add_working_days(period.end, self.due_days)
        return period.end + dt.timedelta(days=self.due_days)

    def periods(self, *, until: dt.date) -> list[Period]:
        """Every period from the first to the one containing ``until`` (or the last), oldest first."""
        first = self.first_period
        last = self.period_for(until)
        if self.last_period is not None and self.last_period < last:
            last = self.last_period
        if last < first:
            return []
        return list(period_range(first, last))

    def includes(self, period: Period) -> bool:
        if period.kind != self.kind or period != self.period_for(period.start):
            return False
        if period < self.first_period:
            return False
        return self.last_period is None or period <= self.last_period


class MeasureValueType(models.TextChoices):
    COUNT = "count", "Count (a whole number, 0 or more)"
    NUMBER = "number", "Amount (a number that adds up, such as hours or pounds)"
    PERCENTAGE = "percentage", "Percentage (a numerator and a denominator)"
    RATE = "rate", "Rate (a count and a population, per a multiplier)"

    @property
    def has_denominator(self) -> bool:
        return self in (MeasureValueType.PERCENTAGE, MeasureValueType.RATE)


class Measure(VersionedModel):
    """One figure every organisation in a collection returns, with its validation rules."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="measures")
    indicator = models.ForeignKey(Indicator, on_delete=models.RESTRICT, related_name="return_measures")
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="return_measures"
    )
    code = models.SlugField(max_length=60, help_text="Short name used in templates and CSV files")
    label = models.CharField(max_length=300)
    help_text = models.TextField(blank=True, help_text="Guidance shown beside the figure")
    position = models.PositiveIntegerField(default=0)
    value_type = models.CharField(max_length=12, choices=MeasureValueType.choices)
    unit = models.CharField(max_length=60, blank=True)
    multiplier = models.PositiveIntegerField(default=1, help_text="100 for percentages; 1,000 for per 1,000")
    cumulative = models.BooleanField(
        default=False, help_text="A running total since the collection started, not a figure for the period"
    )
    breakdowns = models.JSONField(
        default=list,
        blank=True,
        help_text="[{'name': 'Sex', 'categories': ['Female', 'Male']}]; each adds up to the total",
    )
    required = models.BooleanField(default=True)
    comment_required = models.BooleanField(default=False)
    min_value = models.DecimalField(
        max_digits=FIGURE_MAX_DIGITS, decimal_places=FIGURE_DECIMAL_PLACES, null=True, blank=True
    )
    max_value = models.DecimalField(
        max_digits=FIGURE_MAX_DIGITS, decimal_places=FIGURE_DECIMAL_PLACES, null=True, blank=True
    )
    change_threshold = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="A change of more than this percentage from the previous period needs a comment",
    )

    class Meta:
        ordering = ["collection", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["collection", "code"], name="measure_code_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def kind(self) -> MeasureValueType:
        return MeasureValueType(self.value_type)

    @property
    def integer_only(self) -> bool:
        """Counts, and the numerators and denominators of percentages and rates, are whole numbers."""
        return self.value_type != MeasureValueType.NUMBER


class ReturnStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for changes"
    APPROVED = "approved", "Approved"


# Returns still waiting for the organisation to act.
OUTSTANDING = (ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.RETURNED)


class Return(VersionedModel):
    """One organisation's figures for one period of a collection."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="returns")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="data_returns")
    period = models.CharField(max_length=30, help_text="Period code, e.g. 2020-06-01/2W")
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT)
    comment = models.TextField(blank=True, help_text="Anything the approver should know")
    submitted_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was first submitted: what timeliness is judged by"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_reason = models.TextField(blank=True, help_text="Why the approver sent it back")
    flags = models.JSONField(default=list, blank=True, help_text="Warnings for the approver (outliers)")

    class Meta:
        ordering = ["collection", "-period_start", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "organisation", "period"], name="return_unique")
        ]
        indexes = [models.Index(fields=["collection", "period_start"])]

    def __str__(self) -> str:
        return f"{self.collection}: {self.organisation}, {self.period_label}"

    @property
    def period_label(self) -> str:
        return self.period_value.label

    @property
    def period_value(self) -> Period:
        return Period(self.period_start, self.period_end, PeriodKind(self.collection.frequency))

    @property
    def is_locked(self) -> bool:
        return self.status == ReturnStatus.APPROVED

    @property
    def was_late(self) -> bool:
        """Submitted after the due date (judged by the first submission)."""
        if self.first_submitted_at is None:
            return False
        return self.first_submitted_at.astimezone(LONDON).date() > self.due_date


class Figure(TimestampedModel):
    """One value in a return: a measure's total, or one category of one of its breakdowns."""

    data_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="figures")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="figures")
    breakdown = models.CharField(max_length=100, blank=True, help_text="Empty for the total")
    category = models.CharField(max_length=200, blank=True)
    value = models.DecimalField(
        max_digits=FIGURE_MAX_DIGITS,
        decimal_places=FIGURE_DECIMAL_PLACES,
        null=True,
        blank=True,
        help_text="The count, amount or numerator",
    )
    denominator = models.DecimalField(
        max_digits=FIGURE_MAX_DIGITS, decimal_places=FIGURE_DECIMAL_PLACES, null=True, blank=True
    )
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["data_return", "measure__position", "breakdown", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_return", "measure", "breakdown", "category"], name="figure_unique"
            )
        ]

    def __str__(self) -> str:
        part = f" ({self.breakdown}: {self.category})" if self.breakdown else ""
        return f"{self.measure.code}{part}"

    @property
    def is_total(self) -> bool:
        return not self.breakdown

    def computed(self) -> Decimal | None:
        """The figure as shown: percentages and rates from numerator and denominator."""
        if self.value is None:
            return None
        if self.measure.kind.has_denominator:
            if not self.denominator:
                return None
            return self.value / self.denominator * self.measure.multiplier
        return self.value


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Return due soon"
    OVERDUE = "overdue", "Return overdue"
    DIGEST = "digest", "Weekly digest for the coordinator"
    RETURNED = "returned", "Return sent back for changes"


class Reminder(models.Model):
    """An email Wellboard sent about returns. ``key`` is unique so no reminder is sent twice."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    key = models.CharField(max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient_email = models.EmailField()
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(max_length=30, blank=True)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient_email} at {self.sent_at:%Y-%m-%d %H:%M}"
