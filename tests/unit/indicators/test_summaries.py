"""What the indicator pages show, computed from a small worked partnership (see conftest.World)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.indicators import World, make_area
from tests.factories.strategy import NodeFactory, StrategyFactory
from wellboard.core.rag import Rag
from wellboard.geography.models import AreaType
from wellboard.indicators.calculations import (
    JUDGED_BY_PUBLISHER,
    JUDGED_BY_WELLBOARD,
    NOT_COMPARED,
    TREND_NOT_CALCULATED,
)
from wellboard.indicators.calculations.summaries import (
    MANY_AREAS,
    area_profile,
    areas_compared,
    indicator_breakdowns,
    indicator_series,
    indicator_summaries,
    indicator_summary,
    inequality,
    node_summaries,
    summary_context,
    tartan_rug,
    ward_map,
)
from wellboard.indicators.calculations.summaries import indicator as indicator_module
from wellboard.indicators.models import Indicator, IndicatorKind, Polarity, ValueType
from wellboard.indicators.services import (
    ObservationInput,
    comparator_create,
    indicator_create,
    indicator_update,
    observations_save,
)

pytestmark = pytest.mark.django_db


def test_indicator_summary(world: World) -> None:
    summary = indicator_summary(actor=world.actor, indicator=world.smoking)
    assert summary.area == world.places.stevenage
    assert summary.latest is not None
    assert (summary.latest.period, summary.latest.value) == ("2020", pytest.approx(26.5))
    england, group = summary.comparisons
    assert (england.name, england.value, england.significance) == ("England", pytest.approx(18.3), "worse")
    assert england.significance998 == "worse"
    # The group's figure is combined from counts: (265 + 150) / 2000.
    assert (group.name, group.value) == ("Hertfordshire districts", pytest.approx(20.75))
    assert summary.significance == "worse"
    assert summary.trend == "no significant change"
    # Trajectory 27% (2018) to 23% (2022): about 25.0% in 2020, and 26.5% is 1.5 points worse.
    assert summary.rag.rag == Rag.RED
    assert summary.rag.target == pytest.approx(25.0, abs=0.01)
    assert "amber: within 1.0 percentage points above it" in summary.rag.thresholds


def test_summary_of_an_indicator_without_figures(world: World) -> None:
    empty = indicator_create(by=world.actor, name="Nothing yet", value_type="count")
    summary = indicator_summary(actor=world.actor, indicator=empty)
    assert summary.latest is None
    assert summary.rag.rag == Rag.NOT_RATED
    assert summary.significance == "not_compared"


def test_node_summaries_cover_the_nodes_indicators(world: World) -> None:
    theme = NodeFactory(strategy=StrategyFactory(partnership=world.smoking.partnership))
    priority = NodeFactory(strategy=theme.strategy, parent=theme)
    indicator_update(by=world.actor, indicator=world.smoking, expected_version=1, nodes=[priority])
    assert [s.indicator for s in node_summaries(actor=world.actor, node=theme)] == [world.smoking]
    assert node_summaries(actor=world.actor, node=theme, include_descendants=False) == []


def test_indicator_series(world: World) -> None:
    series = indicator_series(actor=world.actor, indicator=world.smoking)
    assert [p.period for p in series.points] == [str(y) for y in range(2013, 2021)]
    assert all(p.significance == "worse" for p in series.points)
    assert series.points[-1].comparator_value == pytest.approx(18.3)
    assert series.points[0].target is None
    assert series.points[-1].target == pytest.approx(25.0, abs=0.01)
    assert [t.period for t in series.targets] == ["2018", "2022"]
    names = [c.name for c in series.comparators]
    assert names == ["England", "Hertfordshire districts"]
    assert len(series.comparators[1].points) == 8
    assert series.comparators[0].points[0] == ("2013", pytest.approx(19.0))


def test_indicator_breakdowns(world: World) -> None:
    found = indicator_breakdowns(actor=world.actor, indicator=world.smoking)
    assert found.period == "2020"
    assert found.overall is not None
    sexes, deciles = found.groups
    assert sexes.title == "Sex"
    assert sorted(r.label for r in sexes.rows) == ["Female", "Male", "Persons"]
    assert [r.rank for r in deciles.rows] == list(range(1, 11))
    assert deciles.rows[0].significance == "worse"
    assert deciles.rows[-1].significance == "similar"  # 20 of 100: too few to differ from 26.5%


def test_areas_compared(world: World) -> None:
    compared = areas_compared(actor=world.actor, indicator=world.smoking)
    assert compared.period == "2020"
    assert [r.area_code for r in compared.rows] == ["E07000243", "E07000099"]
    assert compared.rows[0].highlight
    assert compared.benchmark_name == "England"
    assert [r.significance for r in compared.rows] == ["worse", "better"]
    against_group = areas_compared(
        actor=world.actor, indicator=world.smoking, comparator="hertfordshire-districts"
    )
    assert against_group.benchmark_value == pytest.approx(20.75)


def test_area_profile(world: World) -> None:
    profile = area_profile(actor=world.actor)
    (row,) = profile.rows
    assert row.value == pytest.approx(26.5)
    assert row.benchmark_value == pytest.approx(18.3)
    assert (row.minimum, row.maximum, row.areas) == (pytest.approx(15.0), pytest.approx(26.5), 2)
    assert row.significance == "worse"


def test_tartan_rug(world: World) -> None:
    rug = tartan_rug(actor=world.actor)
    assert rug.areas == (
        ("E10000015", "Hertfordshire"),
        ("E07000099", "North Hertfordshire"),
        ("E07000243", "Stevenage"),
    )
    assert rug.highlight == "E07000243"
    (column,) = rug.columns
    assert column.period == "2020"
    assert rug.cells[("E07000243", world.smoking.slug)].significance == "worse"
    assert rug.cells[("E07000099", world.smoking.slug)].significance == "better"
    assert ("E10000015", world.smoking.slug) not in rug.cells


def test_ward_map(world: World) -> None:
    wards = ward_map(actor=world.actor, indicator=world.smoking)
    assert wards.period == "2020"
    assert wards.parent_value == pytest.approx(26.5)
    assert [(r.area_name, r.significance) for r in wards.rows] == [
        ("Bedwell", "worse"),
        ("Shephall", "better"),
    ]


def test_inequality_with_the_slope_index(world: World) -> None:
    found = inequality(actor=world.actor, indicator=world.smoking)
    assert found.area == world.places.stevenage
    assert [r.rank for r in found.rows] == list(range(1, 11))
    assert found.rows[0].value == pytest.approx(38.0)
    assert found.sii is not None
    assert found.sii.sii == pytest.approx(-20.0, abs=0.5)
    assert found.sii.sii_lower < found.sii.sii < found.sii.sii_upper
    # The fitted line starts at the most deprived end, in percent like the values, and passes
    # through the population-weighted mean value at the mean rank.
    assert found.sii.intercept is not None
    populations = [r.population or 0.0 for r in found.rows]
    values = [r.value or 0.0 for r in found.rows]
    mean = sum(p * v for p, v in zip(populations, values, strict=True)) / sum(populations)
    ranks, before = [], 0.0
    for share in (p / sum(populations) for p in populations):
        ranks.append(before + share / 2)
        before += share
    mean_rank = sum(p * r for p, r in zip(populations, ranks, strict=True)) / sum(populations)
    assert found.sii.intercept + found.sii.sii * mean_rank == pytest.approx(mean, rel=1e-6)


# ---------------------------------------------------------------- periods and areas compared


def test_areas_compared_for_an_earlier_period(world: World) -> None:
    compared = areas_compared(actor=world.actor, indicator=world.smoking, period="2015")
    assert compared.period == "2015"
    stevenage = next(r for r in compared.rows if r.area_code == "E07000243")
    assert stevenage.value == pytest.approx(29.0)
    assert compared.benchmark_value == pytest.approx(18.8)


def _districts_elsewhere(world: World, count: int) -> None:
    region = make_area("E12000008", "South East", AreaType.REGION, world.places.england)
    county = make_area("E10000014", "Hampshire", AreaType.UTLA, region)
    rows = []
    for n in range(count):
        make_area(f"E07000{100 + n:03d}", f"District {n:02d}", AreaType.LTLA, county)
        rows.append(
            ObservationInput(area_code=f"E07000{100 + n:03d}", period="2020", count=200, denominator=1000)
        )
    assert observations_save(by=world.actor, indicator=world.smoking, rows=rows, source="test").ok


def test_areas_compared_narrows_to_the_county_when_many_areas_have_figures(world: World) -> None:
    _districts_elsewhere(world, MANY_AREAS)
    narrowed = areas_compared(actor=world.actor, indicator=world.smoking)
    assert narrowed.narrowed
    assert narrowed.within == world.places.county
    assert {r.area_code for r in narrowed.rows} == {"E07000243", "E07000099"}
    wide = areas_compared(actor=world.actor, indicator=world.smoking, widen=True)
    assert (wide.narrowed, wide.within, len(wide.rows)) == (False, None, MANY_AREAS + 2)
    chosen = areas_compared(actor=world.actor, indicator=world.smoking, within=world.places.region)
    assert (chosen.narrowed, chosen.within, len(chosen.rows)) == (False, world.places.region, 2)


def test_areas_compared_shows_every_area_when_there_are_few(world: World) -> None:
    _districts_elsewhere(world, MANY_AREAS - 3)
    compared = areas_compared(actor=world.actor, indicator=world.smoking)
    assert (compared.narrowed, compared.within, len(compared.rows)) == (False, None, MANY_AREAS - 1)


def test_periods_to_choose_from(world: World) -> None:
    assert ward_map(actor=world.actor, indicator=world.smoking).periods == ("2020",)
    assert inequality(actor=world.actor, indicator=world.smoking).periods == ("2020",)
    rug = tartan_rug(actor=world.actor)
    assert rug.periods == tuple(str(y) for y in range(2020, 2012, -1))
    earlier = tartan_rug(actor=world.actor, period="2014")
    (column,) = earlier.columns
    assert (earlier.period, column.period) == ("2014", "2014")
    assert earlier.cells[("E07000243", world.smoking.slug)].value == pytest.approx(29.5)
    assert tartan_rug(actor=world.actor, period="1999").columns == ()


def test_one_context_reads_the_place_and_comparators_once(world: World) -> None:
    context = summary_context(actor=world.actor)
    indicator_summary(actor=world.actor, indicator=world.smoking, context=context)
    with CaptureQueriesContext(connection) as queries:
        indicator_series(actor=world.actor, indicator=world.smoking, context=context)
        areas_compared(actor=world.actor, indicator=world.smoking, context=context)
        indicator_summary(actor=world.actor, indicator=world.smoking, context=context)
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries]
    assert '"partners_partnership"' not in tables, "the place is read once per context"
    assert '"indicators_comparator"' not in tables, "the comparators are read once per context"
    # areas compared reads its peers' figures; the summary and series reuse what was read.
    assert len([t for t in tables if t == '"indicators_observation"']) == 1


@pytest.mark.parametrize("shared_read_up_to", [10, 1])
def test_summaries_judged_together_match_each_judged_alone(
    world: World, monkeypatch: pytest.MonkeyPatch, shared_read_up_to: int
) -> None:
    """Trends and comparisons are computed for many indicators at once, from one read or (for many
    indicators) from the smaller reads; each must come out as it would on its own (different
    polarities, series with and without counts, too few points, a figure only for the county)."""
    rising = indicator_create(
        by=world.actor,
        name="Physically active adults",
        value_type=ValueType.PERCENTAGE,
        polarity=Polarity.HIGH_IS_GOOD,
    )
    published = indicator_create(
        by=world.actor, name="Falls", value_type=ValueType.CRUDE_RATE, polarity=Polarity.LOW_IS_GOOD
    )
    short = indicator_create(by=world.actor, name="Short series", value_type=ValueType.PERCENTAGE)
    rows = [
        ObservationInput(area_code="E07000243", period=str(y), count=100 + 12 * (y - 2013), denominator=1000)
        for y in range(2013, 2021)
    ] + [ObservationInput(area_code="E92000001", period="2020", count=1500, denominator=10000)]
    assert observations_save(by=world.actor, indicator=rising, rows=rows, source="t").ok
    limits = [
        ObservationInput(
            area_code="E07000243",
            period=str(y),
            value=50.0 - y % 7,
            lower95=40.0 - y % 7,
            upper95=60.0 - y % 7,
        )
        for y in range(2013, 2021)
    ]
    assert observations_save(by=world.actor, indicator=published, rows=limits, source="t").ok
    few = [
        ObservationInput(area_code="E07000243", period=str(y), count=10, denominator=100)
        for y in (2019, 2020)
    ]
    assert observations_save(by=world.actor, indicator=short, rows=few, source="t").ok
    county_only = indicator_create(by=world.actor, name="County only", value_type=ValueType.PERCENTAGE)
    county_rows = [
        ObservationInput(area_code="E10000015", period=str(y), count=300 - y % 5, denominator=1000)
        for y in range(2014, 2021)
    ]
    assert observations_save(by=world.actor, indicator=county_only, rows=county_rows, source="t").ok
    indicators = [world.smoking, rising, published, short, county_only]
    alone = [indicator_summary(actor=world.actor, indicator=i) for i in indicators]
    monkeypatch.setattr(indicator_module, "SHARED_READ_UP_TO", shared_read_up_to)
    together = indicator_summaries(actor=world.actor, indicators=indicators)
    assert together[4].area == world.places.county
    for joint, single in zip(together, alone, strict=True):
        assert (joint.trend, joint.trend_assessment) == (single.trend, single.trend_assessment)
        assert joint.comparisons == single.comparisons
        assert joint.latest == single.latest
    assert together[3].trend == TREND_NOT_CALCULATED, "two points make no trend"
    assert {s.trend for s in together[:3]} != {TREND_NOT_CALCULATED}


# ---------------------------------------------------------------- published verdicts


def _published_only(world: World) -> Indicator:
    """Physical inactivity as Fingertips publishes it for districts: values and Fingertips' own
    verdicts against England and the region, without limits, counts or denominators."""
    inactive = indicator_create(
        by=world.actor,
        name="Physically inactive adults",
        value_type=ValueType.PERCENTAGE,
        polarity=Polarity.LOW_IS_GOOD,
    )
    rows = [
        ObservationInput(area_code="E92000001", period="2019", value=21.4),
        ObservationInput(area_code="E12000006", period="2019", value=21.0),
        ObservationInput(
            area_code="E07000243",
            period="2019",
            value=27.9,
            published_vs_england="Worse",
            published_vs_region="Worse 99.8%",
        ),
        ObservationInput(area_code="E07000099", period="2019", value=19.0, published_vs_england="Similar"),
    ]
    report = observations_save(by=world.actor, indicator=inactive, rows=rows, source="Fingertips")
    assert report.ok, report.rejections
    return inactive


def test_a_figure_without_limits_takes_its_publishers_verdict(world: World) -> None:
    inactive = _published_only(world)
    comparator_create(by=world.actor, name="East of England", kind="area", area_codes=["E12000006"])
    summary = indicator_summary(actor=world.actor, indicator=inactive)
    england, group, region = summary.comparisons
    assert (england.significance, england.significance998) == ("worse", NOT_COMPARED)
    assert (england.judged_by, england.publisher) == (JUDGED_BY_PUBLISHER, "Fingertips")
    # No publisher compares with a group of areas, and Wellboard cannot without limits.
    assert (group.significance, group.judged_by) == (NOT_COMPARED, "")
    assert (region.significance, region.significance998) == ("worse", "worse")
    assert region.judged_by == JUDGED_BY_PUBLISHER
    # Wellboard's own test comes first wherever the figure has limits.
    smoking = indicator_summary(actor=world.actor, indicator=world.smoking).comparisons[0]
    assert (smoking.significance, smoking.judged_by, smoking.publisher) == ("worse", JUDGED_BY_WELLBOARD, "")


def test_wellboards_own_test_takes_precedence_over_a_published_verdict(world: World) -> None:
    rows = [
        ObservationInput(
            area_code="E07000243", period="2020", count=265, denominator=1000, published_vs_england="Better"
        )
    ]
    observations_save(by=world.actor, indicator=world.smoking, rows=rows, source="Fingertips")
    england = indicator_summary(actor=world.actor, indicator=world.smoking).comparisons[0]
    assert (england.significance, england.judged_by) == ("worse", JUDGED_BY_WELLBOARD)


def test_places_take_the_published_verdicts_too(world: World) -> None:
    inactive = _published_only(world)
    compared = areas_compared(actor=world.actor, indicator=inactive)
    verdicts = {r.area_name: (r.significance, r.judged_by, r.publisher) for r in compared.rows}
    assert verdicts["Stevenage"] == ("worse", JUDGED_BY_PUBLISHER, "Fingertips")
    assert verdicts["North Hertfordshire"] == ("similar", JUDGED_BY_PUBLISHER, "Fingertips")
    profile = area_profile(actor=world.actor, indicators=[inactive, world.smoking])
    assert [(r.significance, r.judged_by) for r in profile.rows] == [
        ("worse", JUDGED_BY_PUBLISHER),
        ("worse", JUDGED_BY_WELLBOARD),
    ]
    rug = tartan_rug(actor=world.actor, indicators=[inactive])
    cell = rug.cells[("E07000243", inactive.slug)]
    assert (cell.significance, cell.judged_by, cell.publisher) == ("worse", JUDGED_BY_PUBLISHER, "Fingertips")
    series = indicator_series(actor=world.actor, indicator=inactive)
    assert [(p.significance, p.judged_by) for p in series.points] == [("worse", JUDGED_BY_PUBLISHER)]


def test_a_performance_measure_is_not_compared_with_places(world: World) -> None:
    calls = indicator_create(
        by=world.actor, name="Calls made", value_type=ValueType.COUNT, kind=IndicatorKind.HOW_MUCH
    )
    rows = [
        ObservationInput(area_code="E07000243", period=str(y), value=100.0 + y) for y in range(2015, 2021)
    ]
    rows += [ObservationInput(area_code="E92000001", period="2020", value=5000.0)]
    observations_save(by=world.actor, indicator=calls, rows=rows, source="returns")
    summary = indicator_summary(actor=world.actor, indicator=calls)
    assert summary.latest is not None
    assert summary.comparisons == ()
    assert summary.trend == TREND_NOT_CALCULATED
