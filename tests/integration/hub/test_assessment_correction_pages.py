"""Correcting a wellbeing assessment on the web: reached from the recording page's list, saved with
the version it was read at, refused to anyone who does not record the programme, bad input shown
with nothing written, and an assessment of another programme not found under this one's address."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.hub import make_hub, make_hub_worker
from tests.factories.strategy import InitiativeFactory
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.hub.models import Hub, OutcomeAssessment
from wellboard.hub.services.assessments import assessment_correct, assessment_record
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.strategy.models import Initiative

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
ActorOf = Callable[[User], Actor]
HUB = "/p/test-town/hubs/healthy-hub/outcomes/"
ONS4 = {"life_satisfaction": 6, "worthwhile": 7, "happiness": 5, "anxiety": 4}


@pytest.fixture
def assessment(hub_worker: User, hub: Hub, actor_of: ActorOf) -> OutcomeAssessment:
    return assessment_record(
        by=actor_of(hub_worker),
        hub=hub,
        date=dt.date(2026, 9, 7),
        client_id="HH-W-01",
        instrument="ons4",
        stage="before",
        answers=ONS4,
    )


def _post(assessment: OutcomeAssessment, **changes: object) -> dict[str, object]:
    return {
        "date": assessment.date.isoformat(),
        "version": assessment.version,
        **assessment.answers,
        **changes,
    }


def _writes() -> int:
    """Changes to assessments in the audit trail (reads and signing in are not changes)."""
    return (
        AuditEvent.objects.filter(action__startswith="outcome_assessment.")
        .exclude(action__endswith=".read")
        .count()
    )


def test_the_recording_page_links_each_assessment_to_its_correction(
    client_for: ClientFor, hub_worker: User, assessment: OutcomeAssessment
) -> None:
    page = client_for(hub_worker).get(HUB + "record/?instrument=ons4").content.decode()
    assert f'href="{HUB}{assessment.pk}/correct/"' in page


def test_a_hub_worker_corrects_an_answer(
    client_for: ClientFor, hub_worker: User, assessment: OutcomeAssessment
) -> None:
    client = client_for(hub_worker)
    url = f"{HUB}{assessment.pk}/correct/"
    form = client.get(url)
    assert form.status_code == 200
    assert "Correct a wellbeing assessment" in form.content.decode()
    assert 'href="/p/test-town/hubs/">Hubs</a>' in form.content.decode(), "the trail starts at the hubs"
    saved = client.post(url, _post(assessment, happiness=8, date="2026-09-08"))
    assert saved.status_code == 302
    assert saved["Location"] == HUB + "record/?instrument=ons4"
    assessment.refresh_from_db()
    assert assessment.answers["happiness"] == 8
    assert assessment.date == dt.date(2026, 9, 8)
    assert assessment.version == 2
    assert AuditEvent.objects.filter(
        action="outcome_assessment.update", object_id=str(assessment.pk)
    ).exists()


def test_saved_unchanged_it_writes_nothing(
    client_for: ClientFor, hub_worker: User, assessment: OutcomeAssessment
) -> None:
    before = _writes()
    saved = client_for(hub_worker).post(f"{HUB}{assessment.pk}/correct/", _post(assessment))
    assert saved.status_code == 302
    assessment.refresh_from_db()
    assert assessment.version == 1
    assert _writes() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"happiness": "11"}, "must be a whole number from 0 to 10"),
        ({"happiness": ""}, "Answer"),
        ({"date": "2099-01-01"}, "cannot be in the future"),
        ({"date": "31/02/2026"}, "Enter a real date"),
    ],
)
def test_bad_input_is_shown_with_what_was_typed_and_nothing_saved(
    client_for: ClientFor,
    hub_worker: User,
    assessment: OutcomeAssessment,
    changes: dict[str, str],
    message: str,
) -> None:
    before = _writes()
    page = client_for(hub_worker).post(f"{HUB}{assessment.pk}/correct/", _post(assessment, **changes))
    assert page.status_code == 400
    text = page.content.decode()
    assert message in text
    assert "govuk-error-summary" in text
    for value in changes.values():
        assert f'value="{value}"' in text or not value
    assessment.refresh_from_db()
    assert assessment.answers == ONS4
    assert _writes() == before


def test_an_old_version_shows_the_conflict(
    client_for: ClientFor, hub_worker: User, assessment: OutcomeAssessment, actor_of: ActorOf
) -> None:
    stale = _post(assessment, happiness=9)
    assessment_correct(
        by=actor_of(hub_worker), assessment=assessment, expected_version=1, answers={**ONS4, "happiness": 2}
    )
    page = client_for(hub_worker).post(f"{HUB}{assessment.pk}/correct/", stale)
    assert page.status_code == 409
    assessment.refresh_from_db()
    assert assessment.answers["happiness"] == 2


def test_only_the_programmes_own_recorders_correct(
    client_for: ClientFor,
    coordinator: User,
    analyst: User,
    viewer: User,
    partnership: Partnership,
    young_hub: Hub,
    assessment: OutcomeAssessment,
) -> None:
    # Coordinators and analysts see figures only, never a person's answers; a worker of another hub
    # is told the hub's records do not exist.
    elsewhere = make_hub_worker(partnership, "young-worker", young_hub)
    url = f"{HUB}{assessment.pk}/correct/"
    for user in (coordinator, analyst, viewer, elsewhere):
        client = client_for(user)
        assert client.get(url).status_code in {403, 404}, user
        assert client.post(url, _post(assessment, happiness=1)).status_code in {403, 404}, user
    assessment.refresh_from_db()
    assert assessment.answers == ONS4


def test_another_hubs_assessment_is_not_found_under_this_hubs_address(
    client_for: ClientFor, partnership: Partnership, hub: Hub, actor_of: ActorOf
) -> None:
    # The worker works at both hubs, so only the record's own hub stands between them and the page.
    other = make_hub(partnership, "pop-up", kind="pop-up")
    worker = make_hub_worker(partnership, "both-hubs", hub, other)
    theirs = assessment_record(
        by=actor_of(worker),
        hub=other,
        date=dt.date(2026, 9, 7),
        client_id="PU-1",
        instrument="ons4",
        stage="before",
        answers=ONS4,
    )
    client = client_for(worker)
    before = _writes()
    url = f"{HUB}{theirs.pk}/correct/"
    assert client.get(url).status_code == 404
    assert client.post(url, _post(theirs, happiness=0)).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.answers, theirs.version) == (ONS4, 1)
    assert _writes() == before
    assert client.get(f"/p/test-town/hubs/pop-up/outcomes/{theirs.pk}/correct/").status_code == 200


@pytest.fixture
def initiative(partnership: Partnership, council: Organisation) -> Initiative:
    return InitiativeFactory(
        partnership=partnership, slug="so-active", name="So Active", lead_organisation=council
    )


def test_the_lead_organisation_corrects_an_initiatives_assessment_and_not_a_hubs(
    client_for: ClientFor,
    council_contributor: User,
    initiative: Initiative,
    assessment: OutcomeAssessment,
    actor_of: ActorOf,
) -> None:
    mine = assessment_record(
        by=actor_of(council_contributor),
        initiative=initiative,
        date=dt.date(2026, 5, 6),
        client_id="SA-1",
        instrument="ons4",
        stage="before",
        answers=ONS4,
    )
    client = client_for(council_contributor)
    base = "/p/test-town/initiatives/so-active/outcomes/"
    assert f'href="{base}{mine.pk}/correct/"' in client.get(base + "record/?instrument=ons4").content.decode()
    page = client.get(f"{base}{mine.pk}/correct/").content.decode()
    assert 'href="/p/test-town/initiatives/">Initiatives</a>' in page, "the trail starts at the initiatives"
    assert client.post(f"{base}{mine.pk}/correct/", _post(mine, anxiety=2)).status_code == 302
    mine.refresh_from_db()
    assert mine.answers["anxiety"] == 2
    # the hub's assessment, addressed under the initiative
    assert client.get(f"{base}{assessment.pk}/correct/").status_code == 404
