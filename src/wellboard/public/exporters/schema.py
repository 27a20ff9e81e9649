"""How an open dataset is described: its fields, its Frictionless resource and the licence
every dataset is published under."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wellboard.partners.models import Partnership

LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
SUPPRESSED_DESCRIPTION = (
    "True where a figure in this row is withheld by the partnership's disclosure rule (its cell is blank)"
)
Row = dict[str, Any]


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Frictionless table schema type: string, integer, number, boolean, date, datetime
    title: str
    description: str = ""

    def descriptor(self) -> dict[str, str]:
        found = {"name": self.name, "type": self.type, "title": self.title}
        if self.description:
            found["description"] = self.description
        return found


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    source: str
    fields: tuple[Field, ...]
    rows: Callable[[Partnership], list[Row]]

    def resource(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": f"{self.name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": self.title,
            "description": self.description,
            "sources": [{"title": self.source}],
            "licenses": [LICENCE],
            "schema": {"fields": [f.descriptor() for f in self.fields], "missingValues": [""]},
        }
