"""Importing visits with their onward referrals, in batches, with one audit event per import."""

from __future__ import annotations

import re

import pytest

from tests.factories.directory import make_service
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.directory.models import Service
from wellboard.hub.exporters import contacts_export
from wellboard.hub.importers import contacts_import
from wellboard.hub.models import Contact, Hub, HubPartner, Referral, ReferralEvent, ReferralStatus
from wellboard.hub.services import contact_imports
from wellboard.partners.models import Organisation, Partnership

pytestmark = pytest.mark.django_db

HEADER = "date,client_id,sex,age,lsoa,route,needs,exercise_reason,partner_organisation,referred_to\n"


@pytest.fixture
def services(partnership: Partnership) -> tuple[Service, Service]:
    return make_service(partnership, "carers-drop-in"), make_service(partnership, "stop-smoking")


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


def test_referrals_by_short_name_or_open_referral_id(
    cli_actor: Actor, hub: Hub, services: tuple[Service, Service]
) -> None:
    carers, smoking = services
    data = _csv(
        f"2026-11-02,HH-1,female,52,,walk-in,smoking,,,carers-drop-in; {str(smoking.oruk_id).upper()}",
        "2026-11-03,HH-2,male,30,,self-referral,,,,",
    )
    report = contacts_import(by=cli_actor, hub=hub, data=data, filename="visits.csv", dry_run=False)
    assert report.ok, report.rejections
    assert report.counts()["referral"]["create"] == 2
    contact = Contact.objects.get(client_key__isnull=False, date="2026-11-02")
    referrals = list(Referral.objects.filter(contact=contact).order_by("service__slug"))
    assert [r.service for r in referrals] == [carers, smoking]
    for referral in referrals:
        assert referral.status == ReferralStatus.SENT
        assert str(referral.sent_on) == str(referral.status_on) == "2026-11-02"
        assert re.fullmatch(r"R-[A-Z2-9]{4}-[A-Z2-9]{4}", referral.reference)
        assert [(e.status, e.channel, str(e.on)) for e in referral.events.all()] == [
            ("sent", "import", "2026-11-02")
        ]
    assert len({r.reference for r in referrals}) == 2


def test_reimport_changes_nothing_and_an_existing_visit_gets_a_new_referral(
    cli_actor: Actor, hub: Hub, services: tuple[Service, Service]
) -> None:
    first = _csv("2026-11-02,HH-1,female,52,,walk-in,,,,carers-drop-in")
    contacts_import(by=cli_actor, hub=hub, data=first, dry_run=False)
    before = (Referral.objects.count(), ReferralEvent.objects.count(), AuditEvent.objects.count())
    again = contacts_import(by=cli_actor, hub=hub, data=first, dry_run=False)
    assert again.ok
    assert again.counts()["contact"] == {"create": 0, "unchanged": 1}
    assert again.counts()["referral"] == {"create": 0, "unchanged": 1}
    assert not again.changes_anything
    assert (Referral.objects.count(), ReferralEvent.objects.count(), AuditEvent.objects.count()) == before
    more = contacts_import(
        by=cli_actor,
        hub=hub,
        data=_csv("2026-11-02,HH-1,female,52,,walk-in,,,,carers-drop-in;stop-smoking"),
        dry_run=False,
    )
    assert more.counts()["contact"]["unchanged"] == 1
    assert more.counts()["referral"] == {"create": 1, "unchanged": 1}
    assert Contact.objects.count() == 1
    assert Referral.objects.count() == 2


def test_unknown_services_refuse_the_row_and_nothing_is_written(
    cli_actor: Actor, hub: Hub, services: tuple[Service, Service], other_partnership: Partnership
) -> None:
    make_service(other_partnership, "elsewhere-only")
    data = _csv(
        "2026-11-02,HH-1,female,52,,walk-in,,,,carers-drop-in",
        "2026-11-02,HH-2,female,52,,walk-in,,,,Citizens Advice;carers-drop-in",
        "2026-11-02,HH-3,female,52,,walk-in,,,,elsewhere-only",
    )
    report = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)
    assert [(r.row, r.column) for r in report.rejections] == [(3, "referred_to"), (4, "referred_to")]
    assert "'Citizens Advice' is not a service in the partnership's directory" in report.rejections[0].reason
    assert not Contact.objects.exists()
    assert not Referral.objects.exists()
    assert not report.applied


