"""Wellbeing outcome pages: the results (figures only, disclosed to anyone but the programme's own
workers), recording an assessment, downloads, and publishing to the better-off measures."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.geography import make_area
from tests.factories.strategy import InitiativeFactory
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.geography.models import AreaType
from wellboard.hub.models import Hub, OutcomeAssessment
from wellboard.hub.services.assessments import assessment_record
from wellboard.indicators.models import Indicator, IndicatorKind
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.strategy.models import Initiative

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
ActorOf = Callable[[User], Actor]
HUB = "/p/test-town/hubs/healthy-hub/outcomes/"
INITIATIVE = "/p/test-town/initiatives/so-active/outcomes/"
SWEMWBS = {"optimistic": 3, "useful": 3, "relaxed": 2, "problems": 3, "thinking": 3, "close": 3, "decide": 4}


@pytest.fixture
def initiative(partnership: Partnership, council: Organisation) -> Initiative:
    return InitiativeFactory(
        partnership=partnership, slug="so-active", name="So Active", lead_organisation=council
    )


@pytest.fixture
def cohort(initiative: Initiative, council_contributor: User, actor_of: ActorOf) -> None:
    """Twelve people assessed before and after, and three before only."""
    recorder = actor_of(council_contributor)
    with clock.frozen_at(dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC)):
        _record_cohort(recorder, initiative)


def _record_cohort(recorder: Actor, initiative: Initiative) -> None:
    for n in range(15):
        assessment_record(
            by=recorder,
            initiative=initiative,
            date=dt.date(2026, 4, 20),
            client_id=f"SA-PERSON-{n}",
            instrument="swemwbs",
            stage="before",
            answers={**SWEMWBS, "optimistic": 2, "relaxed": 2},
        )
        if n < 12:
            assessment_record(
                by=recorder,
                initiative=initiative,
                date=dt.date(2026, 7, 20),
                client_id=f"SA-PERSON-{n}",
                instrument="swemwbs",
                stage="after",
                answers={**SWEMWBS, "optimistic": 4, "relaxed": 3 + n % 3},
            )


def test_the_lead_organisation_sees_true_figures(
    client_for: ClientFor, council_contributor: User, cohort: None
) -> None:
    page = client_for(council_contributor).get(INITIATIVE)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Wellbeing outcomes" in text
    assert "Small numbers are protected" not in text
    assert "3 before only" in text
    assert "2.95" in text  # the mean change of the metric score
    assert "Record an assessment" in text
    assert "Publish to the better-off measures" not in text
    assert "SA-PERSON" not in text


def test_coordinators_see_disclosed_figures_and_can_publish(
    client_for: ClientFor, coordinator: User, cohort: None
) -> None:
    text = client_for(coordinator).get(INITIATIVE).content.decode()
    assert "Small numbers are protected" in text
    assert "* before only" in text
    assert "Publish to the better-off measures" in text
    assert 'data-chart="chart-outcomes-spec"' in text


def test_downloads_are_aggregates(client_for: ClientFor, analyst: User, cohort: None) -> None:
    client = client_for(analyst)
    csv_response = client.get(INITIATIVE + "results.csv")
    assert csv_response.status_code == 200
    body = csv_response.content.decode("utf-8-sig")
    assert body.startswith("period,instrument,measure,band,participants_before")
    assert "client" not in body
    data = json.loads(client.get(INITIATIVE + "results.json?period=2026/27").content)
    (row,) = data["rows"]
    assert row["period"] == "2026/27"
    assert row["paired"] == 10  # 12, rounded to the nearest 5
    assert row["before_only"] == "*"
    assert client.get(INITIATIVE + "results.xml").status_code == 404
    assert client.get(INITIATIVE + "?period=nonsense").status_code == 404


def test_others_are_told_the_page_does_not_exist(
    client_for: ClientFor, charity_contributor: User, viewer: User, initiative: Initiative
) -> None:
    for person in (charity_contributor, viewer):
        assert client_for(person).get(INITIATIVE).status_code == 404
        assert client_for(person).get(INITIATIVE + "results.csv").status_code == 404


def test_a_hub_worker_records_an_assessment(client_for: ClientFor, hub_worker: User, hub: Hub) -> None:
    client = client_for(hub_worker)
    form = client.get(HUB + "record/?instrument=ons4")
    assert form.status_code == 200
    assert "Life satisfaction (0 to 10)" in form.content.decode()
    answers = {"life_satisfaction": "5", "worthwhile": "6", "happiness": "5", "anxiety": "6"}
    day = (clock.today() - dt.timedelta(days=1)).isoformat()
    posted = client.post(
        HUB + "record/?instrument=ons4",
        {"instrument": "ons4", "date": day, "client_id": "HH-77", "stage": "before", **answers},
    )
    assert posted.status_code == 302
    assessment = OutcomeAssessment.objects.get(hub=hub)
    assert assessment.answers == {k: int(v) for k, v in answers.items()}
    page = client.get(posted["Location"])
    assert "Recent assessments" in page.content.decode()
    assert AuditEvent.objects.filter(action="outcome_assessment.read").exists()
    results = client.get(HUB).content.decode()
    assert "Very high (9 to 10)" in results
    again = client.post(
        HUB + "record/?instrument=ons4",
        {"instrument": "ons4", "date": day, "client_id": "HH-77", "stage": "before", **answers},
    )
    assert again.status_code == 400
    assert "already recorded for this programme" in again.content.decode()
    assert OutcomeAssessment.objects.count() == 1


def _record_for_hub(recorder: Actor, hub: Hub, instrument: str, client_id: str) -> None:
    answers = (
        {"life_satisfaction": 5, "worthwhile": 6, "happiness": 5, "anxiety": 6}
        if instrument == "ons4"
        else SWEMWBS
    )
    assessment_record(
        by=recorder,
        hub=hub,
        date=clock.today() - dt.timedelta(days=1),
        client_id=client_id,
        instrument=instrument,
        stage="before",
        answers=answers,
    )


def test_the_recording_page_lists_only_the_chosen_instruments_assessments(
    client_for: ClientFor, hub_worker: User, hub: Hub, actor_of: ActorOf
) -> None:
    recorder = actor_of(hub_worker)
    for n in range(3):
        _record_for_hub(recorder, hub, "ons4", f"ONS-{n}")
    _record_for_hub(recorder, hub, "swemwbs", "SW-1")
    client = client_for(hub_worker)

    ons4 = client.get(HUB + "record/?instrument=ons4").content.decode()
    assert "Recent ONS4 personal wellbeing assessments" in ons4
    assert ons4.count("ONS4 personal wellbeing</td>") == 3
    assert "Short Warwick-Edinburgh Mental Wellbeing Scale</td>" not in ons4

    swemwbs = client.get(HUB + "record/?instrument=SWEMWBS").content.decode()
    assert "Recent Short Warwick-Edinburgh Mental Wellbeing Scale assessments" in swemwbs
    assert swemwbs.count("Short Warwick-Edinburgh Mental Wellbeing Scale</td>") == 1
    assert "ONS4 personal wellbeing</td>" not in swemwbs


def test_the_recording_page_says_when_an_instrument_has_no_assessments(
    client_for: ClientFor, hub_worker: User, hub: Hub, actor_of: ActorOf
) -> None:
    _record_for_hub(actor_of(hub_worker), hub, "swemwbs", "SW-1")
    page = client_for(hub_worker).get(HUB + "record/?instrument=ons4")
    assert page.status_code == 200
    text = page.content.decode()
    assert "No ONS4 personal wellbeing assessments have been recorded for Healthy Hub yet." in text
    assert "Short Warwick-Edinburgh Mental Wellbeing Scale</td>" not in text


@pytest.mark.parametrize("value", ["nonsense", "ons4,swemwbs", "<b>x</b>"])
def test_an_unknown_instrument_falls_back_with_a_message(
    client_for: ClientFor, hub_worker: User, hub: Hub, value: str
) -> None:
    page = client_for(hub_worker).get(HUB + f"record/?instrument={value}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Wellboard does not know that instrument" in text
    assert "Recent Short Warwick-Edinburgh Mental Wellbeing Scale assessments" in text
    assert "<b>x</b>" not in text


def test_an_unknown_instrument_is_never_recorded(client_for: ClientFor, hub_worker: User, hub: Hub) -> None:
    day = (clock.today() - dt.timedelta(days=1)).isoformat()
    response = client_for(hub_worker).post(
        HUB + "record/?instrument=ons4",
        {"instrument": "ons5", "date": day, "client_id": "HH-77", "stage": "before", **SWEMWBS},
    )
    assert response.status_code == 400
    assert "Wellboard does not know that instrument" in response.content.decode()
    assert not OutcomeAssessment.objects.exists()


def test_bad_answers_are_shown_and_nothing_is_written(
    client_for: ClientFor, hub_worker: User, hub: Hub
) -> None:
    day = (clock.today() - dt.timedelta(days=1)).isoformat()
    answers = {"life_satisfaction": "11", "worthwhile": "", "happiness": "5", "anxiety": "6"}
    response = client_for(hub_worker).post(
        HUB + "record/",
        {"instrument": "ons4", "date": day, "client_id": "HH-77", "stage": "before", **answers},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "must be a whole number from 0 to 10" in text
    assert "Answer &#x27;Things done in life are worthwhile&#x27;" in text
    assert not OutcomeAssessment.objects.exists()


def test_coordinators_see_hub_results_but_cannot_record(
    client_for: ClientFor, coordinator: User, hub: Hub
) -> None:
    client = client_for(coordinator)
    assert client.get(HUB).status_code == 200
    assert client.get(HUB + "record/").status_code == 404


def test_publishing(
    client_for: ClientFor,
    partnership: Partnership,
    analyst: User,
    council_contributor: User,
    initiative: Initiative,
    cohort: None,
) -> None:
    assert client_for(council_contributor).post(INITIATIVE + "publish/").status_code == 403
    response = client_for(analyst).post(INITIATIVE + "publish/")
    assert response.status_code == 302
    assert not Indicator.objects.exists()  # no home area yet: a message says so
    make_area("E07000243", "Stevenage", AreaType.LTLA)
    partnership.area_code = "E07000243"
    partnership.save()
    response = client_for(analyst).post(INITIATIVE + "publish/", follow=True)
    assert "Published the results to 2 better-off measures of So Active" in response.content.decode()
    assert Indicator.objects.filter(initiatives=initiative, kind=IndicatorKind.BETTER_OFF).count() == 2
