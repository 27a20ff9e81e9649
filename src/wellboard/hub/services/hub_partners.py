"""Writing the organisations that work at a hub: members of the partnership, or bodies named freely.

Coordinators do it; a file of visits that the hub's workers import may also name a new one. A
partner that visits name (a partner appointment) cannot be removed.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput
from wellboard.core.locking import lock_for_edit
from wellboard.hub.codes import refusal_for_personal_details
from wellboard.hub.models import Hub, HubPartner
from wellboard.hub.policy import CHANGE_HUB
from wellboard.hub.selectors import contact_hub_check
from wellboard.partners.models import Organisation

NAME_MAX = 200


@transaction.atomic
def hub_partner_add(
    *, by: Actor, hub: Hub, organisation: Organisation | None = None, name: str = ""
) -> HubPartner:
    """An organisation that works at the hub: a member of the partnership, or one named freely."""
    locked = lock_for_edit(Hub, pk=hub.pk, partnership_id=by.partnership_id, what="hub")
    CHANGE_HUB.require(by)
    return _partner_create(by, locked, organisation, name)


@transaction.atomic
def hub_partner_add_named_in_visits(
    *, by: Actor, hub: Hub, organisation: Organisation | None = None, name: str = ""
) -> HubPartner:
    """A partner that a file of visits names (a partner appointment) and the hub does not list yet.

    Whoever may record the hub's visits may do this (its hub workers, and the command line): the
    file says the organisation held appointments at the hub, which is what a hub partner is. The
    checks, and the audit entry, are those of ``hub_partner_add``."""
    contact_hub_check(actor=by, hub=hub)
    locked = lock_for_edit(Hub, pk=hub.pk, partnership_id=by.partnership_id, what="hub")
    return _partner_create(by, locked, organisation, name, note="named in an import of visits")


def _partner_create(
    by: Actor, locked: Hub, organisation: Organisation | None, name: str, *, note: str = ""
) -> HubPartner:
    clean_name = " ".join(str(name or "").split())
    if organisation is not None and organisation.partnership_id != by.partnership_id:
        raise InvalidInput({"organisation": ["Choose an organisation that is a member of this partnership"]})
    if (organisation is None) == (not clean_name):
        raise InvalidInput(
            {"organisation": ["Choose a member organisation or name one that is not in the partnership"]}
        )
    if len(clean_name) > NAME_MAX:
        raise InvalidInput({"name": [f"The organisation's name must be {NAME_MAX} characters or fewer"]})
    refusal = refusal_for_personal_details("The organisation's name", clean_name)
    if refusal:
        raise InvalidInput({"name": [refusal]})
    existing = locked.partners.filter(organisation=organisation) if organisation else None
    if (existing is not None and existing.exists()) or (
        clean_name and locked.partners.filter(name=clean_name).exists()
    ):
        raise InvalidInput({"organisation": ["That organisation already works at the hub"]})
    partner = HubPartner.objects.create(hub=locked, organisation=organisation, name=clean_name)
    audit_record(by=by, action="hub_partner.create", obj=partner, after=audit_snapshot(partner), note=note)
    return partner


@transaction.atomic
def hub_partner_remove(*, by: Actor, partner: HubPartner) -> None:
    """Stop listing an organisation as working at the hub, unless visits were recorded with it."""
    locked = lock_for_edit(
        # Not the organisation: PostgreSQL cannot lock the nullable side of an outer join.
        HubPartner.objects.select_related("hub"),
        pk=partner.pk,
        partnership_id=by.partnership_id,
        what="partner",
        via="hub",
    )
    CHANGE_HUB.require(by)
    visits = locked.contacts.count()
    if visits:
        raise InvalidInput(
            {
                "": [
                    f"{locked} cannot be removed from {locked.hub.name}: {visits:,} "
                    f"visit{'s name' if visits != 1 else ' names'} it as the partner"
                ]
            }
        )
    audit_record(by=by, action="hub_partner.delete", obj=locked, before=audit_snapshot(locked))
    try:
        with transaction.atomic():
            locked.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise InvalidInput({"": [f"{locked} cannot be removed: other records name it"]}) from exc
