from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from wellboard.core.access import Actor
from wellboard.core.clock import LONDON
from wellboard.core.errors import Conflict, InvalidInput, Locked, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.core.periods import Period
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.returns.models import Collection, Figure, Return, ReturnStatus
from wellboard.returns.services import (
    collection_create,
    collection_update,
    measure_create,
    measure_update,
    return_approve,
    return_save,
    return_send_back,
    return_submit,
    return_unapprove,
    returns_approve,
)
from wellboard.returns.services.collections import CALENDAR_END

pytestmark = pytest.mark.django_db
GOOD = {"calls": "120", "calls__b0c0": "70", "calls__b0c1": "50", "visits": "35"}


def save(
    actor: Actor,
    collection: Collection,
    org: Organisation,
    period: Period,
    values: dict[str, str],
    **kw: object,
) -> Return:
    return return_save(
        by=actor,
        collection=collection,
        organisation=org,
        period=period,
        values=values,
        expected_version=kw.pop("expected_version", None),
        **kw,  # type: ignore[arg-type]
    ).data_return


def test_workflow_draft_submit_send_back_approve_unapprove(
    collection: Collection,
    period: Period,
    charity: Organisation,
    charity_contributor: User,
    approver: User,
    actor_of: Callable[[User], Actor],
    at: Callable[[dt.datetime], None],
) -> None:
    contributor, checker = actor_of(charity_contributor), actor_of(approver)
    at(dt.datetime(2020, 6, 25, 10, tzinfo=LONDON))
    draft = save(contributor, collection, charity, period, {"calls": "120"})
    assert draft.status == ReturnStatus.DRAFT
    assert draft.due_date == dt.date(2020, 7, 3)
    with pytest.raises(InvalidInput) as missing:
        return_submit(by=contributor, data_return=draft, expected_version=draft.version)
    assert missing.value.errors["visits"] == ["Enter home visits"]
    submitted = save(contributor, collection, charity, period, GOOD, submit=True)
    assert submitted.status == ReturnStatus.SUBMITTED
    assert not submitted.was_late
    back = return_send_back(
        by=checker, data_return=submitted, reason="Visits look low", expected_version=None
    )
    assert back.status == ReturnStatus.RETURNED
    assert back.returned_reason == "Visits look low"
    at(dt.datetime(2020, 7, 6, 9, tzinfo=LONDON))
    again = save(contributor, collection, charity, period, {"visits": "40"}, submit=True)
    assert again.status == ReturnStatus.SUBMITTED
    assert not again.was_late  # judged by the first submission, which was on time
    approved = return_approve(by=checker, data_return=again, expected_version=again.version)
    assert approved.status == ReturnStatus.APPROVED
    assert approved.approved_by == approver
    with pytest.raises(Locked, match="approved"):
        save(contributor, collection, charity, period, {"calls": "1"})
    with pytest.raises(InvalidInput, match="why"):
        return_unapprove(by=checker, data_return=approved, reason=" ", expected_version=None)
    unlocked = return_unapprove(
        by=checker, data_return=approved, reason="Double counted", expected_version=None
    )
    assert unlocked.status == ReturnStatus.SUBMITTED
    actions = list(
        AuditEvent.objects.filter(object_id=str(unlocked.pk), object_type="returns.return")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "return.create",
        "return.submit",
        "return.send_back",
        "return.submit",
        "return.approve",
        "return.unapprove",
    ]
    unapproval = AuditEvent.objects.filter(action="return.unapprove").get()
    assert unapproval.note == "Double counted"
    assert unapproval.before["status"] == "approved"
    assert unapproval.after["status"] == "submitted"
    assert unapproval.after["figures"]["calls"]["value"] == "120.0000"


def test_late_submission_is_flagged(
    collection: Collection,
    period: Period,
    charity: Organisation,
    charity_contributor: User,
    actor_of: Callable[[User], Actor],
    at: Callable[[dt.datetime], None],
) -> None:
    at(dt.datetime(2020, 7, 4, 10, tzinfo=LONDON))
    late = save(actor_of(charity_contributor), collection, charity, period, GOOD, submit=True)
    assert late.was_late


