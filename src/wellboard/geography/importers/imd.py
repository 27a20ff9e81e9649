"""``wellboard geography import-imd``: English Indices of Deprivation, LSOA level, plus derived
ward and district figures (see ``wellboard.geography.deprivation`` for the method).

Accepted layouts: the tidy files in ``imd2019/`` and ``imd2025/`` (``lsoa11cd``, ``imd_score``,
``imd_rank``, ``imd_decile`` or ``lsoa21_code``, ``IMD_score``…) and MHCLG's File 7 style headers
("Index of Multiple Deprivation (IMD) Score"). Population weights come from ``--population``
(MHCLG's File 6 of denominators) or a population column in the file itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from wellboard.core.errors import InvalidInput
from wellboard.core.importing import ImportReport
from wellboard.geography import codes
from wellboard.geography.deprivation import decile_for_rank, derive_deprivation
from wellboard.geography.importers.files import CsvTable, parse_count, read_csv, tidy_name, within_filter
from wellboard.geography.importers.lookups import detect_lookup
from wellboard.geography.models import DeprivationEdition
from wellboard.geography.selectors import known_codes, parent_codes
from wellboard.geography.services.reference import (
    AreaRecord,
    DeprivationRecord,
    ReferenceBatch,
    reference_batch_apply,
)


@dataclass(frozen=True)
class Edition:
    code: str
    lsoa_year: int  # the LSOA boundary set it is published on
    lsoas_in_england: int
    ward_year: int | None  # lookup vintage that places its LSOAs in wards (None: the latest)


EDITIONS = {
    DeprivationEdition.IMD2019.value: Edition(DeprivationEdition.IMD2019.value, 2011, 32_844, 2019),
    DeprivationEdition.IMD2025.value: Edition(DeprivationEdition.IMD2025.value, 2021, 33_755, None),
}

LSOA_CODE = r"^lsoa\s*(\d{2})?_?(cd|code)$|^lsoa\s*(\d{2})?_?(cd|code)\b|^lsoa code \((\d{4})\)$"
LSOA_NAME = r"^lsoa\s*\d{2}_?(nm|name)$|^lsoa name"
LAD_CODE = r"^(lad|ltla)\d{2}_?(cd|code)$|^local authority district code"
LAD_NAME = r"^(lad|ltla)\d{2}_?(nm|name)$|^local authority district name"
SCORE = r"^imd_score$|^index of multiple deprivation \(imd\) score"
RANK = r"^imd_rank$|^index of multiple deprivation \(imd\) rank"
DECILE = r"^imd_decile$|^index of multiple deprivation \(imd\) decile"
POPULATION = r"^total population|^total_population$|^population$"


@dataclass(frozen=True)
class _Columns:
    code: int
    name: int | None
    lad: int | None
    lad_name: int | None
    score: int
    rank: int
    decile: int
    population: int | None


def _columns(table: CsvTable, edition: Edition) -> _Columns:
    code = table.find(pattern=LSOA_CODE)
    score, rank, decile = table.find(pattern=SCORE), table.find(pattern=RANK), table.find(pattern=DECILE)
    missing = [
        what
        for what, index in (
            ("LSOA code", code),
            ("IMD score", score),
            ("IMD rank", rank),
            ("IMD decile", decile),
        )
        if index is None
    ]
    if missing or code is None or score is None or rank is None or decile is None:
        raise InvalidInput(
            f"{table.name} does not look like an IMD file: it has no {' or '.join(missing)} column "
            "(expected columns like lsoa11cd, imd_score, imd_rank, imd_decile)"
        )
    digits = re.findall(r"\d+", table.header[code])
    if digits:
        year = int(digits[0])
        year = year + 2000 if year < 100 else year
        if year != edition.lsoa_year:
            other = next((e.code for e in EDITIONS.values() if e.lsoa_year == year), None)
            hint = f": did you mean --edition {other}?" if other else ""
            raise InvalidInput(
                f"{table.name} is on {year} LSOAs but {edition.code} is published on "
                f"{edition.lsoa_year} LSOAs{hint}"
            )
    return _Columns(
        code=code,
        name=table.find(pattern=LSOA_NAME),
        lad=table.find(pattern=LAD_CODE),
        lad_name=table.find(pattern=LAD_NAME),
        score=score,
        rank=rank,
        decile=decile,
        population=table.find(pattern=POPULATION),
    )


def read_populations(path: str | Path) -> dict[str, int]:
    """LSOA populations from a denominators file such as MHCLG's File 6 (code and total columns)."""
    table = read_csv(path)
    code = table.find(pattern=LSOA_CODE)
    total = table.find(pattern=POPULATION)
    if code is None or total is None:
        raise InvalidInput(
            f"{table.name} does not look like a population file: expected an LSOA code column and a "
            "'Total population' column"
        )
    result: dict[str, int] = {}
    for row_number, row in table.numbered():
        try:
            result[codes.normalise_code(row[code])] = parse_count(row[total])
        except ValueError as exc:
            raise InvalidInput(f"{table.name}, row {row_number}: the population {exc}") from exc
    return result


