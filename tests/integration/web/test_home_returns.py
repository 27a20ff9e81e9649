"""A contributor's home page starts with their organisation's returns: sent back (with the reason),
overdue and due, each linking to the return. Nobody sees another organisation's returns there, and
the coordinator's home page is unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.returns import befriending
from wellboard.core.access import Actor
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.returns.models import Collection
from wellboard.returns.selectors import period_get
from wellboard.returns.services import return_save, return_send_back

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
HOME = "/p/test-town/"
RETURN = "/p/test-town/returns/befriending/{org}/{day}/"


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wellboard.core.clock.now", lambda: dt.datetime(2020, 7, 10, 9, tzinfo=dt.UTC))


@pytest.fixture
def collection(partnership: Partnership) -> Collection:
    return befriending(partnership, first_period_start=dt.date(2020, 5, 25))


def submit(actor: Actor, collection: Collection, organisation: Organisation, day: str) -> None:
    return_save(
        by=actor,
        collection=collection,
        organisation=organisation,
        period=period_get(collection=collection, text=day),
        values={"calls": "10", "visits": "1"},
        expected_version=None,
        submit=True,
    )


def send_back(
    actor: Actor, collection: Collection, organisation: Organisation, day: str, reason: str
) -> None:
    submit(actor, collection, organisation, day)
    data_return = collection.returns.get(organisation=organisation, period_start=dt.date.fromisoformat(day))
    return_send_back(by=actor, data_return=data_return, reason=reason, expected_version=None)


@pytest.fixture
def returns_to_do(
    collection: Collection, charity: Organisation, council: Organisation, cli_actor: Actor
) -> None:
    """The charity: 25 May not started (overdue), 8 June sent back, 22 June not started (due 6 July +
    10 working days). The council: 8 June sent back with its own reason."""
    send_back(cli_actor, collection, charity, "2020-06-08", "Check the home visits")
    send_back(cli_actor, collection, council, "2020-06-08", "Council figures look doubled")


def test_contributor_sees_their_returns_first(
    client_for: ClientFor, returns_to_do: None, charity_contributor: User
) -> None:
    response = client_for(charity_contributor).get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    ours = html.index("Your returns")
    assert ours < html.index("live strateg")  # before the summary tiles
    assert ours < html.index("Your organisation's actions")
    sent_back = html.index("Sent back to you for changes")
    overdue = html.index("Overdue</h3>")
    due = html.index("Due</h3>")
    assert ours < sent_back < overdue < due
    assert "Why it was sent back:</strong> Check the home visits" in html
    assert html.index(RETURN.format(org="test-charity", day="2020-06-08")) < overdue
    assert overdue < html.index(RETURN.format(org="test-charity", day="2020-05-25")) < due
    assert html.index(RETURN.format(org="test-charity", day="2020-06-22")) > due
    assert "Was due 19 June 2020 · Not started" in html
    assert "Due 17 July 2020 · Not started" in html
    # Another organisation's returns are not shown.
    assert "Council figures look doubled" not in html
    assert "/test-council/" not in html


def test_contributor_with_nothing_due_is_told_so(
    client_for: ClientFor, partnership: Partnership, charity: Organisation, council_contributor: User
) -> None:
    befriending(partnership, organisations=[charity])  # the council is not asked
    html = client_for(council_contributor).get(HOME).content.decode()
    assert "Your returns" in html
    assert "Nothing is due from your organisation at the moment." in html


def test_coordinator_home_has_no_returns_section(
    client_for: ClientFor, returns_to_do: None, coordinator: User
) -> None:
    html = client_for(coordinator).get(HOME).content.decode()
    assert "Your returns" not in html
    assert "Check the home visits" not in html
    assert "Live strategies" in html


def test_home_is_refused_to_outsiders_and_to_posts(
    client_for: ClientFor, returns_to_do: None, outsider: User, charity_contributor: User
) -> None:
    assert client_for(outsider).get(HOME).status_code == 404
    assert Client().get(HOME).status_code == 302
    assert client_for(charity_contributor).post(HOME, {"anything": "x"}).status_code == 405
