"""The partner organisation a file's row names, found or added.

A name (or short name) is looked for among the organisations that already work at the hub, then
among the partnership's member organisations, and otherwise taken as the name of an organisation
outside the partnership. An organisation not yet working at the hub is added as one of its partners
through ``hub_partner_add_named_in_visits`` (checked and audited as any partner is), inside the
import's transaction: a dry run reports it as one that will be added and then rolls it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput
from wellboard.hub.models import Hub, HubPartner
from wellboard.hub.services.hub_partners import hub_partner_add_named_in_visits
from wellboard.partners.selectors import organisation_find

Problems = list[tuple[str, str]]
_NONE: Problems = []


@dataclass(frozen=True)
class AddedPartner:
    """An organisation the import adds to the hub's partners, and the first row that named it."""

    name: str
    member: bool  # one of the partnership's organisations, not a name given freely
    row: int


class PartnerNames:
    def __init__(self, *, by: Actor, hub: Hub) -> None:
        self.by = by
        self.hub = hub
        self.added: list[AddedPartner] = []
        self._found: dict[str, tuple[int | None, Problems]] = {"": (None, _NONE)}
        self._known = self._hub_partners()
        self.row = 0  # the row being checked, for the report of what was added

    def _hub_partners(self) -> dict[str, int]:
        """The hub's partners by every name a file may use for them, in lower case."""
        found: dict[str, int] = {}
        for partner in self.hub.partners.select_related("organisation"):
            if partner.organisation is not None:
                found[partner.organisation.slug.lower()] = partner.pk
                found[partner.organisation.name.lower()] = partner.pk
            else:
                found[" ".join(partner.name.split()).lower()] = partner.pk
        return found

    def partner(self, text: str) -> tuple[int | None, Problems]:
        """The id of the hub partner ``text`` names (adding it if need be), and any problem."""
        found = self._found.get(text)
        if found is None:
            found = self._find_or_add(text)
            self._found[text] = found
        return found

    def _find_or_add(self, text: str) -> tuple[int | None, Problems]:
        name = " ".join(text.split())
        pk = self._known.get(name.lower())
        if pk is not None:
            return pk, _NONE
        organisation = organisation_find(actor=self.by, name_or_slug=name)
        if organisation is not None:
            pk = self._known.get(organisation.slug.lower())
            if pk is not None:
                return pk, _NONE
        try:
            if organisation is not None:
                partner = hub_partner_add_named_in_visits(by=self.by, hub=self.hub, organisation=organisation)
            else:
                partner = hub_partner_add_named_in_visits(by=self.by, hub=self.hub, name=name)
        except InvalidInput as exc:
            return None, [("partner", message) for messages in exc.errors.values() for message in messages]
        self._remember(partner)
        self.added.append(AddedPartner(str(partner), organisation is not None, self.row))
        return partner.pk, _NONE

    def _remember(self, partner: HubPartner) -> None:
        if partner.organisation is not None:
            self._known[partner.organisation.slug.lower()] = partner.pk
            self._known[partner.organisation.name.lower()] = partner.pk
        else:
            self._known[partner.name.lower()] = partner.pk
