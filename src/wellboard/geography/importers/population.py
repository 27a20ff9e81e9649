"""``wellboard geography import-population``: ONS mid-year estimates and census counts.

Three layouts, recognised from the header:

* **wide**: one row per area (and sex, if there is a sex column), a column per single year of
  age ``0`` … ``89`` and ``90+``, usually with a total (``total_population`` or ``All ages``);
* **long**: ``area_code, sex, age_band, population``, one row per band (``0-4`` … ``90+``);
* **census broad ages**: ``ltla21_code, total_population, total_females, total_males, …``.

The year comes from ``--year`` or the file name (``population19_…``, ``mye2019_…``,
``age_gender21_…``). Every total is checked against its parts; a row that does not add up is
rejected.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from wellboard.core.errors import InvalidInput
from wellboard.core.importing import ImportReport
from wellboard.geography import codes
from wellboard.geography.ages import ALL_AGES, AgeBand, parse_age_band
from wellboard.geography.importers.files import CsvTable, parse_count, read_csv, tidy_name, within_filter
from wellboard.geography.models import Sex
from wellboard.geography.services.reference import (
    AreaRecord,
    PopulationRecord,
    ReferenceBatch,
    reference_batch_apply,
)

CODE = (
    r"^(lsoa|msoa|ltla|lad|utla|ward|wd|cty|rgn|region)\d{2}_?(cd|code)$|^area_?code$|^code$|^geography code$"
)
NAME = r"^(lsoa|msoa|ltla|lad|utla|ward|wd|cty|rgn|region)\d{2}_?(nm|name)$|^area_?name$|^name$|^geography$"
TOTAL = r"^total_population$|^all ages$|^all_ages$|^total$"
YEAR_IN_NAME = (
    (re.compile(r"mye(\d{4})"), 0),
    (re.compile(r"census(\d{4})"), 0),
    (re.compile(r"population(\d{2})_"), 2000),
    (re.compile(r"age_gender(\d{2})_"), 2000),
)
SEXES = {
    "persons": Sex.PERSONS,
    "all persons": Sex.PERSONS,
    "all": Sex.PERSONS,
    "total": Sex.PERSONS,
    "males": Sex.MALES,
    "male": Sex.MALES,
    "m": Sex.MALES,
    "females": Sex.FEMALES,
    "female": Sex.FEMALES,
    "f": Sex.FEMALES,
}
CENSUS_COLUMNS = ("total_population", "total_females", "total_males")
CENSUS_BROAD = ("younger", "working_age", "older")


def year_from_name(name: str) -> int | None:
    for pattern, century in YEAR_IN_NAME:
        match = pattern.search(name.lower())
        if match:
            return century + int(match.group(1))
    return None


class _PopulationReader:
    def __init__(self, table: CsvTable, year: int, report: ImportReport, keep: set[str] | None) -> None:
        self.table = table
        self.year = year
        self.report = report
        self.keep = keep
        self.batch = ReferenceBatch(source=table.name)
        self.seen: dict[tuple[str, str, str], int] = {}
        self.skipped: Counter[str] = Counter()
        self.kept_rows = 0
        code_column = table.find(pattern=CODE)
        if code_column is None:
            raise InvalidInput(
                f"{table.name} does not look like a population file: it has no area code column "
                "(expected lsoa11_code, ltla19_code, area_code or similar)"
            )
        self.code_column = code_column
        self.name_column = table.find(pattern=NAME)

    def area(self, row: list[str], row_number: int) -> str | None:
        """The row's area code if the row is to be imported; registers the area for creation."""
        code = codes.normalise_code(row[self.code_column])
        if not codes.is_gss_code(code):
            self.report.reject(
                f"'{code}' is not an ONS GSS code", row=row_number, column=self.table.header[self.code_column]
            )
            return None
        area_type = codes.type_for_code(code)
        if area_type is None:
            self.skipped[codes.entity_of(code)] += 1
            return None
        if self.keep is not None and code not in self.keep:
            return None
        self.kept_rows += 1
        # a file that names its areas may add the ones Wellboard lacks; one that gives only codes
        # (the census file) needs them imported from a lookup first
        if code not in self.batch.areas and self.name_column is not None:
            name = tidy_name(row[self.name_column])
            self.batch.areas[code] = AreaRecord(code, name or code, area_type, None, row_number, rename=False)
        return code

    def add(self, code: str, sex: str, band: AgeBand, count: int, row_number: int) -> None:
        key = (code, sex, band.label)
        if key in self.seen:
            self.report.reject(
                f"{code} {sex} {band.label} appears again (first on row {self.seen[key]})", row=row_number
            )
            return
        self.seen[key] = row_number
        self.batch.populations.append(
            PopulationRecord(code, self.year, sex, band.label, band.age_from, band.age_to, count, row_number)
        )

    def finish(self, dry_run: bool, within: Sequence[str] | None) -> None:
        for entity, count in self.skipped.items():
            self.report.notes.append(
                f"skipped {count:,} rows for {entity}… areas, which Wellboard does not keep"
            )
        if self.keep is not None:
            shown = ", ".join(within or [])
            self.report.notes.append(
                f"kept {self.kept_rows:,} of {self.report.rows_read:,} rows (within {shown})"
            )
        if self.report.ok:
            reference_batch_apply(batch=self.batch, report=self.report, dry_run=dry_run)


def _sex(text: str) -> str | None:
    return SEXES.get(" ".join(text.strip().lower().split()))