def test_contributor_cannot_touch_another_organisations_return(
    collection: Collection,
    period: Period,
    council: Organisation,
    charity_contributor: User,
    actor_of: Callable[[User], Actor],
) -> None:
    with pytest.raises(NotFound):
        save(actor_of(charity_contributor), collection, council, period, GOOD)
    assert not Return.objects.exists()


def test_only_coordinator_or_approver_approves(
    collection: Collection,
    period: Period,
    charity: Organisation,
    charity_contributor: User,
    analyst: User,
    actor_of: Callable[[User], Actor],
) -> None:
    submitted = save(actor_of(charity_contributor), collection, charity, period, GOOD, submit=True)
    with pytest.raises(PermissionDenied):
        return_approve(by=actor_of(charity_contributor), data_return=submitted, expected_version=None)
    with pytest.raises(PermissionDenied):
        return_approve(by=actor_of(analyst), data_return=submitted, expected_version=None)
    with pytest.raises(PermissionDenied):
        save(actor_of(analyst), collection, charity, period, {"calls": "1"})


def test_stale_version_conflicts(
    collection: Collection,
    period: Period,
    charity: Organisation,
    charity_contributor: User,
    actor_of: Callable[[User], Actor],
) -> None:
    actor = actor_of(charity_contributor)
    first = save(actor, collection, charity, period, {"calls": "1"})
    save(actor, collection, charity, period, {"calls": "2"}, expected_version=first.version)
    with pytest.raises(Conflict):
        save(actor, collection, charity, period, {"calls": "3"}, expected_version=first.version)
    assert Figure.objects.get(measure__code="calls", breakdown="").value == 2


def test_validation_errors_change_nothing(
    collection: Collection, period: Period, charity: Organisation, cli_actor: Actor
) -> None:
    with pytest.raises(InvalidInput) as error:
        save(cli_actor, collection, charity, period, {"calls": "-4", "visits": "many"})
    assert error.value.errors == {
        "calls": ["Calls made must be 0 or more"],
        "visits": ["Home visits must be a number, like 12"],
    }
    assert not Return.objects.exists()
    assert not Figure.objects.exists()


def test_dry_run_reports_without_writing(
    collection: Collection, period: Period, charity: Organisation, cli_actor: Actor
) -> None:
    result = return_save(
        by=cli_actor,
        collection=collection,
        organisation=charity,
        period=period,
        values=GOOD,
        expected_version=None,
        dry_run=True,
    )
    assert sorted(result.changed) == ["calls", "calls__b0c0", "calls__b0c1", "visits"]
    assert not Return.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="return").exists()


def test_resaving_identical_figures_changes_nothing(
    collection: Collection, period: Period, charity: Organisation, cli_actor: Actor
) -> None:
    first = save(cli_actor, collection, charity, period, GOOD)
    result = return_save(
        by=cli_actor,
        collection=collection,
        organisation=charity,
        period=period,
        values={"calls": "120.0"},
        expected_version=None,
    )
    assert result.changed == []
    assert result.data_return.version == first.version


@pytest.mark.parametrize(
    ("frequency", "day"),
    [("fortnight", dt.date(9999, 12, 27)), ("month", dt.date(9999, 12, 31)), ("year", dt.date(1, 1, 1))],
)
def test_a_collection_at_the_ends_of_the_calendar_is_refused(
    cli_actor: Actor, partnership: Partnership, frequency: str, day: dt.date
) -> None:
    with pytest.raises(InvalidInput) as refused:
        collection_create(by=cli_actor, name="Far", frequency=frequency, first_period_start=day)
    assert refused.value.errors == {"first_period_start": [CALENDAR_END]}
    collection = collection_create(
        by=cli_actor, name="Near", frequency=frequency, first_period_start=dt.date(2024, 4, 1)
    )
    with pytest.raises(InvalidInput) as later:
        collection_update(by=cli_actor, collection=collection, expected_version=1, last_period_end=day)
    assert "last_period_end" in later.value.errors
    assert Collection.objects.get(pk=collection.pk).last_period_end is None


