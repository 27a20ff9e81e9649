"""The indicators app's policy (who may change indicators, import data, publish approved figures) and
its input schemas (what a valid indicator, comparator and target is), without the services."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import pytest

from tests.factories.indicators import IndicatorFactory, make_places
from tests.factories.strategy import NodeFactory, StrategyFactory
from wellboard.core.access import Actor, Role
from wellboard.core.errors import InvalidInput, PermissionDenied
from wellboard.core.inputs import Errors
from wellboard.core.periods import period_parse
from wellboard.indicators.importers.fingertips import fingertips_import
from wellboard.indicators.inputs import ComparatorInput, IndicatorInput, TargetInput
from wellboard.indicators.models import Comparator, ComparatorKind, Method, ValueType
from wellboard.indicators.policy import (
    CHANGE_INDICATORS,
    IMPORT_INDICATOR_DATA,
    PUBLISH_APPROVED_FIGURES,
    indicator_abilities,
)
from wellboard.indicators.services import (
    comparator_create,
    indicator_create,
    indicator_update,
    observations_import,
    target_create,
)
from wellboard.partners.models import Partnership, User


def actor(*roles: str, partnership_id: int = 1) -> Actor:
    return Actor(partnership_id=partnership_id, user=None, roles=frozenset(roles))


# ---------------------------------------------------------------- policy


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ANALYST])
def test_coordinators_and_analysts_change_indicators_and_import_data(role: str) -> None:
    assert CHANGE_INDICATORS.allows(actor(role))
    assert IMPORT_INDICATOR_DATA.allows(actor(role))
    assert indicator_abilities(actor(role)) == {"change_indicators": True, "import_data": True}


@pytest.mark.parametrize("role", [Role.APPROVER, Role.BOARD, Role.CONTRIBUTOR, Role.VIEWER])
def test_other_members_may_not(role: str) -> None:
    assert not CHANGE_INDICATORS.allows(actor(role))
    assert not IMPORT_INDICATOR_DATA.allows(actor(role))
    assert indicator_abilities(actor(role)) == {"change_indicators": False, "import_data": False}


def test_those_who_approve_returns_publish_approved_figures() -> None:
    assert PUBLISH_APPROVED_FIGURES.allows(actor(Role.COORDINATOR))
    assert PUBLISH_APPROVED_FIGURES.allows(actor(Role.APPROVER))
    assert not PUBLISH_APPROVED_FIGURES.allows(actor(Role.ANALYST))
    assert not PUBLISH_APPROVED_FIGURES.allows(actor(Role.CONTRIBUTOR))


# ---------------------------------------------------------------- indicators

VALID = {
    "name": " Adults who smoke ",
    "short_name": "Smoking",
    "slug": "",
    "definition": "Self-reported",
    "kind": "population",
    "value_type": ValueType.PERCENTAGE,
    "polarity": "low is good",
    "unit": "%",
    "multiplier": 100,
    "method": Method.WILSON,
    "source": "APS",
    "frequency": "Annual",
}


def test_a_valid_indicator_is_cleaned_with_its_text_trimmed() -> None:
    errors: Errors = {}
    cleaned = IndicatorInput.clean(VALID, errors, by=actor(Role.ANALYST))
    assert errors == {}
    assert cleaned["name"] == "Adults who smoke"
    assert cleaned["slug"] == ""  # made from the name by the service


def test_every_field_is_checked_and_named() -> None:
    errors: Errors = {}
    IndicatorInput.clean(
        {
            **VALID,
            "name": " ",
            "short_name": "s" * 121,
            "kind": "nope",
            "value_type": "weird",
            "polarity": "up",
            "method": "magic",
            "multiplier": True,
            "unit": "u" * 61,
            "slug": "Not A Slug",
        },
        errors,
        by=actor(Role.ANALYST),
    )
    assert errors == {
        "name": ["Enter the indicator's name"],
        "short_name": ["The short name must be 120 characters or fewer"],
        "slug": ["Use lower-case letters, numbers and hyphens only (up to 100)"],
        "kind": [
            "Choose a kind: Population indicator, How much did we do?, How well did we do it?, "
            "Is anyone better off?"
        ],
        "value_type": [
            "Choose a value type: Count, Percentage, Crude rate, Directly standardised rate, Ratio, Mean, "
            "Life expectancy, Score"
        ],
        "polarity": [
            "Choose a polarity: Higher is better, Lower is better, Neither higher nor lower is better"
        ],
        "method": [
            "Choose a method: No confidence limits, Wilson score (proportions), Byar's, exact Poisson "
            "below 10 (crude rates), Byar's at every count (crude rates), Dobson (directly standardised "
            "rates), Indirectly standardised rate, Standardised ratio, Student's t (means), Chiang II with "
            "Silcocks (life expectancy)"
        ],
        "multiplier": ["The multiplier must be a whole number, 1 or more (100 for a percentage)"],
        "unit": ["This must be 60 characters or fewer"],
    }


@pytest.mark.django_db
def test_a_change_is_checked_against_what_it_leaves_as_stored(partnership: Partnership) -> None:
    stored = IndicatorFactory(
        partnership=partnership, value_type=ValueType.PERCENTAGE, method=Method.WILSON, multiplier=100
    )
    by = actor(Role.ANALYST, partnership_id=partnership.pk)
    errors: Errors = {}
    IndicatorInput.clean({"method": Method.DOBSON}, errors, by=by, current=stored)
    assert errors == {
        "method": ["A percentage uses one of: Wilson score (proportions), No confidence limits"]
    }
    errors = {}
    IndicatorInput.clean({"multiplier": 1000}, errors, by=by, current=stored)
    assert errors == {"multiplier": ["A percentage has a multiplier of 100"]}
    errors = {}
    IndicatorInput.clean({"value_type": ValueType.COUNT}, errors, by=by, current=stored)
    assert errors == {"method": ["A count uses one of: No confidence limits"]}
    errors = {}
    cleaned = IndicatorInput.clean({"definition": "Changed"}, errors, by=by, current=stored)
    assert (cleaned, errors) == ({"definition": "Changed"}, {})


@pytest.mark.django_db
def test_a_slug_cannot_be_blanked_and_reserved_words_are_refused_only_when_it_changes(
    partnership: Partnership,
) -> None:
    by = actor(Role.ANALYST, partnership_id=partnership.pk)
    old = IndicatorFactory(partnership=partnership, slug="profile")
    errors: Errors = {}
    IndicatorInput.clean({"slug": "profile"}, errors, by=by, current=old)
    assert errors == {}
    IndicatorInput.clean({"slug": "rug"}, errors, by=by, current=old)
    assert errors == {"slug": ["'rug' is part of the indicator pages' addresses: choose another slug"]}
    errors = {}
    IndicatorInput.clean({"slug": " "}, errors, by=by, current=old)
    assert errors == {"slug": ["Enter the indicator's slug"]}


@pytest.mark.django_db
def test_nodes_must_be_the_partnerships_own(partnership: Partnership, other_partnership: Partnership) -> None:
    mine = NodeFactory(strategy=StrategyFactory(partnership=partnership))
    theirs = NodeFactory(strategy=StrategyFactory(partnership=other_partnership))
    by = actor(Role.ANALYST, partnership_id=partnership.pk)
    errors: Errors = {}
    assert IndicatorInput.clean({"nodes": [mine.pk]}, errors, by=by)["nodes"] == [mine]
    IndicatorInput.clean({"nodes": [mine, theirs]}, errors, by=by)
    assert errors == {"nodes": ["Choose strategy themes and priorities of this partnership"]}


# ---------------------------------------------------------------- comparators


def test_a_comparator_has_one_area_or_a_group_of_two_or_more() -> None:
    by = actor(Role.ANALYST)
    errors: Errors = {}
    cleaned = ComparatorInput.clean(
        {"name": "England", "kind": ComparatorKind.AREA, "area_codes": [" E92000001", "E92000001 "]},
        errors,
        by=by,
    )
    assert (cleaned["area_codes"], errors) == (["E92000001"], {})
    ComparatorInput.clean({"name": "Two", "kind": "area", "area_codes": ["E1", "E2"]}, errors, by=by)
    assert errors == {"area_codes": ["Choose exactly one area for an area comparator"]}
    errors = {}
    ComparatorInput.clean({"name": "One", "kind": "group", "area_codes": ["E1"]}, errors, by=by)
    assert errors == {"area_codes": ["Choose at least two areas for a group"]}


def test_a_comparators_kind_name_and_position_are_checked() -> None:
    errors: Errors = {}
    ComparatorInput.clean(
        {"name": "", "kind": "place", "position": -1, "area_codes": ["E1"]}, errors, by=actor(Role.ANALYST)
    )
    assert errors == {
        "name": ["Enter the comparator's name"],
        "kind": ["Choose one area or a group of areas"],
        "position": ["The position must be 0 or more"],
    }


def test_a_changed_comparators_areas_are_counted_by_its_stored_kind() -> None:
    group = Comparator(kind=ComparatorKind.GROUP, name="Neighbours")
    errors: Errors = {}
    ComparatorInput.clean({"area_codes": ["E1"]}, errors, by=actor(Role.ANALYST), current=group)
    assert errors == {"area_codes": ["Choose at least two areas for a group"]}


# ---------------------------------------------------------------- targets


def test_a_target_is_a_number_with_a_tolerance_of_zero_or_more_for_a_period() -> None:
    by = actor(Role.ANALYST)
    errors: Errors = {}
    cleaned = TargetInput.clean(
        {"value": 25, "amber_tolerance": 2, "period": "2024/25", "note": " Board target "}, errors, by=by
    )
    assert errors == {}
    assert cleaned == {
        "value": 25.0,
        "amber_tolerance": 2.0,
        "period": period_parse("2024/25"),
        "note": "Board target",
    }
    TargetInput.clean({"value": float("nan"), "amber_tolerance": -1, "period": "someday"}, errors, by=by)
    assert set(errors) == {"value", "amber_tolerance", "period"}
    assert errors["value"] == ["Enter the target as a number"]
    assert errors["amber_tolerance"] == ["The amber tolerance must be zero or more"]
    errors = {}
    TargetInput.clean({"value": True, "amber_tolerance": "2"}, errors, by=by)
    assert errors == {
        "value": ["Enter the target as a number"],
        "amber_tolerance": ["Enter the amber tolerance as a number"],
    }


# ---------------------------------------------------------------- through the services


@pytest.mark.django_db
def test_the_services_refuse_with_the_policys_messages(
    partnership: Partnership, viewer: User, approver: User, actor_of: Callable[[User], Actor]
) -> None:
    indicator = IndicatorFactory(partnership=partnership)
    with pytest.raises(PermissionDenied, match=f"^{re.escape(CHANGE_INDICATORS.message)}$"):
        indicator_update(by=actor_of(viewer), indicator=indicator, expected_version=None, name="Nope")
    table = pd.DataFrame({"indicator": [indicator.slug], "area_code": ["E07000243"], "period": ["2020"]})
    with pytest.raises(PermissionDenied, match=f"^{re.escape(IMPORT_INDICATOR_DATA.message)}$"):
        observations_import(by=actor_of(viewer), table=table, source="test")
    with pytest.raises(PermissionDenied, match=f"^{re.escape(IMPORT_INDICATOR_DATA.message)}$"):
        fingertips_import(by=actor_of(approver), data=b"", filename="x.csv", dry_run=True)


@pytest.mark.django_db
def test_an_indicators_slug_cannot_be_blanked(cli_actor: Actor, partnership: Partnership) -> None:
    indicator = indicator_create(by=cli_actor, name="Smoking", value_type=ValueType.PERCENTAGE)
    with pytest.raises(InvalidInput) as caught:
        indicator_update(by=cli_actor, indicator=indicator, expected_version=1, slug="")
    assert caught.value.errors == {"slug": ["Enter the indicator's slug"]}
    indicator.refresh_from_db()
    assert (indicator.slug, indicator.version) == ("smoking", 1)


@pytest.mark.django_db
def test_a_comparators_position_and_a_targets_note_are_checked(
    cli_actor: Actor, partnership: Partnership
) -> None:
    make_places(partnership)
    with pytest.raises(InvalidInput) as caught:
        comparator_create(by=cli_actor, name="England", kind="area", area_codes=["E92000001"], position=-1)
    assert caught.value.errors == {"position": ["The position must be 0 or more"]}
    indicator = IndicatorFactory(partnership=partnership)
    with pytest.raises(InvalidInput) as caught:
        target_create(
            by=cli_actor,
            indicator=indicator,
            area_code="E07000243",
            period="2020",
            value=1.0,
            note="n" * 20_001,
        )
    assert caught.value.errors == {"note": ["The note must be 20,000 characters or fewer"]}
    assert not Comparator.objects.exists()


@pytest.mark.django_db
def test_a_fingertips_polarity_is_one_an_indicator_accepts(cli_actor: Actor) -> None:
    with pytest.raises(InvalidInput) as caught:
        fingertips_import(by=cli_actor, data=b"", filename="x.csv", dry_run=True, polarity="up")
    assert list(caught.value.errors) == ["polarity"]
