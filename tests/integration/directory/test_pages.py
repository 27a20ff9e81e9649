"""The directory pages: every member reads, coordinators add, change, verify, import and set how long
an entry stays fresh; bad input is shown beside its field and writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.integration.directory.conftest import DEMO_FEED, as_bytes
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.directory.importers.oruk import oruk_import
from wellboard.directory.models import DirectorySettings, Service, ServiceOrganisation
from wellboard.partners.models import User

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
BASE = "/p/test-town/directory/"
NOW = dt.datetime(2026, 11, 23, 10, tzinfo=clock.LONDON)


@pytest.fixture
def loaded(by: Actor) -> Actor:
    with clock.frozen_at(NOW):
        assert oruk_import(by=by, data=DEMO_FEED.read_bytes(), dry_run=False).ok
    return by


def test_members_read_the_list_and_a_service(client_for: ClientFor, viewer: User, loaded: Actor) -> None:
    client = client_for(viewer)
    body = client.get(BASE).content.decode()
    assert "Chatty Café" in body
    assert "Out of date" in body  # verified in 2024
    assert "Never verified" in body
    assert "Add a service" not in body
    assert "Verified today" not in body
    assert ">Directory</a>" in body
    detail = client.get(BASE + "stop-smoking-service/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "01438 000 104" in text
    assert "Mark as verified today" not in text
    assert client.get(BASE + "stop-smoking-service/history/").status_code == 200


def test_search_and_the_out_of_date_filter(client_for: ClientFor, coordinator: User, loaded: Actor) -> None:
    client = client_for(coordinator)
    found = client.get(BASE, {"q": "smoking"}).content.decode()
    assert "Stop Smoking Service" in found
    assert "Chatty Café" not in found
    stale = client.get(BASE, {"stale": "1"}).content.decode()
    assert "Debt and Money Advice" in stale  # verified March 2024
    assert "Stop Smoking Service" not in stale
    assert "No services match." in client.get(BASE, {"q": "zzzz"}).content.decode()


def test_outsiders_and_strangers_are_refused(client_for: ClientFor, outsider: User, loaded: Actor) -> None:
    assert client_for(outsider).get(BASE).status_code == 404
    assert client_for(outsider).get(BASE + "stop-smoking-service/").status_code == 404
    assert Client().get(BASE).status_code == 302


def test_a_coordinator_adds_a_service_with_a_new_organisation(
    client_for: ClientFor, coordinator: User
) -> None:
    response = client_for(coordinator).post(
        BASE + "new/",
        {
            "name": "Walking for Health",
            "new_organisation": "Stevenage Ramblers",
            "status": "active",
            "phones": "01438 000 200; Walk leader\n",
            "locations": "Fairlands Valley Park; Six Hills Way; Stevenage; SG2 0XX",
            "free": "yes",
            "minimum_age": "16",
            "published": "on",
            "referral_email": "walks@ramblers.example.org",
        },
    )
    assert response.status_code == 302
    service = Service.objects.get(slug="walking-for-health")
    assert service.organisation.name == "Stevenage Ramblers"
    assert service.free is True
    assert service.locations.get().postcode == "SG2 0XX"
    assert service.phones.get().description == "Walk leader"


def test_bad_input_is_shown_and_nothing_is_written(client_for: ClientFor, coordinator: User) -> None:
    response = client_for(coordinator).post(
        BASE + "new/",
        {
            "name": "Walking for Health",
            "new_organisation": "Stevenage Ramblers",
            "status": "active",
            "email": "not-an-email",
            "locations": "a; b; c; d; e",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "more than four parts" in body
    assert Service.objects.count() == 0
    response = client_for(coordinator).post(
        BASE + "new/",
        {
            "name": "Walking for Health",
            "new_organisation": "Stevenage Ramblers",
            "status": "active",
            "email": "nope",
        },
    )
    assert response.status_code == 400
    assert "must be an email address" in response.content.decode()
    assert Service.objects.count() == 0
    assert ServiceOrganisation.objects.count() == 0  # the new organisation went with the refused service


def test_the_edit_form_saved_unchanged_changes_nothing(
    client_for: ClientFor, coordinator: User, loaded: Actor
) -> None:
    client = client_for(coordinator)
    service = Service.objects.get(slug="falls-prevention-classes")
    page = client.get(BASE + "falls-prevention-classes/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if name == "taxonomy_terms":
            data[name] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
        elif name == "published":
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = str(value).replace("\n", "\r\n")
        del field
    events = AuditEvent.objects.count()
    response = client.post(BASE + "falls-prevention-classes/edit/", data)
    assert response.status_code == 302
    assert AuditEvent.objects.count() == events
    service.refresh_from_db()
    assert service.version == 1
    data["version"] = "1"
    data["name"] = "Strength and Balance Classes"
    assert client.post(BASE + "falls-prevention-classes/edit/", data).status_code == 302
    data["name"] = "Someone else's name"
    stale = client.post(BASE + "falls-prevention-classes/edit/", data)
    assert stale.status_code == 409


def test_mark_as_verified_today(
    client_for: ClientFor, coordinator: User, viewer: User, loaded: Actor
) -> None:
    service = Service.objects.get(slug="debt-and-money-advice")
    url = BASE + "debt-and-money-advice/verify/"
    assert client_for(viewer).post(url, {"version": service.version}).status_code == 403
    with clock.frozen_at(NOW):
        response = client_for(coordinator).post(url, {"version": service.version, "next": "list"})
    assert response.status_code == 302
    assert response["Location"] == BASE
    service.refresh_from_db()
    assert service.last_verified == dt.date(2026, 11, 23)
    assert client_for(coordinator).post(url, {}).status_code == 400
    stale = client_for(coordinator).post(url, {"version": 1})
    assert stale.status_code == 302  # back to the service with the reason
    assert client_for(coordinator).get(url).status_code == 405


def test_the_settings_page(client_for: ClientFor, coordinator: User, analyst: User) -> None:
    url = BASE + "settings/"
    assert client_for(analyst).get(url).status_code == 403
    client = client_for(coordinator)
    assert 'value="365"' in client.get(url).content.decode()
    assert client.post(url, {"stale_after_days": "0", "version": "0"}).status_code == 400
    assert not DirectorySettings.objects.exists()
    assert client.post(url, {"stale_after_days": "180", "version": "0"}).status_code == 302
    assert DirectorySettings.objects.get().stale_after_days == 180
    assert client.post(url, {"stale_after_days": "90", "version": "0"}).status_code == 409


def test_downloads(client_for: ClientFor, viewer: User, loaded: Actor) -> None:
    client = client_for(viewer)
    csv = client.get(BASE + "directory.csv")
    assert csv.status_code == 200
    text = csv.content.decode()
    assert text.splitlines()[0].startswith("name,organisation,status")
    assert "referrals@" not in text
    listing = json.loads(client.get(BASE + "directory.json").content)
    assert len(listing) == 30
    assert client.get(BASE + "directory.xml").status_code == 404


def _upload(data: bytes, name: str = "feed.json") -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, data, content_type="application/json")}


def test_the_web_import_checks_then_imports(client_for: ClientFor, coordinator: User) -> None:
    client = client_for(coordinator)
    assert client.get(BASE + "import/").status_code == 200
    with clock.frozen_at(NOW):
        checked = client.post(BASE + "import/", _upload(DEMO_FEED.read_bytes()))
    assert checked.status_code == 200
    assert "Check the import" in checked.content.decode()
    assert Service.objects.count() == 0
    token = checked.context["confirm"].initial["token"]
    with clock.frozen_at(NOW):
        done = client.post(BASE + "import/confirm/", {"token": token})
    assert done.status_code == 302
    assert Service.objects.count() == 30
    assert client.post(BASE + "import/confirm/", {"token": token}).status_code == 400
    events = AuditEvent.objects.count()
    with clock.frozen_at(NOW):
        again = client.post(BASE + "import/", _upload(DEMO_FEED.read_bytes()))
    assert again.status_code == 200
    assert "importing it would change nothing" in again.content.decode()
    assert again.context["totals"]["create"] == again.context["totals"]["update"] == 0
    assert AuditEvent.objects.count() == events, "a dry run writes nothing"


def test_the_web_import_refuses_bad_files(client_for: ClientFor, coordinator: User, viewer: User) -> None:
    client = client_for(coordinator)
    broken = json.loads(DEMO_FEED.read_text(encoding="utf-8"))
    broken["contents"][2]["status"] = "open"
    refused = client.post(BASE + "import/", _upload(as_bytes(broken)))
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Nothing has been imported" in body
    assert "must be one of" in body
    assert "service 3" not in body, "the Service and Field columns say where, the problem says what"
    assert '<td class="govuk-table__cell">3</td>' in body
    assert client.post(BASE + "import/", _upload(b"hello", "feed.txt")).status_code == 400
    assert client.post(BASE + "import/", _upload(b"{", "feed.json")).status_code == 400
    assert client_for(viewer).get(BASE + "import/").status_code == 403
    assert Service.objects.count() == 0
