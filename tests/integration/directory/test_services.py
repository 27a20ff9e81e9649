"""The directory's writers: adding, changing and verifying services, their places and phones, the
organisations and terms, and the directory's settings; versions, audit and saves that change nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.directory.models import Service, ServiceOrganisation
from wellboard.directory.selectors import (
    directory_settings_get,
    freshness_of,
    service_get,
    service_list,
    stale_after_days,
)
from wellboard.directory.services import (
    LocationValues,
    PhoneValues,
    directory_settings_update,
    service_create,
    service_organisation_create,
    service_update,
    service_verify,
    taxonomy_term_create,
)
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 23, 10, tzinfo=clock.LONDON)


@pytest.fixture(autouse=True)
def _held_clock() -> object:
    with clock.frozen_at(TODAY):
        yield


@pytest.fixture
def organisation(by: Actor) -> ServiceOrganisation:
    return service_organisation_create(by=by, name="Stevenage Carers Trust", email="hello@carers.example.org")


def _service(by: Actor, organisation: ServiceOrganisation, **extra: object) -> Service:
    return service_create(
        by=by,
        name="Carers Drop-in",
        organisation=organisation,
        description="A monthly drop-in.",
        locations=[LocationValues(name="Shephall Centre", postcode="sg2 0xe", latitude=Decimal("51.889"))],
        phones=[PhoneValues(number="01438 000 109", description="Enquiries")],
        last_verified=dt.date(2026, 10, 1),
        **extra,  # type: ignore[arg-type]
    )


def test_a_service_is_created_with_its_parts_and_audited(
    by: Actor, organisation: ServiceOrganisation
) -> None:
    service = _service(by, organisation)
    assert service.slug == "carers-drop-in"
    assert service.locations.get().postcode == "SG2 0XE"
    assert service.phones.get().number == "01438 000 109"
    event = AuditEvent.objects.filter(action="service.create").get()
    assert event.after is not None
    assert event.after["phones"] == ["01438 000 109 (Enquiries)"]


def test_bad_input_is_refused_field_by_field_and_nothing_written(
    by: Actor, organisation: ServiceOrganisation
) -> None:
    with pytest.raises(InvalidInput) as caught:
        service_create(
            by=by,
            name="  ",
            organisation=organisation,
            url="javascript:alert(1)",
            email="nope",
            minimum_age=30,
            maximum_age=10,
            last_verified=dt.date(2027, 1, 1),
            description="Hidden\x07bell",
            locations=[LocationValues(postcode="XYZ")],
            phones=[PhoneValues(number="")],
        )
    errors = caught.value.errors
    assert set(errors) == {
        "name",
        "url",
        "email",
        "maximum_age",
        "last_verified",
        "description",
        "locations",
        "phones",
    }
    assert Service.objects.count() == 0


def test_an_update_that_changes_nothing_writes_nothing(by: Actor, organisation: ServiceOrganisation) -> None:
    service = _service(by, organisation)
    events = AuditEvent.objects.count()
    same = service_update(
        by=by,
        service=service,
        expected_version=service.version,
        name="Carers Drop-in",
        locations=[LocationValues(name="Shephall Centre", postcode="SG2 0XE")],  # as a form gives it
        phones=[PhoneValues(number="01438 000 109", description="Enquiries")],
        taxonomy_terms=[],
    )
    assert same.version == 1
    assert AuditEvent.objects.count() == events
    assert same.locations.get().latitude == Decimal("51.889000")


def test_an_update_replaces_places_and_records_both_lists(
    by: Actor, organisation: ServiceOrganisation
) -> None:
    service = _service(by, organisation)
    term = taxonomy_term_create(by=by, name="Carers", vocabulary="Local needs")
    updated = service_update(
        by=by,
        service=service,
        expected_version=1,
        locations=[LocationValues(name="Bedwell Community Centre")],
        taxonomy_terms=[term],
    )
    assert updated.version == 2
    assert [loc.name for loc in updated.locations.all()] == ["Bedwell Community Centre"]
    event = AuditEvent.objects.filter(action="service.update").get()
    assert event.before is not None
    assert event.after is not None
    assert event.before["locations"] == ["Shephall Centre, SG2 0XE"]
    assert event.after["locations"] == ["Bedwell Community Centre"]
    assert event.after["taxonomy_terms"] == ["Carers"]


def test_a_stale_update_is_a_conflict(by: Actor, organisation: ServiceOrganisation) -> None:
    service = _service(by, organisation)
    service_update(by=by, service=service, expected_version=1, name="Carers Drop-in (monthly)")
    with pytest.raises(Conflict):
        service_update(by=by, service=service, expected_version=1, name="Something else")


def test_verifying_sets_today_once(by: Actor, organisation: ServiceOrganisation) -> None:
    service = _service(by, organisation)
    verified = service_verify(by=by, service=service, expected_version=1)
    assert verified.last_verified == dt.date(2026, 11, 23)
    assert verified.version == 2
    again = service_verify(by=by, service=verified, expected_version=2)
    assert again.version == 2
    assert AuditEvent.objects.filter(action="service.verify").count() == 1
    with pytest.raises(InvalidInput):
        service_verify(by=by, service=verified, expected_version=2, on=dt.date(2026, 12, 1))


def test_only_coordinators_write(
    by: Actor,
    organisation: ServiceOrganisation,
    actor_of: Callable[[User], Actor],
    analyst: User,
    viewer: User,
) -> None:
    service = _service(by, organisation)
    for user in (analyst, viewer):
        someone = actor_of(user)
        assert service_get(actor=someone, slug=service.slug) == service
        with pytest.raises(PermissionDenied):
            service_verify(by=someone, service=service, expected_version=1)
        with pytest.raises(PermissionDenied):
            service_update(by=someone, service=service, expected_version=1, name="x")
        with pytest.raises(PermissionDenied):
            directory_settings_update(by=someone, stale_after_days=30, expected_version=0)


def test_another_partnership_sees_nothing(
    by: Actor, organisation: ServiceOrganisation, other_partnership: Partnership
) -> None:
    service = _service(by, organisation)
    elsewhere = Actor.command_line(other_partnership.pk)
    with pytest.raises(NotFound):
        service_get(actor=elsewhere, slug=service.slug)
    with pytest.raises(NotFound):
        service_update(by=elsewhere, service=service, expected_version=1, name="Taken over")
    outsider = Actor(partnership_id=by.partnership_id, user=None)
    with pytest.raises(NotFound):
        service_list(actor=outsider)


def test_freshness_follows_the_partnership_setting(
    by: Actor, organisation: ServiceOrganisation, partnership: Partnership
) -> None:
    service = _service(by, organisation)  # verified 53 days ago
    assert stale_after_days(partnership_id=partnership.pk) == 365
    assert not freshness_of(service, days=365).out_of_date
    assert list(service_list(actor=by, out_of_date=True)) == []
    settings = directory_settings_update(by=by, stale_after_days=30, expected_version=0)
    assert settings.version == 1
    assert freshness_of(service, days=30).out_of_date
    assert freshness_of(service, days=30).label == "Out of date"
    assert list(service_list(actor=by, out_of_date=True)) == [service]
    with pytest.raises(Conflict):
        directory_settings_update(by=by, stale_after_days=60, expected_version=0)
    unchanged = directory_settings_update(by=by, stale_after_days=30, expected_version=1)
    assert unchanged.version == 1
    with pytest.raises(InvalidInput):
        directory_settings_update(by=by, stale_after_days=0, expected_version=1)
    assert directory_settings_get(actor=by).stale_after_days == 30


def test_never_verified_is_out_of_date(by: Actor, organisation: ServiceOrganisation) -> None:
    service = service_create(by=by, name="New service", organisation=organisation)
    fresh = freshness_of(service, days=365)
    assert fresh.out_of_date
    assert fresh.label == "Never verified"


def test_search_finds_names_organisations_and_terms(by: Actor, organisation: ServiceOrganisation) -> None:
    service = _service(by, organisation)
    term = taxonomy_term_create(by=by, name="Loneliness")
    service_update(by=by, service=service, expected_version=1, taxonomy_terms=[term])
    for words in ("drop-in", "CARERS TRUST", "lonel"):
        assert list(service_list(actor=by, search=words)) == [service]
    assert list(service_list(actor=by, search="smoking")) == []


def test_page_names_cannot_be_short_names(by: Actor, organisation: ServiceOrganisation) -> None:
    with pytest.raises(InvalidInput) as caught:
        service_create(by=by, name="Import", slug="import", organisation=organisation)
    assert "names a page" in caught.value.errors["slug"][0]
    made = service_create(by=by, name="Import", organisation=organisation)
    assert made.slug == "import-2"


def test_open_referral_ids_are_unique_in_a_partnership(by: Actor, organisation: ServiceOrganisation) -> None:
    key = uuid.uuid4()
    service_create(by=by, name="One", organisation=organisation, oruk_id=key)
    with pytest.raises(InvalidInput):
        service_create(by=by, name="Two", organisation=organisation, oruk_id=key)


def test_the_default_settings_saved_unchanged_write_nothing(by: Actor) -> None:
    saved = directory_settings_update(by=by, stale_after_days=365, expected_version=0)
    assert saved.pk is None
    assert not AuditEvent.objects.filter(action="directory_settings.update").exists()
