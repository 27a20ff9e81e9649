"""API authentication for partner systems, and the account endpoint.

Every app's API router authenticates with ``PartnerToken`` and reads the acting person with
``request_actor``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from wellboard.core.access import Actor
from wellboard.core.audit import audit_request_event, request_address
from wellboard.core.errors import PermissionDenied, TooManyRequests
from wellboard.core.responses import error_responses
from wellboard.partners.services import api_token_authenticate


def _bad_token_key(request: HttpRequest) -> str:
    return f"api-bad-token:{request_address(request) or 'unknown'}"


class PartnerToken(HttpBearer):
    """``Authorization: Bearer wb_…``. The request acts as the token's owner in its partnership.

    Wrong tokens are counted per address; past the limit that address must wait, so tokens cannot
    be guessed by trying many."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        key = _bad_token_key(request)
        window = settings.WELLBOARD_API_BAD_TOKEN_SECONDS
        if cache.get(key, 0) >= settings.WELLBOARD_API_BAD_TOKEN_LIMIT:
            raise TooManyRequests(
                "Too many wrong API tokens from this address: wait and try again", retry_after=window
            )
        actor = api_token_authenticate(token=token)
        if actor is None:
            if cache.add(key, 1, window) is False:
                try:
                    cache.incr(key)
                except ValueError:  # expired between the two calls
                    cache.set(key, 1, window)
            audit_request_event(request, action="api.token_refused", subject=request.path)
        return actor


def request_actor(request: Any) -> Actor:
    actor = request.auth
    if not isinstance(actor, Actor):
        raise PermissionDenied("Send an API token: Authorization: Bearer wb_…")
    return actor


router = Router(tags=["account"])


class WhoAmI(Schema):
    partnership_id: int
    name: str
    roles: list[str]
    organisation_ids: list[int]


@router.get(
    "/me",
    response={200: WhoAmI, **error_responses(401, 403)},
    auth=PartnerToken(),
    summary="Who this token acts as",
)
def me(request: HttpRequest) -> WhoAmI:
    actor = request_actor(request)
    return WhoAmI(
        partnership_id=actor.partnership_id,
        name=actor.label,
        roles=sorted(actor.roles),
        organisation_ids=sorted(actor.organisation_ids),
    )
