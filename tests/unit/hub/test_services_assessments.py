"""Outcome assessments: recording, correcting and reading them; who may; the results and their
disclosure; publishing an initiative's results to its better-off measures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.factories.geography import make_area
from tests.factories.hub import make_hub, make_hub_worker
from tests.factories.strategy import InitiativeFactory
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.geography.models import AreaType
from wellboard.hub.calculations.assessments import (
    Programme,
    disclosed,
    programme_for_results,
    programme_results,
    results_for_reader,
)
from wellboard.hub.codes import client_key
from wellboard.hub.models import Hub, OutcomeAssessment
from wellboard.hub.services.assessments import assessment_correct, assessment_record, assessments_seen
from wellboard.hub.services.outcome_measures import assessment_results_publish
from wellboard.indicators.models import Indicator, IndicatorKind, Observation
from wellboard.partners.models import DisclosureRule, Organisation, Partnership, User
from wellboard.strategy.models import Initiative

pytestmark = pytest.mark.django_db

ActorOf = Callable[[User], Actor]
DAY = dt.date(2026, 5, 4)
LATER = dt.date(2026, 8, 3)
ONS4 = {"life_satisfaction": 5, "worthwhile": 6, "happiness": 5, "anxiety": 6}
SWEMWBS = {"optimistic": 3, "useful": 3, "relaxed": 2, "problems": 3, "thinking": 3, "close": 3, "decide": 4}


@pytest.fixture
def initiative(partnership: Partnership, council: Organisation) -> Initiative:
    return InitiativeFactory(
        partnership=partnership, slug="so-active", name="So Active", lead_organisation=council
    )


def _record(by: Actor, **values: object) -> OutcomeAssessment:
    chosen: dict[str, object] = {
        "date": DAY,
        "client_id": "SA-0042",
        "instrument": "ons4",
        "stage": "before",
        "answers": ONS4,
    }
    chosen.update(values)
    with clock.frozen_at(dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC)):
        return assessment_record(by=by, **chosen)  # type: ignore[arg-type]


def test_a_hub_worker_records_pseudonymously_and_it_is_audited(
    hub: Hub, hub_worker: User, actor_of: ActorOf
) -> None:
    assessment = _record(actor_of(hub_worker), hub=hub)
    assert assessment.client_key == client_key("SA-0042", b"test-only-pseudonym-key")
    assert assessment.answers == ONS4
    assert assessment.version == 1
    assert "SA-0042" not in str(OutcomeAssessment.objects.filter(pk=assessment.pk).values()[0])
    event = AuditEvent.objects.get(action="outcome_assessment.create", object_id=str(assessment.pk))
    assert "SA-0042" not in str(event.after)


def test_another_hubs_worker_and_coordinators_cannot_record_at_a_hub(
    partnership: Partnership, hub: Hub, coordinator: User, actor_of: ActorOf
) -> None:
    other = make_hub(partnership, "pop-up")

    worker = make_hub_worker(partnership, "pop-up-worker", other)
    for person in (worker, coordinator):
        with pytest.raises(NotFound):
            _record(actor_of(person), hub=hub)
    assert not OutcomeAssessment.objects.exists()


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({**ONS4, "anxiety": 11}, "anxiety", "whole number from 0 to 10"),
        ({**ONS4, "anxiety": True}, "anxiety", "whole number from 0 to 10"),
        ({**ONS4, "happiness": 5.5}, "happiness", "whole number from 0 to 10"),
        ({**ONS4, "happiness": "five"}, "happiness", "whole number from 0 to 10"),
        ({k: v for k, v in ONS4.items() if k != "worthwhile"}, "worthwhile", "Answer"),
        ({**ONS4, "mood": 3}, "answers", "mood is not a question"),
    ],
)
def test_answers_are_checked_per_instrument(
    hub: Hub, hub_worker: User, actor_of: ActorOf, answers: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        _record(actor_of(hub_worker), hub=hub, answers=answers)
    assert message in " ".join(caught.value.errors[field])
    assert not OutcomeAssessment.objects.exists()


def test_swemwbs_items_are_one_to_five(hub: Hub, hub_worker: User, actor_of: ActorOf) -> None:
    with pytest.raises(InvalidInput) as caught:
        _record(actor_of(hub_worker), hub=hub, instrument="swemwbs", answers={**SWEMWBS, "close": 0})
    assert "from 1 to 5" in caught.value.errors["close"][0]
    assert _record(actor_of(hub_worker), hub=hub, instrument="swemwbs", answers=SWEMWBS).pk


def test_instrument_stage_date_and_identifier_are_required(
    hub: Hub, hub_worker: User, actor_of: ActorOf
) -> None:
    with pytest.raises(InvalidInput) as caught:
        _record(actor_of(hub_worker), hub=hub, instrument="phq9", stage="during", client_id=" ", date=None)
    assert set(caught.value.errors) >= {"instrument", "stage", "client_id", "date"}


def test_a_duplicate_is_refused_with_a_clear_message(hub: Hub, hub_worker: User, actor_of: ActorOf) -> None:
    worker = actor_of(hub_worker)
    _record(worker, hub=hub)
    with pytest.raises(InvalidInput, match="already recorded for this programme"):
        _record(worker, hub=hub, answers={**ONS4, "anxiety": 2})
    assert OutcomeAssessment.objects.count() == 1


def test_after_cannot_be_dated_before_before(hub: Hub, hub_worker: User, actor_of: ActorOf) -> None:
    worker = actor_of(hub_worker)
    _record(worker, hub=hub, date=LATER)
    with pytest.raises(InvalidInput, match="cannot be before the before one"):
        _record(worker, hub=hub, stage="after", date=DAY)


def test_initiative_recorders(
    initiative: Initiative,
    council_contributor: User,
    charity_contributor: User,
    coordinator: User,
    analyst: User,
    actor_of: ActorOf,
) -> None:
    _record(actor_of(council_contributor), initiative=initiative)
    _record(actor_of(coordinator), initiative=initiative, client_id="SA-0043")
    with pytest.raises(PermissionDenied, match="lead organisation"):
        _record(actor_of(charity_contributor), initiative=initiative, client_id="SA-0044")
    with pytest.raises(PermissionDenied):
        _record(actor_of(analyst), initiative=initiative, client_id="SA-0045")
    assert OutcomeAssessment.objects.filter(initiative=initiative).count() == 2


def test_another_partnerships_initiative_is_not_found(
    other_partnership: Partnership, coordinator: User, actor_of: ActorOf
) -> None:
    elsewhere = InitiativeFactory(partnership=other_partnership)
    with pytest.raises(NotFound):
        _record(actor_of(coordinator), initiative=elsewhere)


def test_rows_are_read_only_by_those_who_run_the_programme_and_the_read_is_audited(
    initiative: Initiative, council_contributor: User, coordinator: User, analyst: User, actor_of: ActorOf
) -> None:
    recorder = actor_of(council_contributor)
    made = _record(recorder, initiative=initiative)
    assert [a.pk for a in assessments_seen(by=recorder, initiative=initiative)] == [made.pk]
    event = AuditEvent.objects.get(action="outcome_assessment.read")
    assert event.after == {"assessments": 1, "ids": [made.pk]}
    for person in (coordinator, analyst):
        with pytest.raises(PermissionDenied):
            assessments_seen(by=actor_of(person), initiative=initiative)


def test_a_correction_is_versioned_and_an_unchanged_one_writes_nothing(
    hub: Hub, hub_worker: User, actor_of: ActorOf
) -> None:
    worker = actor_of(hub_worker)
    made = _record(worker, hub=hub)
    with clock.frozen_at(dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC)):
        same = assessment_correct(by=worker, assessment=made, expected_version=1, answers=ONS4)
        assert same.version == 1
        changed = assessment_correct(
            by=worker, assessment=made, expected_version=1, answers={**ONS4, "anxiety": 4}
        )
        assert changed.version == 2
        assert changed.answers["anxiety"] == 4
        with pytest.raises(Conflict):
            assessment_correct(by=worker, assessment=made, expected_version=1, answers=ONS4)
    assert AuditEvent.objects.filter(action="outcome_assessment.update").count() == 1


def _cohort(by: Actor, initiative: Initiative, paired: int, unpaired: int = 0) -> None:
    for n in range(paired + unpaired):
        before = {**SWEMWBS, "optimistic": 2, "relaxed": 2}
        _record(by, initiative=initiative, client_id=f"P{n}", instrument="swemwbs", answers=before)
        if n < paired:
            after = {**SWEMWBS, "optimistic": 4, "relaxed": 3 + n % 3}
            _record(
                by,
                initiative=initiative,
                client_id=f"P{n}",
                instrument="swemwbs",
                stage="after",
                date=LATER,
                answers=after,
            )


def test_results_pair_participants_and_disclose_to_coordinators(
    initiative: Initiative, council_contributor: User, coordinator: User, actor_of: ActorOf
) -> None:
    recorder = actor_of(council_contributor)
    _cohort(recorder, initiative, paired=12, unpaired=3)
    results = programme_results(Programme(initiative=initiative))
    (swemwbs,) = results.instruments
    assert (swemwbs.before.value, swemwbs.after.value, swemwbs.paired.value) == (15, 12, 12)
    assert (swemwbs.before_only.value, swemwbs.after_only.value) == (3, 0)
    (row,) = swemwbs.changes
    # raw 20 -> 23, 24 or 25: metric 18.59 -> 20.73, 21.54 or 22.35 (changes 2.14, 2.95, 3.76)
    assert row.mean_change == pytest.approx(2.95)
    assert row.improved.value == 4  # the 3.76 changes (n % 3 == 2): 4 of 12
    assert row.lower is not None
    assert row.lower < row.mean_change < (row.upper or 0)
    coordinator_actor = actor_of(coordinator)
    shown = results_for_reader(
        actor=coordinator_actor,
        programme=programme_for_results(actor=coordinator_actor, initiative=initiative),
    )
    assert shown.disclosed
    (seen,) = shown.instruments
    assert seen.before_only.suppressed
    assert seen.paired.value == 10
    assert seen.before.value == 15
    assert seen.changes[0].improved.suppressed
    assert seen.changes[0].share_improved is None
    assert seen.changes[0].mean_change == row.mean_change
    assert not results_for_reader(actor=recorder, programme=Programme(initiative=initiative)).disclosed


def test_a_contributor_of_another_organisation_cannot_read_results(
    initiative: Initiative, charity_contributor: User, viewer: User, actor_of: ActorOf
) -> None:
    for person in (charity_contributor, viewer):
        with pytest.raises(NotFound):
            programme_for_results(actor=actor_of(person), initiative=initiative)


def test_publishing_writes_better_off_measures_once(
    partnership: Partnership,
    initiative: Initiative,
    council_contributor: User,
    analyst: User,
    actor_of: ActorOf,
) -> None:
    make_area("E07000243", "Stevenage", AreaType.LTLA)
    partnership.area_code = "E07000243"
    partnership.save()
    _cohort(actor_of(council_contributor), initiative, paired=12, unpaired=3)
    with pytest.raises(PermissionDenied):
        assessment_results_publish(by=actor_of(council_contributor), initiative=initiative)
    published = assessment_results_publish(by=actor_of(analyst), initiative=initiative)
    assert len(published) == 2
    indicators = Indicator.objects.filter(initiatives=initiative, kind=IndicatorKind.BETTER_OFF)
    assert indicators.count() == 2
    change = Observation.objects.get(indicator__value_type="mean", period="2026/27")
    assert change.denominator == 12
    assert change.value == pytest.approx(2.95)
    assert change.lower95 is not None
    assert change.lower95 < change.value
    share = Observation.objects.get(indicator__value_type="percentage", period="2026/27")
    assert (share.count, share.denominator) == (4, 12)
    assert share.value == pytest.approx(100 * 4 / 12)
    assert share.lower95 is not None
    assert share.limits_computed
    again = assessment_results_publish(by=actor_of(analyst), initiative=initiative)
    assert all(not p.report.changes_anything for p in again)
    assert Indicator.objects.filter(initiatives=initiative).count() == 2


def test_publishing_with_nothing_paired_says_so(
    partnership: Partnership, initiative: Initiative, coordinator: User, actor_of: ActorOf
) -> None:
    make_area("E07000243", "Stevenage", AreaType.LTLA)
    partnership.area_code = "E07000243"
    partnership.save()
    with pytest.raises(InvalidInput, match="No participant has both"):
        assessment_results_publish(by=actor_of(coordinator), initiative=initiative)
    assert not Indicator.objects.exists()


def test_under_five_rule_protects_counts_that_add_up(
    partnership: Partnership, initiative: Initiative, council_contributor: User, actor_of: ActorOf
) -> None:
    _cohort(actor_of(council_contributor), initiative, paired=12, unpaired=3)
    (result,) = disclosed(
        programme_results(Programme(initiative=initiative)), rule=DisclosureRule.UNDER_FIVE
    ).instruments
    assert result.before_only.suppressed
    # 3 = 15 - 12: with before and paired both shown, the hidden 3 could be worked out
    assert result.before.suppressed or result.paired.suppressed
