"""What the directory accepts for each record it writes: one input schema per entity.

The services clean what they are given through these schemas; the forms build their fields from the
same rules and the Open Referral UK importer meets them through the services. Checks against other
records (a short name already taken) stay with the service.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from wellboard.core.access import Actor
from wellboard.core.clock import today
from wellboard.core.inputs import (
    Choice,
    Errors,
    FieldRule,
    InputSchema,
    Member,
    Order,
    Slug,
    Text,
    add_error,
)
from wellboard.directory.models import ServiceOrganisation, ServiceStatus

OLDEST_AGE = 120
STALE_DAYS_MIN = 1
STALE_DAYS_MAX = 3650  # ten years: longer than that, "out of date" would mean nothing
CONTROL_CHARACTERS = frozenset(chr(c) for c in range(32) if chr(c) not in "\n\r\t") | {"\x7f"}


def control_character_in(text: str) -> bool:
    """Whether ``text`` holds a control character other than a line break or a tab: they cannot be
    seen, PostgreSQL refuses NUL, and a feed that carries them was damaged on the way."""
    return any(c in CONTROL_CHARACTERS for c in text)


class PlainText(Text):
    """Text shown as typed (escaped on every page), without invisible control characters."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        text = super().clean(errors, value, creating=creating, by=by)
        if self.name not in errors and control_character_in(text):
            add_error(errors, self.name, f"{self.label} holds a control character: remove it")
        return text


class OneLine(PlainText):
    """A name or a short phrase: its spaces and line breaks folded to single spaces."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        return super().clean(errors, " ".join(str(value or "").split()), creating=creating, by=by)


class Email(FieldRule):
    """An email address, or nothing."""

    def __init__(self, label: str) -> None:
        self.label = label  # "The public email"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        text = str(value or "").strip()
        if not text:
            return ""
        try:
            EmailValidator()(text)
        except ValidationError:
            add_error(errors, self.name, f"{self.label} must be an email address, like name@example.org")
        return text


class WebAddress(FieldRule):
    """A web address starting http:// or https://, or nothing."""

    def __init__(self, label: str, *, max_length: int = 500) -> None:
        self.label = label  # "The website"
        self.max_length = max_length

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        text = str(value or "").strip()
        if not text:
            return ""
        if len(text) > self.max_length:
            add_error(errors, self.name, f"{self.label} must be {self.max_length} characters or fewer")
            return text
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            add_error(errors, self.name, f"{self.label} must be a web address starting https://")
        return text


class OptionalAge(FieldRule):
    """An age in whole years from 0 to 120, or nothing (None)."""

    def __init__(self, label: str) -> None:
        self.label = label  # "The youngest age"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> int | None:
        if value is None or value == "":
            return None
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
        if number is None:
            try:
                number = int(str(value).strip())
            except ValueError:
                number = -1
        if not 0 <= number <= OLDEST_AGE:
            add_error(
                errors, self.name, f"{self.label} must be a whole number of years from 0 to {OLDEST_AGE}"
            )
            return None
        return number


class OptionalFlag(FieldRule):
    """Yes, no or not known (None)."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> bool | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"yes", "true", "1"}:
            return True
        if text in {"no", "false", "0"}:
            return False
        add_error(errors, self.name, "Say whether it is free: yes, no or not known")
        return None


class VerifiedDate(FieldRule):
    """The day someone last checked the entry: not in the future, or nothing."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> dt.date | None:
        if value is None or value == "":
            return None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            add_error(errors, self.name, "Enter a real date for when the entry was last checked")
            return None
        if value > today():
            add_error(errors, self.name, "The date the entry was last checked cannot be in the future")
            return None
        return value


class Published(FieldRule):
    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> bool:
        return bool(value)


class ServiceInput(InputSchema):
    owner = "A service"
    name = OneLine("The name", max_length=300, missing="Enter the service's name")
    slug = Slug(what="service")
    organisation = Member(
        ServiceOrganisation,
        wrong="Choose an organisation from this partnership's directory",
        missing="Choose the organisation that runs the service",
    )
    description = PlainText("The description")
    url = WebAddress("The website")
    email = Email("The public email")
    status = Choice(ServiceStatus, what="the service's status")
    eligibility_description = PlainText("Who it is for")
    minimum_age = OptionalAge("The youngest age")
    maximum_age = OptionalAge("The oldest age")
    application_process = PlainText("How to get it")
    free = OptionalFlag()
    cost_description = PlainText("The cost", max_length=2000)
    last_verified = VerifiedDate()
    referral_email = Email("The referral email")
    published = Published()
    ages_in_order = Order("minimum_age", "maximum_age", "The oldest age must not be below the youngest")
    related = frozenset({"taxonomy_terms", "locations", "phones"})


class ServiceOrganisationInput(InputSchema):
    owner = "A service's organisation"
    name = OneLine("The organisation's name", max_length=300, missing="Enter the organisation's name")
    description = PlainText("The organisation's description")
    email = Email("The organisation's email")
    website = WebAddress("The organisation's website")
    related = frozenset({"member"})


class TaxonomyTermInput(InputSchema):
    owner = "A taxonomy term"
    name = OneLine("The term's name", max_length=300, missing="Enter the term's name")
    code = OneLine("The term's code", max_length=100)
    description = PlainText("The term's description")
    vocabulary = OneLine("The taxonomy's name", max_length=200)


class LocationInput(InputSchema):
    owner = "A location"
    name = OneLine("The location's name", max_length=300)
    address_1 = OneLine("The address", max_length=300)
    city = OneLine("The town or city", max_length=100)
    postcode = OneLine("The postcode", max_length=10)
    related = frozenset({"latitude", "longitude", "oruk_id"})


class PhoneInput(InputSchema):
    owner = "A phone number"
    number = OneLine("The phone number", max_length=40, missing="Enter the phone number")
    description = OneLine("What the number is for", max_length=300)
    related = frozenset({"oruk_id"})


class StaleAfterDays(FieldRule):
    message = (
        f"Enter how many days an entry stays up to date: a whole number from {STALE_DAYS_MIN} "
        f"to {STALE_DAYS_MAX:,}"
    )

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        try:
            number = int(str(value).strip())
        except ValueError:
            number = 0
        if not STALE_DAYS_MIN <= number <= STALE_DAYS_MAX:
            add_error(errors, self.name, self.message)
            return value
        return number


class DirectorySettingsInput(InputSchema):
    owner = "The directory's settings"
    stale_after_days = StaleAfterDays()