def test_collection_and_measure_setup(
    partnership: Partnership,
    cli_actor: Actor,
    charity: Organisation,
    actor_of: Callable[[User], Actor],
    charity_contributor: User,
) -> None:
    with pytest.raises(InvalidInput) as error:
        collection_create(by=cli_actor, name="", frequency="daily", first_period_start=None)
    assert set(error.value.errors) == {"name", "frequency", "first_period_start"}
    with pytest.raises(PermissionDenied):
        collection_create(
            by=actor_of(charity_contributor),
            name="X",
            frequency="month",
            first_period_start=dt.date(2024, 4, 1),
        )
    collection = collection_create(
        by=cli_actor,
        name="Quarterly",
        frequency="quarter",
        first_period_start=dt.date(2024, 4, 1),
        organisations=[charity],
    )
    measure = measure_create(
        by=cli_actor,
        collection=collection,
        label="Smoking quits",
        value_type="percentage",
        breakdowns=[{"name": "Sex", "categories": ["Female", "Male"]}],
    )
    assert measure.code == "smoking_quits"
    assert measure.multiplier == 100
    assert measure.indicator.value_type == "percentage"
    assert measure.indicator.method == "wilson"
    assert measure.indicator.kind == "how_much"
    with pytest.raises(InvalidInput) as bad:
        measure_create(
            by=cli_actor,
            collection=collection,
            label="Smoking quits",
            value_type="count",
            breakdowns=[{"name": "Sex", "categories": ["Female"]}],
        )
    assert "code" in bad.value.errors
    assert "breakdowns" in bad.value.errors
    updated = measure_update(by=cli_actor, measure=measure, expected_version=1, change_threshold=25)
    assert updated.change_threshold == 25
    assert updated.version == 2
    with pytest.raises(Conflict):
        measure_update(by=cli_actor, measure=measure, expected_version=1, required=False)


def test_approval_publishes_observations_when_the_home_area_is_loaded(
    collection: Collection,
    period: Period,
    charity: Organisation,
    council: Organisation,
    cli_actor: Actor,
    partnership: Partnership,
) -> None:
    from wellboard.geography.models import Area, AreaType
    from wellboard.indicators.models import Observation

    Area.objects.create(code="E07000243", name="Stevenage", type=AreaType.LTLA)
    partnership.area_code = "E07000243"
    partnership.save()
    for org, calls, lonely in ((charity, "120", ("30", "40")), (council, "80", ("10", "60"))):
        data = {
            **GOOD,
            "calls": calls,
            "calls__b0c0": "50",
            "calls__b0c1": str(int(calls) - 50),
            "less_lonely": lonely[0],
            "less_lonely__den": lonely[1],
        }
        ret = save(cli_actor, collection, org, period, data, submit=True)
        return_approve(by=cli_actor, data_return=ret, expected_version=None)
    calls = Observation.objects.get(indicator__return_measures__code="calls", category_type="", sex="Persons")
    assert calls.count == 200
    assert calls.value == 200
    assert calls.status == "final"
    female = Observation.objects.get(indicator__return_measures__code="calls", sex="Female")
    assert female.count == 100
    lonely = Observation.objects.get(indicator__return_measures__code="less_lonely", category_type="")
    assert lonely.count == 40
    assert lonely.denominator == 100
    assert lonely.value == pytest.approx(40.0)  # recomputed from the sums, not the mean of 75% and 16.7%
    assert lonely.lower95 is not None
    assert lonely.lower95 < 40 < lonely.upper95
    per_org = Observation.objects.get(indicator__return_measures__code="calls", category="Test Charity")
    assert per_org.count == 120
    assert per_org.category_type == "Organisation"
    ret = Return.objects.get(organisation=council)
    return_unapprove(by=cli_actor, data_return=ret, reason="Check", expected_version=None)
    calls.refresh_from_db()
    assert calls.count == 120
    assert calls.status == "provisional"
    council_row = Observation.objects.get(indicator__return_measures__code="calls", category="Test Council")
    assert council_row.status == "provisional"
    assert "under review" in council_row.note
    assert Decimal(str(calls.value)) == 120


