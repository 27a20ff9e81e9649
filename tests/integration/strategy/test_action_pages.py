"""Action, milestone and progress update pages: happy paths, denied users and bad input.

A contributor of one organisation can read another organisation's action, but its edit pages and
update form answer 404 to them, by every route.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.strategy import ProgressUpdateFactory, StrategyWorld
from tests.integration.readable import assert_reads_as_words
from tests.integration.strategy.conftest import error_summary
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Organisation, User
from wellboard.strategy.models import Action, Milestone, ProgressUpdate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ClientFor = Callable[[User], Client]


def url(action: Action, suffix: str = "") -> str:
    return f"/p/test-town/actions/{action.pk}/{suffix}"


# ---------------------------------------------------------------- list and detail


def test_action_list_with_filters(
    client_for: ClientFor, world: StrategyWorld, viewer: User, outsider: User
) -> None:
    client = client_for(viewer)
    html = client.get("/p/test-town/actions/").content.decode()
    assert "Run pop-up play in parks" in html
    assert "Befriending calls" in html
    amber = client.get("/p/test-town/actions/?rag=amber&strategy=community").content.decode()
    assert "Befriending calls" in amber
    assert "Run pop-up play in parks" not in amber
    overdue = client.get("/p/test-town/actions/?overdue=on").content.decode()
    assert "No actions match these filters." in overdue
    assert client.get("/p/test-town/actions/?lead=nobody&rag=zzz").status_code == 200
    assert client_for(outsider).get("/p/test-town/actions/").status_code == 404


def test_action_page_for_its_contributor(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    ProgressUpdateFactory(action=world.council_action, narrative="Booked six parks", rag="amber")
    response = client_for(council_contributor).get(url(world.council_action))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Run pop-up play in parks" in html
    assert "Book the parks" in html  # milestone
    assert "Mark as done" in html
    assert "Booked six parks" in html  # progress history
    assert "Post a progress update" in html
    # The period defaults to the current financial quarter (23 November 2026).
    assert '<option value="2026/27 Q3" selected>' in html
    assert url(world.council_action, "edit/") in html


def test_action_page_names_its_milestones_box_and_says_when_no_one_supports_it(
    client_for: ClientFor, world: StrategyWorld, viewer: User
) -> None:
    world.council_action.supporting_organisations.clear()
    html = client_for(viewer).get(url(world.council_action)).content.decode()
    assert "No supporting organisations" in html
    box = (
        '<div class="wb-table-scroll" tabindex="0" role="region" '
        f'aria-label="Milestones of action {world.council_action.ref} (table)"><table class="govuk-table">'
    )
    assert box in " ".join(html.split()).replace("> <", "><")


@pytest.mark.parametrize("who", ["charity_contributor", "viewer", "board_member"])
def test_action_page_for_readers_has_no_forms(
    who: str, client_for: ClientFor, world: StrategyWorld, request: pytest.FixtureRequest
) -> None:
    response = client_for(request.getfixturevalue(who)).get(url(world.council_action))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Run pop-up play in parks" in html
    assert "Post a progress update" not in html
    assert "Mark as done" not in html
    assert url(world.council_action, "edit/") not in html
    assert url(world.council_action, "updates/new/") not in html


def test_action_page_flags_overdue_in_words(
    client_for: ClientFor, world: StrategyWorld, viewer: User
) -> None:
    Action.objects.filter(pk=world.council_action.pk).update(due_date=dt.date(2026, 1, 31))
    Milestone.objects.filter(pk=world.council_milestone.pk).update(due_date=dt.date(2026, 2, 1))
    html = client_for(viewer).get(url(world.council_action)).content.decode()
    assert "Overdue: it was due on 31 January 2026" in html
    assert "Overdue: due 1 February 2026" in html


def test_action_page_denied(
    client_for: ClientFor, world: StrategyWorld, outsider: User, viewer: User
) -> None:
    assert client_for(outsider).get(url(world.council_action)).status_code == 404
    assert client_for(viewer).get("/p/test-town/actions/999999/").status_code == 404


# ---------------------------------------------------------------- progress updates


def test_contributor_posts_update_as_plain_form(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    client = client_for(council_contributor)
    response = client.post(
        url(world.council_action, "updates/new/"),
        {"period": "2026/27 Q2", "narrative": "Sixty sessions in twelve parks", "rag": "amber"},
    )
    assert response.status_code == 302
    assert response["Location"] == url(world.council_action) + "#progress"
    page = client.get(response["Location"]).content.decode()
    assert "Progress update for 2026/27 Q2 posted" in page
    assert "Sixty sessions in twelve parks" in page
    world.council_action.refresh_from_db()
    assert world.council_action.rag == "amber"
    history = client.get(url(world.council_action, "history/")).content.decode()
    text = assert_reads_as_words(history)
    assert "posted the progress update for 2026/27 Q2 on" in text
    assert "Action to date Sixty sessions in twelve parks" in text
    assert "RAG rating Was Green → , now Amber" in text


def test_update_with_htmx_swaps_only_the_progress_section(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    client = client_for(council_contributor)
    ok = client.post(
        url(world.council_action, "updates/new/"),
        {"period": "2026/27 Q3", "narrative": "On track", "rag": "green"},
        headers={"HX-Request": "true"},
    )
    assert ok.status_code == 200
    html = ok.content.decode()
    assert html.lstrip().startswith('<section id="progress"')
    assert "Progress update for 2026/27 Q3 posted" in html
    assert "On track" in html
    bad = client.post(
        url(world.council_action, "updates/new/"),
        {"period": "2026/27 Q3", "narrative": "", "rag": "green"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 400
    assert error_summary(bad.content.decode())
    assert ProgressUpdate.objects.count() == 1


def test_update_bad_input_keeps_what_was_typed(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    response = client_for(council_contributor).post(
        url(world.council_action, "updates/new/"),
        {"period": "2031/32 Q1", "narrative": "Half my update", "rag": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert error_summary(html)
    assert "<title>Error: " in html
    assert "2031/32 Q1 has not started yet: choose a period that has" in html
    assert "Choose a RAG rating" in html
    assert "Half my update" in html
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("who", ["charity_contributor", "viewer", "board_member", "outsider"])
def test_others_cannot_post_updates_404(
    who: str, client_for: ClientFor, world: StrategyWorld, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    data = {"period": "2026/27 Q2", "narrative": "Not mine", "rag": "red"}
    assert client.post(url(world.council_action, "updates/new/"), data).status_code == 404
    assert (
        client.post(
            url(world.council_action, "updates/new/"), data, headers={"HX-Request": "true"}
        ).status_code
        == 404
    )
    assert not ProgressUpdate.objects.exists()


def test_coordinator_posts_to_any_action(
    client_for: ClientFor, world: StrategyWorld, coordinator: User
) -> None:
    response = client_for(coordinator).post(
        url(world.charity_action, "updates/new/"),
        {"period": "2026/27 Q2", "narrative": "Collated", "rag": "green"},
    )
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().author == coordinator


def test_update_url_get_goes_to_the_form(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    response = client_for(council_contributor).get(url(world.council_action, "updates/new/"))
    assert response.status_code == 302
    assert response["Location"].endswith("#post-update")


# ---------------------------------------------------------------- editing actions


def _contributor_form(action: Action, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "status": action.status,
        "rag": action.rag,
        "start_date": action.start_date.isoformat() if action.start_date else "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "smart_target": action.smart_target,
        "description": action.description,
        "version": action.version,
    }
    data.update(changes)
    return data


def test_contributor_edits_own_action(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    client = client_for(council_contributor)
    page = client.get(url(world.council_action, "edit/")).content.decode()
    assert 'name="lead_organisation"' not in page  # not theirs to change
    response = client.post(
        url(world.council_action, "edit/"), _contributor_form(world.council_action, status="on_hold")
    )
    assert response.status_code == 302
    world.council_action.refresh_from_db()
    assert (world.council_action.status, world.council_action.version) == ("on_hold", 2)


def test_contributor_edit_bad_input(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    response = client_for(council_contributor).post(
        url(world.council_action, "edit/"),
        _contributor_form(world.council_action, due_date="2020-01-01", smart_target="Typed target"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert error_summary(html)
    assert "The due date must be on or after the start date" in html
    assert "Typed target" in html
    world.council_action.refresh_from_db()
    assert world.council_action.version == 1


def test_edit_conflict_shows_both_versions(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User, coordinator: User
) -> None:
    stale = _contributor_form(world.council_action, smart_target="My target")
    client_for(coordinator).post(
        url(world.council_action, "edit/"),
        {
            **_contributor_form(world.council_action, smart_target="Their target"),
            "title": world.council_action.title,
            "node": world.priority.pk,
            "lead_organisation": world.council_action.lead_organisation_id,
        },
    )
    response = client_for(council_contributor).post(url(world.council_action, "edit/"), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "My target" in html
    assert "Their target" in html
    world.council_action.refresh_from_db()
    assert world.council_action.smart_target == "Their target"


@pytest.mark.parametrize("who", ["charity_contributor", "viewer", "board_member", "outsider"])
def test_others_cannot_edit(
    who: str, client_for: ClientFor, world: StrategyWorld, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    assert client.get(url(world.council_action, "edit/")).status_code == 404
    assert (
        client.post(
            url(world.council_action, "edit/"), _contributor_form(world.council_action, rag="red")
        ).status_code
        == 404
    )
    world.council_action.refresh_from_db()
    assert world.council_action.rag == "green"


def test_coordinator_adds_action(
    client_for: ClientFor,
    world: StrategyWorld,
    coordinator: User,
    charity: Organisation,
    council: Organisation,
) -> None:
    client = client_for(coordinator)
    new = "/p/test-town/strategies/community/nodes/1.1/actions/new/"
    assert client.get(new).status_code == 200
    response = client.post(
        new,
        {
            "title": "Train mental health first aiders",
            "node": world.priority.pk,
            "lead_organisation": charity.pk,
            "supporting_organisations": [council.pk],
            "status": "not_started",
            "rag": "not_rated",
            "smart_target": "200 trained by March 2026",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Train mental health first aiders")
    assert action.ref == "A3"
    assert response["Location"] == url(action)


def test_add_action_bad_input(
    client_for: ClientFor, world: StrategyWorld, coordinator: User, council: Organisation
) -> None:
    response = client_for(coordinator).post(
        "/p/test-town/strategies/community/nodes/1.1/actions/new/",
        {"title": "Half typed", "node": world.priority.pk, "status": "not_started", "rag": "not_rated",
         "supporting_organisations": [council.pk]},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the lead organisation" in html
    assert 'value="Half typed"' in html
    assert Action.objects.count() == 2


def test_contributors_cannot_add_or_delete_actions(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    client = client_for(council_contributor)
    assert client.get("/p/test-town/strategies/community/nodes/1.1/actions/new/").status_code == 403
    assert client.post(url(world.council_action, "delete/")).status_code == 403
    assert client.post(url(world.charity_action, "delete/")).status_code == 404
    assert Action.objects.count() == 2


def test_coordinator_deletes_action(client_for: ClientFor, world: StrategyWorld, coordinator: User) -> None:
    client = client_for(coordinator)
    assert client.get(url(world.council_action, "delete/")).status_code == 200
    response = client.post(url(world.council_action, "delete/"))
    assert response.status_code == 302
    assert not Action.objects.filter(pk=world.council_action.pk).exists()


def test_action_history(client_for: ClientFor, world: StrategyWorld, viewer: User, outsider: User) -> None:
    assert client_for(viewer).get(url(world.council_action, "history/")).status_code == 200
    assert client_for(outsider).get(url(world.council_action, "history/")).status_code == 404


# ---------------------------------------------------------------- milestones


def test_contributor_adds_and_edits_milestones(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    client = client_for(council_contributor)
    assert client.get(url(world.council_action, "milestones/new/")).status_code == 200
    added = client.post(
        url(world.council_action, "milestones/new/"), {"title": "Order packs", "due_date": "2026-06-30"}
    )
    assert added.status_code == 302
    milestone = Milestone.objects.get(title="Order packs")
    edit = f"/p/test-town/milestones/{milestone.pk}/edit/"
    assert client.get(edit).status_code == 200
    saved = client.post(edit, {"title": "Order 1,000 packs", "due_date": "2026-06-30", "version": 1})
    assert saved.status_code == 302
    milestone.refresh_from_db()
    assert milestone.title == "Order 1,000 packs"
    stale = client.post(edit, {"title": "Old", "due_date": "2026-06-30", "version": 1})
    assert stale.status_code == 409


def test_milestone_bad_input(client_for: ClientFor, world: StrategyWorld, council_contributor: User) -> None:
    response = client_for(council_contributor).post(
        url(world.council_action, "milestones/new/"),
        {"title": "Typed", "due_date": "not a date", "completed_on": "2030-01-01"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert error_summary(html)
    assert "The due date must be a real date" in html
    assert 'value="Typed"' in html
    assert Milestone.objects.count() == 2
    done_in_future = client_for(council_contributor).post(
        url(world.council_action, "milestones/new/"),
        {"title": "Typed", "due_date": "2026-01-01", "completed_on": "2030-01-01"},
    )
    assert done_in_future.status_code == 400
    assert "today or in the past" in done_in_future.content.decode()


def test_mark_milestone_done(client_for: ClientFor, world: StrategyWorld, council_contributor: User) -> None:
    client = client_for(council_contributor)
    complete = f"/p/test-town/milestones/{world.council_milestone.pk}/complete/"
    assert client.get(complete).status_code == 405
    response = client.post(complete, {"version": 1})
    assert response.status_code == 302
    world.council_milestone.refresh_from_db()
    assert world.council_milestone.completed_on == dt.date(2026, 11, 23)
    assert client.post(complete, {"version": 1}).status_code == 409


@pytest.mark.parametrize("who", ["charity_contributor", "viewer", "outsider"])
def test_others_cannot_touch_milestones(
    who: str, client_for: ClientFor, world: StrategyWorld, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    pk = world.council_milestone.pk
    assert client.get(url(world.council_action, "milestones/new/")).status_code == 404
    assert (
        client.post(
            url(world.council_action, "milestones/new/"), {"title": "x", "due_date": "2026-01-01"}
        ).status_code
        == 404
    )
    assert client.get(f"/p/test-town/milestones/{pk}/edit/").status_code == 404
    assert client.post(f"/p/test-town/milestones/{pk}/complete/", {"version": 1}).status_code == 404
    assert client.post(f"/p/test-town/milestones/{pk}/delete/").status_code == 404
    world.council_milestone.refresh_from_db()
    assert world.council_milestone.completed_on is None


def test_delete_milestone_and_history(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User, viewer: User
) -> None:
    pk = world.council_milestone.pk
    client = client_for(council_contributor)
    assert client.get(f"/p/test-town/milestones/{pk}/delete/").status_code == 200
    assert client.post(f"/p/test-town/milestones/{pk}/history/").status_code == 405
    history = client_for(viewer).get(f"/p/test-town/milestones/{pk}/history/")
    assert history.status_code == 200
    assert client.post(f"/p/test-town/milestones/{pk}/delete/").status_code == 302
    assert not Milestone.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(action="milestone.delete").exists()
    assert client_for(viewer).get(f"/p/test-town/milestones/{pk}/history/").status_code == 404
