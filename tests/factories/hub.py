"""Hubs and the people who work at them."""

from __future__ import annotations

from tests.factories import make_person
from wellboard.core.access import Actor, Role
from wellboard.hub.models import Hub, HubAssignment, HubKind
from wellboard.partners.models import Organisation, Partnership, RoleGrant, User


def make_hub(
    partnership: Partnership,
    slug: str = "healthy-hub",
    *,
    organisation: Organisation | None = None,
    kind: str = HubKind.MAIN,
    name: str = "",
) -> Hub:
    return Hub.objects.create(
        partnership=partnership,
        slug=slug,
        name=name or slug.replace("-", " ").title(),
        organisation=organisation or partnership.organisations.order_by("pk").first(),
        kind=kind,
    )


def make_hub_worker(partnership: Partnership, key: str, *hubs: Hub) -> User:
    """A person with the hub worker role, assigned to ``hubs``."""
    user = make_person(partnership, key, Role.HUB_WORKER)
    grant = RoleGrant.objects.get(user=user, partnership=partnership, role=Role.HUB_WORKER)
    for hub in hubs:
        HubAssignment.objects.get_or_create(role_grant=grant, hub=hub)
    return user


def cli(partnership: Partnership) -> Actor:
    return Actor.command_line(partnership.pk)
