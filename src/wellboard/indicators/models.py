"""Indicators (population indicators and performance measures), their observations, the comparators
a partnership benchmarks against and the targets it sets."""

from __future__ import annotations

from django.db import models

from wellboard.core.models import TimestampedModel, VersionedModel
from wellboard.core.periods import period_label
from wellboard.geography.models import Area
from wellboard.partners.models import Partnership
from wellboard.strategy.models import Initiative, Node

# The fixed path segments under /p/<partnership>/indicators/ (``wellboard.indicators.urls``): an
# indicator with one of these slugs could not be reached, so none is generated or accepted. "new"
# is kept free for a page that creates an indicator.
RESERVED_INDICATOR_SLUGS = frozenset({"import", "profile", "rug", "new"})


class IndicatorKind(models.TextChoices):
    POPULATION = "population", "Population indicator"
    HOW_MUCH = "how_much", "How much did we do?"
    HOW_WELL = "how_well", "How well did we do it?"
    BETTER_OFF = "better_off", "Is anyone better off?"


class ValueType(models.TextChoices):
    """What kind of figure an indicator's value is; it decides which confidence-limit methods suit the
    indicator (``inputs.METHODS_FOR_VALUE_TYPE``) and what a new one starts with."""

    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    CRUDE_RATE = "crude_rate", "Crude rate"
    DSR = "dsr", "Directly standardised rate"
    RATIO = "ratio", "Ratio"
    MEAN = "mean", "Mean"
    LIFE_EXPECTANCY = "life_expectancy", "Life expectancy"
    SCORE = "score", "Score"


class Polarity(models.TextChoices):
    """Which direction is better: whether a figure that differs from its comparator is better or
    worse, or only higher or lower."""

    HIGH_IS_GOOD = "high is good", "Higher is better"
    LOW_IS_GOOD = "low is good", "Lower is better"
    NEITHER = "neither", "Neither higher nor lower is better"


class Method(models.TextChoices):
    """How confidence limits are computed when a count and denominator are given."""

    NONE = "none", "No confidence limits"
    WILSON = "wilson", "Wilson score (proportions)"
    BYARS_EXACT = "byars_exact", "Byar's, exact Poisson below 10 (crude rates)"
    BYARS = "byars", "Byar's at every count (crude rates)"
    DOBSON = "dobson", "Dobson (directly standardised rates)"
    ISR = "isr", "Indirectly standardised rate"
    SMR = "smr", "Standardised ratio"
    STUDENT_T = "student_t", "Student's t (means)"
    CHIANG = "chiang", "Chiang II with Silcocks (life expectancy)"


