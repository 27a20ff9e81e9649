"""Reads of indicator definitions, comparators and targets, scoped to the actor's partnership."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.geography.models import Area
from wellboard.indicators.models import Comparator, Indicator, Observation, Target
from wellboard.partners.models import Partnership
from wellboard.strategy.models import Node
from wellboard.strategy.selectors.ordering import nodes_in_tree_order


def require_reader(actor: Actor) -> None:
    """Members read their partnership's indicators; anyone reads a public partnership's.

    An actor with no role (an anonymous visitor, built for one partnership) sees nothing of a
    private partnership: 'not found', never 'forbidden'.
    """
    if actor.is_member:
        return
    if not Partnership.objects.filter(pk=actor.partnership_id, is_public=True).exists():
        raise NotFound("page")


def indicator_list(
    *,
    actor: Actor,
    kind: str = "",
    value_type: str = "",
    search: str = "",
    node: Node | None = None,
    initiative_id: int | None = None,
) -> QuerySet[Indicator]:
    """The partnership's indicators, by name; optionally filtered."""
    require_reader(actor)
    qs = Indicator.objects.filter(partnership_id=actor.partnership_id)
    if kind:
        qs = qs.filter(kind=kind)
    if value_type:
        qs = qs.filter(value_type=value_type)
    if search.strip():
        text = search.strip()
        qs = qs.filter(Q(name__icontains=text) | Q(short_name__icontains=text) | Q(slug__icontains=text))
    if node is not None:
        qs = qs.filter(nodes=node)
    if initiative_id is not None:
        qs = qs.filter(initiatives__id=initiative_id)
    return qs.order_by("name", "pk")


def indicator_nodes(*, actor: Actor) -> Prefetch[Literal["nodes"], QuerySet[Node], str]:
    """Prefetches indicators' strategy nodes with their strategies, strategy by strategy and each
    strategy's nodes in tree order (1, 1.1, 1.2, 2, 10), never by plain text reference."""
    nodes = Node.objects.filter(strategy__partnership_id=actor.partnership_id).select_related("strategy")
    return Prefetch("nodes", queryset=nodes_in_tree_order(nodes))


def indicator_get(*, actor: Actor, slug: str) -> Indicator:
    """One indicator of the actor's partnership, with its nodes (strategy by strategy, each in tree
    order: 1, 1.1, 1.2, 2, 10) and initiatives loaded."""
    require_reader(actor)
    indicator = (
        Indicator.objects.filter(partnership_id=actor.partnership_id, slug=slug)
        .prefetch_related(
            indicator_nodes(actor=actor),
            "initiatives",
        )
        .first()
    )
    if indicator is None:
        raise NotFound("indicator")
    return indicator


def indicator_find_external(*, actor: Actor, source: str, external_id: str) -> Indicator | None:
    """The indicator imported from ``source`` under its own identifier, if there is one."""
    require_reader(actor)
    return Indicator.objects.filter(
        partnership_id=actor.partnership_id, external_source=source, external_id=external_id
    ).first()


@dataclass(frozen=True)
class IndicatorDataSummary:
    observations: int
    areas: int
    latest_period_start: dt.date | None


def indicator_data_summaries(*, actor: Actor) -> dict[int, IndicatorDataSummary]:
    """Observation count, number of areas and latest period start per indicator (one query)."""
    require_reader(actor)
    rows = (
        Observation.objects.filter(partnership_id=actor.partnership_id)
        .values("indicator_id")
        .annotate(n=Count("id"), areas=Count("area_id", distinct=True), latest=Max("period_start"))
    )
    return {row["indicator_id"]: IndicatorDataSummary(row["n"], row["areas"], row["latest"]) for row in rows}


def node_indicator_ids(*, actor: Actor, node: Node, include_descendants: bool = True) -> list[int]:
    """Indicators linked to a strategy node (and, by default, to the nodes beneath it)."""
    require_reader(actor)
    if node.strategy.partnership_id != actor.partnership_id:
        raise NotFound("strategy node")
    node_ids = {node.pk}
    if include_descendants:
        frontier = {node.pk}
        while frontier:
            frontier = (
                set(Node.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - node_ids
            )
            node_ids |= frontier
    return list(
        Indicator.objects.filter(partnership_id=actor.partnership_id, nodes__in=node_ids)
        .order_by("name", "pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def node_indicator_links(*, actor: Actor, node_ids: Sequence[int]) -> dict[int, list[int]]:
    """For many strategy nodes at once: the indicators linked directly to each, by name."""
    require_reader(actor)
    links: dict[int, list[int]] = {}
    rows = (
        Indicator.nodes.through.objects.filter(
            node_id__in=node_ids, indicator__partnership_id=actor.partnership_id
        )
        .order_by("indicator__name", "indicator_id")
        .values_list("node_id", "indicator_id")
    )
    for node_id, indicator_id in rows:
        links.setdefault(node_id, []).append(indicator_id)
    return links


def comparator_list(*, actor: Actor) -> list[Comparator]:
    """The partnership's comparators with their areas, the default first."""
    require_reader(actor)
    return list(
        Comparator.objects.filter(partnership_id=actor.partnership_id)
        .prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("name")))
        .order_by("-is_default", "position", "name")
    )


def comparator_get(*, actor: Actor, slug: str) -> Comparator:
    require_reader(actor)
    comparator = (
        Comparator.objects.filter(partnership_id=actor.partnership_id, slug=slug)
        .prefetch_related("areas")
        .first()
    )
    if comparator is None:
        raise NotFound("comparator")
    return comparator


def target_list(*, actor: Actor, indicator: Indicator, area: Area | None = None) -> QuerySet[Target]:
    """An indicator's targets (a trajectory when there are several for one area), oldest first."""
    require_reader(actor)
    if indicator.partnership_id != actor.partnership_id:
        raise NotFound("indicator")
    qs = Target.objects.filter(partnership_id=actor.partnership_id, indicator=indicator)
    if area is not None:
        qs = qs.filter(area=area)
    return qs.select_related("area").order_by("area__name", "period_start")


def target_get(*, actor: Actor, pk: int) -> Target:
    require_reader(actor)
    target = (
        Target.objects.filter(partnership_id=actor.partnership_id, pk=pk)
        .select_related("indicator", "area")
        .first()
    )
    if target is None:
        raise NotFound("target")
    return target


@dataclass(frozen=True)
class TargetRow:
    indicator_id: int
    area_id: int
    period: str
    period_start: dt.date
    value: float
    amber_tolerance: float


def target_rows(
    *, actor: Actor, indicator_ids: list[int], area_ids: list[int] | None = None
) -> list[TargetRow]:
    """The targets of several indicators as plain rows (one query), oldest first."""
    require_reader(actor)
    qs = Target.objects.filter(partnership_id=actor.partnership_id, indicator_id__in=indicator_ids)
    if area_ids is not None:
        qs = qs.filter(area_id__in=area_ids)
    return [
        TargetRow(*row)
        for row in qs.order_by("indicator_id", "area_id", "period_start").values_list(
            "indicator_id", "area_id", "period", "period_start", "value", "amber_tolerance"
        )
    ]
