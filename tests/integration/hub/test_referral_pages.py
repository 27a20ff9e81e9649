"""The referral pages: referring while recording a visit or afterwards, the hub's referrals and
their status, sending the status link, and the link's page that a service opens without an account."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client

from tests.factories.directory import make_service
from tests.factories.hub import make_hub, make_hub_worker
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.directory.models import Service, ServiceStatus
from wellboard.hub.models import Contact, Hub, Referral, ReferralEvent
from wellboard.hub.services import contact_record, referral_send, referral_status_set
from wellboard.hub.services.referrals import referral_link_token
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
ActorOf = Callable[[User], Actor]
HUB = "/p/test-town/hubs/healthy-hub/"


@pytest.fixture
def services(partnership: Partnership) -> list[Service]:
    stopped = make_service(partnership, "old-club", name="Old club")
    stopped.status = ServiceStatus.DEFUNCT
    stopped.save()
    return [
        make_service(partnership, "carers-drop-in", name="Carers drop-in"),
        make_service(partnership, "talking-therapies", name="Talking therapies"),
    ]


@pytest.fixture
def contact(hub_worker: User, hub: Hub, actor_of: ActorOf) -> Contact:
    return contact_record(
        by=actor_of(hub_worker),
        hub=hub,
        date=clock.today() - dt.timedelta(days=1),
        client_id="HH-0042",
        sex="female",
        age_band="45-54",
        route="walk-in",
    )


@pytest.fixture
def referral(hub_worker: User, contact: Contact, services: list[Service], actor_of: ActorOf) -> Referral:
    return referral_send(by=actor_of(hub_worker), contact=contact, service=services[0])


def _visit(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "date": (clock.today() - dt.timedelta(days=1)).isoformat(),
        "client_id": "HH-0001",
        "sex": "female",
        "age_band": "45-54",
        "route": "walk-in",
        "needs": ["money"],
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------- recording with referrals


def test_the_recording_form_offers_active_services_and_records_referrals(
    client_for: ClientFor, hub_worker: User, hub: Hub, services: list[Service]
) -> None:
    client = client_for(hub_worker)
    form = client.get(HUB + "contacts/").content.decode()
    assert "Refer them on to" in form
    assert "Carers drop-in" in form
    assert "Talking therapies" in form
    assert "Old club" not in form
    response = client.post(HUB + "contacts/", _visit(services=[s.pk for s in services]), follow=True)
    assert response.status_code == 200
    contact = Contact.objects.get()
    made = Referral.objects.filter(contact=contact)
    assert {r.service.slug for r in made} == {"carers-drop-in", "talking-therapies"}
    page = response.content.decode()
    for referral in made:
        assert referral.reference in page  # the worker can give the person the reference


def test_with_htmx_the_banner_gives_the_references(
    client_for: ClientFor, hub_worker: User, hub: Hub, services: list[Service]
) -> None:
    response = client_for(hub_worker).post(
        HUB + "contacts/", _visit(services=[services[1].pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert Referral.objects.get().reference in response.content.decode()


def test_a_service_not_offered_is_refused_and_nothing_is_recorded(
    client_for: ClientFor, hub_worker: User, hub: Hub, services: list[Service]
) -> None:
    stopped = Service.objects.get(slug="old-club")
    response = client_for(hub_worker).post(HUB + "contacts/", _visit(services=[stopped.pk]))
    assert response.status_code == 400
    assert "Choose services from the list" in response.content.decode()
    assert not Contact.objects.exists()
    assert not Referral.objects.exists()


def test_referrals_are_added_from_the_correction_page(
    client_for: ClientFor, hub_worker: User, contact: Contact, services: list[Service]
) -> None:
    client = client_for(hub_worker)
    url = f"{HUB}contacts/{contact.pk}/correct/"
    page = client.get(url).content.decode()
    assert "Onward referrals from this visit" in page
    assert "Refer them on" in page
    response = client.post(f"{HUB}contacts/{contact.pk}/referrals/", {"services": [services[1].pk]})
    assert response.status_code == 302
    referral = Referral.objects.get(contact=contact)
    assert referral.reference in client.get(url).content.decode()


def test_adding_no_service_or_a_second_referral_to_the_same_service_is_refused(
    client_for: ClientFor, hub_worker: User, contact: Contact, referral: Referral
) -> None:
    client = client_for(hub_worker)
    url = f"{HUB}contacts/{contact.pk}/referrals/"
    empty = client.post(url, {})
    assert empty.status_code == 400
    assert "Choose at least one service" in empty.content.decode()
    again = client.post(url, {"services": [referral.service.pk]})
    assert again.status_code == 400
    assert "already referred to Carers drop-in" in again.content.decode()
    assert Referral.objects.count() == 1


def test_referrals_cannot_be_added_to_a_visit_after_seven_days(
    client_for: ClientFor, hub_worker: User, contact: Contact, services: list[Service]
) -> None:
    Contact.objects.filter(pk=contact.pk).update(created_at=clock.now() - dt.timedelta(days=8))
    client = client_for(hub_worker)
    page = client.get(f"{HUB}contacts/{contact.pk}/correct/").content.decode()
    assert "Refer them on</button>" not in page
    response = client.post(f"{HUB}contacts/{contact.pk}/referrals/", {"services": [services[0].pk]})
    assert response.status_code == 400
    assert "within 7 days" in response.content.decode()
    assert not Referral.objects.exists()


# ---------------------------------------------------------------- the hub's referrals


def test_the_referrals_page_lists_the_hubs_referrals_and_is_audited(
    client_for: ClientFor, hub_worker: User, hub: Hub, referral: Referral
) -> None:
    response = client_for(hub_worker).get(HUB + "referrals/")
    assert response.status_code == 200
    body = response.content.decode()
    assert referral.reference in body
    assert "Carers drop-in" in body
    assert "Sent" in body
    assert AuditEvent.objects.filter(action="referral.read", object_id=str(hub.pk)).exists()


def test_the_status_form_moves_a_referral_on(
    client_for: ClientFor, hub_worker: User, referral: Referral
) -> None:
    client = client_for(hub_worker)
    url = f"{HUB}referrals/{referral.pk}/"
    page = client.get(url).content.decode()
    assert "Accepted" in page
    assert "Attended" not in page  # only the moves allowed from sent
    response = client.post(url, {"status": "accepted", "on": clock.today().isoformat(), "version": 1})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.version) == ("accepted", 2)


def test_the_list_moves_a_referral_on_and_sends_its_link_in_place(
    client_for: ClientFor,
    hub_worker: User,
    referral: Referral,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    client = client_for(hub_worker)
    listing = client.get(HUB + "referrals/").content.decode()
    assert f'action="{HUB}referrals/{referral.pk}/"' in listing
    assert f"New status of {referral.reference}" in listing
    assert f'Send the status link<span class="govuk-visually-hidden"> for {referral.reference}' in listing
    today = clock.today().isoformat()
    moved = client.post(
        f"{HUB}referrals/{referral.pk}/", {"status": "accepted", "on": today, "version": 1, "back": "list"}
    )
    assert moved.status_code == 302
    assert moved["Location"] == HUB + "referrals/"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        sent = client.post(f"{HUB}referrals/{referral.pk}/send-link/", {"version": 2, "back": "list"})
    assert sent["Location"] == HUB + "referrals/"
    assert len(mail.outbox) == 1
    referral.refresh_from_db()
    assert (referral.status, referral.version) == ("accepted", 3)


def test_a_bad_status_or_date_is_explained_and_nothing_changes(
    client_for: ClientFor, hub_worker: User, referral: Referral
) -> None:
    client = client_for(hub_worker)
    url = f"{HUB}referrals/{referral.pk}/"
    future = (clock.today() + dt.timedelta(days=3)).isoformat()
    response = client.post(url, {"status": "accepted", "on": future, "version": 1})
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    wrong = client.post(url, {"status": "attended", "on": clock.today().isoformat(), "version": 1})
    assert wrong.status_code == 400
    missing = client.post(url, {"status": "accepted", "on": clock.today().isoformat()})
    assert missing.status_code == 400
    referral.refresh_from_db()
    assert (referral.status, referral.version) == ("sent", 1)


def test_a_stale_status_form_is_a_conflict(
    client_for: ClientFor, hub_worker: User, referral: Referral, actor_of: ActorOf
) -> None:
    referral_status_set(
        by=actor_of(hub_worker), referral=referral, status="accepted", on=clock.today(), expected_version=1
    )
    response = client_for(hub_worker).post(
        f"{HUB}referrals/{referral.pk}/", {"status": "closed", "on": clock.today().isoformat(), "version": 1}
    )
    assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_sending_the_status_link(
    client_for: ClientFor,
    hub_worker: User,
    referral: Referral,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    client = client_for(hub_worker)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        response = client.post(f"{HUB}referrals/{referral.pk}/send-link/", {"version": 1}, follow=True)
    assert response.status_code == 200
    assert "has gone to Carers drop-in" in response.content.decode()
    (email,) = mail.outbox
    assert "/referral-status/" in email.body
    assert "HH-0042" not in email.body
    referral.refresh_from_db()
    assert referral.link_sent_at is not None


def test_the_link_is_not_sent_without_a_version_or_to_a_service_without_an_email(
    client_for: ClientFor, hub_worker: User, referral: Referral
) -> None:
    client = client_for(hub_worker)
    url = f"{HUB}referrals/{referral.pk}/send-link/"
    response = client.post(url, {})
    assert response.status_code == 400
    assert "without the version" in response.content.decode()
    Service.objects.filter(pk=referral.service_id).update(referral_email="")
    silent = client.post(url, {"version": 1})
    assert silent.status_code == 400
    assert "no referral email" in silent.content.decode()
    assert not mail.outbox
    referral.refresh_from_db()
    assert referral.link_sent_at is None


@pytest.mark.parametrize(
    "path",
    [
        "referrals/",
        "referrals/{pk}/",
        "contacts/{contact}/correct/",
    ],
)
def test_other_people_are_told_the_pages_do_not_exist(
    client_for: ClientFor,
    partnership: Partnership,
    referral: Referral,
    coordinator: User,
    analyst: User,
    path: str,
) -> None:
    other_hub = make_hub(partnership, "other-hub")
    other_worker = make_hub_worker(partnership, "other-worker", other_hub)
    url = HUB + path.format(pk=referral.pk, contact=referral.contact_id)
    for user in (other_worker, coordinator, analyst):
        assert client_for(user).get(url).status_code == 404, user


def test_other_people_cannot_refer_change_or_send(
    client_for: ClientFor,
    partnership: Partnership,
    referral: Referral,
    coordinator: User,
    services: list[Service],
) -> None:
    other_hub = make_hub(partnership, "other-hub")
    other_worker = make_hub_worker(partnership, "other-worker", other_hub)
    for user in (other_worker, coordinator):
        client = client_for(user)
        today = clock.today().isoformat()
        status = client.post(
            f"{HUB}referrals/{referral.pk}/", {"status": "closed", "on": today, "version": 1}
        )
        link = client.post(f"{HUB}referrals/{referral.pk}/send-link/", {"version": 1})
        add = client.post(f"{HUB}contacts/{referral.contact_id}/referrals/", {"services": [services[1].pk]})
        assert {status.status_code, link.status_code, add.status_code} == {404}
    referral.refresh_from_db()
    assert (referral.status, referral.link_sent_at) == ("sent", None)
    assert Referral.objects.count() == 1


# ---------------------------------------------------------------- the service's link


def _link(referral: Referral) -> str:
    return f"/referral-status/{referral_link_token(referral)}/"


def test_the_link_page_shows_only_the_reference_service_and_status(
    client: Client, referral: Referral
) -> None:
    response = client.get(_link(referral))
    assert response.status_code == 200
    body = response.content.decode()
    assert referral.reference in body
    assert "Carers drop-in" in body
    assert "Sent" in body
    contact = referral.contact
    for personal in ("Healthy Hub", contact.client_key[:8], "45 to 54", "Female", "Walk-in"):
        assert personal not in body.split("<main", 1)[1]


def test_the_service_says_what_happened_through_the_link(client: Client, referral: Referral) -> None:
    url = _link(referral)
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    refused = client.post(url, {"status": "accepted", "on": clock.today().isoformat(), "version": 1})
    assert refused.status_code == 403  # no CSRF token
    response = client.post(
        url,
        {
            "status": "accepted",
            "on": clock.today().isoformat(),
            "version": 1,
            "csrfmiddlewaretoken": token.group(1),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert ReferralEvent.objects.filter(referral=referral, channel="link").count() == 1
    audit = AuditEvent.objects.get(action="referral.status", object_id=str(referral.pk))
    assert audit.actor_label == "service via link"


def test_bad_input_through_the_link_is_explained(client: Client, referral: Referral) -> None:
    url = _link(referral)
    future = (clock.today() + dt.timedelta(days=2)).isoformat()
    response = client.post(url, {"status": "accepted", "on": future, "version": 1})
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    wrong = client.post(url, {"status": "sent", "on": clock.today().isoformat(), "version": 1})
    assert wrong.status_code == 400
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_once_closed_the_link_is_spent(client: Client, referral: Referral) -> None:
    url = _link(referral)
    today = clock.today().isoformat()
    closing = client.post(url, {"status": "closed", "on": today, "version": 1}, follow=True)
    assert closing.status_code == 200
    assert "Thank you" in closing.content.decode()
    again = client.get(url)
    assert again.status_code == 410
    assert "cannot be used any more" in again.content.decode()
    post = client.post(url, {"status": "accepted", "on": clock.today().isoformat(), "version": 2})
    assert post.status_code == 410


def test_an_expired_or_altered_link_reveals_nothing(client: Client, referral: Referral) -> None:
    url = _link(referral)
    with clock.frozen_at(clock.now() + dt.timedelta(days=15)):
        expired = client.get(url)
    altered = client.get(url[:-3] + "xx/")
    for response in (expired, altered, client.get("/referral-status/nonsense/")):
        assert response.status_code == 404
        body = response.content.decode()
        assert "not valid" in body
        assert referral.reference not in body
        assert "Carers drop-in" not in body
    assert AuditEvent.objects.filter(action="referral_link.refused").count() == 3


def test_repeated_bad_links_from_one_address_are_asked_to_wait(client: Client, referral: Referral) -> None:
    statuses = [client.get(f"/referral-status/guess-{n}/").status_code for n in range(22)]
    assert statuses[:20] == [404] * 20
    assert statuses[20:] == [429, 429]
    assert client.get(_link(referral)).status_code == 429


def test_a_stale_link_page_is_told_the_status_changed(
    client: Client, referral: Referral, hub_worker: User, actor_of: ActorOf
) -> None:
    url = _link(referral)
    referral_status_set(
        by=actor_of(hub_worker), referral=referral, status="accepted", on=clock.today(), expected_version=1
    )
    response = client.post(url, {"status": "declined", "on": clock.today().isoformat(), "version": 1})
    assert response.status_code == 409
    assert "nothing was saved" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_a_status_form_opened_before_the_status_changed_is_a_conflict(
    client_for: ClientFor, hub_worker: User, referral: Referral, actor_of: ActorOf
) -> None:
    referral_status_set(
        by=actor_of(hub_worker), referral=referral, status="declined", on=clock.today(), expected_version=1
    )
    # "accepted" was offered when the page was opened; from declined it is not.
    response = client_for(hub_worker).post(
        f"{HUB}referrals/{referral.pk}/",
        {"status": "accepted", "on": clock.today().isoformat(), "version": 1},
    )
    assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.status == "declined"