class Indicator(VersionedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="indicators")
    slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=120, blank=True)
    definition = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=IndicatorKind.choices, default=IndicatorKind.POPULATION)
    value_type = models.CharField(max_length=20, choices=ValueType.choices)
    polarity = models.CharField(max_length=14, choices=Polarity.choices, default=Polarity.NEITHER)
    unit = models.CharField(max_length=60, blank=True, help_text="e.g. %, per 100,000, years")
    multiplier = models.PositiveIntegerField(default=1, help_text="100 for a percentage, 100000 per 100,000")
    method = models.CharField(max_length=14, choices=Method.choices, default=Method.NONE)
    source = models.CharField(max_length=300, blank=True)
    frequency = models.CharField(max_length=40, blank=True, help_text="e.g. Annual, Quarterly")
    external_source = models.CharField(max_length=30, blank=True, help_text="e.g. fingertips")
    external_id = models.CharField(max_length=40, blank=True, help_text="The source's own identifier")
    nodes = models.ManyToManyField(Node, blank=True, related_name="indicators")
    initiatives = models.ManyToManyField(Initiative, blank=True, related_name="indicators")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="indicator_slug_unique"),
            models.UniqueConstraint(
                fields=["partnership", "external_source", "external_id"],
                condition=~models.Q(external_id=""),
                name="indicator_external_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class ObservationStatus(models.TextChoices):
    PROVISIONAL = "provisional", "Provisional"
    FINAL = "final", "Final"


class Observation(TimestampedModel):
    """One figure for an indicator, area, period and breakdown."""

    # The partnership is the indicator's (a copy, so every read filters on it directly). The database
    # does not check it row by row: the indicator's own key already ties the row to a partnership,
    # and a million-row import would spend seconds on the redundant check.
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    # No single-column indexes on indicator and area: the unique key (indicator first) and the
    # (area, indicator) index serve every lookup by either, and each index costs every import.
    # No database-level foreign keys either: PostgreSQL checked them row by row at the commit
    # (seconds per million rows). The one writer, ``indicators.services``, checks and locks each
    # referenced indicator and area once per save instead (docs/adr/0017-observation-foreign-keys.md);
    # Django still cascades and protects on delete.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", db_index=False, db_constraint=False
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="observations", db_index=False, db_constraint=False
    )
    period = models.CharField(max_length=30, help_text="Period code, e.g. 2019/20 or 2016 - 18")
    period_start = models.DateField()
    period_end = models.DateField()
    sex = models.CharField(max_length=20, default="Persons")
    age = models.CharField(max_length=40, default="All ages")
    category_type = models.CharField(
        max_length=200, blank=True, help_text="e.g. deprivation decile (IMD2019)"
    )
    category = models.CharField(max_length=200, blank=True)
    count = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    lower95 = models.FloatField(null=True, blank=True)
    upper95 = models.FloatField(null=True, blank=True)
    lower998 = models.FloatField(null=True, blank=True)
    upper998 = models.FloatField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ObservationStatus.choices, default=ObservationStatus.FINAL
    )
    note = models.TextField(blank=True)
    source = models.CharField(
        max_length=40, blank=True, help_text="Where the figure came from, e.g. fingertips"
    )
    value_computed = models.BooleanField(
        default=False, help_text="Wellboard computed the value from the count and denominator"
    )
    limits_computed = models.BooleanField(
        default=False, help_text="Wellboard computed the confidence limits from the count and denominator"
    )
    limits998_computed = models.BooleanField(
        default=False,
        help_text="Wellboard computed the 99.8% limits from the count and denominator (the source gave none)",
    )
    # What the source itself published beside the figure (Fingertips' "Compared to England value or
    # percentiles", "Compared to Region ..." and "Recent Trend"), kept so that Wellboard's own
    # comparisons can be checked against them.
    published_vs_england = models.CharField(max_length=60, blank=True)
    published_vs_region = models.CharField(max_length=60, blank=True)
    published_trend = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["indicator", "area", "period_start", "sex", "age", "category_type", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "sex", "age", "category_type", "category"],
                name="observation_unique",
            )
        ]
        # The unique key (indicator, area, ...) serves reads by indicator; this one reads by area.
        indexes = [models.Index(fields=["area", "indicator"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area.code} {self.period}"


class ComparatorKind(models.TextChoices):
    AREA = "area", "One area, such as England or the county"
    GROUP = "group", "A group of areas combined, such as similar districts"


class Comparator(VersionedModel):
    """A benchmark a partnership compares its figures with: England, the county, a group of places.

    An area comparator has exactly one area. A group comparator's figure is combined from its areas'
    counts and denominators by the indicator's method.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="comparators")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=ComparatorKind.choices)
    description = models.TextField(blank=True)
    areas = models.ManyToManyField(Area, related_name="+")
    is_default = models.BooleanField(
        default=False, help_text="The comparator used when a page shows only one (usually England)"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="comparator_slug_unique"),
            models.UniqueConstraint(
                fields=["partnership"], condition=models.Q(is_default=True), name="comparator_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Target(VersionedModel):
    """The value an indicator should reach in one area by one period. Several make a trajectory."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=30, help_text="Period code, e.g. 2024/25")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.FloatField()
    amber_tolerance = models.FloatField(
        default=0,
        help_text="How far on the wrong side of the target still counts as amber, in the indicator's unit",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator", "area", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "period"], name="target_unique"),
            models.CheckConstraint(condition=models.Q(amber_tolerance__gte=0), name="target_tolerance"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {period_label(self.period)}: {self.value:g}"
