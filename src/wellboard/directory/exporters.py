"""The directory going out: Open Referral UK 3.0 JSON (one full service, or a page of ``/services``)
and a plain CSV of the list for members.

Each service is written as the ORUK 3.0 UK profile's full service: its organisation nested, its
places as ``service_at_locations`` with the location and its address, its terms as ``attributes``
with the ``taxonomy_term`` nested, its cost as ``fees`` and ``cost_options``, and its phone numbers
under a ``contacts`` entry (the UK profile keeps phones with contacts). Two HSDS 3.0 core fields the
UK profile leaves out, ``eligibility_description`` and ``application_process``, are written too, so
nothing a partnership records about a service is lost between two directories; validators of the
UK profile accept them. Empty fields are left out rather than written as empty text.

The referral email is the partnership's own and is never written here.

Ids that Wellboard keeps one of (a place has one id, where ORUK gives the service-at-location link,
the location and the address one each) are derived from it with UUID version 5, so the same record
always has the same ids in every export.
"""

from __future__ import annotations

import csv
import io
import math
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from wellboard.core.clock import today
from wellboard.core.spreadsheets import cell_safe
from wellboard.directory.models import Service, ServiceLocation, ServiceOrganisation, TaxonomyTerm
from wellboard.directory.selectors import freshness_of

COUNTRY = "GB"
FREE = "Free"
CHARGED = "Charge"


def _derived(base: uuid.UUID, what: str) -> str:
    return str(uuid.uuid5(base, what))


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != "":
        target[key] = value


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def oruk_organisation(organisation: ServiceOrganisation) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": str(organisation.oruk_id),
        "name": organisation.name,
        "description": organisation.description,
    }
    _put(found, "email", organisation.email)
    _put(found, "website", organisation.website)
    return found


def _location(service_id: str, location: ServiceLocation) -> dict[str, Any]:
    key = str(location.oruk_id)
    place: dict[str, Any] = {"id": key, "location_type": "physical"}
    _put(place, "name", location.name)
    _put(place, "latitude", _number(location.latitude))
    _put(place, "longitude", _number(location.longitude))
    if location.address_1 or location.postcode or location.city:
        place["addresses"] = [
            {
                "id": _derived(location.oruk_id, "address"),
                "location_id": key,
                "address_1": location.address_1,
                "city": location.city,
                "state_province": "",
                "postal_code": location.postcode,
                "country": COUNTRY,
                "address_type": "physical",
            }
        ]
    return {
        "id": _derived(location.oruk_id, "service_at_location"),
        "service_id": service_id,
        "location_id": key,
        "location": place,
    }


def _attribute(service: Service, term: TaxonomyTerm) -> dict[str, Any]:
    nested: dict[str, Any] = {
        "id": str(term.oruk_id),
        "name": term.name,
        "description": term.description or term.name,
    }
    _put(nested, "taxonomy", term.vocabulary)
    _put(nested, "code", term.code)
    return {
        "id": _derived(service.oruk_id, f"attribute:{term.oruk_id}"),
        "link_id": str(service.oruk_id),
        "taxonomy_term_id": str(term.oruk_id),
        "taxonomy_term": nested,
    }


def _cost_options(service: Service, service_id: str) -> list[dict[str, Any]]:
    if service.free is None:
        return []
    option: dict[str, Any] = {"id": _derived(service.oruk_id, "cost"), "service_id": service_id}
    if service.free:
        option["option"] = FREE
        option["amount"] = 0
    else:
        option["option"] = CHARGED
    return [option]


def _contacts(service: Service, service_id: str) -> list[dict[str, Any]]:
    phones = list(service.phones.all())
    if not phones:
        return []
    contact_id = _derived(service.oruk_id, "contact")
    numbers = []
    for phone in phones:
        number: dict[str, Any] = {"id": str(phone.oruk_id), "contact_id": contact_id, "number": phone.number}
        _put(number, "description", phone.description)
        numbers.append(number)
    return [{"id": contact_id, "service_id": service_id, "title": "Enquiries", "phones": numbers}]


def oruk_service(service: Service) -> dict[str, Any]:
    """One service as an ORUK 3.0 full service (``/services/{id}``)."""
    key = str(service.oruk_id)
    found: dict[str, Any] = {
        "id": key,
        "organization_id": str(service.organisation.oruk_id),
        "name": service.name,
        "status": service.status,
    }
    _put(found, "description", service.description)
    _put(found, "url", service.url)
    _put(found, "email", service.email)
    _put(found, "fees", service.cost_description)
    _put(found, "eligibility_description", service.eligibility_description)
    _put(found, "application_process", service.application_process)
    _put(found, "minimum_age", service.minimum_age)
    _put(found, "maximum_age", service.maximum_age)
    _put(found, "assured_date", service.last_verified.isoformat() if service.last_verified else None)
    # Whole seconds: readers of the feed compare timestamps, and nobody means a microsecond.
    found["last_modified"] = service.updated_at.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    found["organization"] = oruk_organisation(service.organisation)
    found["service_at_locations"] = [_location(key, loc) for loc in service.locations.all()]
    found["contacts"] = _contacts(service, key)
    found["cost_options"] = _cost_options(service, key)
    found["attributes"] = [_attribute(service, term) for term in service.taxonomy_terms.all()]
    return found


def oruk_page(services: Sequence[Service], *, total: int, page: int, per_page: int) -> dict[str, Any]:
    """A page of ``/services`` as the ORUK 3.0 API gives it. ``services`` is this page's."""
    pages = math.ceil(total / per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(services),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not services,
        "contents": [oruk_service(service) for service in services],
    }


def oruk_list(services: Iterable[Service]) -> list[dict[str, Any]]:
    """Every service given, whole: the file the importer reads back."""
    return [oruk_service(service) for service in services]


CSV_COLUMNS = (
    "name",
    "organisation",
    "status",
    "terms",
    "website",
    "email",
    "phones",
    "places",
    "minimum_age",
    "maximum_age",
    "free",
    "cost",
    "last_verified",
    "up_to_date",
    "published",
    "open_referral_id",
)


def directory_csv(services: Iterable[Service], *, stale_after_days: int) -> str:
    """The list of services as CSV for members, with whether each entry is up to date. Text a
    spreadsheet would run as a formula is neutralised; the referral email is left out."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    on = today()
    for service in services:
        fresh = freshness_of(service, days=stale_after_days, on=on)
        free = "" if service.free is None else ("yes" if service.free else "no")
        writer.writerow(
            [
                cell_safe(value)
                for value in (
                    service.name,
                    service.organisation.name,
                    service.status,
                    "; ".join(t.name for t in service.taxonomy_terms.all()),
                    service.url,
                    service.email,
                    "; ".join(str(p.number) for p in service.phones.all()),
                    "; ".join(str(loc) for loc in service.locations.all()),
                    "" if service.minimum_age is None else service.minimum_age,
                    "" if service.maximum_age is None else service.maximum_age,
                    free,
                    service.cost_description,
                    service.last_verified.isoformat() if service.last_verified else "",
                    "no" if fresh.out_of_date else "yes",
                    "yes" if service.published else "no",
                    str(service.oruk_id),
                )
            ]
        )
    return out.getvalue()
