"""Onward referrals: making them, following their status, the signed status link and who may."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.core import mail, signing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories.directory import make_service
from tests.factories.hub import make_hub, make_hub_worker
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.cache import data_version
from wellboard.core.errors import Conflict, InvalidInput, Locked, NotFound
from wellboard.core.models import AuditEvent
from wellboard.directory.models import Service, ServiceStatus
from wellboard.hub.models import Contact, Hub, Referral, ReferralEvent
from wellboard.hub.services import (
    contact_record,
    referral_for_update,
    referral_link_send,
    referral_send,
    referral_status_set,
    referral_status_set_via_link,
    referrals_add,
    referrals_seen,
    visit_record,
)
from wellboard.hub.services.referrals import (
    LINK_SALT,
    ReferralLinkInvalid,
    referral_from_link,
    referral_link_token,
)
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

ActorOf = Callable[[User], Actor]
VISIT_DAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 21, 10, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _held_clock() -> Iterator[None]:
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def worker(hub_worker: User, actor_of: ActorOf) -> Actor:
    return actor_of(hub_worker)


@pytest.fixture
def service(partnership: Partnership) -> Service:
    return make_service(partnership, "carers-drop-in", name="Carers drop-in")


@pytest.fixture
def contact(worker: Actor, hub: Hub) -> Contact:
    return contact_record(
        by=worker, hub=hub, date=VISIT_DAY, client_id="HH-00042", sex="female", age=52, route="walk-in"
    )


@pytest.fixture
def referral(worker: Actor, contact: Contact, service: Service) -> Referral:
    return referral_send(by=worker, contact=contact, service=service, on=VISIT_DAY)


def test_a_referral_is_sent_with_a_reference_and_its_first_event(
    worker: Actor, contact: Contact, service: Service, partnership: Partnership
) -> None:
    before = data_version(partnership.pk)
    referral = referral_send(by=worker, contact=contact, service=service)
    assert referral.reference.startswith("R-")
    assert (referral.status, referral.sent_on, referral.status_on) == ("sent", TODAY, TODAY)
    event = ReferralEvent.objects.get(referral=referral)
    assert (event.status, event.on, event.channel) == ("sent", TODAY, "hub")
    assert AuditEvent.objects.filter(action="referral.create", object_id=str(referral.pk)).exists()
    assert data_version(partnership.pk) != before


def test_a_visit_is_referred_to_each_service_once(
    worker: Actor, contact: Contact, service: Service, referral: Referral
) -> None:
    with pytest.raises(InvalidInput, match="already referred to Carers drop-in"):
        referral_send(by=worker, contact=contact, service=service)
    assert Referral.objects.count() == 1


def test_only_active_services_of_the_partnership_take_referrals(
    worker: Actor, contact: Contact, partnership: Partnership, other_partnership: Partnership
) -> None:
    closed = make_service(partnership, "old-club", name="Old club")
    closed.status = ServiceStatus.DEFUNCT
    closed.save()
    with pytest.raises(InvalidInput, match="Old club is defunct"):
        referral_send(by=worker, contact=contact, service=closed)
    elsewhere = make_service(other_partnership, "elsewhere-service")
    with pytest.raises(NotFound):
        referral_send(by=worker, contact=contact, service=elsewhere)
    assert not Referral.objects.exists()


def test_a_referral_cannot_be_dated_in_the_future_or_before_the_visit(
    worker: Actor, contact: Contact, service: Service
) -> None:
    with pytest.raises(InvalidInput, match="future"):
        referral_send(by=worker, contact=contact, service=service, on=TODAY + dt.timedelta(days=1))
    with pytest.raises(InvalidInput, match="before the visit"):
        referral_send(by=worker, contact=contact, service=service, on=VISIT_DAY - dt.timedelta(days=1))
    assert not Referral.objects.exists()


def test_a_visit_and_its_referrals_are_recorded_together_or_not_at_all(
    worker: Actor, hub: Hub, service: Service, partnership: Partnership
) -> None:
    other = make_service(partnership, "talking-therapies", name="Talking therapies")
    values: dict[str, object] = {
        "date": VISIT_DAY,
        "client_id": "HH-7",
        "sex": "male",
        "age": 40,
        "route": "walk-in",
    }
    _, made = visit_record(by=worker, hub=hub, services=[service, other], **values)  # type: ignore[arg-type]
    assert {r.service for r in made} == {service, other}
    assert all(r.sent_on == VISIT_DAY for r in made)
    other.status = ServiceStatus.INACTIVE
    other.save()
    with pytest.raises(InvalidInput):
        visit_record(by=worker, hub=hub, services=[other], **{**values, "client_id": "HH-8"})  # type: ignore[arg-type]
    assert Contact.objects.count() == 1
    assert Referral.objects.count() == 2


def test_referrals_are_added_to_a_visit_only_within_seven_days(
    worker: Actor, contact: Contact, service: Service
) -> None:
    with pytest.raises(InvalidInput, match="at least one"):
        referrals_add(by=worker, contact=contact, services=[])
    Contact.objects.filter(pk=contact.pk).update(created_at=NOW - dt.timedelta(days=8))
    contact.refresh_from_db()
    with pytest.raises(InvalidInput, match="within 7 days"):
        referrals_add(by=worker, contact=contact, services=[service])
    Contact.objects.filter(pk=contact.pk).update(created_at=NOW - dt.timedelta(days=6))
    contact.refresh_from_db()
    (made,) = referrals_add(by=worker, contact=contact, services=[service])
    assert made.sent_on == TODAY


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        (["accepted", "attended", "closed"], True),
        (["accepted", "did-not-attend", "closed"], True),
        (["declined", "closed"], True),
        (["closed"], True),
        (["attended"], False),
        (["accepted", "declined"], False),
        (["declined", "accepted"], False),
        (["accepted", "attended", "did-not-attend"], False),
    ],
)
def test_a_referral_moves_only_along_its_allowed_path(
    worker: Actor, referral: Referral, path: list[str], allowed: bool
) -> None:
    def walk() -> None:
        for status in path:
            current = Referral.objects.get(pk=referral.pk)
            referral_status_set(
                by=worker, referral=current, status=status, on=TODAY, expected_version=current.version
            )

    if allowed:
        walk()
        assert Referral.objects.get(pk=referral.pk).status == path[-1]
        assert ReferralEvent.objects.filter(referral=referral).count() == 1 + len(path)
    else:
        with pytest.raises(InvalidInput, match="can only become"):
            walk()


def test_a_referral_is_not_moved_to_the_status_it_has(worker: Actor, referral: Referral) -> None:
    with pytest.raises(InvalidInput, match="already sent"):
        referral_status_set(
            by=worker, referral=referral, status="sent", on=TODAY, expected_version=referral.version
        )


def test_a_closed_referral_cannot_change(worker: Actor, referral: Referral) -> None:
    closed = referral_status_set(
        by=worker, referral=referral, status="closed", on=TODAY, expected_version=referral.version
    )
    with pytest.raises(InvalidInput, match="closed"):
        referral_status_set(
            by=worker, referral=closed, status="accepted", on=TODAY, expected_version=closed.version
        )


def test_status_dates_are_not_in_the_future_nor_before_sending(worker: Actor, referral: Referral) -> None:
    with pytest.raises(InvalidInput, match="future"):
        referral_status_set(
            by=worker,
            referral=referral,
            status="accepted",
            on=TODAY + dt.timedelta(days=1),
            expected_version=referral.version,
        )
    with pytest.raises(InvalidInput, match="before the referral was sent"):
        referral_status_set(
            by=worker,
            referral=referral,
            status="accepted",
            on=VISIT_DAY - dt.timedelta(days=1),
            expected_version=referral.version,
        )
    with pytest.raises(InvalidInput, match="Enter the date"):
        referral_status_set(
            by=worker, referral=referral, status="accepted", on=None, expected_version=referral.version
        )
    assert Referral.objects.get(pk=referral.pk).status == "sent"


def test_a_status_change_is_versioned_audited_and_a_repeat_changes_nothing(
    worker: Actor, referral: Referral
) -> None:
    changed = referral_status_set(
        by=worker, referral=referral, status="accepted", on=TODAY, expected_version=1
    )
    assert changed.version == 2
    with pytest.raises(Conflict):
        referral_status_set(by=worker, referral=referral, status="declined", on=TODAY, expected_version=1)
    again = referral_status_set(by=worker, referral=changed, status="accepted", on=TODAY, expected_version=2)
    assert again.version == 2
    assert AuditEvent.objects.filter(action="referral.status", object_id=str(referral.pk)).count() == 1


def test_another_hubs_worker_and_a_coordinator_are_told_the_referral_does_not_exist(
    partnership: Partnership, referral: Referral, coordinator: User, actor_of: ActorOf, hub: Hub
) -> None:
    other_hub = make_hub(partnership, "other-hub")
    other_worker = actor_of(make_hub_worker(partnership, "other-worker", other_hub))
    boss = actor_of(coordinator)
    for outsider in (other_worker, boss):
        with pytest.raises(NotFound):
            referral_status_set(
                by=outsider, referral=referral, status="accepted", on=TODAY, expected_version=1
            )
        with pytest.raises(NotFound):
            referral_send(by=outsider, contact=referral.contact, service=referral.service)
        with pytest.raises(NotFound):
            referrals_seen(by=outsider, hub=hub)
        with pytest.raises(NotFound):
            referral_for_update(by=outsider, hub=hub, pk=referral.pk)
        with pytest.raises(NotFound):
            referral_link_send(by=outsider, referral=referral)
    assert Referral.objects.get(pk=referral.pk).status == "sent"


def test_reading_referrals_is_audited(worker: Actor, hub: Hub, referral: Referral) -> None:
    assert referrals_seen(by=worker, hub=hub) == [referral]
    event = AuditEvent.objects.get(action="referral.read", object_id=str(hub.pk))
    assert event.after == {"referrals": 1, "ids": [referral.pk]}


# ---------------------------------------------------------------- the status link


def test_the_link_email_goes_to_the_service_with_nothing_personal(
    worker: Actor, referral: Referral, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        sent = referral_link_send(by=worker, referral=referral, expected_version=referral.version)
    assert sent.link_sent_at == NOW
    assert sent.version == 2
    (email,) = mail.outbox
    assert email.to == ["referrals@carers.example.org"]
    text = email.subject + email.body
    assert referral.reference in text
    assert "Carers drop-in" in text
    assert "Healthy Hub" in text
    contact = referral.contact
    for personal in ("HH-00042", contact.client_key, contact.client_key[:8], "45-54", "female", "walk-in"):
        assert personal not in text
    url = next(line for line in email.body.splitlines() if "/referral-status/" in line)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert referral_from_link(token) == referral
    payload = signing.loads(token, salt=LINK_SALT)
    assert set(payload) == {"referral", "reference", "purpose"}
    assert AuditEvent.objects.filter(action="referral.link_sent", object_id=str(referral.pk)).exists()


def test_no_link_goes_to_a_service_without_a_referral_email_or_for_a_closed_referral(
    worker: Actor, contact: Contact, partnership: Partnership, referral: Referral
) -> None:
    silent = make_service(partnership, "quiet-group", name="Quiet group", referral_email="")
    quiet = referral_send(by=worker, contact=contact, service=silent)
    with pytest.raises(InvalidInput, match="no referral email"):
        referral_link_send(by=worker, referral=quiet)
    closed = referral_status_set(by=worker, referral=referral, status="closed", on=TODAY, expected_version=1)
    with pytest.raises(InvalidInput, match="closed"):
        referral_link_send(by=worker, referral=closed)
    assert not mail.outbox


def test_the_service_sets_the_status_through_the_link(referral: Referral, partnership: Partnership) -> None:
    token = referral_link_token(referral)
    before = data_version(partnership.pk)
    changed = referral_status_set_via_link(token=token, status="accepted", on=TODAY, expected_version=1)
    assert changed.status == "accepted"
    assert ReferralEvent.objects.filter(referral=referral, channel="link", status="accepted").exists()
    event = AuditEvent.objects.get(action="referral.status", object_id=str(referral.pk))
    assert event.actor_label == "service via link"
    assert event.actor is None
    assert data_version(partnership.pk) != before
    with pytest.raises(InvalidInput, match="can only become"):
        referral_status_set_via_link(token=token, status="declined", on=TODAY, expected_version=2)
    with pytest.raises(InvalidInput, match="Choose what happened"):
        referral_status_set_via_link(token=token, status="sent", on=TODAY, expected_version=2)


def test_the_link_refuses_further_use_once_the_referral_is_closed(referral: Referral) -> None:
    token = referral_link_token(referral)
    referral_status_set_via_link(token=token, status="closed", on=TODAY, expected_version=1)
    with pytest.raises(Locked, match="closed"):
        referral_status_set_via_link(token=token, status="closed", on=TODAY, expected_version=2)


def test_the_link_expires(referral: Referral, settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_REFERRAL_LINK_DAYS = 14  # type: ignore[attr-defined]
    token = referral_link_token(referral)
    with clock.frozen_at(NOW + dt.timedelta(days=14) - dt.timedelta(seconds=1)):
        assert referral_from_link(token) == referral
    with clock.frozen_at(NOW + dt.timedelta(days=14, seconds=1)), pytest.raises(ReferralLinkInvalid):
        referral_from_link(token)
    settings.WELLBOARD_REFERRAL_LINK_DAYS = 30  # type: ignore[attr-defined]
    with clock.frozen_at(NOW + dt.timedelta(days=20)):
        assert referral_from_link(token) == referral


def test_an_altered_or_borrowed_token_names_no_referral(referral: Referral) -> None:
    token = referral_link_token(referral)
    other_purpose = signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"referral": referral.pk, "reference": referral.reference, "purpose": "something-else"}
    )
    other_salt = signing.TimestampSigner(salt="another-salt").sign_object(
        {"referral": referral.pk, "reference": referral.reference, "purpose": "referral-status"}
    )
    wrong_reference = signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"referral": referral.pk, "reference": "R-AAAA-AAAA", "purpose": "referral-status"}
    )
    altered = (token[:-2] + "xx", token + "a", "nonsense", "", ":::")
    for bad in (*altered, other_purpose, other_salt, wrong_reference):
        with pytest.raises(ReferralLinkInvalid):
            referral_from_link(bad)
    with pytest.raises(ReferralLinkInvalid):
        referral_status_set_via_link(token="nonsense", status="accepted", on=TODAY, expected_version=1)
    assert Referral.objects.get(pk=referral.pk).status == "sent"


@given(text=st.text(max_size=300))
@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_as_a_token_is_refused_cleanly(text: str, referral: Referral) -> None:
    with pytest.raises(ReferralLinkInvalid):
        referral_from_link(text)
