"""How long the geography importers take on the real reference files.

Run: ``.venv/bin/python bench/geography_import.py`` (a throw-away SQLite database), or with
``DATABASE_URL=postgres://…/an_empty_database`` for PostgreSQL. Each import runs
twice: the first creates everything, the second must find everything unchanged.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("WELLBOARD_REFERENCE_DATA", ROOT.parent / "shared" / "data"))


def main() -> int:
    if not DATA.is_dir():
        print(f"reference data not found at {DATA}")
        return 1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellboard.settings")
    if "DATABASE_URL" not in os.environ:
        os.environ["WELLBOARD_VAR_DIR"] = tempfile.mkdtemp(prefix="wellboard-bench-")
    import django

    django.setup()
    from django.core.management import call_command

    from wellboard.core.importing import ImportReport
    from wellboard.geography.importers.boundaries import import_boundaries
    from wellboard.geography.importers.imd import import_imd
    from wellboard.geography.importers.lookups import import_lookups
    from wellboard.geography.importers.population import import_population
    from wellboard.geography.models import Area

    call_command("migrate", verbosity=0)
    if Area.objects.exists():
        print("the benchmark needs an empty database: point DATABASE_URL at a fresh one")
        return 1
    geography, imd, population = DATA / "geography", DATA / "imd2019", DATA / "population"
    steps: list[tuple[str, Callable[[], ImportReport]]] = [
        (
            "WD19 ward lookup, UK (8,887 rows)",
            lambda: import_lookups(geography / "WD19_LAD19_CTY19_RGN19_CTRY19_UK_LU_Dec2019.csv"),
        ),
        (
            "LSOA11 to WD19 lookup, E&W (34,753 rows)",
            lambda: import_lookups(geography / "LSOA11_WD19_LAD19_EW_LU_Dec2019.csv"),
        ),
        (
            "LSOA21 to WD24 lookup, E&W (35,672 rows)",
            lambda: import_lookups(geography / "lookup_lsoa21_ward24_ltla24.csv"),
        ),
        (
            "IMD2019 England + derived wards/districts (32,844 rows)",
            lambda: import_imd(
                imd / "imd2019_lsoa11_england.csv",
                edition="IMD2019",
                population_file=imd / "File_6_IoD2019_Population_Denominators.csv",
            ),
        ),
        (
            "IMD2025 England (33,755 rows)",
            lambda: import_imd(DATA / "imd2025" / "imd2025_lsoa21_england.csv", edition="IMD2025"),
        ),
        (
            "LSOA single years, 1,224 LSOAs (112,608 figures)",
            lambda: import_population(
                population / "population19_lsoa11_syoa_persons_herts_coventry_warwickshire.csv"
            ),
        ),
        (
            "LSOA11 boundaries, Coventry (195)",
            lambda: import_boundaries(DATA / "boundaries" / "coventry_lsoa11_E08000026.geojson"),
        ),
    ]
    from django.db import connection

    print(f"database: {connection.vendor}")
    for label, step in steps:
        timings = []
        for _ in range(2):
            started = time.perf_counter()
            report = step()
            timings.append(time.perf_counter() - started)
            if not report.ok:
                print(f"{label}: rejected: {report.rejections[0]}")
                return 1
        print(f"{label:<58} first {timings[0]:6.2f} s   again (unchanged) {timings[1]:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
