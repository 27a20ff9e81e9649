"""API tokens: created for a person's partner system, shown once, revoked, and used to authenticate."""

from __future__ import annotations

import secrets

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record
from wellboard.core.clock import now
from wellboard.core.errors import NotFound, PermissionDenied
from wellboard.core.inputs import Errors, raise_if_any
from wellboard.partners.inputs import ApiTokenInput
from wellboard.partners.models import ApiToken
from wellboard.partners.policy import MAKE_API_TOKEN, MANAGE_ALL_API_TOKENS
from wellboard.partners.selectors import api_token_find, invitation_token_hash


@transaction.atomic
def api_token_create(*, by: Actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the acting person. Returns the record and the token, which is never shown again."""
    owner = by.user
    if owner is None:  # the command line acts for no one in particular
        raise PermissionDenied(MAKE_API_TOKEN.message)
    errors: Errors = {}
    name = ApiTokenInput.clean({"name": name}, errors, by=by)["name"]
    raise_if_any(errors)
    token = "wb_" + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=owner,
        partnership_id=by.partnership_id,
        name=name,
        token_hash=invitation_token_hash(token),
        prefix=token[:10],
    )
    audit_record(
        by=by, action="api_token.create", obj=record, after={"name": record.name, "prefix": record.prefix}
    )
    return record, token


@transaction.atomic
def api_token_revoke(*, by: Actor, token: ApiToken) -> None:
    """Revoke a token: one's own, or as a coordinator anyone's in the partnership."""
    if token.partnership_id != by.partnership_id:
        raise NotFound("API token")
    if token.user_id != by.user_id:
        MANAGE_ALL_API_TOKENS.require(by)
    if token.revoked_at is None:
        token.revoked_at = now()
        token.save(update_fields=["revoked_at"])
        audit_record(by=by, action="api_token.revoke", obj=token, after={"revoked_at": token.revoked_at})


def api_token_authenticate(*, token: str) -> Actor | None:
    """The actor a bearer token acts as, noting when the token was last used."""
    found = api_token_find(token=token)
    if found is None:
        return None
    record, actor = found
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=now())
    return actor
