"""What an importer hands over: the records one reference-data file holds, keyed in a batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class AreaRecord:
    code: str
    name: str
    type: str
    geography_year: int | None = None
    row: int | None = None
    rename: bool = True  # False: the file only names areas it creates (IMD, population files)


@dataclass(frozen=True)
class LinkRecord:
    child: str
    parent: str
    year: int | None
    row: int | None = None


@dataclass(frozen=True)
class ChangeRecord:
    predecessor: str
    successor: str
    kind: str
    row: int | None = None


@dataclass(frozen=True)
class DeprivationRecord:
    code: str
    edition: str
    score: Decimal
    rank: int
    ranked_areas: int
    decile: int
    population: int | None = None
    derived: bool = False
    row: int | None = None


@dataclass(frozen=True)
class PopulationRecord:
    code: str
    year: int
    sex: str
    age_band: str
    age_from: int
    age_to: int | None
    count: int
    row: int | None = None


@dataclass
class ReferenceBatch:
    """Everything one file says, keyed so that a code appears once."""

    source: str
    areas: dict[str, AreaRecord] = field(default_factory=dict)
    links: dict[tuple[str, str], LinkRecord] = field(default_factory=dict)
    changes: dict[tuple[str, str], ChangeRecord] = field(default_factory=dict)
    geometries: dict[str, dict[str, Any]] = field(default_factory=dict)
    deprivation: list[DeprivationRecord] = field(default_factory=list)
    populations: list[PopulationRecord] = field(default_factory=list)
