"""Reads of collections and returns: who sees what, and the figures the rules compare against."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from tests.factories.returns import CollectionFactory
from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.core.periods import Period
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.returns.models import Collection, Measure
from wellboard.returns.selectors import (
    collection_get,
    collection_list,
    history_totals,
    period_get,
    previous_totals,
    reach_measures,
    reminders_sent,
    return_find,
    return_list_for_contributor,
    return_organisation_get,
    returns_awaiting_approval,
)
from wellboard.returns.services import return_approve, return_save, return_send_back

pytestmark = pytest.mark.django_db


def _save(
    actor: Actor,
    collection: Collection,
    org: Organisation,
    day: str,
    values: dict[str, str],
    *,
    submit: bool = True,
) -> None:
    return_save(
        by=actor,
        collection=collection,
        organisation=org,
        period=period_get(collection=collection, text=day),
        values=values,
        expected_version=None,
        submit=submit,
    )


def test_collections_by_role(
    partnership: Partnership,
    other_partnership: Partnership,
    collection: Collection,
    charity: Organisation,
    council: Organisation,
    charity_contributor: User,
    viewer: User,
    outsider: User,
    actor_of: Callable[[User], Actor],
    cli_actor: Actor,
) -> None:
    councils_only = CollectionFactory(  # type: ignore[no-untyped-call]
        partnership=partnership, slug="council-only", name="Council only", organisations=[council]
    )
    CollectionFactory(partnership=other_partnership, slug="elsewhere")  # type: ignore[no-untyped-call]
    assert list(collection_list(actor=cli_actor)) == [collection, councils_only]
    assert list(collection_list(actor=actor_of(viewer))) == [collection, councils_only]
    assert list(collection_list(actor=actor_of(charity_contributor))) == [collection]
    with pytest.raises(NotFound):
        collection_get(actor=actor_of(charity_contributor), slug="council-only")
    with pytest.raises(NotFound):
        collection_get(actor=cli_actor, slug="elsewhere")  # another partnership's
    stranger = Actor(partnership_id=partnership.pk, user=outsider)  # no role here
    with pytest.raises(NotFound):
        collection_list(actor=stranger)


def test_a_contributor_opens_only_their_own_organisations_returns(
    collection: Collection,
    period: Period,
    charity: Organisation,
    council: Organisation,
    charity_contributor: User,
    analyst: User,
    actor_of: Callable[[User], Actor],
) -> None:
    contributor = actor_of(charity_contributor)
    assert return_organisation_get(actor=contributor, collection=collection, slug="test-charity") == charity
    with pytest.raises(NotFound):
        return_organisation_get(actor=contributor, collection=collection, slug="test-council")
    with pytest.raises(NotFound):
        return_find(actor=contributor, collection=collection, organisation=council, period=period)
    assert (
        return_organisation_get(actor=actor_of(analyst), collection=collection, slug="test-council")
        == council
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [("2020-06-08", "2020-06-08/2W"), ("2020-06-08/2W", "2020-06-08/2W"), (" 2020-03-30 ", "2020-03-30/2W")],
)
def test_period_by_first_day_or_code(collection: Collection, text: str, code: str) -> None:
    assert period_get(collection=collection, text=text).code == code


@pytest.mark.parametrize("text", ["2020-06-09", "2020-03-16", "2020-06-08/1M", "last fortnight", ""])
def test_a_period_the_collection_does_not_have_is_not_found(collection: Collection, text: str) -> None:
    with pytest.raises(NotFound):
        period_get(collection=collection, text=text)


def test_previous_and_history_totals_use_only_what_was_sent(
    collection: Collection,
    period: Period,
    charity: Organisation,
    council: Organisation,
    cli_actor: Actor,
) -> None:
    for day, calls in (("2020-04-27", "90"), ("2020-05-11", "100"), ("2020-05-25", "110")):
        _save(cli_actor, collection, charity, day, {"calls": calls, "visits": "3"})
        return_approve(
            by=cli_actor,
            data_return=collection.returns.get(organisation=charity, period_start=dt.date.fromisoformat(day)),
            expected_version=None,
        )
    _save(cli_actor, collection, council, "2020-05-25", {"calls": "7"}, submit=False)  # a draft only
    assert previous_totals(collection=collection, organisation=charity, period=period) == {
        "calls": Decimal(110),
        "visits": Decimal(3),
    }
    assert previous_totals(collection=collection, organisation=council, period=period) == {}
    history = history_totals(collection=collection, organisation=charity, period=period)
    assert history["calls"] == [Decimal(110), Decimal(100), Decimal(90)]  # newest first


def test_returns_to_do_and_awaiting_approval(
    collection: Collection,
    charity: Organisation,
    council: Organisation,
    charity_contributor: User,
    approver: User,
    cli_actor: Actor,
    actor_of: Callable[[User], Actor],
) -> None:
    collection.first_period_start = dt.date(2020, 5, 25)
    collection.save()
    _save(cli_actor, collection, charity, "2020-05-25", {"calls": "10", "visits": "1"})
    _save(cli_actor, collection, charity, "2020-06-08", {"calls": "11", "visits": "2"})
    _save(cli_actor, collection, council, "2020-05-25", {"calls": "3", "visits": "3"})
    return_send_back(
        by=cli_actor,
        data_return=collection.returns.get(organisation=charity, period_start=dt.date(2020, 6, 8)),
        reason="Check the visits",
        expected_version=None,
    )
    rows = return_list_for_contributor(actor=actor_of(charity_contributor), today=dt.date(2020, 7, 10))
    assert [(r["period"].code, r["status"], r["overdue"]) for r in rows] == [  # type: ignore[attr-defined]
        ("2020-06-08/2W", "returned", True),
        ("2020-06-22/2W", "not_started", False),
    ]
    assert rows[0]["returned_reason"] == "Check the visits"
    assert all(r["organisation"] == charity for r in rows)
    awaiting = list(returns_awaiting_approval(actor=actor_of(approver)))
    assert [(r.organisation, r.period) for r in awaiting] == [
        (charity, "2020-05-25/2W"),
        (council, "2020-05-25/2W"),
    ]
    assert not returns_awaiting_approval(actor=actor_of(charity_contributor)).exists()


def test_reminders_and_reach_measures_by_role(
    partnership: Partnership,
    collection: Collection,
    coordinator: User,
    approver: User,
    outsider: User,
    actor_of: Callable[[User], Actor],
) -> None:
    from tests.factories.strategy import InitiativeFactory

    assert list(reminders_sent(actor=actor_of(coordinator), collection=collection)) == []
    with pytest.raises(NotFound):
        reminders_sent(actor=actor_of(approver), collection=collection)
    initiative = InitiativeFactory(partnership=partnership)  # type: ignore[no-untyped-call]
    Measure.objects.filter(collection=collection, code="visits").update(initiative=initiative)
    assert [m.code for m in reach_measures(actor=actor_of(approver))] == ["visits"]
    with pytest.raises(NotFound):
        reach_measures(actor=Actor(partnership_id=partnership.pk, user=outsider))
