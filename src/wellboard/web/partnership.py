"""Partnership-wide pages: the home dashboard, member organisations and a contributor's own actions.

A contributor's home page starts with their organisation's returns: those sent back to them with
the approver's reason, those overdue, and those due.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.views import member_view
from wellboard.partners.policy import partners_abilities
from wellboard.partners.selectors import (
    organisation_get,
    organisation_list,
    partnership_access,
    people_for_organisation,
)
from wellboard.returns.models import ReturnStatus
from wellboard.returns.selectors import return_list_for_contributor
from wellboard.strategy.selectors import (
    RagCounts,
    my_actions,
    organisation_action_counts,
    organisation_overview,
    overdue_milestone_list,
    recent_progress_updates,
    strategy_summaries,
)


def _returns_to_do(actor: Actor, today: dt.date) -> dict[str, list[dict[str, object]]]:
    """The actor's organisations' returns in the three groups the home page shows, soonest due first."""
    rows = return_list_for_contributor(actor=actor, today=today)
    waiting = [r for r in rows if r["status"] != ReturnStatus.RETURNED]
    return {
        "returns_sent_back": [r for r in rows if r["status"] == ReturnStatus.RETURNED],
        "returns_overdue": [r for r in waiting if r["overdue"]],
        "returns_due": [r for r in waiting if not r["overdue"]],
    }


@member_view
@require_GET
def partnership_home(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    today = clock.today()
    organisations = organisation_list(actor=actor)
    live = strategy_summaries(actor=actor, today=today)
    totals = RagCounts()
    for _strategy, counts in live:
        totals.merge(counts)
    mine = list(my_actions(actor=actor, today=today)) if actor.organisation_ids else []
    return render(
        request,
        "web/partnership_home.html",
        {
            "partnership": partnership,
            "actor": actor,
            "can": partners_abilities(actor),
            "section": "home",
            "organisation_count": organisations.count(),
            "live_strategies": live,
            "totals": totals,
            "my_actions": mine[:10],
            "my_action_count": len(mine),
            "my_overdue_milestones": list(
                overdue_milestone_list(actor=actor, organisation_ids=actor.organisation_ids, today=today)[:10]
            )
            if actor.organisation_ids
            else [],
            "recent_updates": recent_progress_updates(actor=actor, limit=5),
            **_returns_to_do(actor, today),
            "today": today,
        },
    )


@member_view
@require_GET
def organisation_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    organisations = list(organisation_list(actor=actor).order_by("name"))
    counts = organisation_action_counts(actor=actor)
    empty = {"led": 0, "supported": 0, "initiatives": 0}
    return render(
        request,
        "web/organisation_list.html",
        {
            "partnership": partnership,
            "actor": actor,
            "can": partners_abilities(actor),
            "section": "organisations",
            "rows": [(org, counts.get(org.pk, empty)) for org in organisations],
        },
    )


@member_view
@require_GET
def organisation_detail(request: HttpRequest, slug: str, organisation: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = organisation_get(actor=actor, slug=organisation)
    today = clock.today()
    return render(
        request,
        "web/organisation_detail.html",
        {
            "partnership": partnership,
            "actor": actor,
            "can": partners_abilities(actor),
            "section": "organisations",
            "organisation": found,
            "overview": organisation_overview(actor=actor, organisation=found, today=today),
            "people": people_for_organisation(actor=actor, organisation=found),
            "today": today,
        },
    )


@member_view
@require_GET
def my_actions_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The actions a contributor's organisations lead, overdue first, with their overdue milestones."""
    partnership, actor = partnership_access(user=request.user, slug=slug)
    today = clock.today()
    mine = list(my_actions(actor=actor, today=today))
    overdue = [a for a in mine if a.is_overdue(today)]
    counts = RagCounts()
    for action in mine:
        counts.count_action(action, today=today)
    return render(
        request,
        "web/my_actions.html",
        {
            "partnership": partnership,
            "actor": actor,
            "section": "my-actions",
            "actions": mine,
            "overdue_actions": overdue,
            "counts": counts,
            "organisations": organisation_list(actor=actor).filter(pk__in=actor.organisation_ids),
            "overdue_milestones": overdue_milestone_list(
                actor=actor, organisation_ids=actor.organisation_ids, today=today
            ),
            "today": today,
        },
    )
