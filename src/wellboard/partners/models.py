"""Partnerships (the tenants), their member organisations, people and what each person may do."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

from wellboard.core.access import Role
from wellboard.core.models import TimestampedModel, VersionedModel


class User(AbstractUser):
    """A person who signs in. Email is the sign-in name; roles come from ``RoleGrant``."""

    email = models.EmailField("email address", unique=True)
    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class DisclosureRule(models.TextChoices):
    STANDARD = "standard", "0 shown; 1 to 7 suppressed; other counts rounded to the nearest 5"
    UNDER_FIVE = "under_five", "Counts under 5 suppressed, with secondary suppression; no rounding"


# Roles that hold the keys to a partnership's data or to people's records sign in with a second factor
# unless a coordinator decides otherwise; a role not defined in this version is simply left out.
TWO_FACTOR_DEFAULT_ROLES = ("coordinator", "hub_worker")


def default_two_factor_roles() -> list[str]:
    return [role for role in TWO_FACTOR_DEFAULT_ROLES if role in Role.values]


class Partnership(VersionedModel):
    """A place-based partnership: the tenant. Everything else belongs to exactly one."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    place_name = models.CharField(max_length=200, help_text="The place it serves, e.g. Stevenage")
    description = models.TextField(blank=True)
    area_code = models.CharField(
        max_length=9, blank=True, help_text="ONS GSS code of the place, e.g. E07000243 for Stevenage"
    )
    fortnight_anchor = models.DateField(
        default=dt.date(2020, 3, 30), help_text="The first day of any fortnight; all fortnights align to it"
    )
    disclosure_rule = models.CharField(
        max_length=20, choices=DisclosureRule.choices, default=DisclosureRule.STANDARD
    )
    is_public = models.BooleanField(default=False, help_text="Publish live strategies to everyone")
    two_factor_roles = models.JSONField(
        default=default_two_factor_roles,
        blank=True,
        help_text="Roles whose holders must sign in with a code from an authenticator app",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationType(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS = "nhs", "NHS"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    EDUCATION = "education", "Education"
    VCFS = "vcfs", "Voluntary, community or faith"
    BUSINESS = "business", "Business"
    MEDIA = "media", "Media"


class Organisation(VersionedModel):
    """A member body of one partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="organisations")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    kind = models.CharField("type", max_length=20, choices=OrganisationType.choices)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="organisation_slug_unique"),
            models.UniqueConstraint(fields=["partnership", "name"], name="organisation_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(VersionedModel):
    """An organisation's membership of the partnership and the seat it holds on the board."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="membership")
    board_seat = models.BooleanField(default=False)
    seat_title = models.CharField(
        max_length=200, blank=True, help_text="e.g. Voluntary sector representative"
    )
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        seat = f" ({self.seat_title})" if self.board_seat and self.seat_title else ""
        return f"{self.organisation}{seat}"


class RoleGrant(TimestampedModel):
    """One role a person holds in one partnership; contributors hold it for one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="role_grants"
    )

    class Meta:
        ordering = ["partnership", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership", "role", "organisation"], name="role_grant_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "partnership", "role"],
                condition=models.Q(organisation__isnull=True),
                name="role_grant_unique_without_org",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.CONTRIBUTOR) | models.Q(organisation__isnull=False),
                name="contributor_needs_organisation",
            ),
        ]

    def __str__(self) -> str:
        org = f" for {self.organisation}" if self.organisation_id else ""
        return f"{self.user} — {self.get_role_display()}{org}"


class Invitation(TimestampedModel):
    """An emailed invitation to join a partnership with a role. Only the token's hash is stored."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.partnership}"


class ApiToken(TimestampedModel):
    """A partner system's key to the API, acting as one person in one partnership.

    Only a SHA-256 hash is stored; the token itself is shown once, when it is created.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What uses it, e.g. 'Mind CRM export'")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it in lists")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
