"""What the partners app accepts for each record it writes: one input schema per entity.

The services clean what they are given through these schemas, whichever channel it came from (a
page, the command line, the strategy workbook's Organisations sheet or the demo); the forms and the
workbook take their limits and messages from them. Checks against other records (a name or short
name already used, the last coordinator) stay with the service.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from wellboard.core.access import Actor, Role
from wellboard.core.inputs import (
    Choice,
    Date,
    DateOrder,
    Errors,
    FieldRule,
    Flag,
    InputSchema,
    Member,
    NeededWhen,
    OptionalDate,
    Slug,
    Text,
    add_error,
)
from wellboard.partners.models import DisclosureRule, Organisation, OrganisationType


class Email(FieldRule):
    """An email address, trimmed and in lower case."""

    message = "Enter an email address, like name@example.org"
    max_length = 254

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        email = str(value or "").strip().lower()
        if "@" not in email:
            add_error(errors, self.name, self.message)
        elif len(email) > self.max_length:
            add_error(errors, self.name, f"The email address must be {self.max_length} characters or fewer")
        return email


class AreaCode(FieldRule):
    """The ONS code of the place a partnership serves, such as E07000243, or nothing."""

    pattern = r"^[EWSNK]\d{8}$"
    message = "Enter an ONS code: a letter and 8 digits, like E07000243"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        code = str(value or "").strip()
        if code and not re.match(self.pattern, code):
            add_error(errors, self.name, self.message)
        return code


class WebAddress(FieldRule):
    """A web address starting http:// or https://, or nothing."""

    message = "Enter a web address, like https://example.org"
    max_length = 200

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        address = str(value or "").strip()
        if not address:
            return address
        if len(address) > self.max_length:
            add_error(errors, self.name, f"The web address must be {self.max_length} characters or fewer")
            return address
        try:
            URLValidator(schemes=["http", "https"])(address)
        except ValidationError:
            add_error(errors, self.name, self.message)
        return address


class Roles(FieldRule):
    """A set of roles, each by its value; kept in the order roles are listed, without repeats."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> list[str]:
        given = [value] if isinstance(value, str) else list(value or [])
        unknown = [str(role) for role in given if role not in Role.values]
        if unknown:
            add_error(errors, self.name, f"Not a role: {', '.join(unknown)}")
        return [role for role in Role.values if role in given]


class PartnershipSettingsInput(InputSchema):
    """What a coordinator may change about their partnership."""

    owner = "A partnership"
    name = Text("The name", max_length=200, missing="Enter the partnership's name")
    place_name = Text("The place", max_length=200, missing="Enter the place it serves")
    description = Text("The description")
    area_code = AreaCode()
    fortnight_anchor = Date(missing="Enter the first day of a fortnight")
    disclosure_rule = Choice(
        DisclosureRule,
        labels_accepted=False,
        invalid="Choose how small numbers in published figures are shown",
    )
    is_public = Flag()
    two_factor_roles = Roles()


class PartnershipInput(PartnershipSettingsInput):
    """A new partnership: its settings, and the short name in its web address, which stays."""

    slug = Slug(what="partnership", max_length=60)


class OrganisationInput(InputSchema):
    """What can be changed about a member organisation."""

    owner = "An organisation"
    name = Text("The name", max_length=200, missing="Enter the organisation's name")
    kind = Choice(
        OrganisationType,
        labels_accepted=False,
        invalid=f"Choose a type: {', '.join(OrganisationType.labels)}",
    )
    website = WebAddress()
    description = Text("The description")


class NewOrganisationInput(OrganisationInput):
    """A new member organisation: its details, and the short name in its web address, which stays."""

    slug = Slug(what="organisation")


class MembershipInput(InputSchema):
    """An organisation's membership of the partnership: its seat on the board and its dates."""

    owner = "A membership"
    board_seat = Flag()
    seat_title = Text("The seat", max_length=200)
    joined_on = OptionalDate("date it joined")
    left_on = OptionalDate("date it left")
    left_after_joining = DateOrder(
        "joined_on", "left_on", "The date it left must be after the date it joined"
    )


class PersonInput(InputSchema):
    """Someone who signs in: their email address is their sign-in name."""

    owner = "A person"
    email = Email()
    first_name = Text("The first name", max_length=150, missing="Enter a first name")
    last_name = Text("The last name", max_length=150)
    job_title = Text("The job title", max_length=200)


class RoleInput(InputSchema):
    """A role in the partnership; a contributor holds theirs for one of its organisations."""

    owner = "A role"
    role = Choice(Role, labels_accepted=False, invalid=f"Choose a role: {', '.join(Role.values)}")
    organisation = Member(Organisation, wrong="That organisation is not in this partnership")
    contributors_organisation = NeededWhen(
        "organisation", "role", Role.CONTRIBUTOR, "Choose the organisation they will contribute for"
    )


class InvitationInput(RoleInput):
    """An emailed invitation to take a role."""

    owner = "An invitation"
    email = Email()


class ApiTokenInput(InputSchema):
    owner = "An API token"
    name = Text("The name", max_length=100, missing="Say what will use this token")
