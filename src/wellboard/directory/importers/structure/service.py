"""One service of the feed checked against the ORUK 3.0 rules Wellboard reads (its organisation,
taxonomy terms, locations, phones, eligibility and dates), and the whole feed read service by
service."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from wellboard.core.importing import ImportReport
from wellboard.directory.importers.structure.reading import MAX_SERVICES, FeedRefused, parse_json, services_in
from wellboard.directory.importers.structure.records import OrukOrganisation, OrukService, OrukTerm, _Checker
from wellboard.directory.models import ServiceStatus
from wellboard.directory.services import LocationValues, PhoneValues

LOCATION_TYPES = ("physical", "postal", "virtual")
STATUSES = tuple(ServiceStatus.values)
# Lists of a full service that Wellboard does not keep, checked only for their shape.
SHAPE_ONLY = ("schedules", "service_areas", "languages", "funding")
FREE_WORDS = ("free", "no charge", "no cost")


def _organisation(check: _Checker, service: dict[str, Any]) -> OrukOrganisation | None:
    raw = service.get("organization")
    if raw is None:
        check.reject("organization", "is required, nested in the service")
        return None
    found = check.obj(raw, "organization")
    if found is None:
        return None
    path = "organization."
    key = check.uuid(found, "id", path)
    name = check.text(found, "name", path, required=True)
    description = check.text(found, "description", path, required=True)
    email = check.text(found, "email", path) or ""
    website = check.text(found, "website", path) or ""
    given = check.uuid(service, "organization_id", "", required=False)
    if given is not None and key is not None and given != key:
        check.reject("organization_id", "is not the id of the nested organization")
    if key is None or name is None or description is None:
        return None
    return OrukOrganisation(key, name, description, email, website)


def _term(check: _Checker, raw: dict[str, Any], path: str) -> OrukTerm | None:
    term = raw.get("taxonomy_term")
    if term is None:
        check.uuid(raw, "taxonomy_term_id", path, required=False)
        check.report.notes.append(
            f"service {check.number}: {path.rstrip('.')} names a taxonomy term by id only, so it was "
            "left out (its name is not in the feed)"
        )
        return None
    found = check.obj(term, f"{path}taxonomy_term")
    if found is None:
        return None
    inner = f"{path}taxonomy_term."
    key = check.uuid(found, "id", inner)
    name = check.text(found, "name", inner, required=True)
    description = check.text(found, "description", inner, required=True)
    vocabulary = check.text(found, "taxonomy", inner) or ""
    code = check.text(found, "code", inner) or check.text(found, "term_code", inner) or ""
    check.uuid(found, "parent_id", inner, required=False)
    if key is None or name is None or description is None:
        return None
    return OrukTerm(key, name, "" if description == name else description, code, vocabulary)


def _address(check: _Checker, location: dict[str, Any], path: str) -> dict[str, str]:
    addresses = check.items(location.get("addresses"), f"{path}addresses")
    chosen: dict[str, str] = {}
    for index, address in enumerate(addresses):
        inner = f"{path}addresses[{index}]."
        check.uuid(address, "id", inner)
        values = {
            key: check.text(address, key, inner, required=True)
            for key in ("address_1", "city", "state_province", "postal_code", "country")
        }
        kind = check.choice(address, "address_type", inner, LOCATION_TYPES)
        if not chosen and kind != "postal" and all(v is not None for v in values.values()):
            chosen = {k: v or "" for k, v in values.items()}
    return chosen


def _locations(check: _Checker, service: dict[str, Any]) -> list[LocationValues] | None:
    if "service_at_locations" not in service:
        return None
    found: list[LocationValues] = []
    for index, link in enumerate(check.items(service["service_at_locations"], "service_at_locations")):
        path = f"service_at_locations[{index}]."
        check.uuid(link, "id", path)
        raw = link.get("location")
        if raw is None:
            check.reject(f"{path}location", "is required, nested in the service_at_location")
            continue
        location = check.obj(raw, f"{path}location")
        if location is None:
            continue
        inner = f"{path}location."
        key = check.uuid(location, "id", inner)
        check.choice(location, "location_type", inner, LOCATION_TYPES)
        name = check.text(location, "name", inner) or ""
        latitude = check.number_at(location, "latitude", inner)
        longitude = check.number_at(location, "longitude", inner)
        address = _address(check, location, inner)
        if key is not None:
            found.append(
                LocationValues(
                    name=name,
                    address_1=address.get("address_1", ""),
                    city=address.get("city", ""),
                    postcode=address.get("postal_code", ""),
                    latitude=latitude,
                    longitude=longitude,
                    oruk_id=key,
                )
            )
    return found


def _phone_list(check: _Checker, raw: Any, path: str) -> list[PhoneValues]:
    found = []
    for index, phone in enumerate(check.items(raw, path)):
        inner = f"{path}[{index}]."
        key = check.uuid(phone, "id", inner)
        number = check.text(phone, "number", inner, required=True)
        description = check.text(phone, "description", inner) or ""
        if key is not None and number is not None:
            found.append(PhoneValues(number=number, description=description, oruk_id=key))
    return found


def _phones(check: _Checker, service: dict[str, Any]) -> list[PhoneValues] | None:
    if "phones" not in service and "contacts" not in service:
        return None
    found = _phone_list(check, service.get("phones"), "phones")
    for index, contact in enumerate(check.items(service.get("contacts"), "contacts")):
        path = f"contacts[{index}]."
        check.uuid(contact, "id", path)
        for key in ("name", "title", "email"):
            check.text(contact, key, path)
        found.extend(_phone_list(check, contact.get("phones"), f"{path}phones"))
    return found


def _free(check: _Checker, service: dict[str, Any]) -> bool | None:
    """Whether the service is free, from its cost options: free when every option costs nothing."""
    options = check.items(service.get("cost_options"), "cost_options")
    verdicts: list[bool] = []
    for index, option in enumerate(options):
        path = f"cost_options[{index}]."
        check.uuid(option, "id", path)
        amount = check.number_at(option, "amount", path)
        label = check.text(option, "option", path)
        described = check.text(option, "amount_description", path)
        words = (label or described or "").lower()
        if amount is not None:
            verdicts.append(amount == 0)
        else:
            verdicts.append(any(w in words for w in FREE_WORDS))
    return all(verdicts) if verdicts else None


def _age(check: _Checker, service: dict[str, Any], key: str) -> int | None:
    number = check.number_at(service, key, "")
    if number is None:
        return None
    if number != number.to_integral_value() or not 0 <= number <= 150:
        check.reject(key, "must be a whole number of years")
        return None
    return int(number)


def _date(check: _Checker, service: dict[str, Any], key: str) -> dt.date | None:
    text = check.text(service, key, "")
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        check.reject(key, f"must be a date like 2026-03-31 (not '{text}')")
        return None


TEXT_FIELDS: dict[str, str] = {
    "description": "description",
    "url": "url",
    "email": "email",
    "eligibility_description": "eligibility_description",
    "application_process": "application_process",
}


def _values(check: _Checker, service: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, target in TEXT_FIELDS.items():
        if key in service:
            values[target] = check.text(service, key, "") or ""
    if "status" in service:
        values["status"] = check.choice(service, "status", "", STATUSES) or ""
    for key in ("minimum_age", "maximum_age"):
        if key in service:
            values[key] = _age(check, service, key)
    if "fees" in service or "fees_description" in service:
        values["cost_description"] = (
            check.text(service, "fees", "") or check.text(service, "fees_description", "") or ""
        )
    if "cost_options" in service:
        values["free"] = _free(check, service)
    if "assured_date" in service:
        values["last_verified"] = _date(check, service, "assured_date")
    check.text(service, "last_modified", "")
    for key in ("accreditations", "alert", "assurer_email"):
        check.text(service, key, "")
    for key in SHAPE_ONLY:
        for index, item in enumerate(check.items(service.get(key), key)):
            check.uuid(item, "id", f"{key}[{index}].")
    return values


def read_service(raw: Any, number: int, report: ImportReport) -> OrukService | None:
    """One service checked; ``None`` (with its problems in the report) when it cannot be read."""
    check = _Checker(report, number)
    service = check.obj(raw, "")
    if service is None:
        return None
    key = check.uuid(service, "id", "")
    name = check.text(service, "name", "", required=True)
    if "status" not in service:
        check.reject("status", "is required")
    organisation = _organisation(check, service)
    values = _values(check, service)
    terms: list[OrukTerm] | None = None
    if "attributes" in service:
        terms = []
        for index, attribute in enumerate(check.items(service["attributes"], "attributes")):
            path = f"attributes[{index}]."
            check.uuid(attribute, "id", path)
            term = _term(check, attribute, path)
            if term is not None and term not in terms:
                terms.append(term)
    locations = _locations(check, service)
    phones = _phones(check, service)
    if check.problems or key is None or name is None or organisation is None:
        return None
    return OrukService(
        number=number,
        oruk_id=key,
        name=name,
        organisation=organisation,
        values=values,
        terms=terms,
        locations=locations,
        phones=phones,
    )


def read_feed(data: bytes, report: ImportReport, *, name: str = "The file") -> list[OrukService]:
    """Every service in the feed, checked; problems go to ``report`` (nothing is read when any)."""
    try:
        raw_services = services_in(parse_json(data, name=name), report)
    except FeedRefused as exc:
        report.reject(str(exc))
        return []
    if len(raw_services) > MAX_SERVICES:
        report.reject(
            f"the feed has {len(raw_services):,} services; at most {MAX_SERVICES:,} are read at once"
        )
        return []
    if not raw_services:
        report.reject("the feed holds no services")
        return []
    services: list[OrukService] = []
    seen: dict[uuid.UUID, int] = {}
    for number, raw in enumerate(raw_services, start=1):
        report.rows_read += 1
        service = read_service(raw, number, report)
        if service is None:
            continue
        if service.oruk_id in seen:
            report.reject(f"the same id as service {seen[service.oruk_id]}", row=number, column="id")
            continue
        seen[service.oruk_id] = number
        services.append(service)
    return services