@dataclass
class _Lsoa:
    code: str
    name: str
    lad: str
    lad_name: str
    score: Decimal
    rank: int
    decile: int
    population: int | None
    row: int


def _read_rows(table: CsvTable, columns: _Columns, edition: Edition, report: ImportReport) -> list[_Lsoa]:
    seen: dict[str, int] = {}
    rows: list[_Lsoa] = []
    n = edition.lsoas_in_england
    header = table.header
    for row_number, row in table.numbered():
        report.rows_read += 1
        code = codes.normalise_code(row[columns.code])
        problems: list[tuple[str, int]] = []
        if codes.entity_of(code) != "E01" or not codes.is_gss_code(code):
            problems.append((f"'{code}' is not an English LSOA code (E01 and 6 digits)", columns.code))
        elif code in seen:
            problems.append((f"{code} appears again (first on row {seen[code]})", columns.code))
        try:
            score = Decimal(row[columns.score].strip())
            if not score.is_finite() or score < 0 or score > 100:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(
                (f"'{row[columns.score]}' is not an IMD score (a number from 0 to 100)", columns.score)
            )
            score = Decimal(0)
        rank = decile = 0
        try:
            rank = parse_count(row[columns.rank])
            if not 1 <= rank <= n:
                raise ValueError(f"is outside 1 to {n:,}")
        except ValueError as exc:
            problems.append((f"the rank {exc}", columns.rank))
        try:
            decile = parse_count(row[columns.decile])
            if not 1 <= decile <= 10:
                raise ValueError("is not from 1 to 10")
            if 1 <= rank <= n and decile != decile_for_rank(rank, n):
                raise ValueError(
                    f"{decile} does not match rank {rank:,} (that is decile {decile_for_rank(rank, n)})"
                )
        except ValueError as exc:
            problems.append((f"the decile {exc}", columns.decile))
        population = None
        if columns.population is not None:
            try:
                population = parse_count(row[columns.population])
            except ValueError as exc:
                problems.append((f"the population {exc}", columns.population))
        for reason, column in problems:
            report.reject(reason, row=row_number, column=header[column])
        if problems:
            continue
        seen[code] = row_number
        rows.append(
            _Lsoa(
                code=code,
                name=tidy_name(row[columns.name]) if columns.name is not None else "",
                lad=codes.normalise_code(row[columns.lad]) if columns.lad is not None else "",
                lad_name=tidy_name(row[columns.lad_name]) if columns.lad_name is not None else "",
                score=score,
                rank=rank,
                decile=decile,
                population=population,
                row=row_number,
            )
        )
    return rows


def read_ward_lookup(path: str | Path, edition: Edition) -> dict[str, str]:
    """{LSOA code: ward code} straight from an ONS LSOA-to-ward lookup file (nothing is stored)."""
    table = read_csv(path)
    shape = detect_lookup(table)
    lsoa = next((lv for lv in shape.levels if lv.type == codes.LSOA and lv.year == edition.lsoa_year), None)
    ward = next((lv for lv in shape.levels if lv.type == codes.WARD), None)
    if lsoa is None or ward is None:
        raise InvalidInput(
            f"{table.name} is not a lookup from {edition.lsoa_year} LSOAs to wards "
            f"(it is {shape.description})"
        )
    return {
        codes.normalise_code(row[lsoa.code_column]): codes.normalise_code(row[ward.code_column])
        for row in table.rows
        if row[lsoa.code_column].strip() and row[ward.code_column].strip()
    }


