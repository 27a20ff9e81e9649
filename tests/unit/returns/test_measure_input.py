"""A measure's input schema states its bounds, multiplier and breakdowns, and the rules between them;
the measure services and every page and loader that adds or changes a measure meet the same rules."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from wellboard.core.access import Actor, Role
from wellboard.core.errors import InvalidInput, PermissionDenied
from wellboard.core.inputs import Errors, InputSchema
from wellboard.partners.models import User
from wellboard.returns.inputs import MeasureInput, NewMeasureInput
from wellboard.returns.models import Collection, Measure
from wellboard.returns.policy import (
    APPROVE_RETURNS,
    SEND_BACK_RETURNS,
    UNAPPROVE_RETURNS,
    require_change_return,
    require_submit_return,
    returns_abilities,
)
from wellboard.returns.services import measure_create, measure_update

BY = Actor(partnership_id=1, user=None, roles=frozenset({Role.COORDINATOR}))


def clean(
    schema: type[InputSchema], values: dict[str, Any], current: Any = None
) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    return schema.clean(values, errors, by=BY, current=current), errors


def test_bounds_are_numbers_a_return_can_hold_and_the_highest_is_not_below_the_lowest() -> None:
    cleaned, errors = clean(MeasureInput, {"min_value": "2", "max_value": Decimal("10.5")})
    assert (cleaned, errors) == ({"min_value": Decimal(2), "max_value": Decimal("10.5")}, {})
    assert clean(MeasureInput, {"min_value": None, "max_value": ""})[0] == {
        "min_value": None,
        "max_value": None,
    }
    assert clean(MeasureInput, {"min_value": 5, "max_value": 4})[1] == {
        "max_value": ["The highest value must be more than the lowest"]
    }
    assert clean(MeasureInput, {"min_value": -1})[1] == {"min_value": ["The lowest value must be 0 or more"]}
    assert clean(MeasureInput, {"min_value": 1, "max_value": Decimal(10) ** 12})[1] == {
        "max_value": ["The highest value must be 999,999,999,999 or less"]
    }
    assert clean(MeasureInput, {"max_value": "lots"})[1] == {
        "max_value": ["Enter the highest value as a number"]
    }
    assert clean(MeasureInput, {"max_value": Decimal("NaN")})[1] == {
        "max_value": ["Enter the highest value as a number"]
    }


def test_a_changed_bound_is_compared_with_the_stored_one() -> None:
    class Stored:
        min_value = Decimal(10)
        max_value = None
        value_type = "count"
        cumulative = False

    assert clean(MeasureInput, {"max_value": 5}, current=Stored())[1] == {
        "max_value": ["The highest value must be more than the lowest"]
    }


def test_the_multiplier_is_one_or_more_or_left_to_the_service() -> None:
    assert clean(MeasureInput, {"multiplier": None})[0] == {"multiplier": None}
    assert clean(MeasureInput, {"multiplier": "1000"})[0] == {"multiplier": 1000}
    for bad in (0, -5, "per thousand"):
        assert clean(MeasureInput, {"multiplier": bad})[1] == {
            "multiplier": ["The multiplier must be 1 or more"]
        }


@pytest.mark.parametrize(
    ("breakdowns", "message"),
    [
        ("Sex", "Enter each breakdown as a name and its categories"),
        ([{"categories": ["A", "B"]}], "Enter a name for each breakdown, such as Sex or Age band"),
        ([{"name": "Sex", "categories": ["Female"]}], "Enter at least two categories for Sex"),
        ([{"name": "Sex", "categories": ["Female", "female"]}], "Each category of Sex must be different"),
        (
            [{"name": "Sex", "categories": ["F", "M"]}, {"name": " sex", "categories": ["F", "M"]}],
            "'sex' is listed twice",
        ),
        ([{"name": "Age", "categories": [str(n) for n in range(41)]}], "Age can have at most 40 categories"),
    ],
)
def test_breakdowns_are_refused_with_their_first_problem(breakdowns: Any, message: str) -> None:
    assert clean(MeasureInput, {"breakdowns": breakdowns})[1] == {"breakdowns": [message]}


def test_breakdowns_are_trimmed() -> None:
    cleaned, errors = clean(
        MeasureInput, {"breakdowns": [{"name": " Sex ", "categories": [" Female", "", "Male "]}]}
    )
    assert errors == {}
    assert cleaned["breakdowns"] == [{"name": "Sex", "categories": ["Female", "Male"]}]
    assert clean(MeasureInput, {"breakdowns": None})[0] == {"breakdowns": []}


def test_percentages_and_rates_are_not_running_totals() -> None:
    assert clean(NewMeasureInput, {"value_type": "percentage", "cumulative": True})[1] == {
        "cumulative": ["Percentages and rates cannot be running totals"]
    }
    assert clean(NewMeasureInput, {"value_type": "count", "cumulative": True})[1] == {}

    class StoredRate:
        value_type = "rate"
        cumulative = False

    assert clean(MeasureInput, {"cumulative": True}, current=StoredRate())[1] == {
        "cumulative": ["Percentages and rates cannot be running totals"]
    }


def test_a_measures_type_of_figure_is_set_when_it_is_added() -> None:
    assert "value_type" not in MeasureInput.fields()
    assert "value_type" in NewMeasureInput.fields()


@pytest.mark.django_db
def test_the_services_meet_the_same_rules(collection: Collection, cli_actor: Actor) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        measure_create(
            by=cli_actor,
            collection=collection,
            label="Home visits made",
            value_type="count",
            multiplier=0,
            min_value=Decimal(-1),
            breakdowns=[{"name": "Area", "categories": ["North"]}],
        )
    assert excinfo.value.errors == {
        "multiplier": ["The multiplier must be 1 or more"],
        "breakdowns": ["Enter at least two categories for Area"],
        "min_value": ["The lowest value must be 0 or more"],
    }
    measure = Measure.objects.filter(collection=collection).first()
    assert measure is not None
    with pytest.raises(InvalidInput, match="A measure's value_type cannot be changed here"):
        measure_update(by=cli_actor, measure=measure, expected_version=measure.version, value_type="rate")
    with pytest.raises(InvalidInput, match="The highest value must be more than the lowest"):
        measure_update(
            by=cli_actor, measure=measure, expected_version=measure.version, min_value=Decimal(9), max_value=1
        )


def test_returns_are_approved_sent_back_and_unapproved_by_coordinators_and_approvers() -> None:
    def actor(*roles: str, organisations: frozenset[int] = frozenset()) -> Actor:
        return Actor(partnership_id=1, user=None, roles=frozenset(roles), organisation_ids=organisations)

    for rule in (APPROVE_RETURNS, SEND_BACK_RETURNS, UNAPPROVE_RETURNS):
        assert rule.allows(actor(Role.COORDINATOR))
        assert rule.allows(actor(Role.APPROVER))
        assert not rule.allows(actor(Role.ANALYST))
        with pytest.raises(PermissionDenied, match=r"^Only a coordinator or an approver can "):
            rule.require(actor(Role.CONTRIBUTOR, organisations=frozenset({7})))
    contributor = actor(Role.CONTRIBUTOR, organisations=frozenset({7}))
    require_change_return(contributor, 7)
    require_submit_return(contributor, 7)
    with pytest.raises(PermissionDenied, match="can change this return"):
        require_change_return(contributor, 8)
    with pytest.raises(PermissionDenied, match="can submit this return"):
        require_submit_return(contributor, 8)
    assert returns_abilities(actor(Role.COORDINATOR))["see_reminders"]
    assert not returns_abilities(actor(Role.APPROVER))["see_reminders"]


def test_only_coordinators_change_measures(
    collection: Collection, approver: User, actor_of: Callable[[User], Actor]
) -> None:
    measure = Measure.objects.filter(collection=collection).first()
    assert measure is not None
    with pytest.raises(PermissionDenied, match="Only a coordinator can change a collection's measures"):
        measure_update(by=actor_of(approver), measure=measure, expected_version=measure.version, label="Mine")
