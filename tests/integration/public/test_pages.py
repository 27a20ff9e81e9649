"""The public site: every route answers a signed-out reader for a partnership that publishes, 404
for one that does not (or for what is not there), and is cacheable by anyone."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories.public import PublicWorld, build_public_world
from wellboard.partners.models import Partnership, User

BASE = "/public/test-town/"
PAGES = [
    "",
    "strategies/community/",
    "indicators/",
    "indicators/smokers/",
    "indicators/admissions/",
    "reach/",
    "reports/",
    "accessibility/",
    "data/",
]
DATA = [
    "data/datapackage.json",
    *(
        f"data/{name}.{fmt}"
        for name in ("strategy", "actions", "progress-updates", "indicator-observations", "reach")
        for fmt in ("csv", "json")
    ),
]


@pytest.fixture
def world(partnership: Partnership) -> PublicWorld:
    return build_public_world(partnership)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES + DATA)
def test_every_public_route_answers_a_signed_out_reader(
    client: Client, world: PublicWorld, path: str
) -> None:
    response = client.get(BASE + path)
    assert response.status_code == 200, path
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"].startswith('"')
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES + DATA)
def test_a_partnership_that_does_not_publish_answers_404(
    client: Client, world: PublicWorld, coordinator: User, path: str
) -> None:
    Partnership.objects.filter(pk=world.partnership.pk).update(is_public=False)
    assert client.get(BASE + path).status_code == 404
    client.force_login(coordinator)  # even for its own members: the public site is closed
    assert client.get(BASE + path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "data/nothing.csv",
        "data/actions.xlsx",
        "data/actions.csv.json",
        "indicators/no-such-indicator/",
        "strategies/draft-plan/",
        "strategies/archived-plan/",
        "strategies/no-such-strategy/",
    ],
)
def test_what_is_not_published_answers_404(client: Client, world: PublicWorld, path: str) -> None:
    assert client.get(BASE + path).status_code == 404


@pytest.mark.django_db
def test_unknown_partnership_answers_404(client: Client) -> None:
    assert client.get("/public/nowhere/").status_code == 404
    assert client.get("/public/nowhere/data/actions.csv").status_code == 404


@pytest.mark.django_db
def test_another_partnerships_indicator_is_not_found_here(
    client: Client, world: PublicWorld, other_partnership: Partnership
) -> None:
    from tests.factories.indicators import IndicatorFactory

    IndicatorFactory(partnership=other_partnership, slug="elsewhere-only")
    assert client.get(BASE + "indicators/elsewhere-only/").status_code == 404


@pytest.mark.django_db
def test_etag_revalidates_until_the_data_changes(
    client: Client, world: PublicWorld, coordinator: User
) -> None:
    from wellboard.core.access import Actor
    from wellboard.partners.services import partnership_update

    first = client.get(BASE + "reach/")
    again = client.get(BASE + "reach/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=300"
    partnership = world.partnership
    partnership.refresh_from_db()
    partnership_update(
        by=Actor.command_line(partnership.pk),
        partnership=partnership,
        expected_version=partnership.version,
        description="Working together for a healthier town.",
    )
    changed = client.get(BASE, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Working together for a healthier town." in changed.content.decode()
    assert client.get(BASE + "reach/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.django_db
def test_writes_are_refused(client: Client, world: PublicWorld) -> None:
    assert client.post(BASE).status_code == 405
    assert client.post(BASE + "data/actions.csv").status_code == 405


@pytest.mark.django_db
def test_pages_show_the_live_strategy_its_progress_and_figures(client: Client, world: PublicWorld) -> None:
    strategy = client.get(BASE + "strategies/community/").content.decode()
    assert "Run pop-up play in parks" in strategy
    assert "Test Council" in strategy
    assert "Test Charity" in strategy
    assert "Sessions running in four parks." in strategy
    assert "Mental health support reached more people this quarter." in strategy
    assert "Book the parks" in strategy
    home = client.get(BASE).content.decode()
    assert "Community strategy" in home
    indicators = client.get(BASE + "indicators/").content.decode()
    assert "Adults who smoke" in indicators
    assert "29.0%" in indicators
    detail = client.get(BASE + "indicators/smokers/").content.decode()
    assert 'data-chart="chart-trend-spec"' in detail
    assert "<table" in detail
    reach = client.get(BASE + "reach/").content.decode()
    assert "Befriending service" in reach
    assert "Calls made" in reach
    # 120 + 135 + 150 calls from each of two organisations: 810 in all.
    assert "810" in reach


@pytest.mark.django_db
def test_internal_pages_keep_true_figures(
    client: Client, partnership: Partnership, coordinator: User
) -> None:
    build_public_world(partnership, calls=(3, 4, 6))
    client.force_login(coordinator)
    internal = client.get("/p/test-town/returns/reach/").content.decode()
    # Two organisations each made 3, 4 and 6 calls: 26 in all, as returned; rounded to 25 in public.
    assert ">26<" in internal
    public = Client().get(BASE + "reach/").content.decode()
    assert ">26<" not in public
    assert ">25<" in public
