"""``wellboard geography …``: import ONS and MHCLG reference files, and list areas."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError

from wellboard.core.importing import ImportReport
from wellboard.core.management.base import SubcommandGroup
from wellboard.geography.importers.boundaries import BOUNDARY_TYPES, import_boundaries
from wellboard.geography.importers.imd import EDITIONS, import_imd
from wellboard.geography.importers.lookups import import_lookups
from wellboard.geography.importers.population import import_population
from wellboard.geography.models import AreaType
from wellboard.geography.selectors import area_list


def _within(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


class Command(SubcommandGroup):
    help = "Import ONS areas, lookups, deprivation, populations and boundaries; list areas."

    def add_subcommands(self) -> None:
        within_help = (
            "keep only rows about these areas and areas known to lie inside them "
            "(codes, comma-separated or repeated), e.g. --within E10000015"
        )

        lookups = self.subcommand(
            "import-lookups",
            "Import an ONS lookup CSV (LSOA11→WD19→LAD19, WD19→…→CTRY19, geographr lookups…)",
        )
        lookups.add_argument("file", metavar="FILE", help="the CSV file")
        lookups.add_argument(
            "--dry-run", action="store_true", help="report what would change; change nothing"
        )
        lookups.add_argument("--within", action="append", metavar="CODE", help=within_help)

        imd = self.subcommand("import-imd", "Import English Indices of Deprivation scores, ranks and deciles")
        imd.add_argument("file", metavar="FILE", help="the LSOA-level IMD CSV file")
        imd.add_argument("--edition", required=True, choices=sorted(EDITIONS), help="which IMD the file is")
        imd.add_argument(
            "--population",
            metavar="FILE",
            help="LSOA population denominators to weight ward and district scores "
            "(MHCLG's File 6 for IMD2019)",
        )
        imd.add_argument(
            "--ward-lookup",
            metavar="FILE",
            help="an ONS LSOA-to-ward lookup CSV to place LSOAs in wards "
            "(default: the lookups already imported)",
        )
        imd.add_argument("--dry-run", action="store_true", help="report what would change; change nothing")
        imd.add_argument("--within", action="append", metavar="CODE", help=within_help)

        population = self.subcommand(
            "import-population", "Import ONS mid-year population estimates or census counts"
        )
        population.add_argument("file", metavar="FILE", help="the CSV file")
        population.add_argument(
            "--year", type=int, help="the year of the figures (default: from the file name)"
        )
        population.add_argument(
            "--dry-run", action="store_true", help="report what would change; change nothing"
        )
        population.add_argument("--within", action="append", metavar="CODE", help=within_help)

        boundaries = self.subcommand(
            "import-boundaries", "Import area boundaries from a GeoJSON file (WGS84)"
        )
        boundaries.add_argument("file", metavar="FILE", help="the GeoJSON file")
        boundaries.add_argument(
            "--type", dest="area_type", choices=BOUNDARY_TYPES, help="the type of area (default: detected)"
        )
        boundaries.add_argument(
            "--dry-run", action="store_true", help="report what would change; change nothing"
        )
        boundaries.add_argument("--within", action="append", metavar="CODE", help=within_help)

        listing = self.subcommand("list", "Print areas as code, type and name, one per line (tab-separated)")
        listing.add_argument("--type", dest="area_type", choices=[t.value for t in AreaType if t != "custom"])
        listing.add_argument("--within", metavar="CODE", help="only areas inside this one")
        listing.add_argument("--year", type=int, help="use the lookups of this vintage (default: the latest)")

    def _finish(self, report: ImportReport, started: float) -> None:
        for line in report.summary_lines():
            self.stdout.write(line)
        self.stdout.write(f"Took {time.monotonic() - started:.1f} s.")
        if not report.ok:
            raise CommandError(
                f"Nothing was imported: {len(report.rejections)} problem(s) in {report.source} (listed above)"
            )

    def handle_import_lookups(self, **options: Any) -> None:
        started = time.monotonic()
        report = import_lookups(
            options["file"], dry_run=options["dry_run"], within=_within(options["within"])
        )
        self._finish(report, started)

    def handle_import_imd(self, **options: Any) -> None:
        started = time.monotonic()
        report = import_imd(
            options["file"],
            edition=options["edition"],
            population_file=options["population"],
            ward_lookup=options["ward_lookup"],
            dry_run=options["dry_run"],
            within=_within(options["within"]),
        )
        self._finish(report, started)

    def handle_import_population(self, **options: Any) -> None:
        started = time.monotonic()
        report = import_population(
            options["file"],
            year=options["year"],
            dry_run=options["dry_run"],
            within=_within(options["within"]),
        )
        self._finish(report, started)

    def handle_import_boundaries(self, **options: Any) -> None:
        started = time.monotonic()
        report = import_boundaries(
            options["file"],
            area_type=options["area_type"],
            dry_run=options["dry_run"],
            within=_within(options["within"]),
        )
        self._finish(report, started)

    def handle_list(self, **options: Any) -> None:
        areas = area_list(type=options["area_type"], within=options["within"], year=options["year"])
        for code, area_type, name in areas.values_list("code", "type", "name").iterator():
            self.stdout.write(f"{code}\t{area_type}\t{name}")
