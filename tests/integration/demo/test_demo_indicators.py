"""The demo's indicators with the reference data: real figures for Stevenage's wards and LSOAs, every
district, Hertfordshire, England and deprivation deciles, which the ward map, the inequality page,
the spine chart and the tartan rug show and compare; and the Healthy Hub's monthly returns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client

from wellboard.core import clock
from wellboard.demo import DemoContext, load_demo
from wellboard.demo.indicator_data import HERTS_DISTRICTS
from wellboard.indicators.calculations.judgements import JUDGED_BY_PUBLISHER, NOT_COMPARED
from wellboard.indicators.calculations.summaries import (
    area_profile,
    indicator_summary,
    inequality,
    tartan_rug,
    ward_map,
)
from wellboard.indicators.models import Indicator, Observation
from wellboard.returns.models import Return, ReturnStatus
from wellboard.returns.selectors import return_list_for_contributor

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
COMPUTED = ["income-deprivation", "employment-deprivation", "children-aged-0-to-15", "aged-60-and-over"]
PUBLISHED = ["adults-who-smoke-aps", "physically-inactive-adults", "falls-admissions-65"]
NOW = dt.datetime(2026, 12, 4, 10, tzinfo=clock.LONDON)  # November's hub return is due on 14 December


@pytest.fixture
def demo(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> DemoContext:
    monkeypatch.setenv("WELLBOARD_REFERENCE_DATA", str(shared_data))
    return load_demo(log=lambda _: None)


def _observations(slug: str) -> list[Observation]:
    return list(Observation.objects.filter(indicator__slug=slug).select_related("area"))


def check_every_figure_is_real_and_says_where_it_comes_from(demo: DemoContext) -> None:
    indicators = Indicator.objects.filter(partnership=demo.partnership)
    assert all(i.source for i in indicators), [i.slug for i in indicators if not i.source]
    assert not indicators.filter(name__icontains="illustrative").exists()
    assert not indicators.filter(definition__icontains="illustrative").exists()
    assert not Observation.objects.filter(note__icontains="illustrative").exists()


def check_indicators_have_ward_district_and_decile_figures(demo: DemoContext) -> None:
    wards = {w.code for w in demo.shared["stevenage_wards"]}
    for slug in COMPUTED:
        rows = _observations(slug)
        plain = {o.area.code for o in rows if not o.category_type}
        assert wards <= plain, slug  # all 13 wards
        assert set(HERTS_DISTRICTS) <= plain, slug
        assert {"E10000015", "E92000001"} <= plain, slug
        assert len({o.area.code for o in rows if o.area.type == "ltla" and not o.category_type}) > 280
        for code in ("E92000001", "E10000015", "E07000243"):
            deciles = [o for o in rows if o.area.code == code and o.category_type]
            assert len(deciles) == 10, (slug, code)
            assert all(o.count is not None and o.denominator and o.lower95 is not None for o in deciles)
    for slug in PUBLISHED:
        plain = {o.area.code for o in _observations(slug)}
        assert set(HERTS_DISTRICTS) | {"E92000001"} <= plain, slug


def check_the_figures_add_up(demo: DemoContext) -> None:
    income = {o.area.code: o for o in _observations("income-deprivation") if not o.category_type}
    stevenage = income["E07000243"]
    assert stevenage.count is not None
    assert stevenage.denominator is not None
    assert 20 < float(stevenage.value or 0) < 25
    # Hertfordshire is its ten districts added up.
    assert income["E10000015"].count == pytest.approx(
        sum(float(income[c].count or 0) for c in HERTS_DISTRICTS), abs=10
    )
    deciles = [o for o in _observations("income-deprivation") if o.area.code == "E92000001" and o.category]
    assert sum(float(o.count or 0) for o in deciles) == pytest.approx(
        float(income["E92000001"].count or 0), rel=1e-5
    )
    by_rank = {o.category: float(o.value or 0) for o in deciles}
    assert by_rank["Most deprived decile"] > 2 * by_rank["Least deprived decile"]


def check_the_pages_summaries_have_real_content_and_comparisons(demo: DemoContext) -> None:
    actor = demo.actor_for("coordinator")
    income = Indicator.objects.get(partnership=demo.partnership, slug="income-deprivation")
    for slug in COMPUTED:
        indicator = Indicator.objects.get(partnership=demo.partnership, slug=slug)
        summary = indicator_summary(actor=actor, indicator=indicator)
        assert [c.name for c in summary.comparisons][:2] == ["England", "Hertfordshire"]
        assert all(c.significance != NOT_COMPARED for c in summary.comparisons[:2]), slug
        mapped = ward_map(actor=actor, indicator=indicator)
        assert len(mapped.rows) == 13, slug
        assert all(r.value is not None for r in mapped.rows), slug
        assert all(r.significance != NOT_COMPARED for r in mapped.rows), slug
        shown = inequality(actor=actor, indicator=indicator)
        assert shown.area is not None
        assert shown.area.code == "E07000243"
        assert len(shown.rows) == 10, slug
        assert shown.sii is not None, slug
    profile = {row.indicator.slug: row for row in area_profile(actor=actor).rows}
    for slug in COMPUTED:
        assert profile[slug].significance != NOT_COMPARED, slug
        assert profile[slug].areas > 280, slug
    for slug in PUBLISHED:
        assert profile[slug].areas > 280, slug
        assert profile[slug].value is not None, slug
        # No limits to test, so Fingertips' own verdict against England is shown, and said to be its.
        assert profile[slug].significance != NOT_COMPARED, slug
        assert (profile[slug].judged_by, profile[slug].publisher) == (JUDGED_BY_PUBLISHER, "Fingertips")
        england = indicator_summary(actor=actor, indicator=profile[slug].indicator).comparisons[0]
        assert (england.name, england.judged_by) == ("England", JUDGED_BY_PUBLISHER), slug
        assert england.significance != NOT_COMPARED, slug
    rug = tartan_rug(actor=actor)
    assert {code for code, _ in rug.areas} == {"E10000015", *HERTS_DISTRICTS}
    for code in HERTS_DISTRICTS:
        assert rug.cells[(code, income.slug)].significance != NOT_COMPARED
        for slug in PUBLISHED:
            assert rug.cells[(code, slug)].value is not None
            assert rug.cells[(code, slug)].significance != NOT_COMPARED, (code, slug)


def check_the_coordinator_sees_them(demo: DemoContext) -> None:
    client = Client()
    client.force_login(demo.users["coordinator"])
    base = "/p/healthy-stevenage/indicators/income-deprivation/"
    html = client.get(base + "map/").content.decode()
    assert "Bedwell" in html
    assert "data-empty" not in html
    html = client.get(base + "inequality/").content.decode()
    assert "The slope index of inequality is" in html
    assert "could not be calculated" not in html
    html = client.get(base).content.decode()
    assert "Income deprivation" in html
    assert "English Indices of Deprivation 2025" in html
    html = client.get("/p/healthy-stevenage/indicators/physically-inactive-adults/").content.decode()
    assert "as published by Fingertips" in html
    assert "so whether it differs from this value cannot be tested" not in html


def check_the_healthy_hub_returns_every_month(demo: DemoContext) -> None:
    returns = Return.objects.filter(collection__slug="healthy-hub-activity")
    assert returns.filter(status=ReturnStatus.APPROVED).count() == 18
    assert returns.filter(status=ReturnStatus.SUBMITTED).count() == 1
    leisure = demo.actor_for("leisure")
    with clock.frozen_at(NOW):
        to_do = return_list_for_contributor(actor=leisure, today=clock.today())
        client = Client()
        client.force_login(demo.users["leisure"])
        home = client.get("/p/healthy-stevenage/returns/").content.decode()
        reach = client.get("/p/healthy-stevenage/returns/reach/").content.decode()
    assert [(str(r["collection"]), r["period"].label) for r in to_do] == [  # type: ignore[attr-defined]
        ("Healthy Hub activity", "November 2026")
    ]
    assert "There are no collections yet" not in home
    assert "Your returns to do" in home
    assert ">The Healthy Hub</h2>" in reach
    approved_referrals = sum(
        int(f.value)
        for r in returns.filter(
            status=ReturnStatus.APPROVED, period__in=[f"2025-{m:02d}" for m in (10, 11, 12)]
        )
        for f in r.figures.filter(measure__code="exercise_referrals", breakdown="")
    )
    assert approved_referrals == 81  # as the strategy's progress update for 2025/26 Q3 says


def test_the_demo_indicators_and_hub(demo: DemoContext) -> None:
    """One test, several checks: loading the whole demo is the slow part, so it is done once."""
    check_every_figure_is_real_and_says_where_it_comes_from(demo)
    check_indicators_have_ward_district_and_decile_figures(demo)
    check_the_figures_add_up(demo)
    check_the_pages_summaries_have_real_content_and_comparisons(demo)
    check_the_coordinator_sees_them(demo)
    check_the_healthy_hub_returns_every_month(demo)
