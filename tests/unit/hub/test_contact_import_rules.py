"""The importer's rules for partners, areas, identifiers and sites, and what follows an import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.hub.exporters import contacts_export_chunks
from wellboard.hub.importers import contacts_import
from wellboard.hub.models import Contact, Hub, HubPartner, HubSite
from wellboard.hub.services.contact_imports import run as import_run
from wellboard.partners.models import Organisation, User

pytestmark = pytest.mark.django_db

HEADER = "date,client_id,sex,age,lsoa,route,needs,exercise_reason,partner_organisation,referred_to\n"


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(f"{row}\n" for row in rows)).encode()


def _appointment(n: int, partner: str, day: str = "2026-11-02") -> str:
    return f"{day},HH-{n},female,52,,partner-appointment,,,{partner},"


# ---------------------------------------------------------------- partner organisations


def test_a_member_organisation_named_in_the_file_becomes_a_partner(
    cli_actor: Actor, hub: Hub, charity: Organisation
) -> None:
    data = _csv(_appointment(1, "test-charity"), _appointment(2, "TEST CHARITY"))
    dry = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=True)
    assert dry.ok, dry.rejections
    assert dry.counts()["hub partner"]["create"] == 1
    assert dry.notes == [
        "Test Charity (a member of the partnership, first named on row 2) will be added to "
        "Healthy Hub's partner organisations"
    ]
    assert not HubPartner.objects.exists()
    assert not AuditEvent.objects.filter(action="hub_partner.create").exists()

    done = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)
    assert done.applied
    assert "was added" in done.notes[0]
    partner = HubPartner.objects.get()
    assert (partner.hub, partner.organisation, partner.name) == (hub, charity, "")
    assert set(Contact.objects.values_list("partner_id", flat=True)) == {partner.pk}
    created = AuditEvent.objects.get(action="hub_partner.create")
    assert created.note == "named in an import of visits"
    assert AuditEvent.objects.filter(action="contact.import").count() == 1

    again = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)
    assert again.ok
    assert not again.changes_anything
    assert not again.notes
    assert HubPartner.objects.count() == 1


def test_a_name_matching_no_organisation_becomes_a_named_partner(
    cli_actor: Actor, hub: Hub, charity: Organisation
) -> None:
    HubPartner.objects.create(hub=hub, organisation=charity)
    data = _csv(
        _appointment(1, "Herts  Mind Network"),
        _appointment(2, "herts mind network"),
        _appointment(3, "Test Charity"),
    )
    report = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)
    assert report.ok, report.rejections
    assert report.counts()["hub partner"]["create"] == 1
    assert report.notes == [
        "Herts Mind Network (not a member of the partnership, first named on row 2) was added to "
        "Healthy Hub's partner organisations"
    ]
    named = HubPartner.objects.get(organisation=None)
    assert named.name == "Herts Mind Network"
    assert Contact.objects.filter(partner=named).count() == 2
    assert Contact.objects.filter(partner__organisation=charity).count() == 1


def test_a_partner_added_by_a_refused_file_is_not_kept(cli_actor: Actor, hub: Hub) -> None:
    data = _csv(_appointment(1, "Herts Mind Network"), "not-a-date,HH-2,female,52,,walk-in,,,,")
    report = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)
    assert not report.ok
    assert "would be added" in report.notes[0]
    assert not HubPartner.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_partner_name_holding_personal_details_refuses_the_row(cli_actor: Actor, hub: Hub) -> None:
    report = contacts_import(
        by=cli_actor, hub=hub, data=_csv(_appointment(1, "Call 07700 900123")), dry_run=True
    )
    assert [(r.row, r.column) for r in report.rejections] == [(2, "partner_organisation")]
    assert "phone number" in report.rejections[0].reason
    assert not report.notes


def test_a_hub_worker_importing_on_a_page_may_add_a_partner(
    hub: Hub, hub_worker: User, actor_of: Callable[[User], Actor]
) -> None:
    worker = actor_of(hub_worker)
    report = contacts_import(
        by=worker, hub=hub, data=_csv(_appointment(1, "Herts Mind Network")), dry_run=False
    )
    assert report.applied, report.rejections
    assert HubPartner.objects.get().name == "Herts Mind Network"
    assert AuditEvent.objects.get(action="hub_partner.create").actor == hub_worker


# ---------------------------------------------------------------- areas


@pytest.mark.parametrize(
    ("code", "country"),
    [
        ("W01000001", "Wales"),
        ("S01006506", "Scotland"),
        ("95GG12S2", "Northern Ireland"),
        ("N21000001", "Northern Ireland"),
    ],
)
def test_an_lsoa_outside_england_is_refused_with_its_row(
    cli_actor: Actor, hub: Hub, code: str, country: str
) -> None:
    data = _csv(
        "2026-11-02,HH-1,female,52,E01023720,walk-in,,,,", f"2026-11-02,HH-2,female,52,{code},walk-in,,,,"
    )
    report = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)
    assert [(r.row, r.column) for r in report.rejections] == [(3, "lsoa")]
    reason = report.rejections[0].reason
    assert f"'{code}' is an area in {country}" in reason
    assert "only LSOAs in England (codes starting E01" in reason
    assert not Contact.objects.exists()


def test_an_lsoa_that_is_no_code_at_all_is_refused(cli_actor: Actor, hub: Hub) -> None:
    report = contacts_import(
        by=cli_actor, hub=hub, data=_csv("2026-11-02,HH-1,female,52,E0102,walk-in,,,,"), dry_run=True
    )
    assert [str(r) for r in report.rejections] == [
        "row 2, column 'lsoa': Enter the LSOA's code, like E01023720, or leave it blank"
    ]


# ---------------------------------------------------------------- identifiers


@pytest.mark.parametrize(
    ("client_id", "kind"),
    [
        ("943 476 5919", "an NHS number"),
        ("9434765919", "an NHS number"),
        ("943-476-5919", "an NHS number"),
        ("SG1 1AA", "a postcode"),
        ("sg11aa", "a postcode"),
        ("07700 900123", "a phone number"),
        ("+44 7700 900123", "a phone number"),
        ("jo.bloggs@example.org", "an email address"),
        ("12/03/1980", "a date of birth"),
        ("1980-03-12", "a date of birth"),
        ("12 March 1980", "a date of birth"),
    ],
)
def test_an_identifier_that_looks_like_personal_details_is_refused(
    cli_actor: Actor, hub: Hub, client_id: str, kind: str
) -> None:
    data = _csv(
        "2026-11-02,HH-00042,female,52,,walk-in,,,,", f"2026-11-02,{client_id},female,52,,walk-in,,,,"
    )
    report = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)
    assert [(r.row, r.column) for r in report.rejections] == [(3, "client_id")]
    assert report.rejections[0].reason.startswith(f"The identifier looks like {kind}")
    assert "never personal details" in report.rejections[0].reason
    assert client_id not in report.rejections[0].reason
    assert not Contact.objects.exists()


@pytest.mark.parametrize("client_id", ["HH-00042", "M-2024-001", "YP0011", "123456", "ABC-12345678"])
def test_ordinary_identifiers_are_accepted(cli_actor: Actor, hub: Hub, client_id: str) -> None:
    report = contacts_import(
        by=cli_actor, hub=hub, data=_csv(f"2026-11-02,{client_id},female,52,,walk-in,,,,"), dry_run=True
    )
    assert report.ok, report.rejections


# ---------------------------------------------------------------- sites


def test_a_hub_with_one_site_records_every_visit_there(cli_actor: Actor, hub: Hub) -> None:
    site = HubSite.objects.create(hub=hub, name="Town Centre")
    report = contacts_import(
        by=cli_actor, hub=hub, data=_csv("2026-11-02,HH-1,female,52,,walk-in,,,,"), dry_run=False
    )
    assert report.ok
    assert Contact.objects.get().site == site


def test_the_site_column_names_a_site_by_name_or_short_name(cli_actor: Actor, hub: Hub) -> None:
    centre = HubSite.objects.create(hub=hub, name="Town Centre")
    school = HubSite.objects.create(hub=hub, name="Barnwell School")
    header = HEADER.replace("referred_to\n", "referred_to,site\n")
    data = _csv(
        "2026-11-02,HH-1,female,52,,walk-in,,,,,town centre",
        "2026-11-02,HH-2,female,52,,walk-in,,,,,barnwell-school",
        "2026-11-02,HH-3,female,52,,walk-in,,,,,",
        header=header,
    )
    report = contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)
    assert report.ok, report.rejections
    sites = dict(Contact.objects.values_list("client_key", "site_id"))
    assert sorted(sites.values(), key=lambda pk: pk or 0) == [None, centre.pk, school.pk]


def test_an_unknown_site_is_refused(cli_actor: Actor, hub: Hub) -> None:
    HubSite.objects.create(hub=hub, name="Town Centre")
    header = HEADER.replace("referred_to\n", "referred_to,site\n")
    report = contacts_import(
        by=cli_actor,
        hub=hub,
        data=_csv("2026-11-02,HH-1,female,52,,walk-in,,,,,Moon Base", header=header),
        dry_run=True,
    )
    assert [str(r) for r in report.rejections] == [
        "row 2, column 'site': 'Moon Base' is not one of Healthy Hub's sites (its sites: Town Centre)"
    ]


# ---------------------------------------------------------------- what follows an import, and exports


def test_what_follows_an_import_is_called_once_with_its_days(
    cli_actor: Actor, hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Hub, set[dt.date]]] = []
    monkeypatch.setattr(import_run, "_after_import", lambda hub, dates: calls.append((hub, dates)))
    data = _csv("2026-11-02,HH-1,female,52,,walk-in,,,,", "03/11/2026,HH-1,female,52,,walk-in,,,,")
    contacts_import(by=cli_actor, hub=hub, data=data, dry_run=True)
    assert calls == []
    contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)
    assert calls == [(hub, {dt.date(2026, 11, 2), dt.date(2026, 11, 3)})]
    contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)  # changes nothing
    assert len(calls) == 1


def test_the_export_is_read_in_chunks_and_audited_once(
    cli_actor: Actor, hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wellboard.hub import exporters
    from wellboard.hub.services.contact_imports import exports

    monkeypatch.setattr(exporters, "ROWS_PER_CHUNK", 2)
    monkeypatch.setattr(exports, "CHUNK", 2)
    data = _csv(*(f"2026-11-0{n},HH-{n},female,52,,walk-in,,,," for n in range(1, 6)))
    contacts_import(by=cli_actor, hub=hub, data=data, dry_run=False)
    count, chunks = contacts_export_chunks(by=cli_actor, hub=hub)
    read = AuditEvent.objects.get(action="contact.read")  # written before any row is read
    assert count == 5
    assert read.after == {"contacts": 5, "up_to_id": Contact.objects.order_by("pk").last().pk}  # type: ignore[union-attr]
    parts = list(chunks)
    assert len(parts) == 3
    lines = "".join(parts).splitlines()
    assert [line[:10] for line in lines[1:]] == [f"2026-11-0{n}" for n in range(1, 6)]
    assert AuditEvent.objects.filter(action="contact.read").count() == 1


def test_an_empty_hubs_export_is_its_header(cli_actor: Actor, hub: Hub) -> None:
    count, chunks = contacts_export_chunks(by=cli_actor, hub=hub)
    assert count == 0
    assert "".join(chunks) == ",".join(exporters_columns()) + "\r\n"


def exporters_columns() -> tuple[str, ...]:
    from wellboard.hub.exporters import COLUMNS

    return COLUMNS


def test_a_visit_recorded_on_its_own_refuses_the_same_identifiers(cli_actor: Actor, hub: Hub) -> None:
    from wellboard.core.errors import InvalidInput
    from wellboard.hub.services import contact_record

    with pytest.raises(InvalidInput) as refused:
        contact_record(
            by=cli_actor,
            hub=hub,
            date=dt.date(2026, 11, 2),
            client_id="943 476 5919",
            sex="female",
            route="walk-in",
            age=52,
        )
    assert refused.value.errors["client_id"][0].startswith("The identifier looks like an NHS number")
    assert not Contact.objects.exists()
