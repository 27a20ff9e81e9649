"""Inviting people by email, and accepting an invitation."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from wellboard.core.access import Actor, Role
from wellboard.core.audit import audit_record
from wellboard.core.clock import now
from wellboard.core.errors import InvalidInput
from wellboard.core.inputs import Errors, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.partners.inputs import InvitationInput
from wellboard.partners.models import Invitation, Organisation, RoleGrant, User
from wellboard.partners.policy import INVITE_PEOPLE
from wellboard.partners.selectors import invitation_get_by_token, invitation_token_hash
from wellboard.partners.services.people import user_create

INVITATION_DAYS = 14


@transaction.atomic
def invitation_create(
    *, by: Actor, email: str, role: str, organisation: Organisation | None = None
) -> tuple[Invitation, str]:
    """Invite someone by email. Returns the invitation and the one-time token (only its hash is kept)."""
    INVITE_PEOPLE.require(by)
    errors: Errors = {}
    email = InvitationInput.clean(locals(), errors, by=by)["email"]  # role and organisation are checked too
    raise_if_any(errors)
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
    locked = lock_for_edit(
        Invitation.objects.filter(accepted_at__isnull=True),  # not accepted meanwhile
        pk=invitation.pk,
        partnership_id=invitation.partnership_id,
        what="invitation (it may have expired or already been used)",
    )
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
