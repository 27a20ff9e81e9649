"""Changing the organisation that runs a service, from the service's page: coordinators only; bad
input shown beside its field with nothing written; saved unchanged, nothing written; a stale save
shows the conflict; another partnership's service (and so its organisation) is not found."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.factories.directory import make_service, make_service_organisation
from wellboard.core.models import AuditEvent
from wellboard.directory.models import ServiceOrganisation
from wellboard.directory.services import service_organisation_update
from wellboard.partners.models import Organisation, Partnership, User

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
BASE = "/p/test-town/directory/"
EDIT = BASE + "carers-drop-in/organisation/edit/"


@pytest.fixture
def runner(partnership: Partnership) -> ServiceOrganisation:
    organisation = make_service_organisation(partnership, "Stevenage Carers Trust")
    make_service(partnership, "carers-drop-in", name="Carers drop-in", organisation=organisation)
    make_service(partnership, "young-carers", name="Young carers club", organisation=organisation)
    return organisation


def _form(organisation: ServiceOrganisation, **changes: Any) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "description": organisation.description,
        "email": organisation.email,
        "website": organisation.website,
        "member": organisation.member_id or "",
        "version": organisation.version,
        **changes,
    }


def _changes() -> int:
    return AuditEvent.objects.filter(action__startswith="service_organisation.").count()


def test_the_service_page_links_to_the_organisation_for_coordinators_only(
    client_for: ClientFor, coordinator: User, viewer: User, runner: ServiceOrganisation
) -> None:
    page = client_for(coordinator).get(BASE + "carers-drop-in/").content.decode()
    assert f'href="{EDIT}"' in page
    assert "Yes: in the public directory and feed" in page
    assert f'href="{EDIT}"' not in client_for(viewer).get(BASE + "carers-drop-in/").content.decode()


def test_a_coordinator_changes_the_organisation(
    client_for: ClientFor, coordinator: User, council: Organisation, runner: ServiceOrganisation
) -> None:
    client = client_for(coordinator)
    page = client.get(EDIT)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Young carers club" in text  # the other service it runs, which the change shows on too
    saved = client.post(
        EDIT,
        _form(
            runner,
            name="Carers in Herts",
            description="Support for unpaid carers.\r\nDrop-ins weekly.",
            website="https://carers.example.org",
            email="hello@carers.example.org",
            member=council.pk,
        ),
    )
    assert saved.status_code == 302
    assert saved["Location"] == BASE + "carers-drop-in/"
    runner.refresh_from_db()
    assert (runner.name, runner.member_id, runner.version) == ("Carers in Herts", council.pk, 2)
    assert runner.description == "Support for unpaid carers.\nDrop-ins weekly."
    assert AuditEvent.objects.filter(action="service_organisation.update").count() == 1
    detail = client.get(BASE + "young-carers/").content.decode()
    assert "Carers in Herts" in detail
    assert "https://carers.example.org" in detail


def test_saved_unchanged_it_writes_nothing(
    client_for: ClientFor, coordinator: User, runner: ServiceOrganisation
) -> None:
    before = _changes()
    runner.description = "Line one.\nLine two."
    runner.save()
    assert (
        client_for(coordinator).post(EDIT, _form(runner, description="Line one.\r\nLine two.")).status_code
        == 302
    )
    runner.refresh_from_db()
    assert runner.version == 1
    assert _changes() == before


@pytest.mark.parametrize(
    ("changes", "field", "shown"),
    [
        ({"name": ""}, "name", "Enter the organisation&#x27;s name"),
        ({"email": "not an email"}, "email", "not an email"),
        ({"website": "javascript:alert(1)"}, "website", "javascript:alert(1)"),
        ({"member": "999999"}, "member", "Select a valid choice"),
        ({"version": ""}, "version", ""),
    ],
)
def test_bad_input_is_shown_and_nothing_is_written(
    client_for: ClientFor,
    coordinator: User,
    runner: ServiceOrganisation,
    changes: dict[str, str],
    field: str,
    shown: str,
) -> None:
    before = _changes()
    page = client_for(coordinator).post(EDIT, _form(runner, description="Kept when refused", **changes))
    assert page.status_code == 400
    text = page.content.decode()
    assert "govuk-error-summary" in text
    assert "Kept when refused" in text
    assert shown in text
    runner.refresh_from_db()
    assert runner.name == "Stevenage Carers Trust"
    assert _changes() == before


def test_a_stale_save_shows_the_conflict(
    client_for: ClientFor, coordinator: User, runner: ServiceOrganisation, actor_of: Callable[[User], Any]
) -> None:
    stale = _form(runner, name="Mine")
    service_organisation_update(
        by=actor_of(coordinator), organisation=runner, expected_version=1, name="Theirs"
    )
    page = client_for(coordinator).post(EDIT, stale)
    assert page.status_code == 409
    runner.refresh_from_db()
    assert runner.name == "Theirs"


def test_only_coordinators_change_it(
    client_for: ClientFor,
    analyst: User,
    viewer: User,
    outsider: User,
    runner: ServiceOrganisation,
) -> None:
    for user, refused in ((analyst, 403), (viewer, 403), (outsider, 404)):
        client = client_for(user)
        assert client.get(EDIT).status_code == refused, user
        assert client.post(EDIT, _form(runner, name="Taken over")).status_code == refused, user
    runner.refresh_from_db()
    assert runner.name == "Stevenage Carers Trust"
    assert _changes() == 0
