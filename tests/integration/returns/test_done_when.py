"""Issue 4's "Done when", end to end: a template written by the CLI, filled in with openpyxl, uploaded
with ``--dry-run`` (nothing changes) and then for real, approved by an approver, and found in the reach
dashboard's period and running totals. Then the refusals: another organisation's return is not found,
and an approved return cannot be edited, whichever way the edit arrives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from django.core import serializers
from django.db import connections
from django.test import Client

from tests.factories.returns import befriending
from tests.factories.strategy import InitiativeFactory
from wellboard.cli.main import main
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.geography.models import Area, AreaType
from wellboard.indicators.models import Observation
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.returns.models import Collection, Figure, Measure, Reminder, Return, ReturnStatus
from wellboard.returns.selectors import period_get
from wellboard.returns.services import return_approve, return_save

pytestmark = pytest.mark.django_db
PERIOD = "8 Jun to 21 Jun 2020"
RETURN = "/p/test-town/returns/befriending/{org}/2020-06-08/"


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """``main`` closes every database connection when the command finishes; on PostgreSQL that would
    end the transaction the test runs in."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


@pytest.fixture(autouse=True)
def first_of_july() -> Iterator[None]:
    """1 July 2020: the fortnight from 8 June has ended and its return is due on Friday 3 July."""
    with clock.frozen_at(dt.datetime(2020, 7, 1, 9, tzinfo=clock.LONDON)):
        yield


@pytest.fixture
def collection(partnership: Partnership, cli_actor: Actor, council: Organisation) -> Collection:
    """Befriending, whose calls and visits count for an initiative, in a partnership whose home area
    is loaded. Already approved: the charity's previous fortnight and the council's return for this
    one, so the period total and the running total differ."""
    Area.objects.create(code="E07000243", name="Stevenage", type=AreaType.LTLA)
    partnership.area_code = "E07000243"
    partnership.save(update_fields=["area_code"])
    collection = befriending(partnership)
    initiative = InitiativeFactory(  # type: ignore[no-untyped-call]
        partnership=partnership, slug="befriending", name="Befriending service"
    )
    Measure.objects.filter(collection=collection, code__in=["calls", "visits"]).update(initiative=initiative)
    charity = partnership.organisations.get(slug="test-charity")
    for organisation, day, values in (
        (charity, "2020-05-25", {"calls": "100", "calls__b0c0": "60", "calls__b0c1": "40", "visits": "30"}),
        (council, "2020-06-08", {"calls": "80", "calls__b0c0": "50", "calls__b0c1": "30", "visits": "20"}),
    ):
        saved = return_save(
            by=cli_actor,
            collection=collection,
            organisation=organisation,
            period=period_get(collection=collection, text=day),
            values=values,
            expected_version=None,
            submit=True,
        )
        return_approve(by=cli_actor, data_return=saved.data_return, expected_version=None)
    return collection


def wellboard(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run ``wellboard ARGS`` through the real entry point; the exit code and everything it printed."""
    capsys.readouterr()
    code = main(["wellboard", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def dump() -> str:
    """The returns tables, the audit trail of changes and the published observations, serialised in
    full. Refused requests are recorded in the audit trail as requests, by design, not as changes."""
    rows = [
        *Collection.objects.order_by("pk"),
        *Measure.objects.order_by("pk"),
        *Return.objects.order_by("pk"),
        *Figure.objects.order_by("pk"),
        *Reminder.objects.order_by("pk"),
        *Observation.objects.order_by("pk"),
        *AuditEvent.objects.exclude(object_type="request").order_by("pk"),
    ]
    return str(serializers.serialize("json", rows))


def fill_in(path: Path, figures: dict[tuple[str, str, str], int]) -> None:
    """Type figures into the template's Return sheet the way a person would: find each figure's row
    by its code, breakdown ('Total' for a total) and category, and type into 'This period'."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Return"]
    header_row = next(r for r in range(1, 20) if sheet.cell(row=r, column=1).value == "Code")
    columns = {sheet.cell(row=header_row, column=c).value: c for c in range(1, sheet.max_column + 1)}
    typed = set()
    for row in range(header_row + 1, sheet.max_row + 1):
        key = tuple(
            str(sheet.cell(row=row, column=columns[name]).value or "")
            for name in ("Code", "Breakdown", "Category")
        )
        if key in figures:
            sheet.cell(row=row, column=columns["This period"]).value = figures[key]
            typed.add(key)
    assert typed == set(figures), f"rows not found in the template: {set(figures) - typed}"
    workbook.save(path)


