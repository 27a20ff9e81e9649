"""Reads of actions, their milestones and their progress updates.

Every member may read every action of the partnership; ``action_get_for_edit`` and
``milestone_get_for_edit`` narrow that to what the actor may change: another organisation's action is
simply not found (404), never 'forbidden'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypedDict, Unpack

from django.db.models import Max, Q, QuerySet

from wellboard.core import clock
from wellboard.core.access import Actor, require_member
from wellboard.core.errors import NotFound
from wellboard.core.models import AuditEvent
from wellboard.strategy.models import Action, Milestone, Node, ProgressUpdate, Strategy
from wellboard.strategy.policy import can_edit_action
from wellboard.strategy.selectors.ordering import actions_in_natural_order
from wellboard.strategy.selectors.rag_counts import overdue_q, with_overdue_milestones


def _action_base(actor: Actor) -> QuerySet[Action]:
    require_member(actor, "action")
    return Action.objects.filter(strategy__partnership_id=actor.partnership_id)


class ActionFilters(TypedDict, total=False):
    """What an action list can be narrowed to: the keyword arguments of ``action_query``."""

    strategy: Strategy | None
    node: Node | None
    lead_organisation_id: int | None
    supporting_organisation_id: int | None
    rag: str
    status: str
    overdue: bool | None
    today: dt.date | None


def action_list(*, actor: Actor, **filters: Unpack[ActionFilters]) -> QuerySet[Action]:
    """Actions the actor may read, filtered, each with ``overdue_milestone_count`` and
    ``last_update_at`` annotated and its lead organisation loaded; strategy by strategy, by
    reference in natural order (A1, A2, A12)."""
    return actions_in_natural_order(action_query(actor=actor, **filters))


def action_query(
    *,
    actor: Actor,
    strategy: Strategy | None = None,
    node: Node | None = None,
    lead_organisation_id: int | None = None,
    supporting_organisation_id: int | None = None,
    rag: str = "",
    status: str = "",
    overdue: bool | None = None,
    today: dt.date | None = None,
) -> QuerySet[Action]:
    """What ``action_list`` finds, in no particular order: for callers that arrange the actions
    themselves (the strategy tree puts each under its node)."""
    today = today or clock.today()
    qs = _action_base(actor)
    if strategy is not None:
        qs = qs.filter(strategy=strategy)
    if node is not None:
        qs = qs.filter(node=node)
    if lead_organisation_id is not None:
        qs = qs.filter(lead_organisation_id=lead_organisation_id)
    if supporting_organisation_id is not None:
        qs = qs.filter(supporting_organisations__id=supporting_organisation_id)
    if rag:
        qs = qs.filter(rag=rag)
    if status:
        qs = qs.filter(status=status)
    if overdue is True:
        qs = qs.filter(overdue_q(today))
    elif overdue is False:
        qs = qs.exclude(overdue_q(today))
    qs = with_overdue_milestones(qs, today).annotate(last_update_at=Max("updates__posted_at"))
    return qs.select_related("lead_organisation", "node", "strategy")


def action_get(*, actor: Actor, pk: int) -> Action:
    """One action with everything its page shows (the lead, supporters, node and strategy)."""
    action = (
        _action_base(actor)
        .select_related("lead_organisation", "node", "node__parent", "strategy")
        .prefetch_related("supporting_organisations")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise NotFound("action")
    return action


def action_get_for_edit(*, actor: Actor, pk: int) -> Action:
    """The action, if the actor may change it: a coordinator, or a contributor of its lead
    organisation. For anyone else it does not exist."""
    action = action_get(actor=actor, pk=pk)
    if not can_edit_action(actor, action):
        raise NotFound("action")
    return action


def _require_action_visible(actor: Actor, action: Action) -> None:
    """An action passed in from elsewhere must belong to the actor's partnership."""
    if action.strategy.partnership_id != actor.partnership_id:
        raise NotFound("action")


