"""Indicator, observation, comparator and target services: permissions, validation, idempotency,
audit and conflicts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.indicators import IndicatorFactory, Places, make_places
from tests.factories.strategy import NodeFactory, StrategyFactory
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.indicators.models import (
    Comparator,
    Indicator,
    Method,
    Observation,
    Polarity,
    Target,
    ValueType,
)
from wellboard.indicators.services import (
    ObservationInput,
    comparator_create,
    comparator_update,
    indicator_create,
    indicator_update,
    observations_recalculate,
    observations_save,
    target_create,
    target_update,
    trajectory_set,
)
from wellboard.indicators.services import observations as observations_module
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

ActorOf = Callable[[User], Actor]


@pytest.fixture
def places(partnership: Partnership) -> Places:
    return make_places(partnership)


@pytest.fixture
def smoking(cli_actor: Actor) -> Indicator:
    return indicator_create(
        by=cli_actor, name="Adults who smoke", value_type=ValueType.PERCENTAGE, polarity=Polarity.LOW_IS_GOOD
    )


def _writes(context: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"] for q in context.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    ]


# ---------------------------------------------------------------- indicators


def test_indicator_create_fills_defaults_by_value_type(cli_actor: Actor) -> None:
    indicator = indicator_create(
        by=cli_actor, name="Emergency admissions for falls", value_type=ValueType.CRUDE_RATE
    )
    assert (indicator.slug, indicator.method, indicator.multiplier, indicator.unit) == (
        "emergency-admissions-for-falls",
        Method.BYARS_EXACT,
        100_000,
        "per 100,000",
    )
    again = indicator_create(by=cli_actor, name="Emergency admissions for falls", value_type=ValueType.COUNT)
    assert again.slug == "emergency-admissions-for-falls-2"
    assert AuditEvent.objects.filter(action="indicator.create").count() == 2


def test_indicator_create_links_nodes_of_this_partnership_only(
    cli_actor: Actor, partnership: Partnership, other_partnership: Partnership
) -> None:
    mine = NodeFactory(strategy=StrategyFactory(partnership=partnership))
    theirs = NodeFactory(strategy=StrategyFactory(partnership=other_partnership))
    indicator = indicator_create(by=cli_actor, name="Obesity", value_type=ValueType.PERCENTAGE, nodes=[mine])
    assert list(indicator.nodes.all()) == [mine]
    with pytest.raises(InvalidInput) as excinfo:
        indicator_create(by=cli_actor, name="Other", value_type=ValueType.PERCENTAGE, nodes=[theirs.pk])
    assert "nodes" in excinfo.value.errors


def test_indicator_create_validates_every_field(cli_actor: Actor) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        indicator_create(
            by=cli_actor,
            name=" ",
            value_type="weird",
            kind="nope",
            polarity="up",
            method="magic",
            multiplier=0,
        )
    assert {"name", "value_type", "kind", "polarity", "method", "multiplier"} <= set(excinfo.value.errors)
    with pytest.raises(InvalidInput, match="uses one of"):
        indicator_create(by=cli_actor, name="x", value_type=ValueType.PERCENTAGE, method=Method.DOBSON)
    with pytest.raises(InvalidInput, match="multiplier of 100"):
        indicator_create(by=cli_actor, name="x", value_type=ValueType.PERCENTAGE, multiplier=1000)


def test_only_coordinators_and_analysts_write_indicators(
    partnership: Partnership, analyst: User, viewer: User, council_contributor: User, actor_of: ActorOf
) -> None:
    assert indicator_create(by=actor_of(analyst), name="Made by the analyst", value_type=ValueType.COUNT)
    for user in (viewer, council_contributor):
        with pytest.raises(PermissionDenied):
            indicator_create(by=actor_of(user), name="Nope", value_type=ValueType.COUNT)


def test_another_partnerships_indicator_is_not_found(
    outsider: User, other_partnership: Partnership, smoking: Indicator
) -> None:
    from wellboard.partners.selectors import actor_for

    outsider_actor = actor_for(user=outsider, partnership=other_partnership)
    assert outsider_actor is not None
    with pytest.raises(NotFound):
        indicator_update(by=outsider_actor, indicator=smoking, expected_version=1, name="Hijacked")
    with pytest.raises(NotFound):
        observations_save(by=outsider_actor, indicator=smoking, rows=[], source="x")


def test_indicator_update_is_versioned_and_audited(cli_actor: Actor, smoking: Indicator) -> None:
    updated = indicator_update(
        by=cli_actor, indicator=smoking, expected_version=1, definition="Self-reported"
    )
    assert updated.version == 2
    event = AuditEvent.objects.get(action="indicator.update")
    assert ("definition", "", "Self-reported") in event.changes()
    with pytest.raises(Conflict):
        indicator_update(by=cli_actor, indicator=smoking, expected_version=1, definition="Stale")
    with pytest.raises(InvalidInput, match="cannot be changed"):
        indicator_update(by=cli_actor, indicator=smoking, expected_version=2, partnership_id=3)
    unchanged = indicator_update(
        by=cli_actor, indicator=smoking, expected_version=2, definition="Self-reported"
    )
    assert unchanged.version == 2


# ---------------------------------------------------------------- observations


def test_observations_save_computes_missing_figures_and_keeps_published_ones(
    cli_actor: Actor, smoking: Indicator, places: Places
) -> None:
    report = observations_save(
        by=cli_actor,
        indicator=smoking,
        rows=[
            ObservationInput(area_code="E07000243", period="2020", count=276, denominator=1000, row=2),
            ObservationInput(
                area_code="E92000001",
                period="2020",
                count=100,
                denominator=1000,
                value=10.5,
                lower95=9.0,
                upper95=12.0,
                row=3,
            ),
        ],
        source="survey",
    )
    assert report.applied
    assert report.counts()["observation"]["create"] == 2
    ours = Observation.objects.get(area=places.stevenage)
    assert ours.value == pytest.approx(27.6)
    assert ours.lower95 is not None
    assert ours.lower95 < 27.6 < ours.upper95  # type: ignore[operator]
    assert ours.value_computed
    assert ours.limits_computed
    assert ours.limits998_computed
    published = Observation.objects.get(area=places.england)
    assert (published.value, published.lower95, published.upper95) == (10.5, 9.0, 12.0)
    assert not published.value_computed
    assert not published.limits_computed
    # The source gave no 99.8% limits: they are computed from the count, around the published 95%.
    assert published.limits998_computed
    assert published.lower998 is not None
    assert published.upper998 is not None
    assert published.lower998 < 9.0
    assert published.upper998 > 12.0
    summary = AuditEvent.objects.get(action="observation.save")
    assert summary.after == {"created": 2, "updated": 0, "source": "survey"}


def test_observations_save_is_idempotent_and_reports_updates(
    cli_actor: Actor, smoking: Indicator, places: Places
) -> None:
    rows = [
        ObservationInput(area_code="E07000243", period=str(y), count=270 + y % 10, denominator=1000)
        for y in range(2015, 2020)
    ]
    observations_save(by=cli_actor, indicator=smoking, rows=rows, source="survey")
    with CaptureQueriesContext(connection) as context:
        again = observations_save(by=cli_actor, indicator=smoking, rows=rows, source="survey")
    assert again.totals()["unchanged"] == 5
    assert not again.changes_anything
    assert _writes(context) == []
    changed = [
        *rows[:4],
        ObservationInput(area_code="E07000243", period="2019", count=300, denominator=1000, note="Revised"),
    ]
    report = observations_save(by=cli_actor, indicator=smoking, rows=changed, source="survey")
    update = next(c for c in report.changes if c.outcome == "update")
    assert set(update.fields) >= {"count", "value", "note"}
    row_event = AuditEvent.objects.get(action="observation.update")
    assert row_event.before["count"] == 279.0  # type: ignore[index]
    assert row_event.after["count"] == 300.0  # type: ignore[index]


def test_per_row_audit_is_capped(
    cli_actor: Actor, smoking: Indicator, places: Places, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(observations_module, "AUDIT_ROW_CAP", 2)
    rows = [
        ObservationInput(area_code="E07000243", period=str(y), count=1, denominator=10)
        for y in range(2010, 2015)
    ]
    observations_save(by=cli_actor, indicator=smoking, rows=rows, source="a")
    bumped = [
        ObservationInput(area_code="E07000243", period=str(y), count=2, denominator=10)
        for y in range(2010, 2015)
    ]
    observations_save(by=cli_actor, indicator=smoking, rows=bumped, source="a")
    assert AuditEvent.objects.filter(action="observation.update").count() == 2
    assert AuditEvent.objects.filter(action="observation.save").first().after["updated"] == 5  # type: ignore[union-attr,index]


def test_observations_save_rejects_everything_if_any_row_is_bad(
    cli_actor: Actor, smoking: Indicator, places: Places
) -> None:
    report = observations_save(
        by=cli_actor,
        indicator=smoking,
        rows=[
            ObservationInput(area_code="E07000243", period="2020", count=1, denominator=10, row=2),
            ObservationInput(area_code="E99999999", period="2020", count=1, denominator=10, row=3),
            ObservationInput(area_code="E07000243", period="20/21", count=1, denominator=10, row=4),
            ObservationInput(area_code="E07000243", period="2021", count=11, denominator=10, row=5),
            ObservationInput(area_code="E07000243", period="2020", count=2, denominator=10, row=6),
            ObservationInput(area_code="E07000243", period="2022", lower95=5, upper95=4, value=4.5, row=7),
            ObservationInput(area_code="E07000243", period="2023", value=1, status="maybe", row=8),
        ],
        source="x",
    )
    assert not report.applied
    where = {(r.row, r.column) for r in report.rejections}
    assert where == {(3, "area"), (4, "period"), (5, "count"), (6, ""), (7, "lower95"), (8, "status")}
    assert "repeats row 2" in next(r.reason for r in report.rejections if r.row == 6)
    assert not Observation.objects.exists()


def test_dry_run_reports_without_writing(cli_actor: Actor, smoking: Indicator, places: Places) -> None:
    report = observations_save(
        by=cli_actor,
        indicator=smoking,
        rows=[ObservationInput(area_code="E07000243", period="2020", value=3.0)],
        source="x",
        dry_run=True,
    )
    assert report.counts()["observation"]["create"] == 1
    assert not report.applied
    assert not Observation.objects.exists()


def test_dsr_figures_must_be_given(cli_actor: Actor, places: Places) -> None:
    dsr = indicator_create(by=cli_actor, name="Mortality", value_type=ValueType.DSR)
    report = observations_save(
        by=cli_actor,
        indicator=dsr,
        rows=[ObservationInput(area_code="E07000243", period="2020", count=50, denominator=1000)],
        source="x",
    )
    assert "age-specific" in report.rejections[0].reason


def test_recalculate_refreshes_computed_figures_only(cli_actor: Actor, places: Places) -> None:
    rate = indicator_create(by=cli_actor, name="Falls", value_type=ValueType.CRUDE_RATE)
    observations_save(
        by=cli_actor,
        indicator=rate,
        rows=[
            ObservationInput(area_code="E07000243", period="2020", count=5, denominator=100_000),
            ObservationInput(
                area_code="E92000001",
                period="2020",
                count=5,
                denominator=100_000,
                value=5.0,
                lower95=1.0,
                upper95=9.0,
            ),
        ],
        source="x",
    )
    exact = Observation.objects.get(area=places.stevenage).lower95
    england_998 = Observation.objects.get(area=places.england).lower998
    # Changing the method recomputes Wellboard's own limits at once; the published ones stay.
    indicator_update(by=cli_actor, indicator=rate, expected_version=1, method=Method.BYARS)
    ours = Observation.objects.get(area=places.stevenage)
    assert ours.lower95 != pytest.approx(exact)
    england = Observation.objects.get(area=places.england)
    assert (england.lower95, england.upper95) == (1.0, 9.0)
    assert england.lower998 != pytest.approx(england_998), "its computed 99.8% limits follow the method"
    assert AuditEvent.objects.filter(action="observation.recalculate").count() == 1
    report = observations_recalculate(by=cli_actor, indicator=rate)
    assert report.totals()["unchanged"] == 2
    indicator_update(
        by=cli_actor, indicator=Indicator.objects.get(pk=rate.pk), expected_version=2, method=Method.NONE
    )
    assert Observation.objects.get(area=places.stevenage).lower95 is None
    england = Observation.objects.get(area=places.england)
    assert (england.lower95, england.upper95, england.lower998, england.limits998_computed) == (
        1.0,
        9.0,
        None,
        False,
    )


# ---------------------------------------------------------------- comparators and targets


def test_comparators_have_the_right_number_of_areas_and_one_default(cli_actor: Actor, places: Places) -> None:
    england = comparator_create(
        by=cli_actor, name="England", kind="area", area_codes=["E92000001"], is_default=True
    )
    group = comparator_create(
        by=cli_actor, name="Hertfordshire districts", kind="group", area_codes=["E07000243", "E07000099"]
    )
    assert group.slug == "hertfordshire-districts"
    assert group.areas.count() == 2
    with pytest.raises(InvalidInput, match="exactly one"):
        comparator_create(by=cli_actor, name="Two", kind="area", area_codes=["E92000001", "E10000015"])
    with pytest.raises(InvalidInput, match="at least two"):
        comparator_create(by=cli_actor, name="One", kind="group", area_codes=["E10000015"])
    with pytest.raises(InvalidInput, match="E99999999"):
        comparator_create(by=cli_actor, name="Nowhere", kind="area", area_codes=["E99999999"])
    with pytest.raises(InvalidInput, match="already a comparator"):
        comparator_create(by=cli_actor, name="England", kind="area", area_codes=["E92000001"])
    comparator_update(by=cli_actor, comparator=group, expected_version=1, is_default=True)
    assert list(Comparator.objects.filter(is_default=True)) == [group]
    england.refresh_from_db()
    assert not england.is_default
    with pytest.raises(Conflict):
        comparator_update(by=cli_actor, comparator=group, expected_version=1, name="Stale")


def test_a_comparator_saved_unchanged_writes_nothing(cli_actor: Actor, places: Places) -> None:
    england = comparator_create(
        by=cli_actor, name="England", kind="area", area_codes=["E92000001"], is_default=True
    )
    with CaptureQueriesContext(connection) as context:
        saved = comparator_update(
            by=cli_actor,
            comparator=england,
            expected_version=1,
            name="England ",
            description="",
            area_codes=["E92000001"],
            is_default=True,
            position=england.position,
        )
    assert _writes(context) == []
    assert saved.version == 1
    assert not AuditEvent.objects.filter(action="comparator.update").exists()
    moved = comparator_update(
        by=cli_actor, comparator=england, expected_version=1, area_codes=["E10000015"], name="England"
    )
    assert moved.version == 2
    assert [a.code for a in moved.areas.all()] == ["E10000015"]
    event = AuditEvent.objects.get(action="comparator.update")
    assert event.before != event.after


def test_a_target_saved_unchanged_writes_nothing(
    cli_actor: Actor, smoking: Indicator, places: Places
) -> None:
    target = target_create(
        by=cli_actor, indicator=smoking, area_code="E07000243", period="2020", value=25.0, amber_tolerance=2
    )
    with CaptureQueriesContext(connection) as context:
        saved = target_update(
            by=cli_actor,
            target=target,
            expected_version=1,
            value=25,
            amber_tolerance=2.0,
            period="2020",
            note="",
        )
    assert _writes(context) == []
    assert saved.version == 1
    assert not AuditEvent.objects.filter(action="target.update").exists()
    changed = target_update(by=cli_actor, target=target, expected_version=1, period="2021")
    assert (changed.version, changed.period, changed.period_start.year) == (2, "2021", 2021)
    assert AuditEvent.objects.filter(action="target.update").count() == 1


def test_targets_and_trajectories(
    cli_actor: Actor, smoking: Indicator, places: Places, viewer: User, actor_of: ActorOf
) -> None:
    target = target_create(
        by=cli_actor, indicator=smoking, area_code="E07000243", period="2020", value=25.0, amber_tolerance=2
    )
    assert (target.period_start.year, target.value) == (2020, 25.0)
    with pytest.raises(InvalidInput, match="already a target"):
        target_create(by=cli_actor, indicator=smoking, area_code="E07000243", period="2020", value=24.0)
    with pytest.raises(InvalidInput) as excinfo:
        target_create(
            by=cli_actor,
            indicator=smoking,
            area_code="E07000243",
            period="2021",
            value=1.0,
            amber_tolerance=-1,
        )
    assert "amber_tolerance" in excinfo.value.errors
    with pytest.raises(PermissionDenied):
        target_create(by=actor_of(viewer), indicator=smoking, area_code="E07000243", period="2022", value=1.0)
    points = trajectory_set(
        by=cli_actor,
        indicator=smoking,
        area_code="E07000243",
        points=[("2020", 25.0), ("2022", 22.0), ("2024", 20.0)],
        amber_tolerance=2,
    )
    assert [t.value for t in points] == [25.0, 22.0, 20.0]
    assert Target.objects.count() == 3
    updated = target_update(by=cli_actor, target=points[1], expected_version=1, value=21.5)
    assert updated.version == 2
    with pytest.raises(Conflict):
        target_update(by=cli_actor, target=points[1], expected_version=1, value=21.0)
    assert AuditEvent.objects.filter(action="target.update").exists()


def test_factories_make_indicators_in_their_partnership(partnership: Partnership) -> None:
    indicator = IndicatorFactory(partnership=partnership)
    assert indicator.partnership == partnership
