"""The community strategy: three themes, nine priorities, their actions, milestones and a year of
quarterly progress updates (on the actions, and the coordinator's on some priorities as a whole), and
the initiatives partners deliver.

What goes in (the themes, priorities, actions and initiatives, and where their facts come from) is
in ``strategy_data``; this step writes it through the strategy services, as the coordinator and the
partners who post their own updates would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from wellboard.core import clock
from wellboard.core.periods import period_parse
from wellboard.demo import DemoContext
from wellboard.demo.strategy_data import (
    INITIATIVES,
    KF,
    POSTERS,
    PRIORITIES,
    PRIORITY_UPDATES,
    QUARTERS,
    SUMMARY,
    THEMES,
    VISION,
    ActionSpec,
    D,
)
from wellboard.strategy.models import Action, Initiative, Node, Tag
from wellboard.strategy.services import (
    action_create,
    initiative_create,
    milestone_create,
    node_create,
    node_progress_update_post,
    progress_update_post,
    strategy_create,
)


@contextmanager
def _at(moment: dt.datetime) -> Iterator[None]:
    """Hold Wellboard's clock at ``moment``, so updates carry the date they would have been posted."""
    original = clock.now
    clock.now = lambda: moment
    try:
        yield
    finally:
        clock.now = original


def _tags(*slugs: str) -> list[Tag]:
    return list(Tag.objects.filter(scheme__partnership__isnull=True, scheme__slug=KF, slug__in=slugs))


def load(ctx: DemoContext) -> None:
    org = ctx.organisations
    coordinator = ctx.actor_for("coordinator")
    strategy = strategy_create(
        by=coordinator,
        title="Stevenage community strategy",
        slug="community-strategy",
        start_date=D(2024, 4, 1),
        end_date=D(2027, 3, 31),
        level_names=["Theme", "Priority"],
        vision=VISION,
        summary=SUMMARY,
        status="live",
    )
    themes: list[Node] = []
    for title, description, pillars in THEMES:
        themes.append(
            node_create(
                by=coordinator, strategy=strategy, title=title, description=description, tags=_tags(*pillars)
            )
        )
    nodes: dict[str, Node] = {theme.ref: theme for theme in themes}
    actions: dict[str, Action] = {}
    planned: list[tuple[Action, ActionSpec]] = []
    for theme_number, title, description, pillars, specs in PRIORITIES:
        priority = node_create(
            by=coordinator,
            strategy=strategy,
            parent=themes[theme_number - 1],
            title=title,
            description=description,
            tags=_tags(*pillars),
        )
        nodes[priority.ref] = priority
        for spec in specs:
            action = action_create(
                by=coordinator,
                node=priority,
                title=spec.title,
                lead_organisation=org[spec.lead],
                supporting_organisations=[org[s] for s in spec.support],
                smart_target=spec.target,
                start_date=spec.start,
                due_date=spec.due,
                status=spec.status,
            )
            for what, due, done in spec.milestones:
                milestone_create(by=coordinator, action=action, title=what, due_date=due, completed_on=done)
            actions[action.ref] = action
            planned.append((action, spec))
    # A year of quarterly updates, each posted a fortnight after its quarter ended.
    for quarter in QUARTERS:
        posted = period_parse(quarter).end + dt.timedelta(days=14)
        with _at(dt.datetime(posted.year, posted.month, posted.day, 10, 0, tzinfo=clock.LONDON)):
            for action, spec in planned:
                for period, rag, narrative in spec.updates:
                    if period == quarter:
                        poster = ctx.actor_for(POSTERS.get(spec.lead, "coordinator"))
                        progress_update_post(
                            by=poster, action=action, period=period, narrative=narrative, rag=rag
                        )
            # The coordinator's stocktake of some priorities, once the partners have reported.
            for title, updates in PRIORITY_UPDATES.items():
                priority = next(n for n in nodes.values() if n.title == title)
                for period, rag, narrative in updates:
                    if period == quarter:
                        node_progress_update_post(
                            by=coordinator, node=priority, period=period, narrative=narrative, rag=rag
                        )
    ctx.shared["strategy"] = strategy
    ctx.shared["nodes"] = nodes
    ctx.shared["actions"] = actions
    ctx.shared["initiatives"] = _initiatives(ctx, nodes)
    ctx.log(
        f"    {len(themes)} themes, {len(nodes) - len(themes)} priorities, {len(actions)} actions, "
        f"{len(ctx.shared['initiatives'])} initiatives"
    )


def _initiatives(ctx: DemoContext, nodes: dict[str, Node]) -> dict[str, Initiative]:
    org = ctx.organisations
    by = ctx.actor_for("coordinator")
    return {
        spec.slug: initiative_create(
            by=by,
            name=spec.name,
            slug=spec.slug,
            kind=spec.kind,
            description=spec.description,
            start_date=spec.start_date,
            end_date=spec.end_date,
            lead_organisation=org[spec.lead],
            partners=[org[s] for s in spec.partners],
            target_groups=spec.target_groups,
            places=spec.places,
            funding=spec.funding,
            nodes=[nodes[ref] for ref in spec.nodes],
        )
        for spec in INITIATIVES
    }
