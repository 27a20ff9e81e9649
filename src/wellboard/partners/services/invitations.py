"""Inviting people by email, and accepting an invitation."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from wellboard.core.access import Actor, Role, require
from wellboard.core.audit import audit_record
from wellboard.core.clock import now
from wellboard.core.errors import InvalidInput
from wellboard.partners.models import Invitation, Organisation, RoleGrant, User
from wellboard.partners.selectors import invitation_get_by_token, invitation_token_hash
from wellboard.partners.services.people import user_create

INVITATION_DAYS = 14


@transaction.atomic
def invitation_create(
    *, by: Actor, email: str, role: str, organisation: Organisation | None = None
) -> tuple[Invitation, str]:
    """Invite someone by email. Returns the invitation and the one-time token (only its hash is kept)."""
    require(by.is_coordinator, "Only a coordinator can invite people")
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}
    if "@" not in email:
        errors["email"] = ["Enter an email address, like name@example.org"]
    if role not in Role.values:
        errors["role"] = ["Choose a role"]
    if role == Role.CONTRIBUTOR and organisation is None:
        errors["organisation"] = ["Choose the organisation they will contribute for"]
    if errors:
        raise InvalidInput(errors)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        partnership_id=by.partnership_id,
        email=email,
        role=role,
        organisation=organisation if role == Role.CONTRIBUTOR else None,
        token_hash=invitation_token_hash(token),
        invited_by=by.user,
        expires_at=now() + dt.timedelta(days=INVITATION_DAYS),
    )
    audit_record(by=by, action="invitation.create", obj=invitation, after={"email": email, "role": role})
    partnership_name = invitation.partnership.name

    def send() -> None:
        link = settings.SITE_URL + reverse("invitation-accept", args=[token])
        send_mail(
            subject=f"You are invited to {partnership_name} on Wellboard",
            message=(
                f"{by.label} has invited you to join {partnership_name} on Wellboard.\n\n"
                f"Accept the invitation within {INVITATION_DAYS} days:\n{link}\n"
            ),
            from_email=None,
            recipient_list=[email],
        )

    transaction.on_commit(send)
    return invitation, token


@transaction.atomic
def invitation_accept(
    *, token: str, user: User | None, first_name: str = "", last_name: str = "", password: str = ""
) -> User:
    """Accept with an existing signed-in account, or create one with a new password."""
    invitation = invitation_get_by_token(token=token)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if user is None:
        existing = User.objects.filter(email__iexact=locked.email).first()
        if existing is not None:
            raise InvalidInput(
                "You already have an account: sign in first, then open the invitation link again"
            )
        user = user_create(
            by=None, email=locked.email, first_name=first_name, last_name=last_name, password=password
        )
    grant, _ = RoleGrant.objects.get_or_create(
        user=user, partnership_id=locked.partnership_id, role=locked.role, organisation=locked.organisation
    )
    locked.accepted_at = now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        by=Actor(partnership_id=locked.partnership_id, user=user),
        action="invitation.accept",
        obj=locked,
        after={"role": grant.role, "organisation": str(grant.organisation or "")},
    )
    return user
