"""Reads of partnership data. Every function takes the user or the actor and enforces access."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wellboard.core.access import Actor, Role, require_member
from wellboard.core.clock import now
from wellboard.core.errors import NotFound
from wellboard.partners.models import ApiToken, Invitation, Organisation, Partnership, RoleGrant, User
from wellboard.partners.policy import MANAGE_ALL_API_TOKENS, SEE_PEOPLE

AnyUser = User | AnonymousUser


def actor_for(*, user: AnyUser, partnership: Partnership) -> Actor | None:
    """The signed-in person's roles in ``partnership``, or None if they hold none."""
    # A signed-in person is a User; anyone else is Django's AnonymousUser.
    if not isinstance(user, User) or not user.is_active:
        return None
    grants = list(
        RoleGrant.objects.filter(user=user, partnership=partnership).values_list("role", "organisation_id")
    )
    return _actor(user, partnership.pk, grants)


def _actor(user: User, partnership_id: int, grants: Sequence[tuple[str, int | None]]) -> Actor | None:
    if not grants:
        return None
    return Actor(
        partnership_id=partnership_id,
        user=user,
        roles=frozenset(role for role, _ in grants),
        organisation_ids=frozenset(
            org for role, org in grants if role == Role.CONTRIBUTOR and org is not None
        ),
    )


def partnership_access(*, user: AnyUser, slug: str) -> tuple[Partnership, Actor]:
    """The partnership and the user's actor in it; 'not found' if it does not exist or they hold no
    role there. One query: the person's grants there, with the partnership."""
    if isinstance(user, User) and user.is_active:
        grants = list(
            RoleGrant.objects.filter(user=user, partnership__slug=slug)
            .select_related("partnership")
            .order_by()
        )
        if grants:
            partnership = grants[0].partnership
            actor = _actor(user, partnership.pk, [(g.role, g.organisation_id) for g in grants])
            return partnership, require_member(actor, "partnership")
    raise NotFound("partnership")


def partnership_list_for_user(*, user: AnyUser) -> QuerySet[Partnership]:
    if not user.is_authenticated:
        return Partnership.objects.none()
    return Partnership.objects.filter(role_grants__user=user).distinct().order_by("name")


def partnership_get_for_command_line(*, slug: str) -> tuple[Partnership, Actor]:
    """For ``wellboard`` commands run by the operator of the deployment."""
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        known = (
            ", ".join(Partnership.objects.order_by("slug").values_list("slug", flat=True)[:20]) or "none yet"
        )
        raise NotFound(f"partnership '{slug}' (known partnerships: {known})")
    return partnership, Actor.command_line(partnership.pk)


def partnership_list_for_command_line() -> list[Partnership]:
    """Every partnership on the deployment, for its operator."""
    return list(Partnership.objects.order_by("slug"))


def organisation_list(*, actor: Actor) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partnership_id=actor.partnership_id).select_related("membership")


def organisation_get(*, actor: Actor, slug: str) -> Organisation:
    organisation = organisation_list(actor=actor).filter(slug=slug).first()
    if organisation is None:
        raise NotFound("organisation")
    return organisation


def organisation_find(*, actor: Actor, name_or_slug: str) -> Organisation | None:
    """Match an organisation the way people type it in a spreadsheet: by slug or by name, any case."""
    text = (name_or_slug or "").strip()
    if not text:
        return None
    orgs = organisation_list(actor=actor)
    return orgs.filter(slug=text.lower()).first() or orgs.filter(name__iexact=text).first()


def role_grant_list(*, actor: Actor) -> QuerySet[RoleGrant]:
    """Everyone's roles in the partnership, for those who may see them (``SEE_PEOPLE``); for others
    the page does not exist."""
    if not SEE_PEOPLE.allows(actor):
        raise NotFound("page")
    return (
        RoleGrant.objects.filter(partnership_id=actor.partnership_id)
        .select_related("user", "organisation")
        .order_by("user__first_name", "user__last_name", "role")
    )


def people_for_organisation(*, actor: Actor, organisation: Organisation) -> QuerySet[User]:
    """The contributors of one organisation (names are shown to partnership members only)."""
    return User.objects.filter(
        role_grants__partnership_id=actor.partnership_id,
        role_grants__organisation=organisation,
        is_active=True,
    ).distinct()


def users_with_role(
    *, partnership: Partnership, roles: list[str], organisation_id: int | None = None
) -> QuerySet[User]:
    """Active people holding any of ``roles`` (e.g. who should receive a reminder). Internal use."""
    grants = RoleGrant.objects.filter(partnership=partnership, role__in=roles)
    if organisation_id is not None:
        grants = grants.filter(organisation_id=organisation_id)
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by("email")


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_get_by_token(*, token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("partnership", "organisation")
        .filter(token_hash=invitation_token_hash(token), accepted_at__isnull=True, expires_at__gt=now())
        .first()
    )
    if invitation is None:
        raise NotFound("invitation (it may have expired or already been used)")
    return invitation


def api_token_find(*, token: str) -> tuple[ApiToken, Actor] | None:
    """The live token record and the actor it stands for; None if the token is unknown or revoked,
    or its owner no longer holds a role in the partnership."""
    record = (
        ApiToken.objects.select_related("user", "partnership")
        .filter(token_hash=invitation_token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if record is None:
        return None
    actor = actor_for(user=record.user, partnership=record.partnership)
    return (record, actor) if actor is not None else None


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """The acting person's own tokens in this partnership (coordinators see everyone's)."""
    tokens = ApiToken.objects.filter(partnership_id=actor.partnership_id).select_related("user")
    if not MANAGE_ALL_API_TOKENS.allows(actor):
        if actor.user_id is None:
            return tokens.none()
        tokens = tokens.filter(user_id=actor.user_id)
    return tokens.order_by("revoked_at", "-created_at")


def two_factor_required(*, user: AnyUser) -> bool:
    """Whether any role the person holds, in any partnership, must sign in with a second factor."""
    if not isinstance(user, User):
        return False
    grants = RoleGrant.objects.filter(user=user).values_list("role", "partnership__two_factor_roles")
    return any(role in (required or []) for role, required in grants)


def two_factor_enabled(*, user: AnyUser) -> bool:
    """Whether the person has a confirmed authenticator app."""
    if not isinstance(user, User):
        return False
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def two_factor_recovery_codes_left(*, user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def two_factor_setup_device(*, user: User, device_id: str) -> TOTPDevice | None:
    """The person's own unfinished set-up named in a form, if it is still there."""
    if not device_id.isdigit():
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=False, pk=int(device_id)).first()
