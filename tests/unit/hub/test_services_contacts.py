"""Contacts: recording, correcting and reading visits; who may; what is kept and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.factories.hub import make_hub_worker
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound
from wellboard.core.models import AuditEvent
from wellboard.hub.codes import client_key
from wellboard.hub.models import Contact, Hub, HubPartner
from wellboard.hub.selectors import PseudonymKeyMissing
from wellboard.hub.services import contact_correct, contact_for_correction, contact_record, contacts_seen
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

ActorOf = Callable[[User], Actor]
DAY = dt.date(2026, 11, 20)


@pytest.fixture
def worker(hub_worker: User, actor_of: ActorOf) -> Actor:
    return actor_of(hub_worker)


@pytest.fixture
def partner(hub: Hub) -> HubPartner:
    return HubPartner.objects.create(hub=hub, name="Herts Mind Network")


def _record(by: Actor, hub: Hub, **changes: object) -> Contact:
    values: dict[str, object] = {
        "date": DAY,
        "client_id": "HH-00042",
        "sex": "female",
        "age": 52,
        "route": "walk-in",
        "needs": ["mental-health", "loneliness"],
    }
    values.update(changes)
    with clock.frozen_at(dt.datetime(2026, 11, 21, 10, tzinfo=dt.UTC)):
        return contact_record(by=by, hub=hub, **values)  # type: ignore[arg-type]


def test_a_visit_is_kept_pseudonymously(worker: Actor, hub: Hub) -> None:
    contact = _record(worker, hub)
    assert contact.client_key == client_key("HH-00042", b"test-only-pseudonym-key")
    assert contact.age_band == "45-54"
    stored = Contact.objects.filter(pk=contact.pk).values()[0]
    assert "HH-00042" not in str(stored)
    event = AuditEvent.objects.get(action="contact.create", object_id=str(contact.pk))
    assert "HH-00042" not in str(event.after)
    assert event.after is not None
    assert event.after["client_key"] == contact.client_key


def test_the_same_visit_is_recorded_once(worker: Actor, hub: Hub) -> None:
    _record(worker, hub)
    with pytest.raises(InvalidInput, match="already recorded"):
        _record(worker, hub, client_id="  HH-00042 ")
    _record(worker, hub, route="activity")  # another route is another visit
    assert Contact.objects.count() == 2


def test_bad_input_names_every_field(worker: Actor, hub: Hub) -> None:
    with pytest.raises(InvalidInput) as caught:
        _record(
            worker,
            hub,
            date=dt.date(2026, 12, 25),
            client_id="",
            sex="unknown",
            age=None,
            age_band="40-49",
            lsoa="SG1 1AA",
            route="exercise-referral",
            needs=["astrology"],
        )
    assert set(caught.value.errors) == {
        "date",
        "client_id",
        "sex",
        "age_band",
        "lsoa",
        "needs",
        "exercise_reason",
    }
    assert not Contact.objects.exists()


def test_a_partner_appointment_needs_a_partner_of_this_hub(
    worker: Actor, hub: Hub, partner: HubPartner
) -> None:
    with pytest.raises(InvalidInput, match="Choose the partner"):
        _record(worker, hub, route="partner-appointment")
    contact = _record(worker, hub, route="partner-appointment", partner=partner)
    assert contact.partner == partner


def test_a_young_peoples_hub_records_single_years(
    partnership: Partnership, young_hub: Hub, actor_of: ActorOf
) -> None:
    worker = actor_of(make_hub_worker(partnership, "youth-worker", young_hub))
    assert _record(worker, young_hub, age=13).age_band == "13"
    with pytest.raises(InvalidInput, match="ages 11 to 16"):
        _record(worker, young_hub, age=30, client_id="Y-2")
    with pytest.raises(InvalidInput, match="ages 11 to 16"):
        _record(worker, young_hub, age=None, age_band="16-24", client_id="Y-3")


def test_only_the_hubs_own_workers_record_or_read(
    hub: Hub, young_hub: Hub, partnership: Partnership, coordinator: User, analyst: User, actor_of: ActorOf
) -> None:
    other_worker = actor_of(make_hub_worker(partnership, "youth-worker", young_hub))
    for actor in (other_worker, actor_of(coordinator), actor_of(analyst)):
        with pytest.raises(NotFound):
            _record(actor, hub)
        with pytest.raises(NotFound):
            contacts_seen(by=actor, hub=hub)
    assert not Contact.objects.exists()


def test_another_partnerships_operator_cannot_record(hub: Hub, other_partnership: Partnership) -> None:
    with pytest.raises(NotFound):
        _record(Actor.command_line(other_partnership.pk), hub)


def test_reading_is_audited_without_changing_the_data_version(worker: Actor, hub: Hub) -> None:
    contact = _record(worker, hub)
    seen = contacts_seen(by=worker, hub=hub)
    assert seen == [contact]
    event = AuditEvent.objects.filter(action="contact.read").get()
    assert event.after == {"contacts": 1, "ids": [contact.pk]}
    assert contact_for_correction(by=worker, hub=hub, pk=contact.pk) == contact
    assert AuditEvent.objects.filter(action="contact.read").count() == 2


def test_a_correction_within_seven_days(worker: Actor, hub: Hub) -> None:
    contact = _record(worker, hub)
    with clock.frozen_at(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)):
        same = contact_correct(by=worker, contact=contact, expected_version=1, sex="female")
        assert same.version == 1
        assert not AuditEvent.objects.filter(action="contact.update").exists()
        fixed = contact_correct(
            by=worker, contact=contact, expected_version=1, sex="male", age=60, needs="weight"
        )
        assert (fixed.sex, fixed.age_band, fixed.needs, fixed.version) == ("male", "55-64", ["weight"], 2)
        with pytest.raises(Conflict):
            contact_correct(by=worker, contact=contact, expected_version=1, sex="other")
        with pytest.raises(InvalidInput, match="hub cannot be changed"):
            contact_correct(by=worker, contact=contact, expected_version=2, hub=hub)
    assert AuditEvent.objects.filter(action="contact.update").count() == 1


def test_no_correction_after_seven_days(worker: Actor, hub: Hub) -> None:
    contact = _record(worker, hub)
    Contact.objects.filter(pk=contact.pk).update(created_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    with pytest.raises(InvalidInput, match="within 7 days"):
        contact_correct(by=worker, contact=contact, expected_version=1, sex="male")


def test_without_a_key_outside_development_nothing_is_recorded(
    worker: Actor, hub: Hub, settings: pytest.FixtureRequest
) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = ""  # type: ignore[attr-defined]
    settings.WELLBOARD_PSEUDONYM_KEY_LOCAL = False  # type: ignore[attr-defined]
    with pytest.raises(PseudonymKeyMissing, match="WELLBOARD_PSEUDONYM_KEY is not set"):
        _record(worker, hub)
    assert not Contact.objects.exists()


def test_in_development_a_key_is_kept_under_var(
    worker: Actor, hub: Hub, settings: pytest.FixtureRequest, tmp_path: object
) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = ""  # type: ignore[attr-defined]
    settings.WELLBOARD_PSEUDONYM_KEY_LOCAL = True  # type: ignore[attr-defined]
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]
    first = _record(worker, hub)
    second = _record(worker, hub, route="activity")
    assert first.client_key == second.client_key
    assert (tmp_path / "pseudonym.key").exists()  # type: ignore[operator]


def test_removing_the_partnership_removes_its_hubs_and_visits(
    worker: Actor, hub: Hub, partnership: Partnership
) -> None:
    from wellboard.partners.services import partnership_delete

    _record(worker, hub)
    partnership_delete(slug=partnership.slug)
    assert not Hub.objects.exists()
    assert not Contact.objects.exists()
