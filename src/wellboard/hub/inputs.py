"""What the hub app accepts for each record it writes: one input schema per entity.

The services clean what they are given through these schemas and the forms build their fields from
the same rules. Checks against other records (a short name already used, a worker's role) stay with
the service.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from wellboard.core.access import Actor
from wellboard.core.inputs import (
    Choice,
    Date,
    Errors,
    FieldRule,
    FieldsCheck,
    Flag,
    InputSchema,
    Member,
    NeededWhen,
    Order,
    Slug,
    Text,
    add_error,
)
from wellboard.core.numbers import NotANumber, parse_decimal
from wellboard.hub.codes import EXERCISE_REASONS, NEEDS, split_codes
from wellboard.hub.models import HubKind, ReferralStatus, Route, Sex, Weekday
from wellboard.partners.models import Organisation

OLDEST_AGE = 120
LSOA_CODE = re.compile(r"E01\d{6}")
# The small areas of the rest of the UK, by how their codes start: Welsh LSOAs, Scottish data zones,
# Northern Irish super output areas (95… before 2021, N21… since).
LSOA_ELSEWHERE = (
    ("W01", "Wales"),
    ("S01", "Scotland"),
    ("95", "Northern Ireland"),
    ("N2", "Northern Ireland"),
)
CLOCK_TIME = re.compile(r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})")


class OptionalAge(FieldRule):
    """An age in whole years from 0 to 120, or nothing (None)."""

    def __init__(self, label: str) -> None:
        self.label = label  # "The youngest age served"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> int | None:
        if value is None or value == "":
            return None
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


class HubInput(InputSchema):
    owner = "A hub"
    name = Text("The name", max_length=200, missing="Enter the hub's name")
    slug = Slug(what="hub")
    organisation = Member(
        Organisation,
        wrong="Choose an organisation that is a member of this partnership",
        missing="Choose the organisation that runs the hub",
    )
    kind = Choice(HubKind, what="what kind of hub it is")
    age_from = OptionalAge("The youngest age served")
    age_to = OptionalAge("The oldest age served")
    active = Flag()
    ages_in_order = Order("age_from", "age_to", "The oldest age served must not be below the youngest")


class LsoaCode(FieldRule):
    """An English LSOA's ONS code (E01 and six digits), or nothing. Wards and deprivation deciles
    come from English data, so an area elsewhere in the UK is refused by name rather than kept
    without them."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        code = str(value or "").strip().upper()
        if code and not LSOA_CODE.fullmatch(code):
            elsewhere = next((where for start, where in LSOA_ELSEWHERE if code.startswith(start)), "")
            if elsewhere:
                add_error(
                    errors,
                    self.name,
                    f"'{code}' is an area in {elsewhere}: only LSOAs in England (codes starting E01, "
                    "like E01023720) can be recorded; leave it blank for someone living outside England",
                )
            else:
                add_error(errors, self.name, "Enter the LSOA's code, like E01023720, or leave it blank")
        return code