class _Tables(HTMLParser):
    """Every table on a page as {caption: {row header: [cell texts]}}."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, list[str]]] = {}
        self._caption: str | None = None
        self._row: list[str] | None = None
        self._text: list[str] | None = None
        self._in: str = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "caption":
            self._caption, self._text, self._in = "", [], "caption"
        elif tag == "tr":
            self._row = []
        elif tag in {"th", "td"} and self._row is not None:
            self._text, self._in = [], "cell"

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._text is not None:
            self._caption = " ".join("".join(self._text).split())
            self.tables[self._caption] = {}
            self._text, self._in = None, ""
        elif tag in {"th", "td"} and self._row is not None and self._text is not None:
            self._row.append(" ".join("".join(self._text).split()))
            self._text, self._in = None, ""
        elif tag == "tr" and self._row and self._caption is not None:
            self.tables[self._caption][self._row[0]] = self._row[1:]
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def reach_tables(client: Client) -> tuple[str, dict[str, dict[str, list[str]]]]:
    response = client.get("/p/test-town/returns/reach/")
    assert response.status_code == 200
    html = response.content.decode()
    parser = _Tables()
    parser.feed(html)
    return html, parser.tables


def test_template_fill_dry_run_upload_approve_and_reach(
    collection: Collection,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    approver: User,
    board_member: User,
    client_for: Callable[[User], Client],
) -> None:
    _, before_upload = reach_tables(client_for(board_member))
    calls_before = before_upload["Calls made (calls)"]
    assert calls_before[PERIOD] == ["80", "180", "1"]  # the council's 80 on top of the charity's 100

    template = tmp_path / "charity.xlsx"
    code, out = wellboard(
        capsys,
        "returns",
        "template",
        "test-town",
        "befriending",
        "Test Charity",
        "2020-06-08",
        "-o",
        str(template),
    )
    assert code == 0, out
    assert f"Test Charity, {PERIOD}" in out
    fill_in(
        template,
        {
            ("calls", "Total", ""): 120,
            ("calls", "Sex", "Female"): 70,
            ("calls", "Sex", "Male"): 50,
            ("visits", "Total", ""): 35,
        },
    )

    before = dump()
    code, out = wellboard(capsys, "returns", "upload", str(template), "--dry-run")
    assert code == 0, out
    assert "Dry run: nothing has been changed." in out
    assert "figure: 4 to create" in out
    assert dump() == before

    code, out = wellboard(capsys, "returns", "upload", str(template), "--submit")
    assert code == 0, out
    assert "The return is now submitted." in out
    data_return = Return.objects.get(organisation__slug="test-charity", period_start=dt.date(2020, 6, 8))
    assert data_return.status == ReturnStatus.SUBMITTED
    assert not data_return.was_late
    _, still_waiting = reach_tables(client_for(board_member))
    assert still_waiting["Calls made (calls)"][PERIOD] == ["80", "180", "1"]  # submitted is not approved

    approved = client_for(approver).post(
        RETURN.format(org="test-charity") + "approve/", {"version": data_return.version}
    )
    assert approved.status_code == 302
    data_return.refresh_from_db()
    assert data_return.status == ReturnStatus.APPROVED
    assert data_return.approved_by == approver

    html, tables = reach_tables(client_for(board_member))
    assert "Befriending service" in html
    assert tables["Calls made (calls)"][PERIOD] == ["200", "300", "2"]  # period total, running total, returns
    assert tables["Home visits (visits)"][PERIOD] == ["55", "85", "2"]
    assert '<span class="wb-tile__value">300</span>' in html
    assert '<span class="wb-tile__value">85</span>' in html
    observation = Observation.objects.get(
        indicator__return_measures__code="calls",
        area__code="E07000243",
        period="2020-06-08/2W",
        sex="Persons",
        category_type="",
    )
    assert observation.count == 200
    assert observation.status == "final"  # both organisations' returns for the fortnight are approved


def test_another_organisations_return_is_not_found_and_an_approved_one_is_locked(
    collection: Collection,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    charity_contributor: User,
    client_for: Callable[[User], Client],
) -> None:
    contributor = client_for(charity_contributor)
    council_return = RETURN.format(org="test-council")
    before = dump()
    assert contributor.get(council_return).status_code == 404
    assert contributor.post(council_return, {"calls": "1", "action": "submit"}).status_code == 404
    assert contributor.get(council_return + "template.xlsx").status_code == 404
    assert contributor.get(council_return + "history/").status_code == 404
    assert dump() == before

    # The council's return for the fortnight is approved: the coordinator's CLI upload is refused too.
    template = tmp_path / "council.xlsx"
    code, out = wellboard(
        capsys,
        "returns",
        "template",
        "test-town",
        "befriending",
        "test-council",
        "2020-06-08",
        "-o",
        str(template),
    )
    assert code == 0, out
    fill_in(template, {("visits", "Total", ""): 99})
    code, out = wellboard(capsys, "returns", "upload", str(template), "--submit")
    assert code == 1
    assert "approved, so it cannot be changed" in out
    assert dump() == before

    # The charity's own approved return refuses its contributor's edits.
    charity_earlier = "/p/test-town/returns/befriending/test-charity/2020-05-25/"
    page = contributor.get(charity_earlier)
    assert page.status_code == 200
    assert "approved and locked" in page.content.decode()
    assert "Save and submit" not in page.content.decode()
    edit = contributor.post(charity_earlier, {"calls": "999", "action": "submit"})
    assert edit.status_code == 403
    assert "cannot be changed" in edit.content.decode()
    assert dump() == before
