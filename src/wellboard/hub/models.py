"""Hubs, the places they run, the partners that use them and the hub workers who record there."""

from __future__ import annotations

from django.db import models

from wellboard.core.models import TimestampedModel, VersionedModel
from wellboard.hub.codes import AGE_BANDS, NEEDS
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


class HubSite(TimestampedModel):
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


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    NOT_STATED = "not-stated", "Not stated"


class Route(models.TextChoices):
    WALK_IN = "walk-in", "Walk-in"
    SELF_REFERRAL = "self-referral", "Self-referral"
    GP_REFERRAL = "gp-referral", "GP referral"
    EXERCISE_REFERRAL = "exercise-referral", "Exercise referral"
    PARTNER_REFERRAL = "partner-referral", "Referral from a partner"
    PARTNER_APPOINTMENT = "partner-appointment", "Partner appointment"
    ACTIVITY = "activity", "Activity or session"


class Contact(VersionedModel):
    """One visit to a hub, pseudonymous by construction: the person is only a keyed hash of the
    hub's own identifier for them, with sex, an age band and the LSOA they live in. No name, address,
    postcode, date of birth, NHS number or free text about the person is kept."""

    # A hub's visits go with it; its sites and partners cannot go while visits name them.
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="contacts")
    site = models.ForeignKey(
        HubSite, null=True, blank=True, on_delete=models.RESTRICT, related_name="contacts"
    )
    date = models.DateField()
    client_key = models.CharField(max_length=64, help_text="HMAC-SHA256 of the hub's local identifier")
    sex = models.CharField(max_length=12, choices=Sex.choices)
    age_band = models.CharField(
        max_length=6, help_text="A band such as 45-54, or a single year at a young people's hub"
    )
    lsoa = models.CharField("LSOA", max_length=9, blank=True)
    ward = models.CharField(max_length=9, blank=True, help_text="Derived from the LSOA")
    deprivation_decile = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="IMD decile of the LSOA, derived (1 is the most deprived)"
    )
    route = models.CharField(max_length=20, choices=Route.choices)
    needs = models.JSONField(default=list, blank=True, help_text="Coded needs")
    exercise_reason = models.CharField(max_length=20, blank=True)
    partner = models.ForeignKey(
        HubPartner, null=True, blank=True, on_delete=models.RESTRICT, related_name="contacts"
    )
    recorded_by = models.ForeignKey(
        "partners.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["hub", "date"], name="contact_hub_date")]
        constraints = [
            # A visit is known by its hub, day, person, route and partner: recording it twice (or
            # importing the same file again) finds the one already there.
            models.UniqueConstraint(
                fields=["hub", "date", "client_key", "route", "partner"],
                condition=models.Q(partner__isnull=False),
                name="contact_identity_with_partner",
            ),
            models.UniqueConstraint(
                fields=["hub", "date", "client_key", "route"],
                condition=models.Q(partner__isnull=True),
                name="contact_identity_without_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"Visit on {self.date.isoformat()}"

    @property
    def needs_labels(self) -> list[str]:
        """The needs as people read them ("Mental health"), in the coded order."""
        labels = dict(NEEDS)
        return [labels.get(code, code) for code in self.needs]

    @property
    def age_label(self) -> str:
        """The age band as people read it ("25 to 34"); a young people's hub's single years as they are."""
        return dict(AGE_BANDS).get(self.age_band, self.age_band)
