"""Writing people and the roles they hold in a partnership."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from wellboard.core.access import Actor, Role
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.inputs import Errors, add_error, raise_if_any
from wellboard.partners.inputs import PersonInput, RoleInput
from wellboard.partners.models import Organisation, RoleGrant, User
from wellboard.partners.policy import GIVE_ROLES, REMOVE_ROLES


def _validate_new_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput({"password": list(exc.messages)}) from exc


@transaction.atomic
def user_create(
    *,
    by: Actor | None,
    email: str,
    first_name: str,
    last_name: str,
    password: str | None,
    job_title: str = "",
    check_password: bool = True,
) -> User:
    """Create a person. ``password=None`` leaves them unable to sign in until they set one."""
    actor = by or Actor(partnership_id=0, user=None, via_cli=True)
    errors: Errors = {}
    cleaned = PersonInput.clean(locals(), errors, by=actor)  # the arguments it has rules for
    if "email" not in errors and User.objects.filter(email__iexact=cleaned["email"]).exists():
        add_error(errors, "email", "Someone with that email address already has an account")
    raise_if_any(errors)
    user = User(username=cleaned["email"], **cleaned)
    if password is None:
        user.set_unusable_password()
    else:
        if check_password:
            _validate_new_password(password, user)
        user.set_password(password)
    user.save()
    audit_record(
        by=actor,
        action="user.create",
        obj=user,
        after=audit_snapshot(user, fields=["email", "first_name", "last_name", "job_title"]),
    )
    return user


@transaction.atomic
def role_grant(*, by: Actor, user: User, role: str, organisation: Organisation | None = None) -> RoleGrant:
    GIVE_ROLES.require(by)
    errors: Errors = {}
    RoleInput.clean({"role": role, "organisation": organisation}, errors, by=by)
    raise_if_any(errors)
    org = organisation if role == Role.CONTRIBUTOR else None
    grant, created = RoleGrant.objects.get_or_create(
        user=user, partnership_id=by.partnership_id, role=role, organisation=org
    )
    if created:
        audit_record(
            by=by,
            action="role.grant",
            obj=grant,
            after={"user": str(user), "role": role, "organisation": str(org) if org else None},
        )
    return grant


@transaction.atomic
def role_revoke(*, by: Actor, grant: RoleGrant) -> None:
    REMOVE_ROLES.require(by)
    if grant.partnership_id != by.partnership_id:
        raise NotFound("role")
    if (
        grant.role == Role.COORDINATOR
        and not RoleGrant.objects.filter(partnership_id=by.partnership_id, role=Role.COORDINATOR)
        .exclude(pk=grant.pk)
        .exists()
    ):
        raise InvalidInput("A partnership needs at least one coordinator")
    audit_record(
        by=by,
        action="role.revoke",
        obj=grant,
        before={"user": str(grant.user), "role": grant.role, "organisation": str(grant.organisation or "")},
    )
    grant.delete()
