"""What a service of the feed is read into, and the checker that records each problem with where
it is."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from wellboard.core.importing import ImportReport
from wellboard.directory.importers.structure.reading import MAX_REJECTIONS
from wellboard.directory.inputs import control_character_in
from wellboard.directory.services import LocationValues, PhoneValues


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
            self.report.reject(reason, row=self.number, column=path)

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
                self.reject(where, "is required")
            return None
        if not isinstance(value, str):
            self.reject(where, "must be text")
            return None
        if control_character_in(value):
            self.reject(where, "holds a control character")
            return None
        if required and not value.strip() and key == "name":
            self.reject(where, "must not be empty")
        return value

    def uuid(
        self, container: dict[str, Any], key: str, path: str, *, required: bool = True
    ) -> uuid.UUID | None:
        value = container.get(key)
        where = f"{path}{key}"
        if value is None:
            if required:
                self.reject(where, "is required")
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            return uuid.UUID(value)
        except ValueError:
            self.reject(where, "must be a UUID, like 3f7b145d-84af-42d7-8fae-eaca714b02b2")
            return None

    def number_at(self, container: dict[str, Any], key: str, path: str) -> Decimal | None:
        value = container.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.reject(f"{path}{key}", "must be a number")
            return None
        return Decimal(str(value))

    def choice(self, container: dict[str, Any], key: str, path: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(container, key, path, required=True)
        if value is not None and value not in choices:
            self.reject(f"{path}{key}", f"must be one of: {', '.join(choices)} (not '{value}')")
            return None
        return value
