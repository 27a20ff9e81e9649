"""The strategy API (mounted under /api/v1/ by wellboard.api.main).

Every endpoint acts as the token's owner in their partnership, through the same selectors and
services as the web pages: members read everything; posting a progress update to another
organisation's action answers 404, and one on a part of the tree by anyone but a coordinator
answers 403, exactly as in the browser.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput
from wellboard.core.rag import Rag
from wellboard.core.responses import error_responses
from wellboard.partners.api import PartnerToken, request_actor
from wellboard.partners.models import Organisation
from wellboard.partners.selectors import organisation_find
from wellboard.strategy.models import Action, ActionStatus, Initiative, Milestone, ProgressUpdate, Strategy
from wellboard.strategy.schemas import (
    ActionDetailOut,
    ActionOut,
    InitiativeOut,
    MilestoneOut,
    NodeOut,
    NodeProgressUpdateOut,
    OrganisationRefOut,
    ProgressUpdateIn,
    ProgressUpdateOut,
    RagCountsOut,
    StrategyOut,
    StrategyTreeOut,
)
from wellboard.strategy.selectors import (
    RagCounts,
    action_get,
    action_get_for_edit,
    action_list,
    action_overdue_milestones,
    initiative_list,
    milestone_list,
    node_get,
    node_progress_update_list,
    progress_update_list,
    strategy_get,
    strategy_list,
    strategy_tree,
)
from wellboard.strategy.services import node_progress_update_post, progress_update_post

router = Router(tags=["strategy"])
AUTH = PartnerToken()


# ---------------------------------------------------------------- converting records


def _organisation(org: Organisation) -> OrganisationRefOut:
    return OrganisationRefOut(id=org.pk, slug=org.slug, name=org.name)


def _counts(counts: RagCounts) -> RagCountsOut:
    by = counts.by_rag
    return RagCountsOut(
        total=counts.total,
        red=by[Rag.RED],
        amber=by[Rag.AMBER],
        green=by[Rag.GREEN],
        complete=by[Rag.COMPLETE],
        not_rated=by[Rag.NOT_RATED],
        overdue_actions=counts.overdue_actions,
        overdue_milestones=counts.overdue_milestones,
    )


def _strategy_fields(strategy: Strategy) -> dict[str, Any]:
    return {
        "slug": strategy.slug,
        "title": strategy.title,
        "status": strategy.status,
        "start_date": strategy.start_date,
        "end_date": strategy.end_date,
        "vision": strategy.vision,
        "summary": strategy.summary,
        "level_names": list(strategy.level_names or []),
        "version": strategy.version,
    }


def _action_fields(action: Action, today: dt.date) -> dict[str, Any]:
    return {
        "id": action.pk,
        "ref": action.ref,
        "title": action.title,
        "strategy": action.strategy.slug,
        "node_ref": action.node.ref,
        "lead_organisation": _organisation(action.lead_organisation),
        "status": action.status,
        "rag": action.rag,
        "start_date": action.start_date,
        "due_date": action.due_date,
        "smart_target": action.smart_target,
        "description": action.description,
        "overdue": action.is_overdue(today),
        "overdue_milestones": action_overdue_milestones(action),
        "version": action.version,
    }


def _milestone(milestone: Milestone, today: dt.date) -> MilestoneOut:
    return MilestoneOut(
        id=milestone.pk,
        title=milestone.title,
        due_date=milestone.due_date,
        completed_on=milestone.completed_on,
        overdue=milestone.is_overdue(today),
    )


def _update(update: ProgressUpdate) -> ProgressUpdateOut:
    if update.action_id is None:
        raise TypeError("An update of a part of the tree is written by _node_update")
    return ProgressUpdateOut(
        id=update.pk,
        action_id=update.action_id,
        period=update.period,
        period_start=update.period_start,
        narrative=update.narrative,
        rag=update.rag,
        author=update.author_label,
        posted_at=update.posted_at,
        version=update.version,
    )


def _node_update(update: ProgressUpdate, strategy: Strategy) -> NodeProgressUpdateOut:
    return NodeProgressUpdateOut(
        id=update.pk,
        strategy=strategy.slug,
        node_ref=update.target_ref,
        period=update.period,
        period_start=update.period_start,
        narrative=update.narrative,
        rag=update.rag,
        author=update.author_label,
        posted_at=update.posted_at,
        version=update.version,
    )


def _initiative(initiative: Initiative) -> InitiativeOut:
    return InitiativeOut(
        slug=initiative.slug,
        name=initiative.name,
        kind=initiative.kind,
        description=initiative.description,
        start_date=initiative.start_date,
        end_date=initiative.end_date,
        lead_organisation=_organisation(initiative.lead_organisation)
        if initiative.lead_organisation
        else None,
        partners=[_organisation(o) for o in initiative.partners.all()],
        target_groups=list(initiative.target_groups or []),
        places=list(initiative.places or []),
        funding=initiative.funding,
        nodes=[f"{n.strategy.slug}/{n.ref}" for n in initiative.nodes.all()],
        version=initiative.version,
    )


# ---------------------------------------------------------------- strategies


@router.get(
    "/strategies",
    response={200: list[StrategyOut], **error_responses(401, 403, 422)},
    auth=AUTH,
    summary="List the partnership's strategies",
)
def strategies(request: HttpRequest, status: str = "") -> list[StrategyOut]:
    actor = request_actor(request)
    return [StrategyOut(**_strategy_fields(s)) for s in strategy_list(actor=actor, status=status or None)]


@router.get(
    "/strategies/{slug}",
    response={200: StrategyTreeOut, **error_responses(401, 403, 404, 422)},
    auth=AUTH,
    summary="One strategy with its tree and each node's actions counted by RAG",
)
def strategy(request: HttpRequest, slug: str) -> StrategyTreeOut:
    actor = request_actor(request)
    found = strategy_get(actor=actor, slug=slug)
    tree = strategy_tree(actor=actor, strategy=found)
    nodes = [
        NodeOut(
            id=summary.node.pk,
            ref=summary.node.ref,
            title=summary.node.title,
            description=summary.node.description,
            depth=summary.node.depth,
            level_name=summary.level_name,
            parent_ref=tree.nodes[summary.node.parent_id].node.ref if summary.node.parent_id else None,
            tags=[t.name for t in summary.node.tags.all()],
            counts=_counts(summary.counts),
            action_ids=[a.pk for a in summary.actions],
        )
        for summary in tree.walk()
    ]
    return StrategyTreeOut(**_strategy_fields(found), totals=_counts(tree.totals), nodes=nodes)


@router.get(
    "/strategies/{slug}/nodes/{ref}/updates",
    response={200: list[NodeProgressUpdateOut], **error_responses(401, 403, 404, 422)},
    auth=AUTH,
    summary="Progress updates on a part of a strategy's tree (a priority, a recommendation)",
    description="Newest period first. With period (a code such as 2025/26 Q3), only that period's updates.",
)
def node_updates(request: HttpRequest, slug: str, ref: str, period: str = "") -> list[NodeProgressUpdateOut]:
    actor = request_actor(request)
    found = strategy_get(actor=actor, slug=slug)
    node = node_get(actor=actor, strategy=found, ref=ref)
    return [_node_update(u, found) for u in node_progress_update_list(actor=actor, node=node, period=period)]


@router.post(
    "/strategies/{slug}/nodes/{ref}/updates",
    response={
        200: NodeProgressUpdateOut,
        201: NodeProgressUpdateOut,
        **error_responses(401, 403, 404, 409, 422),
    },
    auth=AUTH,
    summary="Post a progress update on a part of a strategy's tree",
    description=(
        "The progress and impact to date of a priority or recommendation as a whole, with its RAG. "
        "Periods, mode, replaces and expected_version work as for an action's updates (201 for a new "
        "update, 200 for a replacement, 409 for a stale replacement, for a second update of a period "
        "without a mode, or for a period outside the strategy or not started yet). Only a coordinator "
        "may post; other members are refused (403)."
    ),
)
def post_node_update(
    request: HttpRequest, slug: str, ref: str, payload: ProgressUpdateIn
) -> Status[NodeProgressUpdateOut]:
    actor = request_actor(request)
    found = strategy_get(actor=actor, slug=slug)
    node = node_get(actor=actor, strategy=found, ref=ref)
    update = node_progress_update_post(
        by=actor,
        node=node,
        period=payload.period,
        narrative=payload.narrative,
        rag=payload.rag,
        mode=payload.mode or "",
        replaces=payload.replaces,
        expected_version=payload.expected_version,
    )
    return Status(200 if payload.mode == "replace" else 201, _node_update(update, found))


# ---------------------------------------------------------------- actions


class ActionFilters(Schema):
    strategy: str = ""
    lead_organisation: str = ""
    rag: str = ""
    status: str = ""
    overdue: bool | None = None


def _filters(actor: Actor, filters: ActionFilters) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    chosen: dict[str, Any] = {"overdue": filters.overdue}
    if filters.strategy:
        chosen["strategy"] = strategy_get(actor=actor, slug=filters.strategy)
    if filters.lead_organisation:
        organisation = organisation_find(actor=actor, name_or_slug=filters.lead_organisation)
        if organisation is None:
            errors["lead_organisation"] = [f"'{filters.lead_organisation}' is not a member organisation"]
        else:
            chosen["lead_organisation_id"] = organisation.pk
    if filters.rag:
        if filters.rag not in Rag.values:
            errors["rag"] = [f"Use one of: {', '.join(Rag.values)}"]
        chosen["rag"] = filters.rag
    if filters.status:
        if filters.status not in ActionStatus.values:
            errors["status"] = [f"Use one of: {', '.join(ActionStatus.values)}"]
        chosen["status"] = filters.status
    if errors:
        raise InvalidInput(errors)
    return chosen


@router.get(
    "/actions",
    response={200: list[ActionOut], **error_responses(401, 403, 404, 422)},
    auth=AUTH,
    summary="List actions, filtered",
)
def actions(request: HttpRequest, filters: Query[ActionFilters]) -> list[ActionOut]:
    actor = request_actor(request)
    today = clock.today()
    found = action_list(actor=actor, today=today, **_filters(actor, filters))
    return [ActionOut(**_action_fields(a, today)) for a in found]


def _action_detail(actor: Actor, action_id: int) -> ActionDetailOut:
    today = clock.today()
    action = action_get(actor=actor, pk=action_id)
    milestones = list(milestone_list(actor=actor, action=action))
    fields = _action_fields(action, today)
    fields["overdue_milestones"] = sum(1 for m in milestones if m.is_overdue(today))
    return ActionDetailOut(
        **fields,
        supporting_organisations=[_organisation(o) for o in action.supporting_organisations.all()],
        milestones=[_milestone(m, today) for m in milestones],
        updates=[_update(u) for u in progress_update_list(actor=actor, action=action)],
    )


@router.get(
    "/actions/{action_id}",
    response={200: ActionDetailOut, **error_responses(401, 403, 404, 422)},
    auth=AUTH,
    summary="One action in full",
)
def action(request: HttpRequest, action_id: int) -> ActionDetailOut:
    return _action_detail(request_actor(request), action_id)


@router.post(
    "/actions/{action_id}/updates",
    response={200: ProgressUpdateOut, 201: ProgressUpdateOut, **error_responses(401, 403, 404, 409, 422)},
    auth=AUTH,
    summary="Post a progress update to an action your organisation leads",
    description=(
        "Any quarter of the strategy that has started can be reported on. When the period already has "
        "an update, say whether this one replaces it (mode 'replace', answered 200; a replacement that "
        "changes nothing changes nothing, and one made after someone else changed the update answers "
        "409) or is added beside it (mode 'add', answered 201); without a mode it is refused (409, as is "
        "a period outside the strategy or not started yet, and a replacement without expected_version). "
        "Sets the action's RAG to the update's (unless it fills in an earlier period than one already "
        "reported). Only a contributor of the lead organisation or a coordinator may post; for anyone "
        "else the action is not found (404)."
    ),
)
def post_update(request: HttpRequest, action_id: int, payload: ProgressUpdateIn) -> Status[ProgressUpdateOut]:
    actor = request_actor(request)
    action = action_get_for_edit(actor=actor, pk=action_id)
    update = progress_update_post(
        by=actor,
        action=action,
        period=payload.period,
        narrative=payload.narrative,
        rag=payload.rag,
        mode=payload.mode or "",
        replaces=payload.replaces,
        expected_version=payload.expected_version,
    )
    return Status(200 if payload.mode == "replace" else 201, _update(update))


# ---------------------------------------------------------------- initiatives


@router.get(
    "/initiatives",
    response={200: list[InitiativeOut], **error_responses(401, 403, 422)},
    auth=AUTH,
    summary="List initiatives",
)
def initiatives(request: HttpRequest, kind: str = "") -> list[InitiativeOut]:
    actor = request_actor(request)
    found = initiative_list(actor=actor, kind=kind).prefetch_related("nodes__strategy")
    return [_initiative(i) for i in found]