def action_history_events(*, actor: Actor, action: Action, limit: int = 500) -> list[AuditEvent]:
    """The action's own history with that of its milestones and progress updates, newest first."""
    _require_action_visible(actor, action)
    milestone_ids = [str(pk) for pk in Milestone.objects.filter(action=action).values_list("pk", flat=True)]
    update_ids = [str(pk) for pk in ProgressUpdate.objects.filter(action=action).values_list("pk", flat=True)]
    query = Q(object_type=Action._meta.label_lower, object_id=str(action.pk))
    if milestone_ids:
        query |= Q(object_type=Milestone._meta.label_lower, object_id__in=milestone_ids)
    if update_ids:
        query |= Q(object_type=ProgressUpdate._meta.label_lower, object_id__in=update_ids)
    return list(
        AuditEvent.objects.filter(query, partnership_id=actor.partnership_id)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def action_can_edit(*, actor: Actor, action: Action) -> bool:
    return action.strategy.partnership_id == actor.partnership_id and can_edit_action(actor, action)


def my_actions(
    *,
    actor: Actor,
    rag: str = "",
    status: str = "",
    overdue: bool | None = None,
    today: dt.date | None = None,
) -> QuerySet[Action]:
    """Actions led by the organisations the actor contributes for (none for other roles)."""
    qs = action_list(actor=actor, rag=rag, status=status, overdue=overdue, today=today)
    return qs.filter(lead_organisation_id__in=sorted(actor.organisation_ids))


# ---------------------------------------------------------------- milestones


def milestone_list(*, actor: Actor, action: Action) -> QuerySet[Milestone]:
    _require_action_visible(actor, action)
    return Milestone.objects.filter(action=action).order_by("due_date", "position", "pk")


def milestone_get(*, actor: Actor, pk: int) -> Milestone:
    require_member(actor, "milestone")
    milestone = (
        Milestone.objects.select_related("action", "action__strategy", "action__lead_organisation")
        .filter(pk=pk, action__strategy__partnership_id=actor.partnership_id)
        .first()
    )
    if milestone is None:
        raise NotFound("milestone")
    return milestone


def milestone_get_for_edit(*, actor: Actor, pk: int) -> Milestone:
    milestone = milestone_get(actor=actor, pk=pk)
    if not can_edit_action(actor, milestone.action):
        raise NotFound("milestone")
    return milestone


def overdue_milestone_list(
    *, actor: Actor, organisation_ids: Iterable[int] | None = None, today: dt.date | None = None
) -> QuerySet[Milestone]:
    """Milestones past their due date and not done, oldest first."""
    require_member(actor, "milestone")
    today = today or clock.today()
    qs = Milestone.objects.filter(
        action__strategy__partnership_id=actor.partnership_id, completed_on__isnull=True, due_date__lt=today
    )
    if organisation_ids is not None:
        qs = qs.filter(action__lead_organisation_id__in=list(organisation_ids))
    return qs.select_related("action", "action__lead_organisation").order_by("due_date", "pk")


# ---------------------------------------------------------------- progress updates


def progress_update_list(*, actor: Actor, action: Action) -> QuerySet[ProgressUpdate]:
    """The action's progress history, newest period first."""
    _require_action_visible(actor, action)
    return ProgressUpdate.objects.filter(action=action).order_by("-period_start", "-posted_at", "-pk")


def progress_update_get(*, actor: Actor, pk: int) -> ProgressUpdate:
    require_member(actor, "progress update")
    update = (
        ProgressUpdate.objects.select_related("action", "action__strategy", "node", "node__strategy")
        .filter(
            Q(action__strategy__partnership_id=actor.partnership_id)
            | Q(node__strategy__partnership_id=actor.partnership_id),
            pk=pk,
        )
        .first()
    )
    if update is None:
        raise NotFound("progress update")
    return update


def recent_progress_updates(*, actor: Actor, limit: int = 10) -> QuerySet[ProgressUpdate]:
    """The latest updates posted on actions (not those on parts of the tree), newest first."""
    require_member(actor, "progress update")
    return (
        ProgressUpdate.objects.filter(action__strategy__partnership_id=actor.partnership_id)
        .select_related("action", "action__lead_organisation")
        .order_by("-posted_at", "-pk")[:limit]
    )
