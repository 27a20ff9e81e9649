from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pytest
from django.test import Client

from tests.integration.returns.conftest import GOOD, RETURN
from wellboard.core.access import Actor
from wellboard.partners.models import Organisation, User
from wellboard.returns.models import Collection, Figure, Return
from wellboard.returns.selectors import period_get
from wellboard.returns.services import return_approve, return_save

pytestmark = pytest.mark.django_db


def submit(collection: Collection, org: Organisation, actor: Actor, values: dict[str, str] = GOOD) -> Return:
    period = period_get(collection=collection, text="2020-06-08")
    return return_save(
        by=actor,
        collection=collection,
        organisation=org,
        period=period,
        values=values,
        expected_version=None,
        submit=True,
    ).data_return


def test_returns_home_and_collection_pages(
    client_for: Callable[[User], Client],
    collection: Collection,
    coordinator: User,
    charity_contributor: User,
    viewer: User,
    outsider: User,
) -> None:
    home = client_for(charity_contributor).get("/p/test-town/returns/")
    assert home.status_code == 200
    assert "Your returns to do" in home.content.decode()
    detail = client_for(viewer).get("/p/test-town/returns/befriending/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "Completeness and timeliness" in body
    assert "Missing" in body
    assert 'href="/p/test-town/returns/befriending/test-charity/' not in body  # viewers see statuses only
    assert client_for(outsider).get("/p/test-town/returns/").status_code == 404
    assert client_for(outsider).get("/p/test-town/returns/befriending/").status_code == 404
    assert client_for(charity_contributor).get("/p/test-town/returns/new/").status_code == 404


def test_completeness_grid_queries_are_bounded(
    client_for: Callable[[User], Client],
    collection: Collection,
    coordinator: User,
    cli_actor: Actor,
    charity: Organisation,
    council: Organisation,
    django_assert_max_num_queries: Callable[[int], object],
) -> None:
    submit(collection, charity, cli_actor)
    submit(collection, council, cli_actor)
    client = client_for(coordinator)
    with django_assert_max_num_queries(25):  # type: ignore[attr-defined]
        assert client.get("/p/test-town/returns/befriending/").status_code == 200


def test_collection_create_validation_and_success(
    client_for: Callable[[User], Client], partnership: object, coordinator: User, charity: Organisation
) -> None:
    client = client_for(coordinator)
    bad = client.post(
        "/p/test-town/returns/new/",
        {
            "name": "Quits",
            "frequency": "",
            "due_days": "10",
            "due_rule": "working_days",
            "reminder_days": "3",
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "govuk-error-summary" in body
    assert "Choose how often" in body
    assert 'value="Quits"' in body
    ok = client.post(
        "/p/test-town/returns/new/",
        {
            "name": "Quits",
            "frequency": "quarter",
            "first_period_start": "2024-04-01",
            "due_days": "10",
            "due_rule": "working_days",
            "reminder_days": "3",
            "organisations": [charity.pk],
        },
    )
    assert ok.status_code == 302
    assert ok["Location"] == "/p/test-town/returns/quits/"
    measure = client.post(
        "/p/test-town/returns/quits/measures/new/",
        {"label": "People who quit", "value_type": "count", "indicator_kind": "better_off", "required": "on"},
    )
    assert measure.status_code == 302
    assert "People who quit" in client.get("/p/test-town/returns/quits/").content.decode()


def test_contributor_sees_and_edits_only_their_own_return(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    client = client_for(charity_contributor)
    assert client.get(RETURN.format(org="test-council")).status_code == 404
    assert client.post(RETURN.format(org="test-council"), GOOD).status_code == 404
    assert client.get(RETURN.format(org="test-council") + "template.xlsx").status_code == 404
    assert not Return.objects.exists()
    page = client.get(RETURN.format(org="test-charity"))
    assert page.status_code == 200
    assert "Save and submit" in page.content.decode()


def test_bad_input_keeps_what_was_typed(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    response = client_for(charity_contributor).post(
        RETURN.format(org="test-charity"),
        {**GOOD, "visits": "lots", "calls": "-3", "action": "submit", "version": "0"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error:" in body
    assert "There is a problem" in body
    assert 'href="#id_visits"' in body
    assert "Home visits must be a number, like 12" in body
    assert 'value="lots"' in body
    assert 'value="-3"' in body
    assert '<p id="id_visits-error" class="govuk-error-message">' in body
    visits = body.split('id="id_visits"')[0].rsplit("<input", 1)[1]
    assert 'class="govuk-input govuk-input--width-10 govuk-input--error"' in visits
    assert 'aria-describedby="id_visits-hint id_visits-error"' in visits
    assert not Return.objects.exists()


def test_return_form_says_which_figures_are_optional(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    body = client_for(charity_contributor).get(RETURN.format(org="test-charity")).content.decode()
    assert '<label class="govuk-label govuk-label--s" for="id_visits">Home visits</label>' in body
    assert (
        '<label class="govuk-label govuk-label--s" for="id_calls__b0c0">Sex: Female (optional)</label>'
        in body
    )
    assert "People who feel less lonely (optional)" in body  # a measure that is not required
    assert 'aria-describedby="id_visits-hint"' in body
    assert "required" not in body.split('id="id_visits"')[0].rsplit("<input", 1)[1]


def test_submit_approve_then_locked(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User, approver: User
) -> None:
    contributor = client_for(charity_contributor)
    saved = contributor.post(RETURN.format(org="test-charity"), {**GOOD, "action": "submit", "version": "0"})
    assert saved.status_code == 302
    data_return = Return.objects.get()
    assert data_return.status == "submitted"
    assert (
        contributor.post(
            RETURN.format(org="test-charity") + "approve/", {"version": data_return.version}
        ).status_code
        == 403
    )
    checker = client_for(approver)
    assert (
        checker.post(
            RETURN.format(org="test-charity") + "approve/", {"version": data_return.version}
        ).status_code
        == 302
    )
    data_return.refresh_from_db()
    assert data_return.status == "approved"
    locked = contributor.post(RETURN.format(org="test-charity"), {**GOOD, "calls": "999"})
    assert locked.status_code == 403
    assert "cannot be changed" in locked.content.decode()
    assert Figure.objects.get(measure__code="calls", breakdown="").value == 120
    bad = checker.post(
        RETURN.format(org="test-charity") + "unapprove/", {"reason": "", "version": data_return.version}
    )
    assert bad.status_code == 400
    assert "Enter a reason" in bad.content.decode()
    ok = checker.post(
        RETURN.format(org="test-charity") + "unapprove/",
        {"reason": "Wrong fortnight", "version": data_return.version},
    )
    assert ok.status_code == 302
    data_return.refresh_from_db()
    assert data_return.status == "submitted"


def test_send_back_shows_reason_to_contributor(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity: Organisation,
    cli_actor: Actor,
    charity_contributor: User,
    approver: User,
) -> None:
    data_return = submit(collection, charity, cli_actor)
    response = client_for(approver).post(
        RETURN.format(org="test-charity") + "send-back/",
        {"reason": "Split calls by sex", "version": data_return.version},
    )
    assert response.status_code == 302
    page = client_for(charity_contributor).get(RETURN.format(org="test-charity")).content.decode()
    assert "Changes needed" in page
    assert "Split calls by sex" in page


def test_concurrent_edit_answers_409(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity: Organisation,
    cli_actor: Actor,
    charity_contributor: User,
) -> None:
    period = period_get(collection=collection, text="2020-06-08")
    first = return_save(
        by=cli_actor,
        collection=collection,
        organisation=charity,
        period=period,
        values={"calls": "5"},
        expected_version=None,
    ).data_return
    return_save(
        by=cli_actor,
        collection=collection,
        organisation=charity,
        period=period,
        values={"calls": "6"},
        expected_version=first.version,
    )
    response = client_for(charity_contributor).post(
        RETURN.format(org="test-charity"), {"calls": "7", "version": first.version}
    )
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    assert Figure.objects.get(measure__code="calls", breakdown="").value == 6


def test_template_download_and_upload_with_dry_run(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    client = client_for(charity_contributor)
    download = client.get(RETURN.format(org="test-charity") + "template.xlsx")
    assert download.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(download.content))
    for ref, value in {"G8": 120, "G9": 70, "G10": 50, "G11": 35}.items():
        wb["Return"][ref] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "charity.xlsx"
    check = client.post(RETURN.format(org="test-charity") + "upload/", {"file": buffer})
    assert check.status_code == 200
    body = check.content.decode()
    assert "Dry run: nothing has been saved yet" in body
    assert "Save these figures" in body
    assert not Return.objects.exists()
    digest = body.split('name="digest" value="')[1].split('"')[0]
    applied = client.post(RETURN.format(org="test-charity") + "upload/", {"digest": digest, "apply": "yes"})
    assert applied.status_code == 302
    assert Figure.objects.get(measure__code="visits").value == 35


def test_reach_dashboard_totals_and_missing_partners(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity: Organisation,
    cli_actor: Actor,
    board_member: User,
    django_assert_max_num_queries: Callable[[int], object],
) -> None:
    from wellboard.strategy.models import Initiative

    initiative = Initiative.objects.create(
        partnership=collection.partnership, slug="befriending", name="Befriending", kind="service"
    )
    collection.measures.update(initiative=initiative)
    return_approve(by=cli_actor, data_return=submit(collection, charity, cli_actor), expected_version=None)
    client = client_for(board_member)
    with django_assert_max_num_queries(30):  # type: ignore[attr-defined]
        response = client.get("/p/test-town/returns/reach/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Befriending" in body
    assert "120" in body
    assert "Not yet returned for" in body
    assert "Test Council" in body
    assert 'data-chart="reach-chart-0"' in body
    assert 'id="reach-chart-0"' in body
