"""What the public may read of a partnership that publishes: nothing at all of one that does not.

Every read here starts from ``public_partnership``, which answers "not found" for a partnership that
has not chosen to publish, exactly as for one that does not exist. Only live strategies are read;
drafts and archived strategies stay inside. Each read names the fields it hands on, so that nothing
written for the partnership's members alone (the author of a progress update, a return's comments
and the approver's reasons, people's names) can reach a public page or dataset by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, QuerySet

from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.indicators.models import Indicator
from wellboard.partners.models import Organisation, Partnership
from wellboard.reports.models import RenderedFile, RenderStatus, ReportEdition
from wellboard.returns.models import Measure
from wellboard.strategy.models import (
    Action,
    Initiative,
    Milestone,
    Node,
    ProgressUpdate,
    Strategy,
    StrategyStatus,
)


def public_partnership(*, slug: str) -> Partnership:
    """The partnership at ``slug`` if it publishes; otherwise 'not found'."""
    found = Partnership.objects.filter(slug=slug, is_public=True).first()
    if found is None:
        raise NotFound("page")
    return found


def public_actor(partnership: Partnership) -> Actor:
    """An anonymous reader of a public partnership: no role, so the indicator selectors give what
    anyone may read of it and nothing more."""
    if not partnership.is_public:
        raise NotFound("page")
    return Actor(partnership_id=partnership.pk, user=None)


def live_strategies(*, partnership: Partnership) -> QuerySet[Strategy]:
    return Strategy.objects.filter(partnership=partnership, status=StrategyStatus.LIVE).order_by(
        "-start_date", "title"
    )


def live_strategy(*, partnership: Partnership, slug: str) -> Strategy:
    found = live_strategies(partnership=partnership).filter(slug=slug).first()
    if found is None:
        raise NotFound("strategy")
    return found


@dataclass
class PublicNode:
    """A theme or priority with its actions and the nodes beneath it."""

    node: Node
    level_name: str
    actions: list[Action] = field(default_factory=list)
    children: list[PublicNode] = field(default_factory=list)

    @property
    def heading_level(self) -> int:
        return min(self.node.depth + 2, 6)

    @property
    def action_heading_level(self) -> int:
        return min(self.node.depth + 3, 6)


def _public_updates() -> Prefetch[str, QuerySet[ProgressUpdate], str]:
    # The author is left out on purpose: progress is the organisation's, not a person's.
    return Prefetch(
        "updates",
        queryset=ProgressUpdate.objects.only(
            "id", "action_id", "node_id", "period", "period_start", "narrative", "rag", "posted_at"
        ).order_by("-period_start", "-posted_at", "-pk"),
    )


def public_actions(*, strategies: QuerySet[Strategy]) -> QuerySet[Action]:
    """The actions of the given (live) strategies with their organisations, milestones and updates."""
    return (
        Action.objects.filter(strategy__in=strategies)
        .select_related("strategy", "node", "lead_organisation")
        .prefetch_related(
            Prefetch("supporting_organisations", queryset=Organisation.objects.only("id", "name")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "position", "pk")),
            _public_updates(),
        )
        .order_by("strategy__start_date", "strategy_id", "node__depth", "node__position", "position", "pk")
    )


def public_tree(*, strategy: Strategy) -> list[PublicNode]:
    """The strategy's tree, top level first, each node with its own actions in order."""
    if strategy.status != StrategyStatus.LIVE:
        raise NotFound("strategy")
    nodes = list(
        Node.objects.filter(strategy=strategy)
        .prefetch_related(_public_updates())
        .order_by("depth", "position", "pk")
    )
    wrapped = {n.pk: PublicNode(n, strategy.level_name(n.depth)) for n in nodes}
    roots: list[PublicNode] = []
    for node in nodes:
        parent = wrapped.get(node.parent_id) if node.parent_id else None
        (parent.children if parent is not None else roots).append(wrapped[node.pk])
    actions = public_actions(strategies=Strategy.objects.filter(pk=strategy.pk))
    for action in actions:
        holder = wrapped.get(action.node_id)
        if holder is not None:
            holder.actions.append(action)
    return roots


