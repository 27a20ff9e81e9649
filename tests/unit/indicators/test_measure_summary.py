"""A performance measure's summary, and the checks of which views have anything to show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.indicators import World, make_area
from wellboard.core.rag import Rag
from wellboard.geography.models import AreaType
from wellboard.indicators.calculations.summaries import (
    ORGANISATION,
    indicator_pages,
    indicator_views,
    measure_summary,
    summary_context,
)
from wellboard.indicators.models import Indicator, IndicatorKind, ObservationStatus, Polarity, ValueType
from wellboard.indicators.selectors import observation_presence
from wellboard.indicators.services import (
    ObservationInput,
    indicator_create,
    observations_save,
    target_create,
)
from wellboard.indicators.views._measures import change_sentence, change_words, single_parts
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db

STEVENAGE = "E07000243"
FIRST, SECOND, THIRD = "2020-03-30/2W", "2020-04-13/2W", "2020-04-27/2W"


def calls_measure(world: World, *, kind: str = IndicatorKind.HOW_MUCH) -> Indicator:
    """Calls made: three fortnights, the last provisional, split by organisation and by sex."""
    measure = indicator_create(
        by=world.actor,
        name="Befriending calls made",
        kind=kind,
        value_type=ValueType.COUNT,
        unit="calls",
        polarity=Polarity.HIGH_IS_GOOD,
    )
    provisional = {
        "status": ObservationStatus.PROVISIONAL,
        "note": "2 of 3 organisations' returns approved so far",
    }
    rows = [
        ObservationInput(area_code=STEVENAGE, period=FIRST, count=900, value=900),
        ObservationInput(area_code=STEVENAGE, period=SECOND, count=800, value=800),
        ObservationInput(area_code=STEVENAGE, period=THIRD, count=760, value=760, **provisional),
        ObservationInput(
            area_code=STEVENAGE,
            period=THIRD,
            category_type=ORGANISATION,
            category="Careline",
            count=360,
            value=360,
        ),
        ObservationInput(
            area_code=STEVENAGE,
            period=THIRD,
            category_type=ORGANISATION,
            category="Mind",
            count=400,
            value=400,
        ),
        ObservationInput(
            area_code=STEVENAGE,
            period=THIRD,
            category_type="Park",
            category="Hampson Park",
            count=760,
            value=760,
        ),
        ObservationInput(area_code=STEVENAGE, period=THIRD, sex="Female", count=500, value=500),
        ObservationInput(area_code=STEVENAGE, period=THIRD, sex="Male", count=260, value=260),
        ObservationInput(
            area_code=STEVENAGE,
            period=FIRST,
            category_type=ORGANISATION,
            category="Mind",
            count=900,
            value=900,
        ),
    ]
    report = observations_save(by=world.actor, indicator=measure, rows=rows, source="returns")
    assert report.ok, report.rejections
    target_create(
        by=world.actor, indicator=measure, area_code=STEVENAGE, period=THIRD, value=800, amber_tolerance=50
    )
    return measure


def test_measure_summary_by_period_with_change_target_and_splits(world: World) -> None:
    measure = calls_measure(world)
    summary = measure_summary(actor=world.actor, indicator=measure)
    assert summary.area == world.places.stevenage
    assert [p.period for p in summary.points] == [FIRST, SECOND, THIRD]
    first = summary.points[0]
    assert (first.label, first.axis_label) == ("30 Mar to 12 Apr 2020", "30 Mar 2020")
    latest = summary.latest
    assert latest is not None
    assert (latest.period, latest.value, latest.status) == (THIRD, 760, ObservationStatus.PROVISIONAL)
    # RAG against the target for its own period, with the thresholds in words.
    assert latest.rag.rag == Rag.AMBER
    assert latest.target == 800
    assert "amber: within 50 calls below it" in latest.rag.thresholds
    assert summary.points[0].rag.rag == Rag.NOT_RATED, "before the first target there is none"
    # The change on the previous period, with the relative change for a count.
    assert summary.change is not None
    assert summary.change.previous.period == SECOND
    assert summary.change.difference == -40
    assert summary.change.percent == pytest.approx(-5.0)
    # The latest period split: organisations first, largest first, with their shares of the total.
    assert summary.period == THIRD
    assert summary.periods == (THIRD, SECOND, FIRST)
    assert [(g.kind, g.title) for g in summary.groups] == [
        ("organisation", ORGANISATION),
        ("category", "Park"),
        ("sex", "Sex"),
    ]
    organisations = summary.groups[0].rows
    assert [(r.label, r.value) for r in organisations] == [("Mind", 400), ("Careline", 360)]
    assert organisations[0].share == pytest.approx(400 / 760 * 100)
    assert [r.label for r in summary.groups[2].rows] == ["Female", "Male"]
    assert summary.from_returns
    assert summary.split


def test_measure_summary_for_an_earlier_period(world: World) -> None:
    measure = calls_measure(world)
    summary = measure_summary(actor=world.actor, indicator=measure, period=FIRST)
    assert summary.total is not None
    assert summary.total.value == 900
    assert [(g.kind, [r.label for r in g.rows]) for g in summary.groups] == [("organisation", ["Mind"])]
    assert summary.latest is not None
    assert summary.latest.period == THIRD, "the headline stays the latest"
    assert single_parts(summary) == ["All from Mind."]
    unknown = measure_summary(actor=world.actor, indicator=measure, period="1999")
    assert unknown.groups == ()
    assert unknown.total is None


def test_measure_without_figures(world: World) -> None:
    measure = indicator_create(
        by=world.actor, name="Walk-ins", kind=IndicatorKind.HOW_MUCH, value_type="count"
    )
    summary = measure_summary(actor=world.actor, indicator=measure)
    assert (summary.area, summary.latest, summary.change, summary.points, summary.groups) == (
        None,
        None,
        None,
        (),
        (),
    )
    assert not summary.split


def test_measure_recorded_for_an_area_outside_the_place(world: World) -> None:
    """A hub's catchment is not the partnership's place: its figures are still shown."""
    catchment = make_area("E07000099", "North Hertfordshire", AreaType.LTLA)
    measure = indicator_create(
        by=world.actor, name="Hub visitors", kind=IndicatorKind.HOW_MUCH, value_type="count"
    )
    observations_save(
        by=world.actor,
        indicator=measure,
        rows=[ObservationInput(area_code=catchment.code, period="2024/25", value=19609)],
        source="test",
    )
    summary = measure_summary(actor=world.actor, indicator=measure)
    assert summary.area == catchment
    assert summary.latest is not None
    assert summary.latest.value == 19609
    assert summary.change is None


def test_change_in_words(world: World) -> None:
    measure = calls_measure(world)
    summary = measure_summary(actor=world.actor, indicator=measure)
    assert change_sentence(measure, summary.change, 0) == (
        "Down 40 calls (5.0%) on the previous period (800 calls, 13 Apr to 26 Apr 2020)."
    )
    assert change_words(measure, 0.2, 0.1, 0) == "The same as the previous period"
    share = indicator_create(
        by=world.actor, name="Share", kind=IndicatorKind.HOW_WELL, value_type="percentage"
    )
    assert change_words(share, 2.0, None, 1) == "Up 2.0 percentage points on the previous period"


def test_observation_presence_and_view_checks(world: World) -> None:
    context = summary_context(actor=world.actor)
    smoking = world.smoking
    present = observation_presence(
        actor=world.actor,
        indicator_ids=[smoking.pk],
        area_ids=[world.places.stevenage.pk],
        inside=world.places.stevenage,
        inside_type=AreaType.WARD,
    )
    assert (smoking.pk, world.places.bedwell.pk, "") in present, "the wards inside the place"
    assert (smoking.pk, world.places.stevenage.pk, "Deprivation decile (IMD2019)") in present
    assert (smoking.pk, world.places.england.pk, "") not in present, "only the areas asked for"
    context.candidates(None)  # the place and the areas it lies in, as the indicator page reads them
    with CaptureQueriesContext(connection) as queries:
        views = indicator_views(actor=world.actor, indicator=smoking, context=context)
    assert len(queries.captured_queries) == 1
    assert views.inequality.shown
    assert views.ward_map.shown

    plain = indicator_create(by=world.actor, name="Obesity", value_type=ValueType.PERCENTAGE)
    observations_save(
        by=world.actor,
        indicator=plain,
        rows=[ObservationInput(area_code=STEVENAGE, period="2020", count=30, denominator=100)],
        source="test",
    )
    views = indicator_views(actor=world.actor, indicator=plain, context=context)
    assert not views.inequality.shown
    assert views.inequality.reason.startswith("No figures by deprivation yet")
    assert views.ward_map.reason == "No ward figures yet: ward maps need figures for the wards of Stevenage."


def test_indicator_pages_check_the_profile_and_the_rug(world: World, partnership: Partnership) -> None:
    pages = indicator_pages(actor=world.actor, context=summary_context(actor=world.actor))
    assert pages.profile.shown
    assert pages.rug.shown
    partnership.area_code = ""
    partnership.save(update_fields=["area_code"])
    unset = indicator_pages(actor=world.actor, context=summary_context(actor=world.actor))
    assert not unset.profile.shown
    assert not unset.rug.shown
    assert unset.profile.reason == "No area profile or tartan rug: the partnership's place is not set."


def test_the_rug_needs_an_indicator_with_figures_for_two_areas(
    world: World, partnership: Partnership
) -> None:
    """A place with figures only for itself has a profile but nothing to set side by side."""
    partnership.area_code = "E07000099"  # North Hertfordshire: smoking figures for it alone
    partnership.save(update_fields=["area_code"])
    pages = indicator_pages(actor=world.actor, context=summary_context(actor=world.actor))
    assert pages.profile.shown
    assert pages.rug.shown, "Stevenage, in the same county, has smoking figures too"
    world.smoking.observations.exclude(area__code="E07000099").delete()
    pages = indicator_pages(actor=world.actor, context=summary_context(actor=world.actor))
    assert pages.profile.shown
    assert not pages.rug.shown
    assert pages.rug.reason == (
        "No tartan rug yet: no population indicator has figures for more than one area of "
        "Hertfordshire and the areas in it."
    )
