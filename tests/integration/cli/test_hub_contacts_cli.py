"""Importing and exporting a hub's contacts from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories.hub import make_hub
from wellboard.cli.main import main
from wellboard.core.models import AuditEvent
from wellboard.hub.models import Contact, Hub, HubPartner
from wellboard.partners.models import Organisation, Partnership

pytestmark = pytest.mark.django_db

GOOD = (
    "route,date,client_id,sex,age,lsoa,needs,exercise_reason,partner_organisation,referred_to\n"
    "walk-in,2026-11-02,HH-0042,female,52,E01023720,mental-health;loneliness,,,\n"
    "exercise-referral,03/11/2026,HH-0107,Male,67,,physical-activity,cardiac,,\n"
    "partner-appointment,2026-11-04,HH-0042,female,52,,,,Test Charity,\n"
    "\n"
    "partner-appointment,2026-11-04,HH-0042,female,52,,,,Herts Mind Network,\n"
)


@pytest.fixture(autouse=True)
def _pseudonym_key(settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = "test-only-pseudonym-key"  # type: ignore[attr-defined]


@pytest.fixture
def hub(partnership: Partnership, charity: Organisation) -> Hub:
    found = make_hub(partnership, "healthy-hub", name="Healthy Hub")
    HubPartner.objects.create(hub=found, organisation=charity)
    HubPartner.objects.create(hub=found, name="Herts Mind Network")
    return found


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["wellboard", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _file(tmp_path: Path, text: str, name: str = "contacts.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_dry_run_then_import_then_again_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hub: Hub
) -> None:
    path = _file(tmp_path, GOOD)
    code, out, err = run(capsys, "hub", "import-contacts", "test-town", "healthy-hub", path, "--dry-run")
    assert code == 0, err
    assert "Dry run" in out
    assert "contact: 4 to create, 0 to update, 0 unchanged" in out
    assert not Contact.objects.exists()
    code, out, err = run(capsys, "hub", "import-contacts", "test-town", "healthy-hub", path)
    assert code == 0, err
    assert Contact.objects.count() == 4
    assert sorted(Contact.objects.values_list("age_band", flat=True)) == ["45-54", "45-54", "45-54", "65-74"]
    events = AuditEvent.objects.filter(action="contact.create").count()
    code, out, _ = run(capsys, "hub", "import-contacts", "test-town", "healthy-hub", path)
    assert code == 0
    assert "0 to create, 0 to update, 4 unchanged" in out
    assert Contact.objects.count() == 4
    assert AuditEvent.objects.filter(action="contact.create").count() == events


def test_every_bad_row_is_reported_and_nothing_saved(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hub: Hub
) -> None:
    bad = GOOD + (
        "walk-in,31/02/2026,HH-1,female,40,,,,,\n"
        "walk-in,2026-11-05,HH-2,female,40,,,,,Citizens Advice\n"
        "walk-in,2026-11-05,HH-3,female,40,,astrology,,,\n"
        "partner-appointment,2026-11-05,HH-4,female,40,,,,Nobody Ltd,\n"
        "walk-in,2026-11-02,HH-0042,female,52,,,,,\n"
    )
    code, out, err = run(capsys, "hub", "import-contacts", "test-town", "healthy-hub", _file(tmp_path, bad))
    assert code == 1
    assert "was rejected; nothing was changed" in err
    assert "row 7, column 'date': '31/02/2026' is not a date" in out
    assert "row 8, column 'referred_to': 'Citizens Advice' is not a service in the partnership's" in out
    assert "row 9, column 'needs': 'astrology' is not one of the needs" in out
    assert "Nobody Ltd (not a member of the partnership, first named on row 10) would be added" in out
    assert "row 11: the same visit as row 2" in out
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("date,client_id,sex,route\n2026-11-02,A,female,walk-in\n", "give the person's age"),
        ("date,client_id,sex,age,route,name\n", "column 'name': not a column of a contacts file"),
        ("date,client_key,sex,age,route\n", "this file holds client keys"),
        ("date,client_id,sex,age,age,route\n", "this column is given twice"),
        ("", "is empty"),
        ("date,client_id,sex,age,route\n2026-11-02,A\x00,female,40,walk-in\n", "is not a text file"),
    ],
)
def test_hostile_or_wrong_files_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hub: Hub, text: str, reason: str
) -> None:
    code, out, err = run(capsys, "hub", "import-contacts", "test-town", "healthy-hub", _file(tmp_path, text))
    assert code == 1
    assert reason in out + err
    assert not Contact.objects.exists()


def test_too_many_rows_are_refused_before_any_is_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wellboard.core.importing import Limits
    from wellboard.hub import importers

    monkeypatch.setattr(importers, "FILE_LIMITS", Limits(max_bytes=10_000, max_rows=2))
    code, out, _ = run(capsys, "hub", "import-contacts", "test-town", "healthy-hub", _file(tmp_path, GOOD))
    assert code == 1
    assert "more than 2 rows" in out


def test_export_writes_client_keys_never_identifiers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hub: Hub
) -> None:
    run(capsys, "hub", "import-contacts", "test-town", "healthy-hub", _file(tmp_path, GOOD))
    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "hub", "export-contacts", "test-town", "healthy-hub", "-o", str(target))
    assert code == 0, err
    assert "Wrote 4 visits at Healthy Hub" in out
    text = target.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == (
        "date,client_key,sex,age_band,lsoa,route,needs,exercise_reason,partner_organisation,referred_to,site"
    )
    assert "HH-0042" not in text
    key = Contact.objects.filter(route="walk-in").get().client_key
    assert lines[1] == f"2026-11-02,{key},female,45-54,E01023720,walk-in,mental-health;loneliness,,,,"
    assert AuditEvent.objects.filter(action="contact.read", note="export").exists()
    code, out, _ = run(capsys, "hub", "import-contacts", "test-town", "healthy-hub", str(target))
    assert code == 1
    assert "holds client keys" in out


def test_another_partnerships_hub_is_not_found(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hub: Hub, other_partnership: Partnership
) -> None:
    code, _, err = run(capsys, "hub", "import-contacts", "elsewhere", "healthy-hub", _file(tmp_path, GOOD))
    assert code == 1
    assert "hub" in err
    assert not Contact.objects.exists()


def test_a_partner_not_yet_at_the_hub_is_reported_then_added(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hub: Hub, council: Organisation
) -> None:
    path = _file(
        tmp_path,
        GOOD
        + "partner-appointment,2026-11-06,HH-0042,female,52,,,,test-council,\n"
        + "partner-appointment,2026-11-06,HH-0107,male,67,,,,Kooth,\n",
    )
    code, out, err = run(capsys, "hub", "import-contacts", "test-town", "healthy-hub", path, "--dry-run")
    assert code == 0, err
    assert "hub partner: 2 to create, 0 to update, 0 unchanged" in out
    assert (
        "note: Test Council (a member of the partnership, first named on row 7) will be added to "
        "Healthy Hub's partner organisations"
    ) in out
    assert "note: Kooth (not a member of the partnership, first named on row 8) will be added" in out
    assert hub.partners.count() == 2
    code, out, err = run(capsys, "hub", "import-contacts", "test-town", "healthy-hub", path)
    assert code == 0, err
    assert "Test Council (a member of the partnership, first named on row 7) was added" in out
    assert hub.partners.filter(organisation=council).exists()
    assert hub.partners.filter(name="Kooth").exists()
    assert Contact.objects.count() == 6
    assert AuditEvent.objects.filter(action="hub_partner.create").count() == 2
    assert AuditEvent.objects.filter(action="contact.import").count() == 1


def test_areas_outside_england_and_personal_identifiers_refuse_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hub: Hub
) -> None:
    bad = GOOD + (
        "walk-in,2026-11-05,HH-1,female,40,W01000001,,,,\n"
        "walk-in,2026-11-05,HH-2,female,40,95GG12S2,,,,\n"
        "walk-in,2026-11-05,943 476 5919,female,40,,,,,\n"
        "walk-in,2026-11-05,07700 900123,female,40,,,,,\n"
        "walk-in,2026-11-05,jo@example.org,female,40,,,,,\n"
        "walk-in,2026-11-05,31/01/1980,female,40,,,,,\n"
    )
    code, out, err = run(capsys, "hub", "import-contacts", "test-town", "healthy-hub", _file(tmp_path, bad))
    assert code == 1
    assert "was rejected; nothing was changed" in err
    assert "row 7, column 'lsoa': 'W01000001' is an area in Wales: only LSOAs in England" in out
    assert "row 8, column 'lsoa': '95GG12S2' is an area in Northern Ireland" in out
    assert "row 9, column 'client_id': The identifier looks like an NHS number" in out
    assert "row 10, column 'client_id': The identifier looks like a phone number" in out
    assert "row 11, column 'client_id': The identifier looks like an email address" in out
    assert "row 12, column 'client_id': The identifier looks like a date of birth" in out
    for personal in ("943 476 5919", "07700 900123", "jo@example.org", "31/01/1980"):
        assert personal not in out
    assert not Contact.objects.exists()