def _read_wide(reader: _PopulationReader, age_columns: list[tuple[int, AgeBand]]) -> None:
    table, report = reader.table, reader.report
    sex_column = table.find("sex", "gender")
    total_column = table.find(pattern=TOTAL)
    if sex_column is None:
        report.notes.append("the file has no sex column: its figures are for persons")
    for row_number, row in table.numbered():
        report.rows_read += 1
        code = reader.area(row, row_number)
        if code is None:
            continue
        sex: str | None = _sex(row[sex_column]) if sex_column is not None else Sex.PERSONS
        if sex is None:
            report.reject(
                f"'{row[sex_column or 0]}' is not Persons, Males or Females", row=row_number, column="sex"
            )
            continue
        counts: list[tuple[AgeBand, int]] = []
        for index, band in age_columns:
            try:
                counts.append((band, parse_count(row[index])))
            except ValueError as exc:
                report.reject(f"the count {exc}", row=row_number, column=table.header[index])
        if len(counts) != len(age_columns):
            continue
        parts = sum(count for _, count in counts)
        if total_column is not None:
            try:
                total = parse_count(row[total_column])
            except ValueError as exc:
                report.reject(f"the total {exc}", row=row_number, column=table.header[total_column])
                continue
            if total != parts:
                report.reject(
                    f"the ages add up to {parts:,} but the total is {total:,}",
                    row=row_number,
                    column=table.header[total_column],
                )
                continue
            reader.add(code, sex, AgeBand(ALL_AGES, 0, None), total, row_number)
        for band, count in counts:
            reader.add(code, sex, band, count, row_number)


def _read_long(reader: _PopulationReader, sex_column: int, band_column: int, count_column: int) -> None:
    table, report = reader.table, reader.report
    for row_number, row in table.numbered():
        report.rows_read += 1
        code = reader.area(row, row_number)
        if code is None:
            continue
        sex = _sex(row[sex_column])
        if sex is None:
            report.reject(
                f"'{row[sex_column]}' is not Persons, Males or Females", row=row_number, column="sex"
            )
            continue
        try:
            band = parse_age_band(row[band_column])
            count = parse_count(row[count_column])
        except ValueError as exc:
            report.reject(str(exc), row=row_number)
            continue
        reader.add(code, sex, band, count, row_number)


def _read_census(reader: _PopulationReader) -> None:
    table, report = reader.table, reader.report
    column = {name: table.find(name) for name in CENSUS_COLUMNS}
    broad = {
        (group, sex): table.find(f"{group}_{sex}") for group in CENSUS_BROAD for sex in ("females", "males")
    }
    mismatched = 0
    examples: list[str] = []
    for row_number, row in table.numbered():
        report.rows_read += 1
        code = reader.area(row, row_number)
        if code is None:
            continue
        try:
            values = {name: parse_count(row[index]) for name, index in column.items() if index is not None}
        except ValueError as exc:
            report.reject(f"a count {exc}", row=row_number)
            continue
        persons, females, males = (values[n] for n in CENSUS_COLUMNS)
        if females + males != persons:
            report.reject(
                f"females ({females:,}) and males ({males:,}) do not add up to the total ({persons:,})",
                row=row_number,
            )
            continue
        for sex, count in ((Sex.PERSONS, persons), (Sex.FEMALES, females), (Sex.MALES, males)):
            reader.add(code, sex, AgeBand(ALL_AGES, 0, None), count, row_number)
        for suffix, total in (("females", females), ("males", males)):
            indexes = [broad[(group, suffix)] for group in CENSUS_BROAD]
            if any(i is None for i in indexes):
                continue
            try:
                parts = sum(parse_count(row[i]) for i in indexes if i is not None)
            except ValueError:
                parts = -1
            if parts != total:
                mismatched += 1
                if len(examples) < 2:
                    examples.append(f"{code} {suffix}: {parts:,} against {total:,}")
    if any(broad.values()):
        if mismatched:
            report.notes.append(
                f"the younger/working-age/older columns do not add up to the totals in {mismatched:,} "
                f"cases (e.g. {'; '.join(examples)}) and do not say which ages they cover, so only the "
                "all-ages totals by sex were imported"
            )
        else:
            report.notes.append(
                "the younger/working-age/older columns do not say which ages they cover, so only the "
                "all-ages totals by sex were imported"
            )


def import_population(
    path: str | Path, *, year: int | None = None, dry_run: bool = False, within: Sequence[str] | None = None
) -> ImportReport:
    """Import one population file; ``year`` overrides the year in the file name."""
    table = read_csv(path)
    year = year or year_from_name(table.name)
    if year is None:
        raise InvalidInput(
            f"Give the year of the figures in {table.name} with --year (the file name does not say)"
        )
    if not 1900 <= year <= 2100:
        raise InvalidInput(f"{year} is not a plausible year for population figures")
    report = ImportReport(source=table.name, dry_run=dry_run)
    report.notes.append(f"year {year}")
    reader = _PopulationReader(table, year, report, within_filter(within))

    age_columns: list[tuple[int, AgeBand]] = []
    for index, header in enumerate(table.header):
        if re.fullmatch(r"\d{1,3}\+?", header.strip()):
            age_columns.append((index, parse_age_band(header)))
    band_column = table.find("age_band", "age band", "age")
    sex_column = table.find("sex", "gender")
    count_column = table.find("population", "count", "value", "obs_value")
    if age_columns:
        _read_wide(reader, age_columns)
    elif band_column is not None and sex_column is not None and count_column is not None:
        _read_long(reader, sex_column, band_column, count_column)
    elif all(table.find(name) is not None for name in CENSUS_COLUMNS):
        _read_census(reader)
    else:
        raise InvalidInput(
            f"{table.name} does not look like a population file: expected single-year columns (0, 1, … 90+), "
            "or columns area_code, sex, age_band and population, or census totals (total_population, "
            "total_females, total_males)"
        )
    reader.finish(dry_run, within)
    return report