def public_nodes(*, strategies: QuerySet[Strategy]) -> QuerySet[Node]:
    """The themes and priorities of the given (live) strategies, with their own progress updates."""
    return (
        Node.objects.filter(strategy__in=strategies)
        .select_related("strategy", "parent")
        .prefetch_related(_public_updates())
        .order_by("strategy__start_date", "strategy_id", "depth", "position", "pk")
    )


def public_indicators(*, partnership: Partnership) -> QuerySet[Indicator]:
    """The partnership's indicators, by name."""
    return Indicator.objects.filter(partnership=partnership).order_by("name", "pk")


def public_indicator(*, partnership: Partnership, slug: str) -> Indicator:
    found = public_indicators(partnership=partnership).filter(slug=slug).first()
    if found is None:
        raise NotFound("indicator")
    return found


def reach_measures(*, partnership: Partnership) -> list[Measure]:
    """Measures of the partnership's collections that belong to an initiative, by initiative."""
    return list(
        Measure.objects.filter(collection__partnership=partnership, initiative__isnull=False)
        .select_related("collection__partnership", "initiative", "indicator")
        .order_by("initiative__name", "collection__name", "position", "pk")
    )


def public_initiatives(*, partnership: Partnership) -> QuerySet[Initiative]:
    return Initiative.objects.filter(partnership=partnership).select_related("lead_organisation")


@dataclass(frozen=True)
class PublicEdition:
    """A published edition and the formats whose files are ready to download."""

    edition: ReportEdition
    formats: tuple[str, ...]


def public_editions(*, partnership: Partnership) -> list[PublicEdition]:
    """Every published edition of the partnership's reports (a draft strategy's reports stay
    inside), the latest period first, each with the formats whose files are ready."""
    editions = list(
        ReportEdition.objects.filter(report__partnership=partnership)
        .exclude(report__strategy__status=StrategyStatus.DRAFT)
        .select_related("report__strategy")
        .only(
            "id",
            "number",
            "published_at",
            "report__id",
            "report__kind",
            "report__period",
            "report__period_start",
            "report__strategy__title",
            "report__strategy__status",
        )
        .order_by("-report__period_start", "report__kind", "report_id", "-number")
    )
    ready: dict[int, list[str]] = {}
    for edition_id, fmt in RenderedFile.objects.filter(
        edition__in=editions, status=RenderStatus.DONE
    ).values_list("edition_id", "format"):
        ready.setdefault(edition_id, []).append(fmt)
    return [PublicEdition(e, tuple(sorted(ready.get(e.pk, [])))) for e in editions]


def report_files_state(*, partnership: Partnership) -> str:
    """What changes when the background renderer finishes a report's file (which is not an edit
    of the partnership's data, so it does not move the data version): the number of files ready
    and when the last was made."""
    found = RenderedFile.objects.filter(
        edition__report__partnership=partnership, status=RenderStatus.DONE
    ).aggregate(ready=Count("pk"), last=Max("finished_at"))
    last = found["last"].isoformat() if found["last"] is not None else "-"
    return f"{found['ready']}:{last}"


def public_edition_file(*, partnership: Partnership, report_id: int, number: int, fmt: str) -> RenderedFile:
    """A published edition's file in ``fmt`` when it is ready; otherwise 'not found'."""
    found = (
        RenderedFile.objects.filter(
            edition__report__partnership=partnership,
            edition__report_id=report_id,
            edition__number=number,
            format=fmt,
            status=RenderStatus.DONE,
        )
        .exclude(edition__report__strategy__status=StrategyStatus.DRAFT)
        .select_related("edition__report")
        .first()
    )
    if found is None:
        raise NotFound("report")
    return found
