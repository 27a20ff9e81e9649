"""Indicator pages computed ahead of their first reader once a change commits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from tests.factories.indicator_pages import Scenario, build_scenario, warmed
from wellboard.core.access import Actor
from wellboard.core.cache import data_version, is_cached
from wellboard.indicators.calculations.summaries import indicator_summary, summary_context
from wellboard.indicators.services import ObservationInput, observations_save
from wellboard.indicators.tasks import refresh_indicator_pages
from wellboard.indicators.views._figures import page_basics
from wellboard.indicators.views.refresh import refresh
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db
HOOK = "wellboard.indicators.tasks.refresh_after_change"


@pytest.fixture
def scenario(partnership: Partnership) -> Scenario:
    return build_scenario(partnership)


def computing_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, computing any indicator page part fails: only cached parts can be shown."""

    def fail(**_: Any) -> None:
        raise AssertionError("computed on the page, not ahead of it")

    for name in ("indicator_summary", "indicator_series", "indicator_views", "areas_compared"):
        monkeypatch.setattr(f"wellboard.indicators.views._figures.{name}", fail)
    monkeypatch.setattr("wellboard.indicators.views.pages.indicator_summaries", fail)
    monkeypatch.setattr("wellboard.strategy.views.strategies.strategy_tree", fail)
    monkeypatch.setattr("wellboard.indicators.views.places.area_profile", fail)


def save_2023(actor: Actor, scenario: Scenario) -> None:
    observations_save(
        by=actor,
        indicator=scenario.smoking,
        rows=[ObservationInput(area_code="E07000243", period="2023", count=120, denominator=1000)],
        source="test",
    )


def test_after_a_refresh_every_page_is_served_from_the_cache(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: Any,
) -> None:
    client = warmed(client_for(viewer), partnership)
    assert refresh(partnership.pk) == 3  # the population indicators
    computing_fails(monkeypatch)
    assert client.get(f"/p/{partnership.slug}/indicators/").status_code == 200
    assert client.get(f"/p/{partnership.slug}/strategies/{scenario.strategy.slug}/").status_code == 200
    for slug in (scenario.smoking.slug, scenario.obesity.slug, scenario.empty.slug):
        with django_assert_max_num_queries(20):
            response = client.get(f"/p/{partnership.slug}/indicators/{slug}/")
        assert response.status_code == 200, slug
    # The profile of the partnership's own place, where the area profile opens.
    profile = client.get(f"/p/{partnership.slug}/indicators/profile/", follow=True)
    assert profile.redirect_chain == [(f"/p/{partnership.slug}/indicators/profile/E07000243/", 302)]
    assert "Smoking prevalence (2022)" in profile.content.decode()


def test_what_a_refresh_keeps_is_what_the_page_would_compute(
    partnership: Partnership, cli_actor: Actor, scenario: Scenario
) -> None:
    refresh(partnership.pk)
    for indicator in (scenario.smoking, scenario.obesity, scenario.empty):
        computed = indicator_summary(
            actor=cli_actor, indicator=indicator, context=summary_context(actor=cli_actor)
        )

        kept, _series, _views = page_basics(
            cli_actor, indicator, None, summary_context(actor=cli_actor), data_version(partnership.pk)
        )
        assert kept == computed, indicator.slug


def test_a_write_queues_one_refresh_that_makes_the_new_figures_ready(
    partnership: Partnership,
    cli_actor: Actor,
    scenario: Scenario,
    settings: pytest.FixtureRequest,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.WELLBOARD_DATA_CHANGED_HOOKS = [HOOK]  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True):
        save_2023(cli_actor, scenario)
    with django_capture_on_commit_callbacks(execute=True):
        save_2023(cli_actor, scenario)  # unchanged: nothing written, nothing queued
        observations_save(
            by=cli_actor,
            indicator=scenario.obesity,
            rows=[ObservationInput(area_code="E07000243", period="2023", count=250, denominator=1000)],
            source="test",
        )
    waiting = DBTaskResult.objects.ready().filter(task_path=refresh_indicator_pages.module_path)
    assert [r.args_kwargs["args"] for r in waiting] == [[partnership.pk]], "one refresh waits"
    version = data_version(partnership.pk)
    ready = is_cached(
        partnership_id=partnership.pk,
        name="indicator-summary",
        parts=(scenario.smoking.pk, None),
        version=version,
    )
    assert not ready
    refresh_indicator_pages.call(partnership.pk)
    assert is_cached(
        partnership_id=partnership.pk,
        name="indicator-summary",
        parts=(scenario.smoking.pk, None),
        version=version,
    )


def test_nothing_is_queued_when_caching_is_off(
    partnership: Partnership,
    cli_actor: Actor,
    scenario: Scenario,
    settings: pytest.FixtureRequest,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.WELLBOARD_DATA_CHANGED_HOOKS = [HOOK]  # type: ignore[attr-defined]
    settings.WELLBOARD_CACHE_SECONDS = 0  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True):
        save_2023(cli_actor, scenario)
    assert not DBTaskResult.objects.exists()
