"""The returns a contributor still has to do: returns sent back stay on the list however old."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from wellboard.core.access import Actor
from wellboard.partners.models import Organisation, User
from wellboard.returns.models import Collection
from wellboard.returns.selectors import period_get, return_list_for_contributor
from wellboard.returns.services import return_save, return_send_back

pytestmark = pytest.mark.django_db


def test_a_return_sent_back_long_ago_is_still_to_do(
    collection: Collection,
    charity: Organisation,
    council: Organisation,
    charity_contributor: User,
    cli_actor: Actor,
    actor_of: Callable[[User], Actor],
) -> None:
    for organisation in (charity, council):
        saved = return_save(
            by=cli_actor,
            collection=collection,
            organisation=organisation,
            period=period_get(collection=collection, text="2020-03-30"),
            values={"calls": "10", "visits": "1"},
            expected_version=None,
            submit=True,
        ).data_return
        return_send_back(
            by=cli_actor, data_return=saved, reason=f"Check {organisation.name}", expected_version=None
        )
    rows = return_list_for_contributor(actor=actor_of(charity_contributor), today=dt.date(2020, 9, 1))
    old = [r for r in rows if r["period"].code == "2020-03-30/2W"]  # type: ignore[attr-defined]
    assert len(old) == 1  # far older than the last six periods, and only the charity's own
    assert old[0]["status"] == "returned"
    assert old[0]["returned_reason"] == "Check Test Charity"
    assert old[0]["overdue"] is True
    assert all(r["organisation"] == charity for r in rows)
    due_dates = [r["due_date"] for r in rows]
    assert due_dates == sorted(due_dates)  # type: ignore[type-var]
