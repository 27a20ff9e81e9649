"""Writing services: adding one, changing it (its terms, places and phone numbers with it) and
marking it verified. Coordinators do all of it, on the page or through an import.

A service's places and phone numbers belong to it alone, so they are saved with it, as lists: a save
that gives the same list changes nothing, and one that gives another list replaces them and records
both lists in the service's history.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.clock import today
from wellboard.core.errors import InvalidInput
from wellboard.core.inputs import Errors, add_error, raise_if_any, unique_slug, values_in_use
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import changed_fields, changed_relations, version_bump, version_check
from wellboard.directory.inputs import LocationInput, PhoneInput, ServiceInput
from wellboard.directory.models import (
    Service,
    ServiceLocation,
    ServiceOrganisation,
    ServicePhone,
    TaxonomyTerm,
)
from wellboard.directory.policy import CHANGE_SERVICES, VERIFY_SERVICES

MAX_LOCATIONS = 50
MAX_PHONES = 20
# Pages beside the services in the directory's addresses: no service may take their names.
DIRECTORY_PAGES = frozenset({"settings", "import"})
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


@dataclass(frozen=True)
class LocationValues:
    """Where a service is delivered, as a save gives it. Without an ``oruk_id`` a place keeps the id
    of the place it repeats exactly, or gets a new one."""

    name: str = ""
    address_1: str = ""
    city: str = ""
    postcode: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    oruk_id: uuid.UUID | None = None

    def content(self) -> tuple[Any, ...]:
        return (self.name, self.address_1, self.city, self.postcode, self.latitude, self.longitude)

    def __str__(self) -> str:
        return ", ".join(p for p in (self.name, self.address_1, self.city, self.postcode) if p)


@dataclass(frozen=True)
class PhoneValues:
    number: str
    description: str = ""
    oruk_id: uuid.UUID | None = None

    def content(self) -> tuple[Any, ...]:
        return (self.number, self.description)

    def __str__(self) -> str:
        return f"{self.number} ({self.description})" if self.description else self.number


def _location_values(location: ServiceLocation) -> LocationValues:
    return LocationValues(
        name=location.name,
        address_1=location.address_1,
        city=location.city,
        postcode=location.postcode,
        latitude=location.latitude,
        longitude=location.longitude,
        oruk_id=location.oruk_id,
    )


def _phone_values(phone: ServicePhone) -> PhoneValues:
    return PhoneValues(number=phone.number, description=phone.description, oruk_id=phone.oruk_id)


def service_location_values(service: Service) -> list[LocationValues]:
    return [_location_values(loc) for loc in service.locations.all()]


def service_phone_values(service: Service) -> list[PhoneValues]:
    return [_phone_values(phone) for phone in service.phones.all()]


def _coordinate(errors: Errors, value: Any, bound: int, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or abs(number) > bound:
        add_error(errors, "locations", f"The {label} of a place must be a number from -{bound} to {bound}")
        return None
    return number


def _clean_locations(by: Actor, errors: Errors, given: Iterable[LocationValues]) -> list[LocationValues]:
    cleaned: list[LocationValues] = []
    for place in given:
        problems: Errors = {}
        values = LocationInput.clean(
            {
                "name": place.name,
                "address_1": place.address_1,
                "city": place.city,
                "postcode": place.postcode,
            },
            problems,
            by=by,
        )
        postcode = values.get("postcode", "").upper()
        if postcode and not POSTCODE.match(postcode):
            add_error(problems, "postcode", f"'{postcode}' is not a UK postcode, like SG1 1HN")
        if not any(values.values()):
            add_error(problems, "name", "A place needs a name, an address or a postcode")
        for messages in problems.values():
            for message in messages:
                add_error(errors, "locations", message)
        cleaned.append(
            LocationValues(
                name=values.get("name", ""),
                address_1=values.get("address_1", ""),
                city=values.get("city", ""),
                postcode=postcode,
                latitude=_coordinate(errors, place.latitude, 90, "latitude"),
                longitude=_coordinate(errors, place.longitude, 180, "longitude"),
                oruk_id=place.oruk_id,
            )
        )
    if len(cleaned) > MAX_LOCATIONS:
        add_error(errors, "locations", f"A service can have at most {MAX_LOCATIONS} places")
    return cleaned


def _clean_phones(by: Actor, errors: Errors, given: Iterable[PhoneValues]) -> list[PhoneValues]:
    cleaned: list[PhoneValues] = []
    for phone in given:
        problems: Errors = {}
        values = PhoneInput.clean({"number": phone.number, "description": phone.description}, problems, by=by)
        for messages in problems.values():
            for message in messages:
                add_error(errors, "phones", message)
        cleaned.append(replace(phone, number=values["number"], description=values["description"]))
    if len(cleaned) > MAX_PHONES:
        add_error(errors, "phones", f"A service can have at most {MAX_PHONES} phone numbers")
    return cleaned


def _with_ids(wanted: Sequence[Any], current: Sequence[Any]) -> list[Any]:
    """``wanted`` with an id for each part: its own, else the id of a current part with the same
    content (so a form that cannot show ids or map coordinates changes nothing: a place that repeats
    a current one's address keeps its coordinates), else a new one."""
    by_content = {part.content(): part for part in current}
    by_address = {part.content()[:4]: part for part in current}
    used: set[uuid.UUID] = {part.oruk_id for part in wanted if part.oruk_id is not None}
    result = []
    for given in wanted:
        part = given
        if part.oruk_id is None:
            found = by_content.get(part.content()) or by_address.get(part.content()[:4])
            if found is not None and found.oruk_id not in used:
                part = replace(part, oruk_id=found.oruk_id)
                if isinstance(part, LocationValues) and part.latitude is None and part.longitude is None:
                    part = replace(part, latitude=found.latitude, longitude=found.longitude)
            else:
                part = replace(part, oruk_id=uuid.uuid4())
        used.add(part.oruk_id)
        result.append(part)
    return result


def _same_parts(wanted: Sequence[Any], current: Sequence[Any]) -> bool:
    def key(part: Any) -> tuple[Any, ...]:
        return (str(part.oruk_id), *part.content())

    return sorted(map(key, wanted)) == sorted(map(key, current))


def _duplicate_ids(errors: Errors, field: str, parts: Sequence[Any]) -> None:
    ids = [part.oruk_id for part in parts if part.oruk_id is not None]
    if len(ids) != len(set(ids)):
        add_error(errors, field, "Two of them have the same Open Referral id")


def _snapshot(service: Service) -> dict[str, Any]:
    snapshot = audit_snapshot(service)
    snapshot["locations"] = [str(_location_values(loc)) for loc in service.locations.all()]
    snapshot["phones"] = [str(_phone_values(phone)) for phone in service.phones.all()]
    return snapshot


def _write_parts(
    service: Service, locations: Sequence[LocationValues] | None, phones: Sequence[PhoneValues] | None
) -> None:
    if locations is not None:
        service.locations.all().delete()
        ServiceLocation.objects.bulk_create(
            ServiceLocation(
                service=service,
                oruk_id=place.oruk_id or uuid.uuid4(),
                name=place.name,
                address_1=place.address_1,
                city=place.city,
                postcode=place.postcode,
                latitude=place.latitude,
                longitude=place.longitude,
            )
            for place in locations
        )
    if phones is not None:
        service.phones.all().delete()
        ServicePhone.objects.bulk_create(
            ServicePhone(
                service=service,
                oruk_id=phone.oruk_id or uuid.uuid4(),
                number=phone.number,
                description=phone.description,
            )
            for phone in phones
        )


def _terms(by: Actor, errors: Errors, terms: Iterable[TaxonomyTerm]) -> list[TaxonomyTerm]:
    chosen = list(dict.fromkeys(terms))
    if any(not isinstance(t, TaxonomyTerm) or t.partnership_id != by.partnership_id for t in chosen):
        add_error(errors, "taxonomy_terms", "Choose terms from this partnership's directory")
        return []
    return chosen


def _slugs(by: Actor, exclude_pk: int | None = None) -> set[str]:
    return values_in_use(
        Service.objects.filter(partnership_id=by.partnership_id), "slug", exclude_pk=exclude_pk
    )


def _refuse_page_names(errors: Errors, slug: str) -> None:
    if slug in DIRECTORY_PAGES and "slug" not in errors:
        add_error(errors, "slug", f"'{slug}' names a page of the directory: choose another short name")


def _oruk_id(errors: Errors, value: Any) -> uuid.UUID:
    if value is None or value == "":
        return uuid.uuid4()
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        add_error(errors, "oruk_id", "The Open Referral id must be a UUID")
        return uuid.uuid4()


@transaction.atomic
def service_create(
    *,
    by: Actor,
    name: str,
    organisation: ServiceOrganisation | None,
    slug: str = "",
    oruk_id: uuid.UUID | str | None = None,
    taxonomy_terms: Iterable[TaxonomyTerm] = (),
    locations: Iterable[LocationValues] = (),
    phones: Iterable[PhoneValues] = (),
    **fields: Any,
) -> Service:
    CHANGE_SERVICES.require(by)
    values = {"name": name, "organisation": organisation, "slug": slug, **fields}
    ServiceInput.refuse_unknown(values)
    errors: Errors = {}
    cleaned = ServiceInput.clean(values, errors, by=by)
    taken = _slugs(by)
    ServiceInput.slug.check_free(errors, cleaned["slug"], taken=taken)
    _refuse_page_names(errors, cleaned.get("slug", ""))
    key = _oruk_id(errors, oruk_id)
    if Service.objects.filter(partnership_id=by.partnership_id, oruk_id=key).exists():
        add_error(errors, "oruk_id", f"Another service already has the Open Referral id {key}")
    terms = _terms(by, errors, taxonomy_terms)
    places = _with_ids(_clean_locations(by, errors, locations), [])
    numbers = _with_ids(_clean_phones(by, errors, phones), [])
    _duplicate_ids(errors, "locations", places)
    _duplicate_ids(errors, "phones", numbers)
    raise_if_any(errors)
    cleaned["slug"] = cleaned["slug"] or unique_slug(cleaned["name"], taken | DIRECTORY_PAGES)
    service = Service.objects.create(partnership_id=by.partnership_id, oruk_id=key, **cleaned)
    service.taxonomy_terms.set(terms)
    _write_parts(service, places, numbers)
    audit_record(by=by, action="service.create", obj=service, after=_snapshot(service))
    return service


@transaction.atomic
def service_update(
    *,
    by: Actor,
    service: Service,
    expected_version: int | None,
    taxonomy_terms: Iterable[TaxonomyTerm] | None = None,
    locations: Iterable[LocationValues] | None = None,
    phones: Iterable[PhoneValues] | None = None,
    **changes: Any,
) -> Service:
    """Change what ``changes`` names (and the terms, places and phones when given); what is left out
    stays as it is. A save that changes nothing writes nothing."""
    locked = lock_for_edit(Service, pk=service.pk, partnership_id=by.partnership_id, what="service")
    CHANGE_SERVICES.require(by)
    ServiceInput.refuse_unknown(changes)
    version_check(locked, expected_version, what="service")
    errors: Errors = {}
    cleaned = ServiceInput.clean(changes, errors, by=by, current=locked)
    if "slug" in cleaned:
        ServiceInput.slug.check_free(errors, cleaned["slug"], taken=_slugs(by, locked.pk))
        _refuse_page_names(errors, cleaned["slug"])
    terms = None if taxonomy_terms is None else _terms(by, errors, taxonomy_terms)
    current_places = service_location_values(locked)
    current_phones = service_phone_values(locked)
    places = None if locations is None else _with_ids(_clean_locations(by, errors, locations), current_places)
    numbers = None if phones is None else _with_ids(_clean_phones(by, errors, phones), current_phones)
    _duplicate_ids(errors, "locations", places or [])
    _duplicate_ids(errors, "phones", numbers or [])
    raise_if_any(errors)
    fields = changed_fields(locked, cleaned)
    relations = changed_relations(locked, {} if terms is None else {"taxonomy_terms": terms})
    if places is not None and _same_parts(places, current_places):
        places = None
    if numbers is not None and _same_parts(numbers, current_phones):
        numbers = None
    if not fields and not relations and places is None and numbers is None:
        return locked
    before = _snapshot(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    version_bump(locked)
    locked.save()
    for name, records in relations.items():
        getattr(locked, name).set(records)
    _write_parts(locked, places, numbers)
    audit_record(by=by, action="service.update", obj=locked, before=before, after=_snapshot(locked))
    return locked


@transaction.atomic
def service_verify(
    *, by: Actor, service: Service, expected_version: int | None, on: dt.date | None = None
) -> Service:
    """Record that someone checked the entry is right, today (or ``on``, not in the future)."""
    locked = lock_for_edit(Service, pk=service.pk, partnership_id=by.partnership_id, what="service")
    VERIFY_SERVICES.require(by)
    version_check(locked, expected_version, what="service")
    day = on or today()
    if day > today():
        raise InvalidInput({"last_verified": ["A service cannot be verified on a day still to come"]})
    if locked.last_verified == day:
        return locked
    before = audit_snapshot(locked, fields=["last_verified"])
    locked.last_verified = day
    version_bump(locked)
    locked.save(update_fields=["last_verified", "version", "updated_at"])
    audit_record(
        by=by,
        action="service.verify",
        obj=locked,
        before=before,
        after=audit_snapshot(locked, fields=["last_verified"]),
    )
    return locked
