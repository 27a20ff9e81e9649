"""What the geography app accepts for a partnership's custom areas (``CustomAreaInput``).

The services clean what they are given through these schemas; the custom area form takes its limits
and messages from them. Whether member codes name areas of the right types, and whether a name is
already used, are checked by the service, which looks them up.
"""

from __future__ import annotations

import re
from typing import Any

from wellboard.core.access import Actor
from wellboard.core.inputs import Errors, FieldRule, InputSchema, Text, add_error
from wellboard.geography import codes

MAX_AREA_NAME = 200
MAX_CUSTOM_MEMBERS = 5000


def split_codes(text: str) -> list[str]:
    """Codes typed or pasted one per line, or separated by commas, semicolons or spaces."""
    return [code for code in re.split(r"[\s,;]+", text or "") if code]


class AreaName(Text):
    """An area's name on one line: runs of spaces and line breaks become one space."""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> str:
        return super().clean(errors, " ".join(str(value or "").split()), creating=creating, by=by)


class MemberCodes(FieldRule):
    """The codes of the areas a custom area is made of, as a list or as typed (``split_codes``), in
    capitals, each once, in the order given."""

    missing = "Enter the codes of the LSOAs, wards or MSOAs in the area"

    @staticmethod
    def parse(value: Any) -> list[str]:
        given = split_codes(value) if isinstance(value, str) else list(value or ())
        return list(dict.fromkeys(codes.normalise_code(c) for c in given if c and c.strip()))

    def problem(self, wanted: list[str]) -> str:
        """What is wrong with the codes as parsed, or '' when nothing is (the form asks too)."""
        if not wanted:
            return self.missing
        if len(wanted) > MAX_CUSTOM_MEMBERS:
            return f"A custom area can have at most {MAX_CUSTOM_MEMBERS} members"
        return ""

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> list[str]:
        wanted = self.parse(value)
        if problem := self.problem(wanted):
            add_error(errors, self.name, problem)
        return wanted


class CustomAreaInput(InputSchema):
    """A partnership's own area, such as a hub's catchment, made of LSOAs, wards or MSOAs."""

    owner = "A custom area"
    name = AreaName("The name", max_length=MAX_AREA_NAME, missing="Enter a name for the area")
    member_codes = MemberCodes()
    description = Text("The description")
