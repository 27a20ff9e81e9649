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


class ReferralStatus(models.TextChoices):
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did-not-attend", "Did not attend"
    CLOSED = "closed", "Closed"


class Referral(VersionedModel):
    """An onward referral from a visit to a directory service, followed until the loop is closed.

    The receiving service sees only ``reference``: nothing about the person travels with it."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey("directory.Service", on_delete=models.RESTRICT, related_name="referrals")
    reference = models.CharField(max_length=16, unique=True, help_text="What the receiving service sees")
    status = models.CharField(max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    sent_on = models.DateField()
    status_on = models.DateField(help_text="When the current status was reached")
    link_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the status link last went to the service"
    )

    class Meta:
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "service"], name="referral_contact_service_unique"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.reference}"


class ReferralEvent(models.Model):
    """One step in a referral's history: which status, on what day, and through which channel."""

    class Channel(models.TextChoices):
        HUB = "hub", "Recorded at the hub"
        LINK = "link", "Set by the service through its link"
        IMPORT = "import", "Imported"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=16, choices=ReferralStatus.choices)
    on = models.DateField()
    recorded_at = models.DateTimeField()
    channel = models.CharField(max_length=8, choices=Channel.choices)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral} {self.status} on {self.on.isoformat()}"


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


class Instrument(models.TextChoices):
    ONS4 = "ons4", "ONS4 personal wellbeing"
    SWEMWBS = "swemwbs", "Short Warwick-Edinburgh Mental Wellbeing Scale"


class AssessmentStage(models.TextChoices):
    BEFORE = "before", "Before"
    AFTER = "after", "After"


class OutcomeAssessment(VersionedModel):
    """One participant's wellbeing answers at the start or the end of a programme, keyed only by
    their pseudonymous client key. The programme is an initiative, or a hub's own work."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="outcome_assessments")
    initiative = models.ForeignKey(
        "strategy.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_assessments",
    )
    hub = models.ForeignKey(
        Hub, null=True, blank=True, on_delete=models.CASCADE, related_name="outcome_assessments"
    )
    client_key = models.CharField(max_length=64)
    instrument = models.CharField(max_length=10, choices=Instrument.choices)
    stage = models.CharField(max_length=6, choices=AssessmentStage.choices)
    date = models.DateField()
    # Item codes to whole-number answers: ONS4 {"life_satisfaction", "worthwhile", "happiness",
    # "anxiety"} 0-10; SWEMWBS {"optimistic", "useful", "relaxed", "problems", "thinking", "close",
    # "decide"} 1-5.
    answers = models.JSONField()
    recorded_by = models.ForeignKey(
        "partners.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(initiative__isnull=False) & models.Q(hub__isnull=True))
                | (models.Q(initiative__isnull=True) & models.Q(hub__isnull=False)),
                name="outcome_assessment_one_programme",
            ),
            models.UniqueConstraint(
                fields=["initiative", "client_key", "instrument", "stage"],
                condition=models.Q(initiative__isnull=False),
                name="outcome_assessment_initiative_unique",
            ),
            models.UniqueConstraint(
                fields=["hub", "client_key", "instrument", "stage"],
                condition=models.Q(hub__isnull=False),
                name="outcome_assessment_hub_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.stage} on {self.date.isoformat()}"


class DayDimension(models.TextChoices):
    """What a day's total counts, besides its route. ``CONTACTS`` has no value; ``REFERRED`` counts
    visits with at least one onward referral; the two referral dimensions count referrals, each value
    being what it is counted by and the referral's current status ("12 attended", "money declined")."""

    CONTACTS = "contacts", "Visits"
    SEX = "sex", "Sex"
    AGE = "age", "Age band"
    REASON = "reason", "Exercise referral reason"
    PARTNER = "partner", "Partner organisation (its id)"
    NEED = "need", "Need"
    WARD = "ward", "Ward"
    DECILE = "decile", "Deprivation decile"
    REFERRED = "referred", "Visits referred on"
    REFERRAL_SERVICE = "ref-service", "Referrals by service and status"
    REFERRAL_NEED = "ref-need", "Referrals by need and status"


class HubTotalKey(models.Model):
    """What one position in the daily counts counts: a dimension and one of its values ("sex
    female", "partner 12", "ref-service 3 attended"). Shared by every hub, added to as new values
    appear and never changed, so a day's counts can be a short list of (key, count) pairs."""

    dimension = models.CharField(max_length=12, choices=DayDimension.choices)
    value = models.CharField(max_length=48, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dimension", "value"], name="hub_total_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.value}".strip()


class HubClient(models.Model):
    """A small number for each client key seen in a partnership, so that a day's clients are a short
    list of integers and never the keys again. The same key at two of the partnership's hubs is the
    same number, as it is the same person."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="hub_client_key_unique"),
        ]

    def __str__(self) -> str:
        return f"Client {self.pk}"


class HubDayTotal(models.Model):
    """One hub's visits on one day by one route, summed up: ``counts`` holds (``HubTotalKey`` id,
    count) pairs, and ``clients`` the distinct clients' ``HubClient`` numbers, sorted. Both are
    packed little-endian integers (see ``hub.services.daily_totals``), so a year of a hub is a few
    thousand short rows that a dashboard adds up in memory instead of counting every visit.

    Kept by ``hub.services.daily_totals`` as visits and referrals are written; never edited by hand;
    ``wellboard hub refresh-totals`` rebuilds it from the visits (docs/adr/0015)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    route = models.CharField(max_length=20)
    contacts = models.PositiveIntegerField(help_text="How many visits, for reading at a glance")
    counts = models.BinaryField()
    clients = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hub", "date", "route"], name="hub_day_total_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.route}: {self.contacts} visits"
