"""Importing a hub's visits from a CSV file on the web (upload, dry-run report, confirm) and exporting
them: for the hub's own workers, with the command's guarantees (nothing saved from a file with a
problem, importing again changes nothing, files too large or not text refused)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories.directory import make_service
from tests.factories.hub import make_hub, make_hub_worker
from wellboard.core.models import AuditEvent
from wellboard.hub.exporters import COLUMNS
from wellboard.hub.models import Contact, Hub
from wellboard.hub.views import transfers
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
BASE = "/p/test-town/hubs/healthy-hub/"
IMPORT = f"{BASE}contacts/import/"
CONFIRM = f"{BASE}contacts/import/confirm/"
GOOD = (
    b"date,client_id,sex,age,lsoa,route,needs,exercise_reason,partner_organisation,referred_to\r\n"
    b"2026-11-02,HH-0042,female,52,E01023720,walk-in,mental-health;loneliness,,,\r\n"
    b"03/11/2026,HH-0107,male,61,,exercise-referral,physical-activity,cardiac,,\r\n"
    b"2026-11-04,HH-0042,female,52,,activity,,,,\r\n"
)
BAD = (
    b"date,client_id,sex,age,route\r\n"
    b"2026-11-02,HH-0042,female,52,walk-in\r\n"
    b"31/02/2026,HH-0043,female,52,walk-in\r\n"
    b"2026-11-02,HH-0044,dragon,52,walk-in\r\n"
)


def _upload(client: Client, data: bytes, name: str = "visits.csv") -> tuple[int, str]:
    response = client.post(IMPORT, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})
    return response.status_code, response.content.decode()


def _token(body: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', body)
    assert found is not None, "no confirmation offered"
    return found.group(1)


def test_a_hub_worker_checks_then_imports_a_file_and_importing_it_again_changes_nothing(
    client_for: ClientFor, hub_worker: User, hub: Hub
) -> None:
    client = client_for(hub_worker)
    page = client.get(IMPORT)
    assert page.status_code == 200
    assert "Import visits from a file" in page.content.decode()
    # the codes a file may use, each as the file writes it
    for code in ("not-stated", "75+", "partner-appointment", "long-term-condition", "weight-loss"):
        assert f'<code class="wb-nowrap">{code}</code>' in page.content.decode(), code
    status, body = _upload(client, GOOD)
    assert status == 200
    assert "This is a check: nothing has been imported yet" in body
    assert "would change nothing" not in body
    assert 'data-count="contact-create">3<' in body
    assert "HH-0042" not in body
    assert not Contact.objects.exists()
    done = client.post(CONFIRM, {"token": _token(body)})
    assert done.status_code == 302
    assert done["Location"] == f"{BASE}contacts/"
    assert Contact.objects.filter(hub=hub).count() == 3
    assert (
        "Imported visits.csv: 3 visits recorded, 0 already recorded"
        in client.get(done["Location"]).content.decode()
    )

    status, body = _upload(client, GOOD)
    assert status == 200
    assert 'data-count="contact-create">0<' in body
    assert 'data-count="contact-unchanged">3<' in body
    assert "Every visit in the file is already recorded, so importing it would change nothing" in body
    assert client.post(CONFIRM, {"token": _token(body)}).status_code == 302
    assert Contact.objects.count() == 3


def test_a_file_with_problems_lists_them_by_row_and_saves_nothing(
    client_for: ClientFor, hub_worker: User, hub: Hub
) -> None:
    status, body = _upload(client_for(hub_worker), BAD)
    assert status == 400
    assert "The file has 2 problems. Nothing has been imported" in body
    rows = re.findall(
        r'<td class="govuk-table__cell">(\d+)</td>\s*<td class="govuk-table__cell[^"]*">(\w+)</td>', body
    )
    assert rows == [("3", "date"), ("4", "sex")]
    assert 'name="token"' not in body
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x01\x02PK\x03\x04 not text at all", "is not a text file"),
        (b"date,client_key,sex,age,route\r\n2026-11-02,abc,female,52,walk-in\r\n", "holds client keys"),
        (b"date,client_id,sex,age,route,name\r\n", "not a column of a contacts file"),
    ],
)
def test_hostile_or_wrong_files_are_refused(
    client_for: ClientFor, hub_worker: User, data: bytes, reason: str
) -> None:
    status, body = _upload(client_for(hub_worker), data)
    assert status == 400
    assert reason in body
    assert not Contact.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    client_for: ClientFor, hub_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfers, "MAX_CSV_BYTES", 100)
    status, body = _upload(client_for(hub_worker), GOOD + b"x" * 200)
    assert status == 400
    assert "The file must be smaller than 100 bytes" in body
    assert not Contact.objects.exists()


def test_no_file_or_an_empty_one_is_asked_for_again(client_for: ClientFor, hub_worker: User) -> None:
    client = client_for(hub_worker)
    none = client.post(IMPORT, {})
    assert none.status_code == 400
    assert "Choose the CSV file to import" in none.content.decode()
    status, body = _upload(client, b"")
    assert status == 400
    assert "The chosen file is empty" in body


def test_a_confirmation_without_a_kept_upload_imports_nothing(
    client_for: ClientFor, hub_worker: User, hub: Hub, partnership: Partnership
) -> None:
    client = client_for(hub_worker)
    for token in ("", "made-up"):
        response = client.post(CONFIRM, {"token": token})
        assert response.status_code == 400
        assert "no longer available" in response.content.decode()
    # A file checked at one hub cannot be confirmed at another.
    other = make_hub(partnership, "young-peoples-hub", kind="young-people")
    make_hub_worker(partnership, "worker-2", hub, other)
    _, body = _upload(client, GOOD)
    elsewhere = client.post(
        f"/p/test-town/hubs/{other.slug}/contacts/import/confirm/", {"token": _token(body)}
    )
    assert elsewhere.status_code in {400, 404}
    assert not Contact.objects.exists()


def test_a_file_that_became_wrong_since_its_check_imports_nothing(
    client_for: ClientFor, hub_worker: User, hub: Hub, partnership: Partnership
) -> None:
    client = client_for(hub_worker)
    referring = GOOD.replace(
        b"2026-11-04,HH-0042,female,52,,activity,,,,",
        b"2026-11-04,HH-0042,female,52,,activity,,,,kooth",
    )
    service = make_service(partnership, "kooth")
    _, body = _upload(client, referring)
    token = _token(body)
    service.delete()  # the directory lost the service between the check and the import
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 400
    assert "Nothing has been imported" in response.content.decode()
    assert not Contact.objects.exists()


def test_only_the_hubs_own_workers_import_or_export(
    client_for: ClientFor, coordinator: User, analyst: User, hub: Hub, partnership: Partnership
) -> None:
    other = make_hub(partnership, "pop-up", kind="pop-up")
    elsewhere_worker = make_hub_worker(partnership, "worker-elsewhere", other)
    for person in (coordinator, analyst, elsewhere_worker):
        client = client_for(person)
        assert client.get(IMPORT).status_code == 404
        assert client.post(IMPORT, {"file": SimpleUploadedFile("v.csv", GOOD)}).status_code == 404
        assert client.post(CONFIRM, {"token": "x"}).status_code == 404
        assert client.get(f"{BASE}contacts.csv").status_code == 404
    assert not Contact.objects.exists()
    assert not AuditEvent.objects.filter(action="contact.read").exists()


def test_the_export_has_the_commands_columns_and_client_keys_and_is_audited(
    client_for: ClientFor, hub_worker: User, hub: Hub
) -> None:
    client = client_for(hub_worker)
    _, body = _upload(client, GOOD)
    client.post(CONFIRM, {"token": _token(body)})
    response = client.get(f"{BASE}contacts.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="healthy-hub-visits-' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response.streaming
    content = b"".join(response.streaming_content).decode()  # type: ignore[arg-type]
    lines = content.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) == 4
    assert "HH-0042" not in content
    keys = {line.split(",")[1] for line in lines[1:]}
    assert keys == set(Contact.objects.values_list("client_key", flat=True))
    read = AuditEvent.objects.filter(action="contact.read", note="export").get()
    assert read.after is not None
    assert read.after["contacts"] == 3


def test_a_partner_named_in_the_file_is_shown_as_one_to_add_then_added(
    client_for: ClientFor, hub_worker: User, hub: Hub
) -> None:
    client = client_for(hub_worker)
    with_partner = GOOD.replace(
        b"2026-11-04,HH-0042,female,52,,activity,,,,",
        b"2026-11-04,HH-0042,female,52,,partner-appointment,,,Herts Mind Network,",
    )
    status, body = _upload(client, with_partner)
    assert status == 200
    assert 'data-count="hub partner-create">1<' in body
    assert (
        "Herts Mind Network (not a member of the partnership, first named on row 4) will be added to "
        "Healthy Hub&#x27;s partner organisations"
    ) in body
    assert not hub.partners.exists()
    assert client.post(CONFIRM, {"token": _token(body)}).status_code == 302
    partner = hub.partners.get()
    assert partner.name == "Herts Mind Network"
    assert Contact.objects.filter(partner=partner).count() == 1
    assert AuditEvent.objects.filter(action="hub_partner.create").count() == 1


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        (b"2026-11-05,HH-1,female,52,W01000001,walk-in,,,,", "lsoa", "is an area in Wales"),
        (b"2026-11-05,HH-1,female,52,S01006506,walk-in,,,,", "lsoa", "is an area in Scotland"),
        (b"2026-11-05,943 476 5919,female,52,,walk-in,,,,", "client_id", "looks like an NHS number"),
        (b"2026-11-05,SG1 1AA,female,52,,walk-in,,,,", "client_id", "looks like a postcode"),
        (b"2026-11-05,jo@example.org,female,52,,walk-in,,,,", "client_id", "looks like an email address"),
        (b"2026-11-05,01/02/1980,female,52,,walk-in,,,,", "client_id", "looks like a date of birth"),
    ],
)
def test_areas_outside_england_and_personal_identifiers_are_refused_by_row(
    client_for: ClientFor, hub_worker: User, hub: Hub, line: bytes, column: str, reason: str
) -> None:
    status, body = _upload(client_for(hub_worker), GOOD + line + b"\r\n")
    assert status == 400
    assert "The file has 1 problem. Nothing has been imported" in body
    rows = re.findall(
        r'<td class="govuk-table__cell">(\d+)</td>\s*<td class="govuk-table__cell[^"]*">(\w+)</td>', body
    )
    assert rows == [("5", column)]
    assert reason in body
    if column == "client_id":  # the page says what the identifier looked like, never what it was
        assert line.split(b",")[1].decode() not in body
    assert not Contact.objects.exists()


def test_the_site_column_records_where_each_visit_was(
    client_for: ClientFor, hub_worker: User, hub: Hub
) -> None:
    centre = hub.sites.create(name="Town Centre")
    hub.sites.create(name="Barnwell School")
    data = (
        b"date,client_id,sex,age,route,site\r\n"
        b"2026-11-02,HH-0042,female,52,walk-in,town-centre\r\n"
        b"2026-11-02,HH-0043,female,52,walk-in,Nowhere\r\n"
    )
    client = client_for(hub_worker)
    status, body = _upload(client, data)
    assert status == 400
    assert "&#x27;Nowhere&#x27; is not one of Healthy Hub&#x27;s sites" in body
    status, body = _upload(client, data.replace(b",Nowhere", b","))
    assert status == 200
    assert client.post(CONFIRM, {"token": _token(body)}).status_code == 302
    assert sorted(Contact.objects.values_list("site_id", flat=True), key=lambda pk: pk or 0) == [
        None,
        centre.pk,
    ]