def import_imd(
    path: str | Path,
    *,
    edition: str,
    population_file: str | Path | None = None,
    ward_lookup: str | Path | None = None,
    dry_run: bool = False,
    within: Sequence[str] | None = None,
) -> ImportReport:
    """Import LSOA deprivation for ``edition``, and derive wards and districts from a national file.

    LSOAs are placed in wards by the lookups already imported, or by ``ward_lookup`` (an ONS
    LSOA-to-ward lookup CSV read without storing it, so a partial load can still rank wards
    nationally)."""
    if edition not in EDITIONS:
        raise InvalidInput(f"The edition must be one of {', '.join(EDITIONS)}, not '{edition}'")
    spec = EDITIONS[edition]
    table = read_csv(path)
    columns = _columns(table, spec)
    report = ImportReport(source=table.name, dry_run=dry_run)
    keep = within_filter(within)
    lsoas = _read_rows(table, columns, spec, report)
    for item in lsoas:
        if item.lad and not (codes.is_gss_code(item.lad) and codes.type_for_code(item.lad) == codes.LTLA):
            column = table.header[columns.lad or 0]
            report.reject(f"'{item.lad}' is not a district code", row=item.row, column=column)
    if not report.ok:
        return report

    populations = {i.code: i.population for i in lsoas if i.population is not None} or None
    if population_file is not None:
        populations = read_populations(population_file)
        absent = [i.code for i in lsoas if i.code not in populations]
        if absent:
            raise InvalidInput(
                f"The population file has no figure for {len(absent):,} of the LSOAs (e.g. {absent[0]})"
            )

    batch = ReferenceBatch(source=table.name)
    kept = [i for i in lsoas if keep is None or i.code in keep or i.lad in keep]
    for item in kept:
        batch.areas[item.code] = AreaRecord(
            item.code, item.name or item.code, codes.LSOA, spec.lsoa_year, item.row, rename=False
        )
        if item.lad and item.lad not in batch.areas:
            batch.areas[item.lad] = AreaRecord(
                item.lad, item.lad_name or item.lad, codes.LTLA, None, item.row, rename=False
            )
        batch.deprivation.append(
            DeprivationRecord(
                code=item.code,
                edition=edition,
                score=item.score,
                rank=item.rank,
                ranked_areas=spec.lsoas_in_england,
                decile=item.decile,
                population=populations.get(item.code) if populations else None,
                row=item.row,
            )
        )
    if keep is not None:
        report.notes.append(
            f"kept {len(kept):,} of {len(lsoas):,} LSOAs (those within {', '.join(within or [])})"
        )
    wards = read_ward_lookup(ward_lookup, spec) if ward_lookup is not None else None
    _derive(
        lsoas=lsoas, spec=spec, populations=populations, wards=wards, keep=keep, batch=batch, report=report
    )
    reference_batch_apply(batch=batch, report=report, dry_run=dry_run)
    return report


def _derive(
    *,
    lsoas: list[_Lsoa],
    spec: Edition,
    populations: dict[str, int] | None,
    wards: dict[str, str] | None,
    keep: set[str] | None,
    batch: ReferenceBatch,
    report: ImportReport,
) -> None:
    national = len(lsoas) == spec.lsoas_in_england and max((i.rank for i in lsoas), default=0) == len(lsoas)
    if not national:
        report.notes.append(
            f"the file covers {len(lsoas):,} of England's {spec.lsoas_in_england:,} LSOAs, so ward and "
            "district deprivation were not derived (their ranks would not be national)"
        )
        return
    if populations is None:
        report.notes.append(
            "no population denominators (give --population): ward and district scores are plain means of "
            "their LSOAs' scores, not population-weighted"
        )
    scores = {i.code: i.score for i in lsoas}
    groups_by_type: dict[str, dict[str, str]] = {}
    if all(i.lad for i in lsoas):
        groups_by_type[codes.LTLA] = {i.code: i.lad for i in lsoas}
    else:
        report.notes.append("the file has no district column, so district deprivation was not derived")
    if wards is None:
        wards = parent_codes(child_codes=scores, type=codes.WARD, year=spec.ward_year)
    else:
        wards = {lsoa: ward for lsoa, ward in wards.items() if lsoa in scores}
    if len(wards) == len(scores):
        groups_by_type[codes.WARD] = wards
    else:
        report.notes.append(
            f"the lookups imported so far place {len(wards):,} of the {len(scores):,} LSOAs in wards, so "
            "ward deprivation was not derived: import the LSOA to ward lookup for "
            f"{spec.lsoa_year} LSOAs first"
        )
    known = known_codes({g for groups in groups_by_type.values() for g in groups.values()}) | set(batch.areas)
    for area_type, groups in groups_by_type.items():
        derived = derive_deprivation(scores=scores, groups=groups, populations=populations)
        unknown = 0
        for figure in derived:
            if keep is not None and figure.code not in keep:
                continue
            if figure.code not in known:
                unknown += 1
                continue
            batch.deprivation.append(
                DeprivationRecord(
                    code=figure.code,
                    edition=spec.code,
                    score=figure.score,
                    rank=figure.rank,
                    ranked_areas=figure.ranked_areas,
                    decile=figure.decile,
                    population=figure.population,
                    derived=True,
                )
            )
        plural = "districts and unitary authorities" if area_type == codes.LTLA else "wards"
        report.notes.append(f"derived deprivation for {len(derived):,} {plural}")
        if unknown:
            report.notes.append(
                f"{unknown:,} of those {plural} are not areas yet (import their lookup), so were left out"
            )