class OptionalChoice(Choice):
    """One of the choices, or nothing."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        if value is None or str(value).strip() == "":
            return ""
        return super().clean(errors, value, creating=creating, by=by)


class CodeList(FieldRule):
    """Codes from a list, each once, in the list's order: given as a list or as text separated by
    semicolons."""

    def __init__(self, pairs: tuple[tuple[str, str], ...], *, what: str) -> None:
        self.pairs = pairs
        self.what = what

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> list[str]:
        items = (
            split_codes(value) if isinstance(value, str) else [str(v).strip().lower() for v in value or ()]
        )
        by_label = {label.lower(): code for code, label in self.pairs}
        known = {code for code, _ in self.pairs}
        cleaned: list[str] = []
        for item in items:
            code = item if item in known else by_label.get(item, "")
            if not code:
                add_error(
                    errors, self.name, f"'{item}' is not one of the {self.what}: {', '.join(sorted(known))}"
                )
                return []
            if code not in cleaned:
                cleaned.append(code)
        # Kept in the list's own order, so a form that sends them back in another order changes nothing.
        order = [code for code, _ in self.pairs]
        return sorted(cleaned, key=order.index)


class ContactInput(InputSchema):
    """A visit. The hub, its site and partner, the person's local identifier (turned into the client
    key) and the age band (which depends on the kind of hub) are checked by the service."""

    owner = "A contact"
    date = Date(missing="Enter the date of the visit")
    sex = Choice(Sex, what="the person's sex")
    lsoa = LsoaCode()
    route = Choice(Route, what="how the person came")
    needs = CodeList(NEEDS, what="needs")
    exercise_reason = OptionalChoice(EXERCISE_REASONS, what="the reason for the exercise referral")
    reason_for_referral = NeededWhen(
        "exercise_reason", "route", Route.EXERCISE_REFERRAL, "Choose the reason for the exercise referral"
    )
    related = frozenset({"hub", "site", "partner", "client_id", "age_band", "age"})


class ReferralStatusInput(InputSchema):
    """A referral's new status and the day it was reached. Which moves are allowed, and the days
    they may fall on, depend on the referral and are checked by the service."""

    owner = "A referral"
    status = Choice(ReferralStatus, what="the referral's status", labels_accepted=False)
    on = Date(missing="Enter the date the referral reached this status")


# ---------------------------------------------------------------- a hub's monthly money and room figures

MAX_POUNDS = Decimal("9999999999.99")  # what the figures' columns hold (12 digits, 2 after the point)
MAX_WHOLE = 2_147_483_647


class Pounds(FieldRule):
    """A sum of money in pounds: 0 or more, with at most two decimal places (pence); commas allowed."""

    def __init__(self, label: str) -> None:
        self.label = label  # "Room hire income"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        try:
            amount = parse_decimal(value.replace("£", "", 1) if isinstance(value, str) else value)
        except NotANumber as exc:
            add_error(errors, self.name, f"{self.label} {exc.reason}")
            return value
        if amount is None:
            add_error(errors, self.name, f"Enter the {self.label.lower()} in pounds (0 if none)")
        elif amount < 0:
            add_error(errors, self.name, f"{self.label} must not be negative")
        elif amount != amount.quantize(Decimal("0.01")):
            add_error(errors, self.name, f"{self.label} must be in pounds and pence, like 1250.50")
        elif amount > MAX_POUNDS:
            add_error(errors, self.name, f"{self.label} is too large")
        else:
            return amount.quantize(Decimal("0.01"))
        return value


class Count(FieldRule):
    """A whole number of things: 0 or more."""

    def __init__(self, label: str) -> None:
        self.label = label  # "Room bookings"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        try:
            number = parse_decimal(value)
        except NotANumber as exc:
            add_error(errors, self.name, f"{self.label} {exc.reason}")
            return value
        if number is None:
            add_error(errors, self.name, f"Enter the number of {self.label.lower()} (0 if none)")
        elif number != number.to_integral_value():
            add_error(errors, self.name, f"{self.label} must be a whole number")
        elif not 0 <= number <= MAX_WHOLE:
            add_error(errors, self.name, f"{self.label} must be 0 or more")
        else:
            return int(number)
        return value


class HubMonthInput(InputSchema):
    owner = "A hub's month"
    room_bookings = Count("Room bookings")
    room_hire_income = Pounds("Room hire income")
    memberships = Count("Memberships sold")
    membership_income = Pounds("Membership income")
    other_income = Pounds("Other income")
    running_cost = Pounds("Running cost")


class HubSiteInput(InputSchema):
    """A place a hub works from. The name is checked for personal details, and kept once per hub, by
    the service."""

    owner = "A site"
    name = Text("The site's name", max_length=200, missing="Enter the site's name")
    lsoa = LsoaCode()


class TimeOfDay(FieldRule):
    """A time of day, as a time or as text like 09:30 or 9.30."""

    def __init__(self, label: str) -> None:
        self.label = label  # "The opening time"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> dt.time | None:
        if isinstance(value, dt.time):
            return value.replace(second=0, microsecond=0)
        text = str(value or "").strip().replace(".", ":")
        if not text:
            add_error(errors, self.name, f"Enter {self.label.lower()}, like 09:30")
            return None
        match = CLOCK_TIME.fullmatch(text)
        if match is None or int(match["hour"]) > 23 or int(match["minute"]) > 59:
            add_error(errors, self.name, f"{self.label} must be a time like 09:30 or 17:00")
            return None
        return dt.time(int(match["hour"]), int(match["minute"]))


class DayOfWeek(FieldRule):
    """A day of the week: its number (Monday is 0) or its name."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> int | None:
        text = str(value if value is not None else "").strip().lower()
        for number, label in Weekday.choices:
            if text in (str(number), label.lower()):
                return int(number)
        add_error(errors, self.name, "Choose the day of the week")
        return None


class OpensBeforeCloses(FieldsCheck):
    """A session closes after it opens (and on the same day)."""

    def check(self, errors: Errors, cleaned: Mapping[str, Any], current: Any) -> None:
        if "opens" in errors or "closes" in errors:
            return
        opens = self.value("opens", cleaned, current)
        closes = self.value("closes", cleaned, current)
        if opens is not None and closes is not None and closes <= opens:
            add_error(errors, "closes", "The closing time must be after the opening time")


class HubSessionInput(InputSchema):
    """When a site is open: a weekday, its hours, and a short note (term time only, drop-in)."""

    owner = "A session"
    weekday = DayOfWeek()
    opens = TimeOfDay("The opening time")
    closes = TimeOfDay("The closing time")
    note = Text("The note", max_length=200)
    in_order = OpensBeforeCloses()
