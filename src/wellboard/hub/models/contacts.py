"""Visits to a hub, pseudonymous by construction, and the choices that describe them."""

from __future__ import annotations

from django.db import models

from wellboard.core.models import VersionedModel
from wellboard.hub.codes import AGE_BANDS, NEEDS
from wellboard.hub.models.hubs import Hub, HubPartner, HubSite


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

    # A hub's visits go with it; its sites and partners cannot go while visits name them. No
    # database check on the hub: every writer locks the hub's row instead (docs/adr/0018).
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="contacts", db_constraint=False)
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