def test_dry_run_counts_the_referrals_it_would_make_and_writes_nothing(
    cli_actor: Actor, hub: Hub, services: tuple[Service, Service]
) -> None:
    data = _csv(
        "2026-11-02,HH-1,female,52,,walk-in,,,,carers-drop-in;stop-smoking",
        "2026-11-04,HH-1,female,52,,walk-in,,,,stop-smoking",
    )
    report = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=True)
    assert report.ok
    assert report.counts()["contact"]["create"] == 2
    assert report.counts()["referral"]["create"] == 3
    assert "  referral: 3 to create, 0 to update, 0 unchanged" in report.summary_lines()
    assert not Contact.objects.exists()
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(action="contact.import").exists()


def test_one_audit_event_per_import_with_its_counts(
    cli_actor: Actor, hub: Hub, services: tuple[Service, Service]
) -> None:
    data = _csv(*(f"2026-11-02,HH-{n},female,52,,walk-in,,,,carers-drop-in" for n in range(5)))
    contacts_import(by=cli_actor, hub=hub, data=data, filename="visits.csv", dry_run=False)
    event = AuditEvent.objects.get(action="contact.import")
    assert event.after == {"source": "visits.csv", "created": 5, "unchanged": 0, "referrals": 5}
    assert not AuditEvent.objects.filter(action="contact.create").exists()
    assert "HH-" not in str(event.after)


def test_a_visit_given_twice_is_found_across_batches(
    cli_actor: Actor, hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(contact_imports.run, "BATCH", 2)
    data = _csv(
        "2026-11-02,HH-1,female,52,,walk-in,,,,",
        "2026-11-02,HH-2,female,52,,walk-in,,,,",
        "2026-11-03,HH-1,female,52,,walk-in,,,,",
        "02/11/2026,HH-1,female,52,,Walk-in,,,,",
        "2026-11-02,HH-1,female,52,,self-referral,,,,",
        "2026-11-02,HH-1,female,52,,walk-in,,,,",
    )
    report = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)
    assert [str(r) for r in report.rejections] == [
        "row 5: the same visit as row 2",
        "row 7: the same visit as row 2",
    ]
    assert not Contact.objects.exists()


def test_the_service_rules_apply_to_every_row(cli_actor: Actor, hub: Hub, charity: Organisation) -> None:
    HubPartner.objects.create(hub=hub, organisation=charity)
    data = _csv(
        "2099-01-01,HH-1,female,52,,walk-in,,,,",
        "2026-11-02,HH-2,female,52,,partner-appointment,,,,",
        "2026-11-02,HH-3,female,52,,exercise-referral,,,,",
        "2026-11-02,HH-4,female,52,S01000001,walk-in,,,,",
        "2026-11-02,HH-5,robot,200,,walk-in,,,,",
        "2026-11-02,HH-6,female,52,,partner-appointment,,,test-charity,",
    )
    report = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)
    found = {(r.row, r.column): r.reason for r in report.rejections}
    assert found[(2, "date")] == "The date of the visit cannot be in the future"
    assert found[(3, "partner_organisation")] == "Choose the partner the appointment was with"
    assert found[(4, "exercise_reason")] == "Choose the reason for the exercise referral"
    assert "LSOA" in found[(5, "lsoa")]
    assert "sex" in found[(6, "sex")]
    assert "0 to 120" in found[(6, "age")]
    assert not any(row == 7 for row, _ in found)
    assert not Contact.objects.exists()


def test_rejections_past_the_cap_are_counted_not_listed(cli_actor: Actor, hub: Hub) -> None:
    data = _csv(*(f"not-a-date,HH-{n},female,52,,walk-in,,,," for n in range(1_200)))
    report = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=True)
    assert report.rejected == 1_200
    assert len(report.rejections) == 1_000
    assert report.totals()["rejected"] == 1_200
    lines = report.summary_lines()
    assert "Rejected: 1200 problem(s); fix them and import again." in lines
    assert lines[-1] == "  … and 1000 more"


