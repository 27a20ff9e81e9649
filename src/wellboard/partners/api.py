"""API authentication for partner systems, and the account endpoint.

Every app's API router authenticates with ``PartnerToken`` and reads the acting person with
``request_actor``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from wellboard.core.access import Actor
from wellboard.core.errors import PermissionDenied
from wellboard.core.responses import error_responses
from wellboard.partners.services import api_token_authenticate


class PartnerToken(HttpBearer):
    """``Authorization: Bearer wb_…``. The request acts as the token's owner in its partnership."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        return api_token_authenticate(token=token)


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
