"""Onward referrals from a visit to a directory service, and each referral's history."""

from __future__ import annotations

from django.db import models

from wellboard.core.models import VersionedModel
from wellboard.hub.models.contacts import Contact


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
