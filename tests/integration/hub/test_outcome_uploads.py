"""Importing wellbeing assessments on the web: check, then save exactly the file checked."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories.strategy import InitiativeFactory
from wellboard.hub.models import Hub, OutcomeAssessment
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.strategy.models import Initiative

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
HUB = "/p/test-town/hubs/healthy-hub/outcomes/import/"
INITIATIVE = "/p/test-town/initiatives/so-active/outcomes/import/"
HEADER = "date,client_id,instrument,stage,life_satisfaction,worthwhile,happiness,anxiety\n"
GOOD = HEADER + "2026-04-14,SA-1,ons4,before,5,6,5,6\n2026-07-21,SA-1,ons4,after,7,7,7,3\n"


@pytest.fixture
def initiative(partnership: Partnership, council: Organisation) -> Initiative:
    return InitiativeFactory(
        partnership=partnership, slug="so-active", name="So Active", lead_organisation=council
    )


def _file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("assessments.csv", text.encode(), content_type="text/csv")


def test_check_then_save(client_for: ClientFor, hub_worker: User, hub: Hub) -> None:
    client = client_for(hub_worker)
    assert client.get(HUB).status_code == 200
    checked = client.post(HUB, {"file": _file(GOOD)})
    assert checked.status_code == 200
    text = checked.content.decode()
    assert "Dry run: nothing has been saved yet" in text
    assert not OutcomeAssessment.objects.exists()
    digest = re.search(r'name="digest" value="([^"]+)"', text)
    assert digest is not None
    saved = client.post(HUB, {"digest": digest.group(1)})
    assert saved.status_code == 302
    assert OutcomeAssessment.objects.filter(hub=hub).count() == 2
    again = client.post(HUB, {"file": _file(GOOD)})
    assert "Already recorded" in again.content.decode()


def test_a_bad_file_saves_nothing(
    client_for: ClientFor, council_contributor: User, initiative: Initiative
) -> None:
    response = client_for(council_contributor).post(
        INITIATIVE, {"file": _file(HEADER + "2026-04-14,SA-1,ons4,before,5,6,5,12\n")}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "The file cannot be saved" in text
    assert "must be a whole number from 0 to 10" in text
    assert 'name="digest"' not in text
    assert client_for(council_contributor).post(INITIATIVE, {}).status_code == 400
    assert not OutcomeAssessment.objects.exists()


def test_others_cannot_import(
    client_for: ClientFor, charity_contributor: User, coordinator: User, initiative: Initiative, hub: Hub
) -> None:
    assert client_for(charity_contributor).post(INITIATIVE, {"file": _file(GOOD)}).status_code == 403
    assert client_for(coordinator).post(HUB, {"file": _file(GOOD)}).status_code == 404
    assert not OutcomeAssessment.objects.exists()
