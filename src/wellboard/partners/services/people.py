"""Writing people and the roles they hold in a partnership."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from wellboard.core.access import Actor, Role, require
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput
from wellboard.partners.models import Organisation, RoleGrant, User


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
    email = User.objects.normalize_email(email.strip()).lower()
    errors: dict[str, list[str]] = {}
    if not email or "@" not in email:
        errors["email"] = ["Enter an email address, like name@example.org"]
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = ["Someone with that email address already has an account"]
    if not first_name.strip():
        errors["first_name"] = ["Enter a first name"]
    if errors:
        raise InvalidInput(errors)
    user = User(
        username=email,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        job_title=job_title,
    )
    if password is None:
        user.set_unusable_password()
    else:
        if check_password:
            _validate_new_password(password, user)
        user.set_password(password)
    user.save()
    audit_record(
        by=by or Actor(partnership_id=0, user=None, via_cli=True),
        action="user.create",
        obj=user,
        after=audit_snapshot(user, fields=["email", "first_name", "last_name", "job_title"]),
    )
    return user


@transaction.atomic
def role_grant(*, by: Actor, user: User, role: str, organisation: Organisation | None = None) -> RoleGrant:
    require(by.is_coordinator, "Only a coordinator can give people roles")
    if role not in Role.values:
        raise InvalidInput({"role": [f"Choose a role: {', '.join(Role.values)}"]})
    if role == Role.CONTRIBUTOR and organisation is None:
        raise InvalidInput({"organisation": ["A contributor contributes for an organisation: choose one"]})
    if organisation is not None and organisation.partnership_id != by.partnership_id:
        raise InvalidInput({"organisation": ["That organisation is not in this partnership"]})
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
    require(by.is_coordinator, "Only a coordinator can remove roles")
    if grant.partnership_id != by.partnership_id:
        raise InvalidInput("That role is not in this partnership")
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
