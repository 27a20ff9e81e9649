"""Reading an Open Referral UK 3.0 feed and checking its structure, before anything is matched.

Three shapes are read: a page of the ``/services`` API (an object with ``contents``, ``total_items``,
``page_number``…), a bare JSON array of services, or one full service. Each service is checked
against the rules the ORUK 3.0 schema states for what Wellboard reads: ``id``, ``name`` and
``status`` required, ids that are UUIDs, the status and location and address types from their
lists, numbers where numbers belong, and a nested ``organization`` with its ``id``, ``name`` and
``description``. Only the fields a service gives are read, so a feed that leaves a field out never
blanks it.

Besides the UK profile's fields, the HSDS 3.0 core fields ``eligibility_description``,
``application_process``, ``fees_description`` and a service's ``phones`` are read (the UK profile
leaves them out; many feeds carry them), and phone numbers under ``contacts``.

The file is hostile until proved otherwise: size, number of services, nesting, repeated keys,
numbers that are not numbers and invisible control characters are all refused with a message that
says where.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from wellboard.core.importing import ImportReport
from wellboard.core.importing.reading import size_text
from wellboard.directory.inputs import control_character_in
from wellboard.directory.models import ServiceStatus
from wellboard.directory.services import LocationValues, PhoneValues

MAX_BYTES = 10 * 1024 * 1024
MAX_SERVICES = 5_000
MAX_DEPTH = 32  # a full service nests about eight deep; deeper is not a feed
MAX_REJECTIONS = 500
LOCATION_TYPES = ("physical", "postal", "virtual")
STATUSES = tuple(ServiceStatus.values)
# Lists of a full service that Wellboard does not keep, checked only for their shape.
SHAPE_ONLY = ("schedules", "service_areas", "languages", "funding")
FREE_WORDS = ("free", "no charge", "no cost")


class FeedRefused(Exception):
    """The file as a whole cannot be read as a feed."""


@dataclass(frozen=True)
class OrukOrganisation:
    oruk_id: uuid.UUID
    name: str
    description: str
    email: str = ""
    website: str = ""


@dataclass(frozen=True)
class OrukTerm:
    oruk_id: uuid.UUID
    name: str
    description: str = ""
    code: str = ""
    vocabulary: str = ""


@dataclass
class OrukService:
    """One service as the feed gives it: ``values`` holds only the fields the feed gave, under the
    names of the service's own fields; a list left out of the feed is ``None`` (left as it is)."""

    number: int  # its place in the feed, from 1
    oruk_id: uuid.UUID
    name: str
    organisation: OrukOrganisation
    values: dict[str, Any] = field(default_factory=dict)
    terms: list[OrukTerm] | None = None
    locations: list[LocationValues] | None = None
    phones: list[PhoneValues] | None = None


