"""The hub dashboards: exact for the hub's own workers, disclosed for everyone else who may read them."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.hub import make_hub_worker
from tests.factories.hub_dashboard import FigureWorld, make_figure_world
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
PAGE = "/p/test-town/hubs/healthy-hub/dashboard/"
YEAR = "?from=2026-01-01&to=2026-12-31"


@pytest.fixture
def world(partnership: Partnership) -> FigureWorld:
    return make_figure_world(partnership)


@pytest.fixture
def worker(partnership: Partnership, world: FigureWorld) -> User:
    return make_hub_worker(partnership, "hub-worker", world.hub)


def _rows(client: Client, key: str, query: str = YEAR, base: str = PAGE) -> dict[str, object]:
    response = client.get(f"{base}{key}.json{query}")
    assert response.status_code == 200
    return {row["code"]: row["count"] for row in json.loads(response.content)["rows"]}


def test_a_hub_worker_sees_exact_counts(client_for: ClientFor, worker: User, world: FigureWorld) -> None:
    client = client_for(worker)
    response = client.get(PAGE + YEAR)
    assert response.status_code == 200
    body = response.content.decode()
    assert "exact counts" in body
    assert 'data-chart="chart-sex-spec"' in body
    assert "a" * 64 not in body  # never a client key, never a visit
    assert _rows(client, "sex") == {"female": 3, "male": 1, "other": 0, "not-stated": 1}
    assert _rows(client, "need")["mental-health"] == 2


def test_a_coordinator_sees_counts_through_disclosure_control(
    client_for: ClientFor, coordinator: User, world: FigureWorld
) -> None:
    client = client_for(coordinator)
    response = client.get(PAGE + YEAR)
    assert response.status_code == 200
    body = response.content.decode()
    assert "data-disclosed" in body
    assert "a" * 64 not in body
    assert _rows(client, "sex") == {"female": "*", "male": "*", "other": 0, "not-stated": "*"}
    csv = client.get(f"{PAGE}sex.csv{YEAR}")
    assert csv.status_code == 200
    assert "Female,female,*" in csv.content.decode("utf-8-sig")


@pytest.mark.parametrize("reader", ["analyst", "board_member"])
def test_analysts_and_board_members_read_it_disclosed(
    request: pytest.FixtureRequest, client_for: ClientFor, world: FigureWorld, reader: str
) -> None:
    client = client_for(request.getfixturevalue(reader))
    assert client.get(PAGE + YEAR).status_code == 200
    assert _rows(client, "route")["walk-in"] == "*"


def test_another_hubs_worker_finds_nothing(
    client_for: ClientFor, partnership: Partnership, world: FigureWorld
) -> None:
    elsewhere = make_hub_worker(partnership, "pop-up-worker", world.other_hub)
    client = client_for(elsewhere)
    assert client.get(PAGE).status_code == 404
    assert client.get(f"{PAGE}sex.json").status_code == 404
    assert client.get("/p/test-town/hubs/pop-up-hub/dashboard/").status_code == 200
    assert client.get("/p/test-town/hubs/dashboard/").status_code == 404


@pytest.mark.parametrize("reader", ["charity_contributor", "council_contributor", "viewer", "outsider"])
def test_others_are_told_it_does_not_exist(
    request: pytest.FixtureRequest, client_for: ClientFor, world: FigureWorld, reader: str
) -> None:
    client = client_for(request.getfixturevalue(reader))
    assert client.get(PAGE).status_code == 404
    assert client.get("/p/test-town/hubs/dashboard/").status_code == 404


def test_bad_dates_say_why(client_for: ClientFor, worker: User, world: FigureWorld) -> None:
    client = client_for(worker)
    response = client.get(PAGE + "?from=31/02/2026&to=2026-01-01")
    assert response.status_code == 400
    assert "is not a date" in response.content.decode()
    backwards = client.get(PAGE + "?from=2026-02-01&to=2026-01-01")
    assert backwards.status_code == 400
    assert "must not be before the start date" in backwards.content.decode()
    download = client.get(f"{PAGE}sex.csv?from=nonsense")
    assert download.status_code == 400
    assert "is not a date" in download.content.decode()
    assert client.get(f"{PAGE}nothing.csv{YEAR}").status_code == 404
    assert client.get(f"{PAGE}sex.xml{YEAR}").status_code == 404


def test_the_route_filter(client_for: ClientFor, worker: User, world: FigureWorld) -> None:
    client = client_for(worker)
    routes = _rows(client, "route", YEAR + "&route=walk-in&route=self-referral")
    assert routes["walk-in"] == 1
    assert routes["partner-appointment"] == 0
    bad = client.get(PAGE + YEAR + "&route=teleport")
    assert bad.status_code == 400


def test_every_hubs_dashboard_adds_the_hubs_up(
    client_for: ClientFor, coordinator: User, world: FigureWorld
) -> None:
    client = client_for(coordinator)
    response = client.get("/p/test-town/hubs/dashboard/" + YEAR)
    assert response.status_code == 200
    assert "Pop-up Hub" in response.content.decode()
    needs = _rows(client, "need", base="/p/test-town/hubs/dashboard/")
    assert needs["alcohol"] == "*"  # the pop-up's visit is counted too, and disclosed


def test_referral_outcomes_are_shown_exactly_to_the_hubs_worker(
    client_for: ClientFor, worker: User, world: FigureWorld
) -> None:
    response = client_for(worker).get(f"{PAGE}referrals-by-service.json{YEAR}")
    rows = {row["label"]: row for row in json.loads(response.content)["rows"]}
    assert rows["Stop smoking"]["total"] == 2
    assert rows["Stop smoking"]["attended_percent"] == pytest.approx(50.0)
    assert rows["Stop smoking"]["attended_lower"] == pytest.approx(9.45, abs=0.01)


def test_referral_rates_are_hidden_from_the_coordinator_when_counts_are(
    client_for: ClientFor, coordinator: User, world: FigureWorld
) -> None:
    response = client_for(coordinator).get(f"{PAGE}referrals-by-service.json{YEAR}")
    rows = {row["label"]: row for row in json.loads(response.content)["rows"]}
    assert rows["Stop smoking"]["total"] == "*"
    assert rows["Stop smoking"]["attended_percent"] is None


def test_board_members_find_the_dashboards_in_the_navigation(
    client_for: ClientFor, board_member: User, world: FigureWorld
) -> None:
    client = client_for(board_member)
    body = client.get("/p/test-town/").content.decode()
    assert 'href="/p/test-town/hubs/dashboard/"' in body
    every = client.get("/p/test-town/hubs/dashboard/").content.decode()
    assert f'href="{PAGE}"' in every
