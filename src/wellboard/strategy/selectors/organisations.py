"""What each member organisation leads and supports across the partnership's strategies."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from wellboard.core import clock
from wellboard.core.access import Actor, require_member
from wellboard.core.errors import NotFound
from wellboard.partners.models import Organisation
from wellboard.strategy.models import Action, Initiative
from wellboard.strategy.selectors.actions import action_list
from wellboard.strategy.selectors.initiatives import initiative_list
from wellboard.strategy.selectors.rag_counts import RagCounts


@dataclass
class OrganisationOverview:
    organisation: Organisation
    actions_led: list[Action]
    actions_supported: list[Action]
    initiatives_led: list[Initiative]
    initiatives_supported: list[Initiative]
    counts: RagCounts

    @property
    def initiative_count(self) -> int:
        return len(self.initiatives_led) + len(self.initiatives_supported)


def organisation_overview(
    *, actor: Actor, organisation: Organisation, today: dt.date | None = None
) -> OrganisationOverview:
    """What one member organisation leads and supports across the partnership's strategies."""
    if organisation.partnership_id != actor.partnership_id:
        raise NotFound("organisation")
    today = today or clock.today()
    led = list(action_list(actor=actor, lead_organisation_id=organisation.pk, today=today))
    supported = list(action_list(actor=actor, supporting_organisation_id=organisation.pk, today=today))
    initiatives = list(initiative_list(actor=actor, organisation_id=organisation.pk))
    counts = RagCounts()
    for action in led:
        counts.count_action(action, today=today)
    return OrganisationOverview(
        organisation=organisation,
        actions_led=led,
        actions_supported=supported,
        initiatives_led=[i for i in initiatives if i.lead_organisation_id == organisation.pk],
        initiatives_supported=[i for i in initiatives if i.lead_organisation_id != organisation.pk],
        counts=counts,
    )


def organisation_action_counts(*, actor: Actor) -> dict[int, dict[str, int]]:
    """For the organisation list: {organisation id: {"led": n, "supported": n, "initiatives": n}}."""
    require_member(actor, "organisation")
    result: dict[int, dict[str, int]] = defaultdict(lambda: {"led": 0, "supported": 0, "initiatives": 0})
    base = Action.objects.filter(strategy__partnership_id=actor.partnership_id)
    for row in base.values("lead_organisation_id").annotate(n=Count("pk")):
        result[row["lead_organisation_id"]]["led"] = row["n"]
    supported = (
        base.filter(supporting_organisations__isnull=False)
        .values_list("supporting_organisations")
        .annotate(n=Count("pk"))
        .values_list("supporting_organisations", "n")
    )
    for organisation_id, n in supported:
        result[organisation_id]["supported"] = n
    initiatives = Initiative.objects.filter(partnership_id=actor.partnership_id)
    seen: dict[int, set[int]] = defaultdict(set)
    for initiative_id, lead_id in initiatives.values_list("pk", "lead_organisation_id"):
        if lead_id is not None:
            seen[lead_id].add(initiative_id)
    for initiative_id, partner_id in initiatives.filter(partners__isnull=False).values_list("pk", "partners"):
        seen[partner_id].add(initiative_id)
    for organisation_id, ids in seen.items():
        result[organisation_id]["initiatives"] = len(ids)
    return dict(result)