def test_approving_a_periods_returns_together(
    collection: Collection,
    period: Period,
    charity: Organisation,
    council: Organisation,
    cli_actor: Actor,
    approver: User,
    charity_contributor: User,
    actor_of: Callable[[User], Actor],
    partnership: Partnership,
) -> None:
    from wellboard.geography.models import Area, AreaType
    from wellboard.indicators.models import Observation

    Area.objects.create(code="E07000243", name="Stevenage", type=AreaType.LTLA)
    partnership.area_code = "E07000243"
    partnership.save()
    first = save(cli_actor, collection, charity, period, GOOD, submit=True)
    second = save(
        cli_actor, collection, council, period, {**GOOD, "calls": "80", "calls__b0c1": "10"}, submit=True
    )
    with pytest.raises(PermissionDenied):
        returns_approve(by=actor_of(charity_contributor), data_returns=[first, second])
    stale = Return.objects.get(pk=second.pk)
    save(cli_actor, collection, council, period, {"visits": "36"}, submit=True)
    with pytest.raises(Conflict):
        returns_approve(by=actor_of(approver), data_returns=[first, stale])
    assert not Return.objects.filter(status=ReturnStatus.APPROVED).exists()  # all or nothing
    assert not Observation.objects.exists()

    fresh = list(Return.objects.order_by("pk"))
    approved = returns_approve(by=actor_of(approver), data_returns=fresh)
    assert [r.status for r in approved] == [ReturnStatus.APPROVED, ReturnStatus.APPROVED]
    assert AuditEvent.objects.filter(action="return.approve").count() == 2
    calls = Observation.objects.get(indicator__return_measures__code="calls", category_type="", sex="Persons")
    assert (calls.count, calls.status) == (200, "final")
    with pytest.raises(InvalidInput, match="Only a submitted return can be approved"):
        returns_approve(by=actor_of(approver), data_returns=approved)


def test_a_collection_and_its_measures_saved_unchanged_write_nothing(
    collection: Collection, cli_actor: Actor, charity: Organisation, council: Organisation
) -> None:
    collection_update(by=cli_actor, collection=collection, expected_version=1, description="Every fortnight")
    collection.refresh_from_db()
    measure = collection.measures.get(code="calls")
    events = AuditEvent.objects.count()
    saved = collection_update(
        by=cli_actor,
        collection=collection,
        expected_version=2,
        name=f" {collection.name} ",
        description=collection.description,
        frequency=collection.frequency,
        first_period_start=collection.first_period_start,
        last_period_end=collection.last_period_end,
        due_rule=collection.due_rule,
        due_days=collection.due_days,
        reminder_days=collection.reminder_days,
        is_open=collection.is_open,
        organisations=[council, charity],  # the same organisations, in another order
    )
    unchanged = measure_update(
        by=cli_actor,
        measure=measure,
        expected_version=1,
        label=measure.label,
        help_text=measure.help_text,
        unit=measure.unit,
        multiplier=Decimal(str(measure.multiplier)),
        breakdowns=[{"name": "Sex", "categories": ["Female", "Male"]}],
        required=measure.required,
        change_threshold=measure.change_threshold,
        initiative=None,
    )
    assert (saved.version, unchanged.version) == (2, 1)
    assert AuditEvent.objects.count() == events
    saved = collection_update(
        by=cli_actor, collection=collection, expected_version=2, organisations=[charity]
    )
    assert saved.version == 3
    event = AuditEvent.objects.filter(action="collection.update").first()
    assert event is not None
    assert event.changes() == [
        ("organisations", ["Test Charity", "Test Council"], ["Test Charity"]),
        ("version", 2, 3),
    ]
