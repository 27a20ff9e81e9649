from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.integration.readable import assert_reads_as_words
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Organisation, Partnership, User

pytestmark = pytest.mark.django_db


def org_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Stevenage Helps",
        "kind": "vcfs",
        "website": "",
        "description": "Volunteers",
        "board_seat": "on",
        "seat_title": "Voluntary sector",
        "joined_on": "2020-04-01",
        "left_on": "",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_an_organisation(
    client_for: Callable[[User], Client], partnership: Partnership, coordinator: User
) -> None:
    client = client_for(coordinator)
    url = f"/p/{partnership.slug}/organisations/new/"
    assert client.get(url).status_code == 200
    response = client.post(url, org_data())
    assert response.status_code == 302
    created = Organisation.objects.get(partnership=partnership, name="Stevenage Helps")
    assert created.membership.board_seat
    assert created.membership.seat_title == "Voluntary sector"
    assert f"/organisations/{created.slug}/" in response["Location"]


def test_bad_input_keeps_what_was_typed(
    client_for: Callable[[User], Client], partnership: Partnership, coordinator: User
) -> None:
    response = client_for(coordinator).post(
        f"/p/{partnership.slug}/organisations/new/", org_data(name="", website="not a site", kind="spaceship")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter the organisation&#x27;s name" in body
    assert "Enter a web address" in body
    assert "Volunteers" in body
    duplicate = client_for(coordinator).post(
        f"/p/{partnership.slug}/organisations/new/", org_data(name="Test Council")
    )
    assert duplicate.status_code == 400
    assert "already a member organisation" in duplicate.content.decode()


def test_only_coordinators_manage_organisations(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    council_contributor: User,
    outsider: User,
    council: Organisation,
) -> None:
    for url in (
        f"/p/{partnership.slug}/organisations/new/",
        f"/p/{partnership.slug}/organisations/{council.slug}/edit/",
    ):
        assert client_for(viewer).get(url).status_code == 403
        assert client_for(council_contributor).post(url, org_data()).status_code == 403
        assert client_for(outsider).get(url).status_code == 404
    assert Organisation.objects.filter(partnership=partnership).count() == 2


def test_edit_with_board_seat_and_history(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    coordinator: User,
    viewer: User,
    council: Organisation,
) -> None:
    client = client_for(coordinator)
    url = f"/p/{partnership.slug}/organisations/{council.slug}/edit/"
    page = client.get(url).content.decode()
    assert 'value="Test Council"' in page
    response = client.post(
        url,
        org_data(
            name="Test Borough Council",
            kind="local_authority",
            version=1,
            membership_version=1,
            seat_title="Chair",
        ),
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.name == "Test Borough Council"
    assert council.membership.seat_title == "Chair"
    history = client_for(viewer).get(f"/p/{partnership.slug}/organisations/{council.slug}/history/")
    assert history.status_code == 200
    text = assert_reads_as_words(history.content.decode())
    assert "changed the organisation's details on" in text
    assert "Name Was Test Council → , now Test Borough Council" in text
    assert "changed the organisation's membership on" in text
    assert "Chair" in text
    assert "<title>History of Test Borough Council" in history.content.decode()


def test_organisation_history_reads_as_words(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    coordinator: User,
    council_contributor: User,
    outsider: User,
) -> None:
    client = client_for(coordinator)
    assert client.post(f"/p/{partnership.slug}/organisations/new/", org_data()).status_code == 302
    created = Organisation.objects.get(partnership=partnership, name="Stevenage Helps")
    edit = f"/p/{partnership.slug}/organisations/{created.slug}/edit/"
    changed = org_data(
        kind="nhs",
        board_seat="",
        joined_on="2020-05-01",
        version=1,
        membership_version=created.membership.version,
    )
    assert client.post(edit, changed).status_code == 302
    url = f"/p/{partnership.slug}/organisations/{created.slug}/history/"
    response = client_for(council_contributor).get(url)
    assert response.status_code == 200
    text = assert_reads_as_words(response.content.decode())
    assert "changed the organisation's details on" in text
    assert "Type Was Voluntary, community or faith → , now NHS" in text
    assert "Board seat Was Yes → , now No" in text
    assert "Joined on Was 1 April 2020 → , now 1 May 2020" in text
    assert "added the organisation on" in text
    assert "Name Stevenage Helps Type Voluntary, community or faith" in text
    assert client_for(outsider).get(url).status_code == 404
    assert client.get(f"/p/{partnership.slug}/organisations/no-such-body/history/").status_code == 404


def test_stale_edit_shows_the_conflict_page(
    client_for: Callable[[User], Client], partnership: Partnership, coordinator: User, council: Organisation
) -> None:
    client = client_for(coordinator)
    url = f"/p/{partnership.slug}/organisations/{council.slug}/edit/"
    assert (
        client.post(
            url, org_data(name="First edit", kind="local_authority", version=1, membership_version=1)
        ).status_code
        == 302
    )
    stale = client.post(
        url, org_data(name="Second edit", kind="local_authority", version=1, membership_version=1)
    )
    assert stale.status_code == 409
    assert "Second edit" in stale.content.decode()
    council.refresh_from_db()
    assert council.name == "First edit"


def settings_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Test Town Partnership",
        "place_name": "Test Town",
        "description": "",
        "area_code": "E07000243",
        "fortnight_anchor": "2024-04-01",
        "disclosure_rule": "standard",
        "version": 1,
    }
    data.update(overrides)
    return data


def test_settings(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    coordinator: User,
    viewer: User,
    outsider: User,
) -> None:
    url = f"/p/{partnership.slug}/settings/"
    assert client_for(viewer).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    client = client_for(coordinator)
    assert client.get(url).status_code == 200
    bad = client.post(url, settings_data(area_code="Stevenage", fortnight_anchor="someday"))
    assert bad.status_code == 400
    assert "Enter an ONS code" in bad.content.decode()
    assert client.post(url, settings_data(is_public="on")).status_code == 302
    partnership.refresh_from_db()
    assert partnership.is_public
    assert partnership.area_code == "E07000243"
    assert partnership.fortnight_anchor.isoformat() == "2024-04-01"
    assert client.post(url, settings_data(name="Stale")).status_code == 409
    assert AuditEvent.objects.filter(action="partnership.update").count() == 1
    history = client.get(f"/p/{partnership.slug}/settings/history/")
    text = assert_reads_as_words(history.content.decode())
    assert "changed the partnership's settings on" in text
    assert "First day of a fortnight" in text
    assert "1 April 2024" in text
    assert "Public Was No → , now Yes" in text
