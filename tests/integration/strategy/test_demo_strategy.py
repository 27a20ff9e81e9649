"""The demo's strategy step: the community strategy's shape, a year of mixed progress, and pages that
render with it."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.test import Client

from wellboard.core.models import AuditEvent
from wellboard.demo import DemoContext
from wellboard.partners.models import User
from wellboard.strategy.models import Action, Initiative, Milestone, Node, ProgressUpdate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo() -> DemoContext:
    from wellboard.demo import step_10_partners, step_20_strategy
    from wellboard.partners.services import partnership_create

    partnership, actor = partnership_create(
        slug="healthy-stevenage", name="Healthy Stevenage", place_name="Stevenage"
    )
    ctx = DemoContext(partnership=partnership, actor=actor, log=lambda _: None)
    step_10_partners.load(ctx)
    step_20_strategy.load(ctx)
    return ctx


def test_the_strategy_has_three_themes_and_nine_priorities(demo: DemoContext) -> None:
    strategy = demo.shared["strategy"]
    assert (strategy.status, strategy.level_names) == ("live", ["Theme", "Priority"])
    themes = Node.objects.filter(strategy=strategy, depth=0).order_by("position")
    assert [t.title for t in themes] == ["Healthy economy", "Healthy people", "Healthy communities"]
    priorities = Node.objects.filter(strategy=strategy, depth=1)
    assert priorities.count() == 9
    for priority in priorities:
        assert 2 <= priority.actions.count() <= 4, priority
        assert priority.tags.filter(scheme__slug="kings-fund-population-health").exists(), priority
    assert set(demo.shared["nodes"]) >= {"1", "2", "3", "1.1", "2.2", "3.3"}


def test_progress_is_mixed_and_posted_by_the_right_people(demo: DemoContext) -> None:
    updates = ProgressUpdate.objects.filter(action__strategy=demo.shared["strategy"])
    assert set(updates.values_list("period", flat=True)) == {
        "2025/26 Q3",
        "2025/26 Q4",
        "2026/27 Q1",
        "2026/27 Q2",
    }
    rags = Counter(Action.objects.filter(strategy=demo.shared["strategy"]).values_list("rag", flat=True))
    assert {"red", "amber", "green", "complete"} <= set(rags)
    mind = demo.users["mind"]
    assert (
        updates.filter(action__lead_organisation__slug="mind-in-mid-herts").exclude(author=mind).count() == 0
    )
    assert updates.filter(author=demo.users["leisure"]).exists()
    assert updates.filter(author=demo.users["council"]).exists()
    # Posted a fortnight after each quarter, as they would have been.
    q2 = updates.filter(period="2026/27 Q2").first()
    assert q2 is not None
    assert q2.posted_at.date() == dt.date(2026, 10, 14)
    on_priorities = ProgressUpdate.objects.filter(node__strategy=demo.shared["strategy"]).count()
    assert AuditEvent.objects.filter(action="progress_update.post").count() == updates.count() + on_priorities


def test_some_actions_and_milestones_are_overdue_and_some_done(demo: DemoContext) -> None:
    actions = list(Action.objects.filter(strategy=demo.shared["strategy"]))
    assert sum(a.is_overdue(TODAY) for a in actions) >= 3
    assert sum(a.status == "completed" for a in actions) >= 3
    milestones = list(Milestone.objects.filter(action__strategy=demo.shared["strategy"]))
    assert sum(m.is_overdue(TODAY) for m in milestones) >= 3
    assert sum(m.completed_on is not None for m in milestones) >= 10


def test_initiatives_from_the_partnership_documents(demo: DemoContext) -> None:
    initiatives = demo.shared["initiatives"]
    assert set(initiatives) == {
        "so-active", "pop-up-play", "befriending-calls", "smokebusters", "healthy-hub", "young-peoples-hub"
    }  # fmt: skip
    assert len(initiatives["pop-up-play"].places) == 12
    assert initiatives["befriending-calls"].partners.count() + 1 == 7  # the lead and six partners
    assert Initiative.objects.filter(nodes__isnull=True, partnership=demo.partnership).count() == 0


def test_demo_pages_render(demo: DemoContext) -> None:
    for key in ("mind", "viewer", "coordinator"):
        user: User = demo.users[key]
        client = Client()
        client.force_login(user)
        action = Action.objects.filter(strategy=demo.shared["strategy"]).first()
        assert action is not None
        for url in [
            "/p/healthy-stevenage/",
            "/p/healthy-stevenage/strategies/community-strategy/",
            "/p/healthy-stevenage/strategies/community-strategy/nodes/2.2/",
            f"/p/healthy-stevenage/actions/{action.pk}/",
            "/p/healthy-stevenage/initiatives/healthy-hub/",
            "/p/healthy-stevenage/organisations/mind-in-mid-herts/",
            "/p/healthy-stevenage/my-actions/",
        ]:
            assert client.get(url).status_code == 200, (key, url)


def test_some_priorities_have_the_coordinators_stocktake_on_their_pages(
    demo: DemoContext, client: Client
) -> None:
    strategy = demo.shared["strategy"]
    stocktake = ProgressUpdate.objects.filter(node__strategy=strategy)
    assert stocktake.count() == 7
    assert set(stocktake.values_list("node__depth", flat=True)) == {1}  # priorities, not themes
    assert set(stocktake.values_list("author", flat=True)) == {demo.users["coordinator"].pk}
    assert set(stocktake.values_list("period", flat=True)) == {"2026/27 Q1", "2026/27 Q2"}
    assert {u.posted_at.date() for u in stocktake} == {dt.date(2026, 7, 14), dt.date(2026, 10, 14)}
    priority = stocktake.filter(node__title="Support and encourage volunteering").first()
    assert priority is not None
    assert priority.node is not None
    client.force_login(demo.users["coordinator"])
    page = client.get(f"/p/healthy-stevenage/strategies/{strategy.slug}/nodes/{priority.node.ref}/")
    assert page.status_code == 200
    assert "522 people placed in roles" in page.content.decode()
