"""Hubs, the sites they run and when each site is open, the partners that use them, their hub
workers, and each hub's money and room use month by month."""

from __future__ import annotations

from django.db import models

from wellboard.core.models import TimestampedModel, VersionedModel
from wellboard.partners.models import Organisation, Partnership, RoleGrant


class HubKind(models.TextChoices):
    MAIN = "main", "Main hub"
    YOUNG_PEOPLE = "young-people", "Young people's hub"
    POP_UP = "pop-up", "Pop-up hub"


class Hub(VersionedModel):
    """A one-stop shop for health and wellbeing run by one member organisation."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="hubs")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.RESTRICT, related_name="hubs_run", help_text="Who runs it"
    )
    kind = models.CharField(max_length=20, choices=HubKind.choices, default=HubKind.MAIN)
    age_from = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Youngest age served")
    age_to = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Oldest age served")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="hub_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def age_range(self) -> str:
        if self.age_from is None and self.age_to is None:
            return "All ages"
        if self.age_to is None:
            return f"{self.age_from} and over"
        if self.age_from is None:
            return f"Up to {self.age_to}"
        return f"{self.age_from} to {self.age_to}"


class HubSite(VersionedModel):
    """A place a hub works from: its own building, a school, a pop-up venue."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=200)
    lsoa = models.CharField("LSOA", max_length=9, blank=True, help_text="ONS code of the site's LSOA")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["hub", "name"], name="hub_site_name_unique")]

    def __str__(self) -> str:
        return self.name


class HubPartner(TimestampedModel):
    """An organisation that works at a hub: a member of the partnership, or one named freely."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="hub_partnerships"
    )
    name = models.CharField(
        max_length=200, blank=True, help_text="For an organisation that is not in the partnership"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(organisation__isnull=False) & models.Q(name=""))
                | (models.Q(organisation__isnull=True) & ~models.Q(name="")),
                name="hub_partner_organisation_or_name",
            ),
            models.UniqueConstraint(
                fields=["hub", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="hub_partner_organisation_unique",
            ),
            models.UniqueConstraint(
                fields=["hub", "name"], condition=~models.Q(name=""), name="hub_partner_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name if self.organisation is not None else self.name


class HubAssignment(TimestampedModel):
    """A hub worker's role grant, scoped to one hub: they record and see that hub's contacts."""

    role_grant = models.ForeignKey(RoleGrant, on_delete=models.CASCADE, related_name="hub_assignments")
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        ordering = ["hub__name"]
        constraints = [
            models.UniqueConstraint(fields=["role_grant", "hub"], name="hub_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.role_grant.user} at {self.hub}"


class Weekday(models.IntegerChoices):
    """Days as Python numbers them (``date.weekday()``): Monday is 0."""

    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class HubSession(VersionedModel):
    """When a site is open: a weekday and its hours (a pop-up's one afternoon a week, say)."""

    site = models.ForeignKey(HubSite, on_delete=models.CASCADE, related_name="sessions")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()
    note = models.CharField(max_length=200, blank=True, help_text="Term time only, drop-in, …")

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="hub_session_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M} to {self.closes:%H:%M}"


class HubMonth(VersionedModel):
    """A hub's money and room use for one month: the figures behind its claim to pay its way."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(help_text="The first day of the month")
    room_bookings = models.PositiveIntegerField(default=0)
    room_hire_income = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    memberships = models.PositiveIntegerField(default=0, help_text="Referral memberships sold")
    membership_income = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    other_income = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    running_cost = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["hub", "month"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "month"], name="hub_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.hub} {self.month:%B %Y}"