class _Checker:
    """Checks one service, noting each problem in the report with where it is."""

    def __init__(self, report: ImportReport, number: int) -> None:
        self.report = report
        self.number = number
        self.problems = 0

    def reject(self, path: str, reason: str) -> None:
        self.problems += 1
        if len(self.report.rejections) < MAX_REJECTIONS:
            self.report.reject(f"service {self.number}: {reason}", row=self.number, column=path)

    def obj(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.reject(path, "must be an object ({…})")
            return None
        return value

    def items(self, value: Any, path: str) -> list[dict[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.reject(path, "must be a list ([…])")
            return []
        found = []
        for index, item in enumerate(value):
            checked = self.obj(item, f"{path}[{index}]")
            if checked is not None:
                found.append(checked)
        return found

    def text(self, container: dict[str, Any], key: str, path: str, *, required: bool = False) -> str | None:
        """The string at ``key``; ``None`` when absent (or null) and not required."""
        value = container.get(key)
        where = f"{path}{key}"
        if value is None:
            if required:
                self.reject(where, f"'{key}' is required")
            return None
        if not isinstance(value, str):
            self.reject(where, f"'{key}' must be text")
            return None
        if control_character_in(value):
            self.reject(where, f"'{key}' holds a control character")
            return None
        if required and not value.strip() and key == "name":
            self.reject(where, f"'{key}' must not be empty")
        return value

    def uuid(
        self, container: dict[str, Any], key: str, path: str, *, required: bool = True
    ) -> uuid.UUID | None:
        value = container.get(key)
        where = f"{path}{key}"
        if value is None:
            if required:
                self.reject(where, f"'{key}' is required")
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            return uuid.UUID(value)
        except ValueError:
            self.reject(where, f"'{key}' must be a UUID, like 3f7b145d-84af-42d7-8fae-eaca714b02b2")
            return None

    def number_at(self, container: dict[str, Any], key: str, path: str) -> Decimal | None:
        value = container.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.reject(f"{path}{key}", f"'{key}' must be a number")
            return None
        return Decimal(str(value))

    def choice(self, container: dict[str, Any], key: str, path: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(container, key, path, required=True)
        if value is not None and value not in choices:
            self.reject(f"{path}{key}", f"'{key}' must be one of: {', '.join(choices)} (not '{value}')")
            return None
        return value


def _refuse_constant(name: str) -> Any:
    raise FeedRefused(f"the file holds {name}, which is not a number JSON allows")


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise FeedRefused(f"the key '{key}' is given twice in one object")
        found[key] = value
    return found


def _depth(value: Any) -> int:
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def parse_json(data: bytes, *, name: str = "The file") -> Any:
    """The JSON in ``data``, or ``FeedRefused`` saying why it is not a feed."""
    if not data.strip():
        raise FeedRefused(f"{name} is empty")
    if len(data) > MAX_BYTES:
        raise FeedRefused(f"{name} is larger than {size_text(MAX_BYTES)}")
    if data.startswith((b"PK\x03\x04", b"\x1f\x8b", b"\xd0\xcf\x11\xe0")):
        raise FeedRefused(f"{name} is a compressed archive or a workbook, not a JSON feed")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedRefused(f"{name} is not UTF-8 text (byte {exc.start + 1:,} cannot be read)") from exc
    try:
        parsed = json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise FeedRefused(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise FeedRefused(f"{name} nests deeper than any feed does") from exc
    if _depth(parsed) > MAX_DEPTH:
        raise FeedRefused(f"{name} nests deeper than any feed does")
    return parsed


def services_in(parsed: Any, report: ImportReport) -> list[Any]:
    """The service objects of a page of ``/services``, an array of services or one service."""
    if isinstance(parsed, list):
        return parsed
    if isinstance(parsed, dict) and "contents" in parsed:
        contents = parsed["contents"]
        if not isinstance(contents, list):
            raise FeedRefused("'contents' must be a list of services")
        pages, page = parsed.get("total_pages"), parsed.get("page_number")
        total = parsed.get("total_items")
        if isinstance(pages, int) and isinstance(page, int) and pages > 1:
            report.notes.append(
                f"This is page {page} of {pages} of the feed ({total} services in all): only the "
                f"{len(contents)} services on this page were read. Import the feed's address to read "
                "every page."
            )
        return contents
    if isinstance(parsed, dict) and "id" in parsed and "name" in parsed:
        return [parsed]
    raise FeedRefused(
        "this is not an Open Referral UK services feed: expected a page of /services (with "
        "'contents'), a list of services or one service"
    )


def _organisation(check: _Checker, service: dict[str, Any]) -> OrukOrganisation | None:
    raw = service.get("organization")
    if raw is None:
        check.reject("organization", "every service needs its 'organization', nested in the service")
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
        check.reject("organization_id", "'organization_id' is not the id of the nested organization")
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
            check.reject(f"{path}location", "each service_at_location needs its 'location', nested in it")
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
        check.reject(key, f"'{key}' must be a whole number of years")
        return None
    return int(number)


def _date(check: _Checker, service: dict[str, Any], key: str) -> dt.date | None:
    text = check.text(service, key, "")
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        check.reject(key, f"'{key}' must be a date like 2026-03-31 (not '{text}')")
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
        check.reject("status", "'status' is required")
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
            report.reject(
                f"service {number}: the same id as service {seen[service.oruk_id]}", row=number, column="id"
            )
            continue
        seen[service.oruk_id] = number
        services.append(service)
    return services
