"""Each hub's daily counts, kept for the dashboard: what each count counts, and the counts by day."""

from __future__ import annotations

from django.db import models

from wellboard.hub.models.hubs import Hub
from wellboard.partners.models import Partnership


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
