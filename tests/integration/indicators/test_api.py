"""The indicators API: members with tokens, anonymous readers of public partnerships, outsiders."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.indicators import World, make_world
from wellboard.core.access import Actor
from wellboard.indicators.models import IndicatorKind
from wellboard.indicators.services import ObservationInput, indicator_create, observations_save
from wellboard.partners.models import Partnership, User
from wellboard.partners.selectors import actor_for
from wellboard.partners.services import api_token_create

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/test-town"


@pytest.fixture
def world(partnership: Partnership, cli_actor: Actor) -> World:
    return make_world(partnership, cli_actor)


@pytest.fixture
def bearer(actor_of: Callable[[User], Actor]) -> Callable[[User], dict[str, str]]:
    def build(user: User) -> dict[str, str]:
        _, token = api_token_create(by=actor_of(user), name="tests")
        return {"Authorization": f"Bearer {token}"}

    return build


def test_members_list_and_read_indicators(
    client: Client, world: World, viewer: User, bearer: Callable[[User], dict[str, str]]
) -> None:
    headers = bearer(viewer)
    response = client.get(f"{BASE}/indicators", headers=headers)
    assert response.status_code == 200
    (listed,) = response.json()
    assert (listed["slug"], listed["value_type"], listed["polarity"]) == (
        world.smoking.slug,
        "percentage",
        "low is good",
    )
    assert client.get(f"{BASE}/indicators?value_type=count", headers=headers).json() == []

    detail = client.get(f"{BASE}/indicators/{world.smoking.slug}", headers=headers).json()
    assert detail["latest"]["area_code"] == "E07000243"
    assert detail["latest"]["value"] == pytest.approx(26.5)
    assert detail["latest"]["count"] == 265
    assert [c["name"] for c in detail["comparisons"]] == ["England", "Hertfordshire districts"]
    assert detail["comparisons"][0]["significance"] == "worse"
    assert detail["rag"]["rag"] == "red"
    assert detail["rag"]["thresholds"].startswith("Green: at or better than (at or below) the target")
    assert [t["period"] for t in detail["targets"]] == ["2018", "2022"]


def test_observations_are_filtered_and_paged(
    client: Client, world: World, viewer: User, bearer: Callable[[User], dict[str, str]]
) -> None:
    url = f"{BASE}/indicators/{world.smoking.slug}/observations"
    headers = bearer(viewer)
    page = client.get(f"{url}?area=E07000243&category_type=&limit=3&offset=1", headers=headers).json()
    assert page["count"] == 10  # 8 years of Persons, plus Male and Female in 2020
    assert (page["limit"], page["offset"], len(page["results"])) == (3, 1, 3)
    first = page["results"][0]
    assert first["value_computed"] is True
    assert first["suppressed"] is False
    deciles = client.get(f"{url}?category_type=Deprivation decile (IMD2019)", headers=headers).json()
    assert deciles["count"] == 10
    assert client.get(f"{url}?limit=0", headers=headers).status_code == 422


def test_private_partnerships_are_not_found_to_anonymous_readers_and_outsiders(
    client: Client, world: World, outsider: User, other_partnership: Partnership
) -> None:
    assert client.get(f"{BASE}/indicators").status_code == 404
    assert client.get(f"{BASE}/indicators/{world.smoking.slug}/observations").status_code == 404
    outsider_actor = actor_for(user=outsider, partnership=other_partnership)
    assert outsider_actor is not None
    _, token = api_token_create(by=outsider_actor, name="outsider")
    response = client.get(
        f"{BASE}/indicators/{world.smoking.slug}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 404
    assert client.get("/api/v1/partnerships/nowhere/indicators").status_code == 404


def test_public_partnerships_are_readable_with_disclosure_control(
    client: Client, world: World, partnership: Partnership, cli_actor: Actor
) -> None:
    partnership.is_public = True
    partnership.save(update_fields=["is_public"])
    observations_save(
        by=cli_actor,
        indicator=world.smoking,
        rows=[ObservationInput(area_code="E05007380", period="2019", count=3, denominator=40)],
        source="test",
    )
    assert client.get(f"{BASE}/indicators").status_code == 200
    detail = client.get(f"{BASE}/indicators/{world.smoking.slug}").json()
    assert detail["latest"]["count"] == 265  # rounded to the nearest 5
    assert detail["latest"]["denominator"] == 1000
    rows = client.get(f"{BASE}/indicators/{world.smoking.slug}/observations?area=E05007380").json()["results"]
    small = next(r for r in rows if r["period"] == "2019")
    assert small["suppressed"] is True
    assert (small["count"], small["value"], small["lower95"]) == (None, None, None)
    bedwell = next(r for r in rows if r["period"] == "2020")
    assert (bedwell["count"], bedwell["denominator"], bedwell["suppressed"]) == (90, 250, False)


def test_comparators(
    client: Client, world: World, viewer: User, bearer: Callable[[User], dict[str, str]]
) -> None:
    found = client.get(f"{BASE}/comparators", headers=bearer(viewer)).json()
    assert [(c["slug"], c["is_default"], c["area_codes"]) for c in found] == [
        ("england", True, ["E92000001"]),
        ("hertfordshire-districts", False, ["E07000099", "E07000243"]),
    ]


def test_unknown_indicator_is_not_found(
    client: Client, world: World, viewer: User, bearer: Callable[[User], dict[str, str]]
) -> None:
    assert client.get(f"{BASE}/indicators/nope", headers=bearer(viewer)).status_code == 404


def test_comparisons_say_who_judged_them(
    client: Client, world: World, viewer: User, bearer: Callable[[User], dict[str, str]]
) -> None:
    inactive = indicator_create(
        by=world.actor, name="Physically inactive adults", value_type="percentage", polarity="low is good"
    )
    rows = [
        ObservationInput(area_code="E92000001", period="2019", value=21.4),
        ObservationInput(
            area_code="E07000243", period="2019", value=27.9, published_vs_england="Worse 99.8%"
        ),
    ]
    observations_save(by=world.actor, indicator=inactive, rows=rows, source="Fingertips")
    headers = bearer(viewer)
    england, group = client.get(f"{BASE}/indicators/{inactive.slug}", headers=headers).json()["comparisons"]
    assert england == {
        "comparator": "england",
        "name": "England",
        "value": pytest.approx(21.4),
        "significance": "worse",
        "significance998": "worse",
        "judged_by": "publisher",
        "publisher": "Fingertips",
    }
    assert (group["significance"], group["judged_by"], group["publisher"]) == ("not_compared", "", "")
    ours = client.get(f"{BASE}/indicators/{world.smoking.slug}", headers=headers).json()["comparisons"][0]
    assert (ours["significance"], ours["judged_by"], ours["publisher"]) == ("worse", "wellboard", "")


def test_a_performance_measure_has_no_comparisons_or_recent_trend(
    client: Client, world: World, viewer: User, bearer: Callable[[User], dict[str, str]]
) -> None:
    calls = indicator_create(
        by=world.actor, name="Calls made", value_type="percentage", kind=IndicatorKind.HOW_WELL
    )
    rows = [
        ObservationInput(area_code="E07000243", period=str(y), count=40 + y - 2013, denominator=100)
        for y in range(2013, 2021)
    ]
    rows.append(ObservationInput(area_code="E92000001", period="2020", count=30, denominator=100))
    observations_save(by=world.actor, indicator=calls, rows=rows, source="returns")
    detail = client.get(f"{BASE}/indicators/{calls.slug}", headers=bearer(viewer)).json()
    assert detail["latest"]["period"] == "2020"
    assert detail["comparisons"] == []
    assert (detail["trend"], detail["trend_assessment"]) == (None, None)
    population = client.get(f"{BASE}/indicators/{world.smoking.slug}", headers=bearer(viewer)).json()
    assert population["trend"] is not None
    assert population["comparisons"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("offset=9223372036854775808", "offset"),
        ("offset=9223372036854775807", "offset"),
        ("offset=1000000001", "offset"),
        ("offset=-1", "offset"),
        ("limit=5001", "limit"),
        ("limit=99999999999999999999", "limit"),
    ],
)
def test_a_page_out_of_bounds_is_refused_naming_the_field(
    client: Client, world: World, partnership: Partnership, query: str, field: str
) -> None:
    partnership.is_public = True
    partnership.save(update_fields=["is_public"])
    response = client.get(f"{BASE}/indicators/{world.smoking.slug}/observations?{query}")
    assert response.status_code == 422
    body = response.json()
    assert list(body["errors"]) == [field]
    assert body["detail"].startswith(f"{field}: ")


def test_the_last_offset_allowed_answers_an_empty_page(
    client: Client, world: World, viewer: User, bearer: Callable[[User], dict[str, str]]
) -> None:
    url = f"{BASE}/indicators/{world.smoking.slug}/observations?offset=1000000000"
    page = client.get(url, headers=bearer(viewer)).json()
    assert (page["offset"], page["results"]) == (1_000_000_000, [])


def test_figures_from_partner_returns_are_disclosed_as_counts_to_anonymous_readers(
    client: Client,
    world: World,
    partnership: Partnership,
    cli_actor: Actor,
    viewer: User,
    bearer: Callable[[User], dict[str, str]],
) -> None:
    """A return's figure is published with its value equal to its count (93 calls by one organisation in
    one fortnight): the value is a count, and is rounded or suppressed as the count is."""
    partnership.is_public = True
    partnership.save(update_fields=["is_public"])
    calls = indicator_create(
        by=cli_actor, name="Befriending calls", value_type="count", method="none", kind=IndicatorKind.HOW_MUCH
    )
    observations_save(
        by=cli_actor,
        indicator=calls,
        rows=[
            ObservationInput(area_code="E07000243", period="2020", count=93, value=93),
            ObservationInput(area_code="E07000243", period="2021", count=3, value=3),
            ObservationInput(area_code="E07000243", period="2022", value=6),
        ],
        source="returns",
    )
    url = f"{BASE}/indicators/{calls.slug}/observations"
    public = {r["period"]: r for r in client.get(url).json()["results"]}
    assert (public["2020"]["count"], public["2020"]["value"], public["2020"]["suppressed"]) == (95, 95, False)
    assert (public["2021"]["count"], public["2021"]["value"], public["2021"]["suppressed"]) == (
        None,
        None,
        True,
    )
    assert (public["2022"]["value"], public["2022"]["suppressed"]) == (None, True)
    latest = client.get(f"{BASE}/indicators/{calls.slug}").json()["latest"]
    assert (latest["value"], latest["suppressed"]) == (None, True)
    member = {r["period"]: r for r in client.get(url, headers=bearer(viewer)).json()["results"]}
    assert (member["2020"]["count"], member["2020"]["value"]) == (93, 93)
    assert (member["2021"]["count"], member["2022"]["value"]) == (3, 6)
