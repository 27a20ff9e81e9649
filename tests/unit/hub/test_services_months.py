"""Entering a hub's monthly figures: strict numbers, versions, who may, and nothing written on a refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories.hub import make_hub, make_hub_worker
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.hub.inputs import HubMonthInput
from wellboard.hub.models import Hub, HubMonth
from wellboard.hub.services import hub_month_save
from wellboard.hub.services.months import month_from
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

FIGURES = {
    "room_bookings": "42",
    "room_hire_income": "1,250.50",
    "memberships": 31,
    "membership_income": "£775",
    "other_income": "0",
    "running_cost": Decimal("2100.00"),
}
OCTOBER = dt.date(2026, 10, 1)


def test_a_hub_worker_enters_a_month_then_corrects_it(
    partnership: Partnership, hub: Hub, hub_worker: User, actor_of: Callable[[User], Actor]
) -> None:
    actor = actor_of(hub_worker)
    saved = hub_month_save(by=actor, hub=hub, month="2026-10", expected_version=0, **FIGURES)
    assert saved.month == OCTOBER
    assert saved.room_hire_income == Decimal("1250.50")
    assert saved.membership_income == Decimal("775.00")
    assert saved.version == 1
    assert AuditEvent.objects.filter(action="hub_month.create").count() == 1
    again = hub_month_save(by=actor, hub=hub, month=OCTOBER, expected_version=1, **FIGURES)
    assert again.version == 1  # nothing changed, nothing written
    assert AuditEvent.objects.filter(action="hub_month.update").count() == 0
    corrected = hub_month_save(by=actor, hub=hub, month=OCTOBER, expected_version=1, running_cost="2,200")
    assert corrected.version == 2
    assert corrected.running_cost == Decimal("2200.00")
    assert AuditEvent.objects.filter(action="hub_month.update").count() == 1


def test_a_stale_save_is_refused(hub: Hub, cli_actor: Actor) -> None:
    hub_month_save(by=cli_actor, hub=hub, month=OCTOBER, expected_version=0, **FIGURES)
    hub_month_save(by=cli_actor, hub=hub, month=OCTOBER, expected_version=1, room_bookings="43")
    with pytest.raises(Conflict):
        hub_month_save(by=cli_actor, hub=hub, month=OCTOBER, expected_version=1, room_bookings="44")
    with pytest.raises(Conflict):  # someone entered it while this person had the empty form open
        hub_month_save(by=cli_actor, hub=hub, month=OCTOBER, expected_version=0, **FIGURES)
    assert HubMonth.objects.get().room_bookings == 43


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("running_cost", "-5", "must not be negative"),
        ("running_cost", "12.345", "pounds and pence"),
        ("room_hire_income", "lots", "is not a number"),
        ("room_hire_income", True, "is a yes or no"),
        ("room_hire_income", "١٢", "digits 0 to 9"),
        ("room_hire_income", "nan", "is not a number"),
        ("memberships", "2.5", "whole number"),
        ("memberships", "-1", "0 or more"),
        ("memberships", "", "Enter the number of memberships sold"),
        ("other_income", None, "Enter the other income"),
    ],
)
def test_bad_numbers_are_refused_with_a_reason(
    hub: Hub, cli_actor: Actor, field: str, value: object, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        hub_month_save(by=cli_actor, hub=hub, month=OCTOBER, expected_version=0, **{**FIGURES, field: value})
    assert message in refused.value.errors[field][0]
    assert not HubMonth.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="hub_month").exists()


def test_months_must_be_months_that_have_begun(hub: Hub, cli_actor: Actor) -> None:
    for month, message in [
        ("2026-13", "like 2026-10"),
        ("2999-01", "once the month has begun"),
        ("soon", "like"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            hub_month_save(by=cli_actor, hub=hub, month=month, expected_version=0, **FIGURES)
        assert message in refused.value.errors["month"][0]
    with pytest.raises(InvalidInput) as missing:
        hub_month_save(by=cli_actor, hub=hub, month=OCTOBER, expected_version=0, running_cost="1")
    assert "room_bookings" in missing.value.errors
    assert not HubMonth.objects.exists()


def test_who_may_enter_them(
    partnership: Partnership,
    hub: Hub,
    analyst: User,
    coordinator: User,
    actor_of: Callable[[User], Actor],
) -> None:
    other = make_hub(partnership, "pop-up", kind="pop-up")
    elsewhere = make_hub_worker(partnership, "pop-up-worker", other)
    with pytest.raises(PermissionDenied):
        hub_month_save(by=actor_of(analyst), hub=hub, month=OCTOBER, expected_version=0, **FIGURES)
    with pytest.raises(NotFound):
        hub_month_save(by=actor_of(elsewhere), hub=hub, month=OCTOBER, expected_version=0, **FIGURES)
    assert not HubMonth.objects.exists()
    hub_month_save(by=actor_of(coordinator), hub=hub, month=OCTOBER, expected_version=0, **FIGURES)
    assert HubMonth.objects.count() == 1


@settings(deadline=None, max_examples=60)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_any_pounds_and_pence_are_read_back_exactly(amount: Decimal) -> None:
    errors: dict[str, list[str]] = {}
    cleaned = HubMonthInput.clean({"running_cost": f"{amount:,.2f}"}, errors, by=Actor.command_line(1))
    assert errors == {}
    assert cleaned["running_cost"] == amount


@given(st.text(max_size=12))
@settings(deadline=None, max_examples=100)
def test_month_text_is_a_month_or_nothing(text: str) -> None:
    found = month_from(text)
    assert found is None or found.day == 1
