"""Reads of hubs. Every function takes the actor; a hub the actor may not see is not found.

Coordinators, analysts and hub workers see the hubs (hub workers only those they are assigned to);
anyone else in the partnership is told the page does not exist.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet

from wellboard.core.access import Actor, Role
from wellboard.core.errors import NotFound, WellboardError
from wellboard.directory.models import Service, ServiceStatus
from wellboard.hub.models import Contact, Hub, HubAssignment, HubPartner, HubSession, HubSite
from wellboard.hub.policy import sees_hub_figures
from wellboard.partners.models import User


class PseudonymKeyMissing(WellboardError):
    """Hub records cannot be made or read without the pseudonym key."""

    def __init__(self) -> None:
        super().__init__(
            "Hub records are switched off because WELLBOARD_PSEUDONYM_KEY is not set. The key turns each "
            "hub's own identifiers into pseudonymous client keys and is kept outside the database; ask "
            "whoever runs Wellboard to set it (the same key every time, kept safe), then try again."
        )


def pseudonym_key() -> bytes:
    """The key for client keys: from the environment, or in development and the demo a random one
    kept under var/ (made the first time it is needed); otherwise ``PseudonymKeyMissing``."""
    configured = str(getattr(settings, "WELLBOARD_PSEUDONYM_KEY", "") or "")
    if configured:
        return configured.encode("utf-8")
    if not getattr(settings, "WELLBOARD_PSEUDONYM_KEY_LOCAL", False):
        raise PseudonymKeyMissing
    path = Path(settings.VAR_DIR) / "pseudonym.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def assigned_hub_ids(*, actor: Actor) -> frozenset[int]:
    """The hubs the actor works at as a hub worker (none for everyone else)."""
    if actor.user is None or not actor.has(Role.HUB_WORKER):
        return frozenset()
    return frozenset(
        HubAssignment.objects.filter(
            role_grant__user=actor.user,
            role_grant__partnership_id=actor.partnership_id,
            role_grant__role=Role.HUB_WORKER,
        ).values_list("hub_id", flat=True)
    )


def hub_list(*, actor: Actor) -> QuerySet[Hub]:
    if not sees_hub_figures(actor):
        raise NotFound("hubs")
    hubs = Hub.objects.filter(partnership_id=actor.partnership_id).select_related("organisation")
    if not actor.has(Role.COORDINATOR, Role.ANALYST):
        hubs = hubs.filter(pk__in=assigned_hub_ids(actor=actor))
    return hubs.order_by("name")


def hub_get(*, actor: Actor, slug: str) -> Hub:
    hub = hub_list(actor=actor).filter(slug=slug).first()
    if hub is None:
        raise NotFound("hub")
    return hub


def hub_workers_of(*, actor: Actor, hub: Hub) -> QuerySet[User]:
    """The people assigned to work at ``hub``."""
    hub_get(actor=actor, slug=hub.slug)
    return (
        User.objects.filter(
            role_grants__hub_assignments__hub=hub, role_grants__role=Role.HUB_WORKER, is_active=True
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def assignable_people(*, actor: Actor) -> QuerySet[User]:
    """Everyone who holds a role in the partnership, who could be made a hub worker."""
    return (
        User.objects.filter(role_grants__partnership_id=actor.partnership_id, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )


def contact_hub_check(*, actor: Actor, hub: Hub) -> None:
    """Contacts are for the hub's own workers (and the operator on the command line): for anyone
    else, the hub's records do not exist."""
    if hub.partnership_id != actor.partnership_id:
        raise NotFound("hub")
    if actor.via_cli:
        return
    if hub.pk not in assigned_hub_ids(actor=actor):
        raise NotFound("hub")


def contact_totals(*, actor: Actor, hub: Hub) -> dict[str, int]:
    """How many visits the hub has recorded and by how many people: figures only, never rows, so
    coordinators and analysts see them too."""
    hub_get(actor=actor, slug=hub.slug)
    contacts = Contact.objects.filter(hub=hub)
    return {"total": contacts.count(), "people": contacts.values("client_key").distinct().count()}


def referable_services(*, actor: Actor) -> QuerySet[Service]:
    """The directory services a hub worker can refer someone to: the partnership's active services.
    Only a hub's own workers refer; for anyone else there is nothing to choose from."""
    if not actor.has(Role.HUB_WORKER) and not actor.via_cli:
        return Service.objects.none()
    return (
        Service.objects.filter(partnership_id=actor.partnership_id, status=ServiceStatus.ACTIVE)
        .select_related("organisation")
        .order_by("name")
    )


def hub_timetable(*, actor: Actor, hub: Hub) -> list[HubSession]:
    """Every session at the hub's sites, through the week (Monday first), then by the time it opens."""
    hub_get(actor=actor, slug=hub.slug)
    return list(
        HubSession.objects.filter(site__hub=hub)
        .select_related("site")
        .order_by("weekday", "opens", "site__name")
    )


def hub_assignments(*, actor: Actor, hub: Hub) -> QuerySet[HubAssignment]:
    """Who works at ``hub``, as assignments (to take someone off the hub), people with open accounts only."""
    hub_get(actor=actor, slug=hub.slug)
    return (
        HubAssignment.objects.filter(
            hub=hub, role_grant__role=Role.HUB_WORKER, role_grant__user__is_active=True
        )
        .select_related("role_grant__user")
        .order_by("role_grant__user__first_name", "role_grant__user__last_name", "pk")
    )


def hub_site_get(*, actor: Actor, hub: Hub, pk: int) -> HubSite:
    site = HubSite.objects.filter(hub=hub, hub__partnership_id=actor.partnership_id, pk=pk).first()
    if site is None:
        raise NotFound("site")
    return site


def hub_session_get(*, actor: Actor, hub: Hub, pk: int) -> HubSession:
    session = (
        HubSession.objects.filter(site__hub=hub, site__hub__partnership_id=actor.partnership_id, pk=pk)
        .select_related("site")
        .first()
    )
    if session is None:
        raise NotFound("session")
    return session


def hub_partner_get(*, actor: Actor, hub: Hub, pk: int) -> HubPartner:
    partner = (
        HubPartner.objects.filter(hub=hub, hub__partnership_id=actor.partnership_id, pk=pk)
        .select_related("organisation")
        .first()
    )
    if partner is None:
        raise NotFound("partner")
    return partner


def hub_assignment_get(*, actor: Actor, hub: Hub, pk: int) -> HubAssignment:
    found = hub_assignments(actor=actor, hub=hub).filter(pk=pk).first()
    if found is None:
        raise NotFound("hub worker")
    return found
