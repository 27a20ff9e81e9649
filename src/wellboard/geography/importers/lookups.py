"""``wellboard geography import-lookups``: ONS lookup CSVs into areas and the links between them.

Which lookup a file is comes from its header. ONS portal files name columns ``LSOA11CD``,
``WD19NM``…; files converted from the geographr R package name them ``lsoa21_code``,
``ward24_name``…. Each code column gives a level (its type from the column, its boundary year from
the two digits); the file's vintage is the latest of those years. Every code in a row becomes an
area, and each area is linked to the area in the same row one level up (LSOA to ward, ward to
district, district to county or, for unitary authorities, region; county to region; region to
country). Levels Wellboard does not model (PHE centres, metropolitan counties, Inner/Outer London)
are skipped and counted in the report's notes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from wellboard.core.errors import InvalidInput
from wellboard.core.importing import ImportReport
from wellboard.geography import codes
from wellboard.geography.importers.files import CsvTable, read_csv, tidy_name, within_filter
from wellboard.geography.models import AreaChangeKind
from wellboard.geography.services.reference import (
    AreaRecord,
    ChangeRecord,
    LinkRecord,
    ReferenceBatch,
    reference_batch_apply,
)

COLUMN = re.compile(r"^(?P<entity>[a-z]+?)(?P<yy>\d{2})_?(?P<part>cd|nm|code|name)$")

ENTITY_TYPES: dict[str, str | None] = {
    "lsoa": codes.LSOA,
    "msoa": codes.MSOA,
    "wd": codes.WARD,
    "ward": codes.WARD,
    "lad": codes.LTLA,
    "ltla": codes.LTLA,
    "cty": codes.UTLA,
    "utla": codes.UTLA,
    "rgn": codes.REGION,
    "region": codes.REGION,
    "ctry": codes.COUNTRY,
    "country": codes.COUNTRY,
    "ccg": codes.CCG,
    "icb": codes.ICB,
    "phec": None,  # Public Health England centres: not a geography Wellboard keeps
    "phereg": None,
}
CHANGE_COLUMNS = ("change_code", "chgind")
EXPECTED = "expected columns like LSOA11CD, WD19CD, LAD19CD (ONS) or lsoa21_code, ward24_code (geographr)"


@dataclass(frozen=True)
class Level:
    label: str  # as in the header, e.g. "LSOA11" or "ward24"
    type: str | None  # None: a level Wellboard skips
    year: int
    code_column: int
    name_column: int | None


@dataclass(frozen=True)
class LookupShape:
    levels: tuple[Level, ...]
    vintage: int
    change_column: int | None

    @property
    def description(self) -> str:
        return " → ".join(level.label for level in self.levels)


def detect_lookup(table: CsvTable) -> LookupShape:
    """The levels a lookup file holds, from its header; InvalidInput if it is not a lookup."""
    found: dict[tuple[str, str], dict[str, int]] = {}
    order: list[tuple[str, str]] = []
    for index, header in enumerate(table.header):
        match = COLUMN.match(header.strip().lower())
        if not match or match["entity"] not in ENTITY_TYPES:
            continue
        key = (match["entity"], match["yy"])
        if key not in found:
            found[key] = {}
            order.append(key)
        found[key]["code" if match["part"] in {"cd", "code"} else "name"] = index
    levels = []
    for entity, yy in order:
        columns = found[(entity, yy)]
        if "code" not in columns:
            continue
        label = table.header[columns["code"]].strip()
        label = label[: -len("_code")] if label.lower().endswith("_code") else label[:-2]
        levels.append(
            Level(label, ENTITY_TYPES[entity], 2000 + int(yy), columns["code"], columns.get("name"))
        )
    if not levels:
        shown = ", ".join(table.header[:8]) + ("…" if len(table.header) > 8 else "")
        raise InvalidInput(f"{table.name} does not look like an ONS lookup: {EXPECTED}; it has {shown}")
    change_column = table.find(*CHANGE_COLUMNS)
    if change_column is not None and not _change_pair(tuple(levels)):
        change_column = None
    return LookupShape(tuple(levels), max(level.year for level in levels), change_column)


def _change_pair(levels: tuple[Level, ...]) -> tuple[Level, Level] | None:
    """The two levels of the same type and different years (LSOA11 and LSOA21), oldest first."""
    for i, a in enumerate(levels):
        for b in levels[i + 1 :]:
            if a.type is not None and a.type == b.type and a.year != b.year:
                return (a, b) if a.year < b.year else (b, a)
    return None


@dataclass
class _RowArea:
    level: Level
    code: str
    type: str


class _LookupReader:
    """Turns the rows of one lookup into a batch, rejecting rows that contradict each other."""

    def __init__(self, table: CsvTable, shape: LookupShape, report: ImportReport) -> None:
        self.table = table
        self.shape = shape
        self.report = report
        self.batch = ReferenceBatch(source=table.name)
        self.named: dict[tuple[str, str], tuple[str, int]] = {}
        self.parent_of: dict[tuple[str, str], tuple[str, int]] = {}
        self.skipped: Counter[str] = Counter()
        self.pair = _change_pair(shape.levels) if shape.change_column is not None else None

    def areas_in(self, row: list[str], row_number: int) -> tuple[list[_RowArea], list[str]] | None:
        """The modelled areas a row names, and every code in it; None if the row is rejected."""
        present: list[_RowArea] = []
        row_codes: list[str] = []
        ok = True
        for level in self.shape.levels:
            code = codes.normalise_code(row[level.code_column])
            if not code:
                continue
            row_codes.append(code)
            column = self.table.header[level.code_column]
            if level.type is None:
                self.skipped[f"{level.label} (not a geography Wellboard keeps)"] += 1
            elif not codes.is_gss_code(code):
                self.report.reject(f"'{code}' is not an ONS GSS code", row=row_number, column=column)
                ok = False
            elif level.type == codes.UTLA and codes.entity_of(code) in codes.NON_ADMINISTRATIVE_COUNTIES:
                self.skipped["metropolitan counties and Inner/Outer London (not councils)"] += 1
            elif codes.type_for_code(code) is None:
                self.skipped[f"codes starting {codes.entity_of(code)} (not a type Wellboard keeps)"] += 1
            elif conflict := codes.type_conflict(code, level.type):
                self.report.reject(conflict, row=row_number, column=column)
                ok = False
            else:
                present.append(_RowArea(level, code, codes.canonical_type(code, level.type)))
        return (present, row_codes) if ok else None

    def add_row(self, row: list[str], present: list[_RowArea], row_number: int) -> None:
        for item in present:
            column = item.level.name_column
            self.add_area(item, tidy_name(row[column]) if column is not None else "", row_number)
        self.add_links(present, row_number)
        if self.pair is not None and self.shape.change_column is not None:
            self.add_change(row, row_number)

    def add_area(self, item: _RowArea, name: str, row_number: int) -> None:
        key = (item.code, item.level.label)
        earlier = self.named.get(key)
        if earlier is not None:
            if name and earlier[0] != name:
                self.report.reject(
                    f"{item.code} is called '{name}' here but '{earlier[0]}' on row {earlier[1]}",
                    row=row_number,
                    column=item.level.label,
                )
            return
        self.named[key] = (name, row_number)
        known = self.batch.areas.get(item.code)
        if known is not None:
            # the same code at two levels of one row (an LSOA unchanged from 2011 to 2021): keep the
            # earliest year and the newest name
            newer = item.level.year >= (known.geography_year or 0)
            self.batch.areas[item.code] = AreaRecord(
                code=item.code,
                name=(name if newer and name else known.name),
                type=item.type,
                geography_year=min(item.level.year, known.geography_year or item.level.year),
                row=known.row,
            )
            return
        self.batch.areas[item.code] = AreaRecord(
            code=item.code,
            name=name or item.code,
            type=item.type,
            geography_year=item.level.year,
            row=row_number,
        )

    def add_links(self, present: list[_RowArea], row_number: int) -> None:
        for child in present:
            natural = codes.natural_parent_types(child.code, child.type)
            for parent in present:
                if parent.code == child.code or parent.type not in natural:
                    continue
                key = (child.code, parent.type)
                earlier = self.parent_of.get(key)
                if earlier is not None and earlier[0] != parent.code:
                    self.report.reject(
                        f"{child.code} lies in {parent.code} here but in {earlier[0]} on row {earlier[1]}",
                        row=row_number,
                    )
                    continue
                self.parent_of[key] = (parent.code, row_number)
                self.batch.links[(child.code, parent.code)] = LinkRecord(
                    child.code, parent.code, self.shape.vintage, row_number
                )

    def add_change(self, row: list[str], row_number: int) -> None:
        if self.pair is None or self.shape.change_column is None:
            return
        old = codes.normalise_code(row[self.pair[0].code_column])
        new = codes.normalise_code(row[self.pair[1].code_column])
        kind = row[self.shape.change_column].strip().upper()
        if not old or not new:
            return
        if kind not in AreaChangeKind.values:
            self.report.reject(
                f"'{kind}' is not a change code: use U (unchanged), S (split), M (merged) or X (redrawn)",
                row=row_number,
                column=self.table.header[self.shape.change_column],
            )
            return
        self.batch.changes[(old, new)] = ChangeRecord(old, new, kind, row_number)


def import_lookups(
    path: str | Path, *, dry_run: bool = False, within: Sequence[str] | None = None
) -> ImportReport:
    """Import one ONS lookup CSV: validate every row, report, and apply unless ``dry_run``.

    ``within`` keeps only rows that name one of these areas or an area known to lie inside them.
    """
    table = read_csv(path)
    shape = detect_lookup(table)
    report = ImportReport(source=table.name, dry_run=dry_run)
    report.notes.append(f"Lookup: {shape.description} (vintage {shape.vintage})")
    keep = within_filter(within)
    reader = _LookupReader(table, shape, report)
    kept_rows = 0
    for row_number, row in table.numbered():
        report.rows_read += 1
        found = reader.areas_in(row, row_number)
        if found is None:
            continue
        present, row_codes = found
        if keep is not None and not any(code in keep for code in row_codes):
            continue
        kept_rows += 1
        reader.add_row(row, present, row_number)
    modelled = [level for level in shape.levels if level.type is not None]
    if len({level.type for level in modelled}) > 1 and kept_rows and not reader.batch.links:
        report.notes.append(
            f"this lookup links areas more than one level apart ({shape.description}); Wellboard links each "
            "area only to the next level up (LSOA to ward, ward to district…), so it stored the areas "
            "but no links"
        )
    for what, count in reader.skipped.items():
        report.notes.append(f"skipped {count:,} codes of {what}")
    if keep is not None:
        report.notes.append(
            f"kept {kept_rows:,} of {report.rows_read:,} rows (those within {', '.join(within or [])})"
        )
    if report.ok:
        reference_batch_apply(batch=reader.batch, report=report, dry_run=dry_run)
    return report
