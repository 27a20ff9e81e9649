"""Every returns page not covered in test_views: the happy path, a person who may not use it, and bad
input, for changing a collection and its measures, uploading many returns, the history pages, and
submitting, approving and sending back from a return's page."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pytest
from django.test import Client

from tests.integration.readable import assert_reads_as_words
from tests.integration.returns.conftest import GOOD, RETURN
from wellboard.core.access import Actor
from wellboard.partners.models import Organisation, User
from wellboard.returns.models import Collection, Measure, Return, ReturnStatus
from wellboard.returns.selectors import period_get
from wellboard.returns.services import return_approve, return_save

pytestmark = pytest.mark.django_db
COLLECTION = "/p/test-town/returns/befriending/"
COLLECTION_FORM = {
    "name": "Befriending calls",
    "frequency": "fortnight",
    "first_period_start": "2020-03-30",
    "due_days": "5",
    "due_rule": "working_days",
    "reminder_days": "2",
    "is_open": "on",
}


def save(
    collection: Collection, org: Organisation, actor: Actor, values: dict[str, str], *, submit: bool
) -> Return:
    return return_save(
        by=actor,
        collection=collection,
        organisation=org,
        period=period_get(collection=collection, text="2020-06-08"),
        values=values,
        expected_version=None,
        submit=submit,
    ).data_return


def messages_on(client: Client, url: str) -> str:
    return client.get(url).content.decode()


# ---------------------------------------------------------------- collections and measures


def test_collection_edit(
    client_for: Callable[[User], Client],
    collection: Collection,
    coordinator: User,
    charity_contributor: User,
    approver: User,
    outsider: User,
    charity: Organisation,
) -> None:
    url = COLLECTION + "edit/"
    client = client_for(coordinator)
    assert client.get(url).status_code == 200
    for person in (charity_contributor, approver, outsider):
        assert client_for(person).get(url).status_code == 404
        assert client_for(person).post(url, {**COLLECTION_FORM, "version": "1"}).status_code == 404
    bad = client.post(url, {**COLLECTION_FORM, "name": "", "due_days": "500", "version": "1"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter a name for the collection" in body
    assert 'value="500"' in body
    ok = client.post(url, {**COLLECTION_FORM, "organisations": [charity.pk], "version": "1"})
    assert ok.status_code == 302
    collection.refresh_from_db()
    assert (collection.name, collection.due_days, collection.version) == ("Befriending calls", 5, 2)
    assert list(collection.organisations.all()) == [charity]
    stale = client.post(url, {**COLLECTION_FORM, "name": "Old copy", "version": "1"})
    assert stale.status_code == 409
    collection.refresh_from_db()
    assert collection.name == "Befriending calls"


def test_collection_history(
    client_for: Callable[[User], Client], collection: Collection, coordinator: User, outsider: User
) -> None:
    client = client_for(coordinator)
    client.post(COLLECTION + "edit/", {**COLLECTION_FORM, "version": "1"})
    history = client.get(COLLECTION + "history/")
    assert history.status_code == 200
    text = assert_reads_as_words(history.content.decode())
    assert "changed the collection on" in text
    assert "<title>History of Befriending calls " in history.content.decode()
    assert client_for(outsider).get(COLLECTION + "history/").status_code == 404
    assert client.get("/p/test-town/returns/no-such-collection/history/").status_code == 404


def test_measure_new_refuses_bad_input_and_other_people(
    client_for: Callable[[User], Client], collection: Collection, coordinator: User, approver: User
) -> None:
    url = COLLECTION + "measures/new/"
    assert client_for(approver).get(url).status_code == 404
    bad = client_for(coordinator).post(
        url, {"label": "", "value_type": "count", "min_value": "5", "max_value": "1"}
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Enter what the measure counts, such as Calls made" in body
    taken = client_for(coordinator).post(url, {"label": "Calls", "value_type": "count", "required": "on"})
    assert taken.status_code == 400
    assert "The short name &#x27;calls&#x27; is already used in this collection" in taken.content.decode()
    assert collection.measures.count() == 3


def test_measure_edit(
    client_for: Callable[[User], Client], collection: Collection, coordinator: User, charity_contributor: User
) -> None:
    url = COLLECTION + "measures/visits/"
    client = client_for(coordinator)
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Home visits"' in page.content.decode()
    assert client_for(charity_contributor).get(url).status_code == 404
    assert client.get(COLLECTION + "measures/nothing/").status_code == 404
    form = {"label": "Home visits", "unit": "visits", "required": "on", "version": "1"}
    bad = client.post(url, {**form, "min_value": "10", "max_value": "2"})
    assert bad.status_code == 400
    assert "The highest value must be more than the lowest" in bad.content.decode()
    ok = client.post(url, {**form, "max_value": "400", "breakdowns": "Visit: Doorstep, Indoors"})
    assert ok.status_code == 302
    visits = Measure.objects.get(collection=collection, code="visits")
    assert visits.max_value == 400
    assert visits.breakdowns == [{"name": "Visit", "categories": ["Doorstep", "Indoors"]}]
    assert client.post(url, {**form, "label": "Stale"}).status_code == 409


# ---------------------------------------------------------------- uploading many returns


def _csv(text: str, name: str = "returns.csv") -> io.BytesIO:
    buffer = io.BytesIO(text.encode())
    buffer.name = name
    return buffer


def test_collection_upload_checks_then_saves_a_csv(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User, viewer: User
) -> None:
    url = COLLECTION + "upload/"
    assert client_for(viewer).get(url).status_code == 404  # a viewer makes no returns
    client = client_for(charity_contributor)
    assert client.get(url).status_code == 200
    rows = (
        "organisation,period,measure,value\n"
        "Test Charity,2020-06-08,calls,12\n"
        "Test Charity,2020-06-08,visits,3\n"
    )
    check = client.post(url, {"file": _csv(rows)})
    assert check.status_code == 200
    body = check.content.decode()
    assert "Dry run: nothing has been saved yet" in body
    assert not Return.objects.exists()
    digest = body.split('name="digest" value="')[1].split('"')[0]
    saved = client.post(url, {"digest": digest, "apply": "yes"})
    assert saved.status_code == 302
    assert Return.objects.get().organisation.slug == "test-charity"


def test_collection_upload_refuses_another_organisations_rows_and_a_missing_file(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    client = client_for(charity_contributor)
    rows = "organisation,period,measure,value\nTest Council,2020-06-08,calls,12\n"
    refused = client.post(COLLECTION + "upload/", {"file": _csv(rows), "apply": "yes"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "The file cannot be saved" in body
    assert "Test Council" in body
    missing = client.post(COLLECTION + "upload/", {})
    assert missing.status_code == 400
    assert "Select a file to upload" in missing.content.decode()
    assert not Return.objects.exists()


# ---------------------------------------------------------------- a return's own pages


def test_return_upload_refuses_bad_files_and_other_organisations(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity: Organisation,
    cli_actor: Actor,
    charity_contributor: User,
) -> None:
    client = client_for(charity_contributor)
    own, other = RETURN.format(org="test-charity"), RETURN.format(org="test-council")
    template = client.get(own + "template.xlsx").content
    assert client.post(other + "upload/", {"file": io.BytesIO(template)}).status_code == 404
    missing = client.post(own + "upload/", {})
    assert missing.status_code == 400
    assert "Select a file to upload" in missing.content.decode()
    renamed = client.post(own + "upload/", {"file": _csv("not,a,workbook\n", "figures.xlsx")})
    assert renamed.status_code == 400
    assert "not an Excel .xlsx" in renamed.content.decode()
    assert not Return.objects.exists()

    return_approve(
        by=cli_actor,
        data_return=save(collection, charity, cli_actor, GOOD, submit=True),
        expected_version=None,
    )
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    workbook["Return"]["G11"] = 99
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "charity.xlsx"
    locked = client.post(own + "upload/", {"file": buffer, "apply": "yes"})
    assert locked.status_code == 400
    assert "approved, so it cannot be changed" in locked.content.decode()


def test_return_history(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity: Organisation,
    council: Organisation,
    cli_actor: Actor,
    charity_contributor: User,
) -> None:
    client = client_for(charity_contributor)
    assert client.get(RETURN.format(org="test-charity") + "history/").status_code == 404  # not started yet
    save(collection, charity, cli_actor, {"calls": "5"}, submit=False)
    save(collection, council, cli_actor, {"calls": "6"}, submit=False)
    history = client.get(RETURN.format(org="test-charity") + "history/")
    assert history.status_code == 200
    text = assert_reads_as_words(history.content.decode())
    assert "started the return on" in text
    assert "History of History" not in history.content.decode()
    assert client.get(RETURN.format(org="test-council") + "history/").status_code == 404


def test_submit_saved_figures(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity: Organisation,
    council: Organisation,
    cli_actor: Actor,
    charity_contributor: User,
) -> None:
    client = client_for(charity_contributor)
    draft = save(collection, charity, cli_actor, {"calls": "120"}, submit=False)
    incomplete = client.post(RETURN.format(org="test-charity") + "submit/", {"version": draft.version})
    assert incomplete.status_code == 302
    page = messages_on(client, incomplete["Location"])
    assert "Enter home visits" in page
    assert "The return was not submitted" in page
    draft.refresh_from_db()
    assert draft.status == ReturnStatus.DRAFT

    save(collection, charity, cli_actor, {"visits": "35"}, submit=False)
    draft.refresh_from_db()
    done = client.post(RETURN.format(org="test-charity") + "submit/", {"version": draft.version})
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReturnStatus.SUBMITTED

    theirs = save(collection, council, cli_actor, GOOD, submit=False)
    assert (
        client.post(RETURN.format(org="test-council") + "submit/", {"version": theirs.version}).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == ReturnStatus.DRAFT


def test_approving_a_draft_is_refused(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity: Organisation,
    cli_actor: Actor,
    approver: User,
    outsider: User,
) -> None:
    draft = save(collection, charity, cli_actor, GOOD, submit=False)
    url = RETURN.format(org="test-charity") + "approve/"
    assert client_for(outsider).post(url, {"version": draft.version}).status_code == 404
    checker = client_for(approver)
    response = checker.post(url, {"version": draft.version})
    assert response.status_code == 302
    page = messages_on(checker, response["Location"])
    assert "Only a submitted return can be approved; this one is draft" in page
    draft.refresh_from_db()
    assert draft.status == ReturnStatus.DRAFT


def test_send_back_needs_a_reason_and_an_approver(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity: Organisation,
    cli_actor: Actor,
    approver: User,
    charity_contributor: User,
) -> None:
    submitted = save(collection, charity, cli_actor, GOOD, submit=True)
    url = RETURN.format(org="test-charity") + "send-back/"
    assert client_for(approver).get(url).status_code == 200
    assert client_for(charity_contributor).get(url).status_code == 404
    assert (
        client_for(charity_contributor).post(url, {"reason": "No", "version": submitted.version}).status_code
        == 404
    )
    bad = client_for(approver).post(url, {"reason": "  ", "version": submitted.version})
    assert bad.status_code == 400
    assert "Enter a reason" in bad.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.SUBMITTED


def test_reach_dashboard_is_for_members_only(
    client_for: Callable[[User], Client], collection: Collection, viewer: User, outsider: User
) -> None:
    assert client_for(outsider).get("/p/test-town/returns/reach/").status_code == 404
    empty = client_for(viewer).get("/p/test-town/returns/reach/")
    assert empty.status_code == 200
    assert "No measure belongs to an initiative yet" in empty.content.decode()
