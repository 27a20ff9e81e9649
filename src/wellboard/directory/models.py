"""The service directory: the services people can be referred to, who runs them, where and for whom.

The fields follow Open Referral UK 3.0 (the UK profile of the Human Services Data Specification), so
a directory comes in from, and goes out to, any ORUK feed without losing what it says. Each record
keeps the ORUK ``id`` it came with (or was given here) so that re-importing a feed updates rather
than duplicates.
"""

from __future__ import annotations

import uuid

from django.db import models

from wellboard.core.models import TimestampedModel, VersionedModel
from wellboard.partners.models import Organisation, Partnership


class DirectorySettings(VersionedModel):
    """A partnership's rules for its directory."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="directory_settings"
    )
    stale_after_days = models.PositiveSmallIntegerField(
        default=365, help_text="A service not verified for this many days is shown as out of date"
    )

    def __str__(self) -> str:
        return f"Directory settings for {self.partnership}"


class ServiceOrganisation(VersionedModel):
    """The body that runs a service (ORUK ``organization``): often a small charity outside the
    partnership, sometimes one of its members."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="service_organisations"
    )
    oruk_id = models.UUIDField("Open Referral id", default=uuid.uuid4)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    member = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_entries",
        help_text="The partnership's own organisation, when the body is a member",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "oruk_id"], name="service_organisation_oruk_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(TimestampedModel):
    """A term from a taxonomy (ORUK ``taxonomy_term``) that classifies services."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="taxonomy_terms")
    oruk_id = models.UUIDField("Open Referral id", default=uuid.uuid4)
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    vocabulary = models.CharField(max_length=200, blank=True, help_text="The taxonomy it comes from")

    class Meta:
        ordering = ["vocabulary", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "oruk_id"], name="taxonomy_term_oruk_id_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class Service(VersionedModel):
    """Something a person can be referred to or use: a stop-smoking clinic, a carers' group."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="services")
    slug = models.SlugField(max_length=80)
    oruk_id = models.UUIDField("Open Referral id", default=uuid.uuid4)
    organisation = models.ForeignKey(ServiceOrganisation, on_delete=models.RESTRICT, related_name="services")
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    url = models.URLField("Website", max_length=500, blank=True)
    email = models.EmailField("Public email", blank=True)
    status = models.CharField(max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    eligibility_description = models.TextField("Who it is for", blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    application_process = models.TextField("How to get it", blank=True)
    free = models.BooleanField(null=True, blank=True, help_text="Free of charge (unknown when empty)")
    cost_description = models.TextField("Cost", blank=True)
    last_verified = models.DateField(
        null=True, blank=True, help_text="When someone last checked the entry is right (ORUK assured_date)"
    )
    referral_email = models.EmailField(
        blank=True,
        help_text="Where referral status links go; never published",
    )
    published = models.BooleanField(default=True, help_text="Shown in the public directory and feed")
    taxonomy_terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="service_slug_unique"),
            models.UniqueConstraint(fields=["partnership", "oruk_id"], name="service_oruk_id_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceLocation(TimestampedModel):
    """Where a service is delivered (ORUK ``service_at_location`` with its ``location``)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="locations")
    oruk_id = models.UUIDField("Open Referral id", default=uuid.uuid4)
    name = models.CharField(max_length=300, blank=True)
    address_1 = models.CharField("Address", max_length=300, blank=True)
    city = models.CharField("Town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name or self.address_1 or "Location"


class ServicePhone(TimestampedModel):
    """A number to call about a service (ORUK ``phone``)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    oruk_id = models.UUIDField("Open Referral id", default=uuid.uuid4)
    number = models.CharField(max_length=40)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.number
