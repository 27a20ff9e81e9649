"""The area pages and the coordinator's custom-area editor."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories.geography import Place, make_place, single_years
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.geography.models import Area, Deprivation
from wellboard.geography.policy import CHANGE_CUSTOM_AREAS
from wellboard.geography.services import custom_area_create
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


@pytest.fixture
def place(partnership: Partnership) -> Place:
    partnership.area_code = "E07000243"
    partnership.save()
    built = make_place()
    single_years(built.stevenage, year=2019, counts=[100 + (age % 5) for age in range(91)])
    Deprivation.objects.create(
        area=built.stevenage,
        edition="IMD2019",
        score=Decimal("19.695"),
        rank=140,
        ranked_areas=317,
        decile=5,
        population=86579,
        derived=True,
    )
    return built


def url(partnership: Partnership, *parts: str) -> str:
    return "/".join([f"/p/{partnership.slug}/areas", *parts]) + "/"


def test_index_lists_the_partnerships_places(
    place: Place, partnership: Partnership, viewer: User, client_for: ClientFor
) -> None:
    response = client_for(viewer).get(url(partnership))
    assert response.status_code == 200
    text = response.content.decode()
    for name in (
        "England",
        "East of England",
        "Hertfordshire",
        "Stevenage",
        "North Hertfordshire",
        "Bedwell",
    ):
        assert name in text
    assert "Luton" not in text
    assert "Define a custom area" not in text
    assert ">Districts or unitary authorities</h2>" in text  # Stevenage and North Hertfordshire
    assert ">County or unitary authority</h2>" in text  # Hertfordshire alone
    assert "authoritys" not in text


def test_area_page_shows_parents_children_deprivation_and_population(
    place: Place, partnership: Partnership, viewer: User, client_for: ClientFor
) -> None:
    response = client_for(viewer).get(url(partnership, "E07000243"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Hertfordshire</a>" in text
    assert "Electoral wards in Stevenage (2)" in text
    county = client_for(viewer).get(url(partnership, "E10000015")).content.decode()
    assert "Districts or unitary authorities in Hertfordshire (2)" in county
    assert "Lower layer super output areas in Stevenage (4)" in text
    assert "140 of 317" in text
    assert "weighted by population (86,579)" in text
    assert "Population by age, 2019" in text
    assert '<th scope="row" class="govuk-table__header">90+</th>' in text


def test_unknown_area_and_outsiders_get_404(
    place: Place, partnership: Partnership, viewer: User, outsider: User, client_for: ClientFor
) -> None:
    assert client_for(viewer).get(url(partnership, "E07999999")).status_code == 404
    assert client_for(outsider).get(url(partnership, "E07000243")).status_code == 404
    assert client_for(outsider).get(url(partnership)).status_code == 404


def test_another_partnerships_custom_area_is_not_found(
    place: Place,
    partnership: Partnership,
    other_partnership: Partnership,
    coordinator: User,
    client_for: ClientFor,
) -> None:
    theirs = custom_area_create(
        by=Actor.command_line(other_partnership.pk), name="Theirs", member_codes=["E05004806"]
    )
    client = client_for(coordinator)
    assert client.get(url(partnership, theirs.code)).status_code == 404
    assert client.get(url(partnership, theirs.code, "edit")).status_code == 404
    assert client.post(url(partnership, theirs.code, "delete")).status_code == 404
    assert Area.objects.filter(pk=theirs.pk).exists()


def test_coordinator_defines_changes_and_deletes_a_custom_area(
    place: Place, partnership: Partnership, coordinator: User, client_for: ClientFor
) -> None:
    client = client_for(coordinator)
    assert client.get(url(partnership, "new")).status_code == 200
    response = client.post(
        url(partnership, "new"),
        {
            "name": "Healthy Hub catchment",
            "member_codes": "E05004806,\nE01023750",
            "description": "Where we work",
        },
    )
    area = Area.objects.get(type="custom")
    assert response.status_code == 302
    assert response["Location"] == url(partnership, area.code)
    page = client.get(url(partnership, area.code)).content.decode()
    assert "Made of (2)" in page
    assert "Change this area" in page

    response = client.post(
        url(partnership, area.code, "edit"),
        {"name": "Hub catchment", "member_codes": "E05004815", "version": 1},
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.name, area.version) == ("Hub catchment", 2)

    stale = client.post(
        url(partnership, area.code, "edit"), {"name": "Stale name", "member_codes": "E05004815", "version": 1}
    )
    assert stale.status_code == 409
    area.refresh_from_db()
    assert area.name == "Hub catchment"

    assert client.post(url(partnership, area.code, "delete")).status_code == 302
    assert not Area.objects.filter(pk=area.pk).exists()
    assert AuditEvent.objects.filter(action__in=["area.create", "area.update", "area.delete"]).count() == 3


def test_bad_input_answers_400_with_the_error_summary(
    place: Place, partnership: Partnership, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        url(partnership, "new"), {"name": "Hub", "member_codes": "E05999999"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert "These codes are not known areas: E05999999" in text
    assert "E05999999" in text  # what was typed is kept
    assert response.content.decode().count("<title>Error: ") == 1
    empty = client_for(coordinator).post(url(partnership, "new"), {"name": "", "member_codes": ""})
    assert empty.status_code == 400
    assert not Area.objects.filter(type="custom").exists()


def test_only_coordinators_may_edit(
    place: Place, partnership: Partnership, viewer: User, cli_actor: Actor, client_for: ClientFor
) -> None:
    area = custom_area_create(by=cli_actor, name="Hub", member_codes=["E05004806"])
    client = client_for(viewer)
    assert client.get(url(partnership, area.code)).status_code == 200
    assert client.get(url(partnership, "new")).status_code == 403
    assert (
        client.post(url(partnership, "new"), {"name": "Mine", "member_codes": "E05004806"}).status_code == 403
    )
    assert client.get(url(partnership, area.code, "edit")).status_code == 403
    assert client.post(url(partnership, area.code, "delete")).status_code == 403
    assert Area.objects.filter(pk=area.pk).exists()


def test_signed_out_people_are_sent_to_sign_in(place: Place, partnership: Partnership) -> None:
    response = Client().get(url(partnership, "E07000243"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_pages_offer_custom_area_changes_to_those_the_policy_allows(
    place: Place,
    partnership: Partnership,
    coordinator: User,
    analyst: User,
    cli_actor: Actor,
    client_for: ClientFor,
) -> None:
    area = custom_area_create(by=cli_actor, name="Hub", member_codes=["E05004806"])
    for_coordinator = client_for(coordinator)
    assert "Define a custom area" in for_coordinator.get(url(partnership)).content.decode()
    page = for_coordinator.get(url(partnership, area.code)).content.decode()
    assert "Change this area" in page
    assert "Delete this area" in page
    for_analyst = client_for(analyst)
    assert "Define a custom area" not in for_analyst.get(url(partnership)).content.decode()
    page = for_analyst.get(url(partnership, area.code)).content.decode()
    assert "Change this area" not in page
    assert "Delete this area" not in page
    refused = for_analyst.get(url(partnership, area.code, "edit"))
    assert refused.status_code == 403
    assert CHANGE_CUSTOM_AREAS.message in refused.content.decode()


def test_the_form_shows_the_schemas_messages_and_a_name_already_used(
    place: Place, partnership: Partnership, coordinator: User, cli_actor: Actor, client_for: ClientFor
) -> None:
    custom_area_create(by=cli_actor, name="Hub", member_codes=["E05004806"])
    client = client_for(coordinator)
    empty = client.post(url(partnership, "new"), {"name": " ", "member_codes": " , "})
    assert empty.status_code == 400
    text = empty.content.decode()
    assert "Enter a name for the area" in text
    assert "Enter the codes of the LSOAs, wards or MSOAs in the area" in text
    taken = client.post(url(partnership, "new"), {"name": "hub", "member_codes": "E05004815"})
    assert taken.status_code == 400
    assert "Your partnership already has an area called &#x27;hub&#x27;" in taken.content.decode()
    assert Area.objects.filter(type="custom").count() == 1


def test_a_custom_area_saved_unchanged_from_its_form_writes_nothing(
    place: Place, partnership: Partnership, coordinator: User, cli_actor: Actor, client_for: ClientFor
) -> None:
    area = custom_area_create(by=cli_actor, name="Hub", member_codes=["E05004806", "E01023750"])
    client = client_for(coordinator)
    form = client.get(url(partnership, area.code, "edit")).context["form"]
    posted = {name: form[name].value() or "" for name in ("name", "member_codes", "description", "version")}
    response = client.post(url(partnership, area.code, "edit"), posted)
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.version == 1
    assert not AuditEvent.objects.filter(action="area.update").exists()


def test_a_saved_custom_area_leads_to_its_page_without_a_banner(
    place: Place, partnership: Partnership, coordinator: User, client_for: ClientFor
) -> None:
    response = client_for(coordinator).post(
        url(partnership, "new"), {"name": "Hub", "member_codes": "E05004806"}, follow=True
    )
    assert response.redirect_chain == [(url(partnership, Area.objects.get(type="custom").code), 302)]
    assert list(response.context["messages"]) == []