def test_a_stream_is_read_as_well_as_bytes(
    cli_actor: Actor, hub: Hub, tmp_path: pytest.TempPathFactory
) -> None:
    path = tmp_path / "visits.csv"  # type: ignore[operator]
    path.write_bytes(_csv("2026-11-02,HH-1,female,52,,walk-in,,,,").replace(b"\n", b"\r\n"))
    with path.open("rb") as stream:
        report = contacts_import(by=cli_actor, hub=hub, data=stream, dry_run=False)
    assert report.ok
    assert Contact.objects.count() == 1


def test_export_names_the_services_referred_to(
    cli_actor: Actor, hub: Hub, services: tuple[Service, Service]
) -> None:
    contacts_import(
        by=cli_actor,
        hub=hub,
        data=_csv(
            "2026-11-02,HH-1,female,52,,walk-in,,,,stop-smoking;carers-drop-in",
            "2026-11-03,HH-2,female,52,,walk-in,,,,",
        ),
        dry_run=False,
    )
    lines = contacts_export(by=cli_actor, hub=hub).splitlines()
    assert lines[1].endswith(",walk-in,,,,carers-drop-in;stop-smoking,")
    assert lines[2].endswith(",walk-in,,,,,")


def test_a_dry_run_over_recorded_visits_counts_as_the_import_does(
    cli_actor: Actor, hub: Hub, services: tuple[Service, Service], charity: Organisation
) -> None:
    HubPartner.objects.create(hub=hub, organisation=charity)
    first = _csv(
        "2026-11-02,HH-1,female,52,,walk-in,,,,carers-drop-in",
        "2026-11-02,HH-1,female,52,,partner-appointment,,,test-charity,stop-smoking",
    )
    contacts_import(by=cli_actor, hub=hub, data=first, dry_run=False)
    second = _csv(
        "2026-11-02,HH-1,female,52,,walk-in,,,,carers-drop-in;stop-smoking",
        "2026-11-02,HH-1,female,52,,partner-appointment,,,test-charity,stop-smoking",
        "2026-11-03,HH-1,female,52,,partner-appointment,,,test-charity,carers-drop-in",
    )
    dry = contacts_import(by=cli_actor, hub=hub, data=second, dry_run=True)
    assert dry.counts()["contact"] == {"create": 1, "unchanged": 2}
    assert dry.counts()["referral"] == {"create": 2, "unchanged": 2}
    done = contacts_import(by=cli_actor, hub=hub, data=second, dry_run=False)
    assert done.counts() == dry.counts()
    assert Referral.objects.count() == 4
    assert ReferralEvent.objects.count() == 4


def test_a_visit_recorded_while_a_first_import_runs_is_left_as_it_is(
    cli_actor: Actor, hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL inserts the first visits of a hub without conflict checks; a visit recorded
    meanwhile (played here by one recorded before, with the check told the hub had none) sends it
    back to the careful statement instead of failing the import."""
    from django.db import connection

    from wellboard.hub.services.contact_imports import postgres

    if connection.vendor != "postgresql":
        pytest.skip("the plain first insert is PostgreSQL's")
    contacts_import(by=cli_actor, hub=hub, data=_csv("2026-11-02,HH-1,female,52,,walk-in,,,,"), dry_run=False)
    write = postgres.StagedWriter._write
    monkeypatch.setattr(
        postgres.StagedWriter, "_write", lambda self, hub_id, had_visits: write(self, hub_id, False)
    )
    report = contacts_import(
        by=cli_actor,
        hub=hub,
        data=_csv("2026-11-02,HH-1,female,52,,walk-in,,,,", "2026-11-03,HH-1,female,52,,walk-in,,,,"),
        dry_run=False,
    )
    assert report.applied
    assert report.counts()["contact"] == {"create": 1, "unchanged": 1}
    assert Contact.objects.count() == 2
