"""Reads of initiatives: the programmes, projects, campaigns, services and events partners deliver."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from wellboard.core.access import Actor, require_member
from wellboard.core.errors import NotFound
from wellboard.strategy.models import Initiative, Node
from wellboard.strategy.policy import can_edit_initiative
from wellboard.strategy.selectors.ordering import nodes_in_tree_order


def initiative_list(
    *,
    actor: Actor,
    kind: str = "",
    organisation_id: int | None = None,
    node: Node | None = None,
) -> QuerySet[Initiative]:
    require_member(actor, "initiative")
    qs = Initiative.objects.filter(partnership_id=actor.partnership_id)
    if kind:
        qs = qs.filter(kind=kind)
    if organisation_id is not None:
        qs = qs.filter(Q(lead_organisation_id=organisation_id) | Q(partners__id=organisation_id)).distinct()
    if node is not None:
        qs = qs.filter(nodes=node)
    return qs.select_related("lead_organisation").prefetch_related("partners").order_by("name")


def initiative_get(*, actor: Actor, slug: str) -> Initiative:
    initiative = (
        initiative_list(actor=actor)
        .prefetch_related(
            Prefetch(
                "nodes",
                queryset=nodes_in_tree_order(
                    Node.objects.filter(strategy__partnership_id=actor.partnership_id).select_related(
                        "strategy"
                    )
                ),
            )
        )
        .filter(slug=slug)
        .first()
    )
    if initiative is None:
        raise NotFound("initiative")
    return initiative


def initiative_get_for_edit(*, actor: Actor, slug: str) -> Initiative:
    """A coordinator may change any initiative; a contributor only those their organisation leads."""
    initiative = initiative_get(actor=actor, slug=slug)
    if not can_edit_initiative(actor, initiative):
        raise NotFound("initiative")
    return initiative
