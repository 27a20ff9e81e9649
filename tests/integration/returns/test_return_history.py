"""A return's history reads as sentences with labelled fields and a table of the figures that changed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client

from tests.integration.readable import assert_reads_as_words
from tests.integration.returns.conftest import GOOD, RETURN
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.partners.models import Organisation, User
from wellboard.returns.models import Collection, Return, ReturnStatus
from wellboard.returns.selectors import period_get
from wellboard.returns.services import return_save

pytestmark = pytest.mark.django_db
HISTORY = RETURN.format(org="test-charity") + "history/"


def _save(collection: Collection, org: Organisation, actor: Actor, values: dict[str, str]) -> Return:
    return return_save(
        by=actor,
        collection=collection,
        organisation=org,
        period=period_get(collection=collection, text="2020-06-08"),
        values=values,
        expected_version=None,
        submit=True,
    ).data_return


def test_history_of_a_return_approved_after_its_figures_changed(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity: Organisation,
    cli_actor: Actor,
    charity_contributor: User,
    approver: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A moment with microseconds, in British Summer Time: 13:45 UTC is 2:45pm in London.
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2020, 7, 1, 13, 45, 7, 123456, tzinfo=dt.UTC))
    first = _save(collection, charity, cli_actor, GOOD)
    reviewer = client_for(approver)
    sent_back = reviewer.post(
        RETURN.format(org="test-charity") + "send-back/",
        {"reason": "Calls look low for a fortnight", "version": first.version},
    )
    assert sent_back.status_code == 302
    changed = {"calls": "1250", "calls__b0c0": "700", "calls__b0c1": "550", "visits": "35"}
    second = _save(collection, charity, cli_actor, changed)
    assert (
        reviewer.post(RETURN.format(org="test-charity") + "approve/", {"version": second.version}).status_code
        == 302
    )
    second.refresh_from_db()
    assert second.status == ReturnStatus.APPROVED

    page = client_for(charity_contributor).get(HISTORY)
    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert "<title>History of Test Charity's return for 8 Jun to 21 Jun 2020" in html
    assert "History of History" not in html
    text = assert_reads_as_words(html)
    when = r"on \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}[ap]m"
    assert re.search(f"Approver Tester\\d+ approved the return {when}", text)
    assert re.search(f"sent the return back for changes {when} Status", text)
    assert "Why it was sent back Not set → , now Calls look low for a fortnight" in text
    assert not re.search(f"sent the return back for changes {when} Calls look low", text)  # said once
    assert "Status Was Submitted → , now Approved" in text
    assert "Approved Not set → , now 1 July 2020 at 2:45pm" in text
    # The resubmission's figures: a table of measure, before and after, with separators.
    assert "Figures that changed Measure Before After" in text
    assert "Calls made 120 1,250" in text
    assert "Calls made (Sex: Female) 70 700" in text
    assert "Calls made (Sex: Male) 50 550" in text
    assert "Home visits 35 35" not in text  # unchanged figures are left out
    # The first submission lists every figure it had.
    assert "Figures Measure Figure Calls made 120" in text


def test_return_history_is_refused_to_other_organisations_and_unknown_periods(
    client_for: Callable[[User], Client],
    collection: Collection,
    council: Organisation,
    cli_actor: Actor,
    charity_contributor: User,
) -> None:
    _save(collection, council, cli_actor, GOOD)
    client = client_for(charity_contributor)
    assert client.get(RETURN.format(org="test-council") + "history/").status_code == 404
    assert client.get("/p/test-town/returns/befriending/test-charity/2020-06-09/history/").status_code == 404
