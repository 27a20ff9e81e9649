"""Stevenage's geography: England, the East of England, Hertfordshire and its districts, Stevenage's
wards (with boundaries for maps) and LSOAs, deprivation and populations.

The demo loads the real reference files with the product's own importers, as an operator would
with ``wellboard geography import-…``, but only the rows about Hertfordshire, to stay quick. The
files are read from ``$WELLBOARD_REFERENCE_DATA`` or ``<checkout>/../shared/data``; without them it
types in the few named areas later steps need.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from django.conf import settings

from wellboard.core.importing import ImportReport
from wellboard.demo import DemoContext
from wellboard.geography.importers.boundaries import import_boundaries
from wellboard.geography.importers.imd import import_imd
from wellboard.geography.importers.lookups import import_lookups
from wellboard.geography.importers.population import import_population
from wellboard.geography.models import Area
from wellboard.geography.selectors import area_children, area_get, area_list
from wellboard.geography.services import area_upsert, custom_area_create

ENGLAND = "E92000001"
EAST_OF_ENGLAND = "E12000006"
HERTFORDSHIRE = "E10000015"
STEVENAGE = "E07000243"

# Stevenage's 13 wards from May 2013 to May 2024 (ONS WD19 codes), for when no files are at hand.
STEVENAGE_WARDS = [
    ("E05004805", "Bandley Hill"),
    ("E05004806", "Bedwell"),
    ("E05004807", "Chells"),
    ("E05004808", "Longmeadow"),
    ("E05009316", "Manor"),
    ("E05004810", "Martins Wood"),
    ("E05004811", "Old Town"),
    ("E05004812", "Pin Green"),
    ("E05004813", "Roebuck"),
    ("E05004815", "Shephall"),
    ("E05004814", "St Nicholas"),
    ("E05004816", "Symonds Green"),
    ("E05004817", "Woodfield"),
]

# Hertfordshire's ten districts (ONS LAD19 codes), for when no files are at hand.
HERTS_DISTRICTS = [
    ("E07000095", "Broxbourne"),
    ("E07000096", "Dacorum"),
    ("E07000242", "East Hertfordshire"),
    ("E07000098", "Hertsmere"),
    ("E07000099", "North Hertfordshire"),
    ("E07000240", "St Albans"),
    ("E07000243", "Stevenage"),
    ("E07000102", "Three Rivers"),
    ("E07000103", "Watford"),
    ("E07000241", "Welwyn Hatfield"),
]

# The neighbourhoods the partnership targets for its joint activity programme (invented for the demo).
TARGET_WARDS = ["E05004806", "E05004815"]  # Bedwell and Shephall


def reference_data_dir() -> Path:
    configured = os.environ.get("WELLBOARD_REFERENCE_DATA")
    if configured:
        return Path(configured).expanduser()
    return Path(settings.BASE_DIR).resolve().parent / "shared" / "data"


def _run(log: Callable[[str], None], label: str, load: Callable[[], ImportReport]) -> None:
    started = time.monotonic()
    report = load()
    if not report.ok:
        raise RuntimeError(f"the demo could not import {label}: {report.rejections[0]}")
    totals = report.totals()
    log(
        f"    {label}: {totals['create']} created, {totals['update']} updated, "
        f"{totals['unchanged']} unchanged ({time.monotonic() - started:.1f} s)"
    )


def _import_reference_files(data: Path, log: Callable[[str], None]) -> None:
    geography, imd, population, boundaries = (
        data / d for d in ("geography", "imd2019", "population", "boundaries")
    )
    herts = [HERTFORDSHIRE]
    # the whole UK ward lookup is small (8,887 rows) and gives every region and district
    _run(
        log,
        "ONS ward, district, county and region lookup",
        lambda: import_lookups(geography / "WD19_LAD19_CTY19_RGN19_CTRY19_UK_LU_Dec2019.csv"),
    )
    _run(
        log,
        "LSOA to ward lookup",
        lambda: import_lookups(geography / "LSOA11_WD19_LAD19_EW_LU_Dec2019.csv", within=herts),
    )
    _run(
        log,
        "IMD 2019",
        lambda: import_imd(
            imd / "imd2019_lsoa11_england.csv",
            edition="IMD2019",
            population_file=imd / "File_6_IoD2019_Population_Denominators.csv",
            ward_lookup=geography / "LSOA11_WD19_LAD19_EW_LU_Dec2019.csv",
            within=herts,
        ),
    )
    _run(
        log,
        "IMD 2025",
        lambda: import_imd(
            data / "imd2025" / "imd2025_lsoa21_england.csv", edition="IMD2025", within=[STEVENAGE]
        ),
    )
    for name in (
        "mye2019_lad2020_syoa_by_sex_herts_coventry_warwickshire.csv",
        "mye2019_lad2020_5yr_bands_by_sex_herts_coventry_warwickshire.csv",
    ):
        _run(log, name, partial(import_population, population / name, within=[ENGLAND]))
    for name in (
        "population19_lsoa11_syoa_persons_herts_coventry_warwickshire.csv",
        "population20_lsoa11_syoa_persons_herts_coventry_warwickshire.csv",
    ):
        _run(log, name, partial(import_population, population / name, within=[STEVENAGE]))
    _run(
        log,
        "census 2021 totals",
        lambda: import_population(population / "age_gender21_ltla21_ew.csv", within=herts),
    )
    _run(
        log,
        "ward boundaries",
        lambda: import_boundaries(
            boundaries / "stevenage_wards_dec2022_bsc_E07000243.geojson", area_type="ward"
        ),
    )
    _run(
        log,
        "LSOA boundaries",
        lambda: import_boundaries(boundaries / "stevenage_lsoa11_E07000101.geojson", area_type="lsoa"),
    )
    _run(
        log,
        "district boundaries",
        lambda: import_boundaries(
            boundaries / "ltla24_buc_herts_coventry_warwickshire.geojson", within=herts
        ),
    )


def _type_in_minimal_areas() -> None:
    """The named areas later steps rely on, typed in from ONS's published codes: England, the East
    of England, Hertfordshire and its districts, and Stevenage's 13 wards."""
    england, _ = area_upsert(code=ENGLAND, name="England", type="country", source="demo")
    region, _ = area_upsert(
        code=EAST_OF_ENGLAND, name="East of England", type="region", parents=[england], source="demo"
    )
    herts, _ = area_upsert(
        code=HERTFORDSHIRE, name="Hertfordshire", type="utla", parents=[region], source="demo"
    )
    for code, name in HERTS_DISTRICTS:
        area_upsert(code=code, name=name, type="ltla", parents=[herts], geography_year=2019, source="demo")
    stevenage = area_get(code=STEVENAGE)
    for code, name in STEVENAGE_WARDS:
        area_upsert(
            code=code, name=name, type="ward", parents=[stevenage], geography_year=2019, source="demo"
        )


def load(ctx: DemoContext) -> None:
    data = reference_data_dir()
    if (data / "geography").is_dir():
        ctx.log(f"    reading reference data from {data}")
        _import_reference_files(data, ctx.log)
        ctx.shared["reference_data"] = data
    else:
        ctx.log(f"    reference data not found at {data}; the demo has no ward boundaries or deprivation")
        _type_in_minimal_areas()
        ctx.shared["reference_data"] = None

    stevenage = area_get(code=STEVENAGE)
    hertfordshire = area_get(code=HERTFORDSHIRE)
    wards = list(area_children(area=stevenage, type="ward", year=2019))
    lsoas = list(area_children(area=stevenage, type="lsoa", year=2019))
    districts = list(area_children(area=hertfordshire, type="ltla"))
    catchment = custom_area_create(
        by=ctx.actor_for("coordinator"),
        name="Bedwell and Shephall neighbourhoods",
        member_codes=TARGET_WARDS,
        description="The neighbourhoods with the widest health inequalities, where partners target the "
        "joint activity programme.",
    )
    named: list[Area] = [
        area_get(code=ENGLAND),
        area_get(code=EAST_OF_ENGLAND),
        hertfordshire,
        *districts,
        stevenage,
        *wards,
        *lsoas,
        catchment,
    ]
    ctx.shared["areas"] = {area.code: area for area in named}
    ctx.shared["england"] = named[0]
    ctx.shared["east_of_england"] = named[1]
    ctx.shared["hertfordshire"] = hertfordshire
    ctx.shared["herts_districts"] = districts
    ctx.shared["stevenage"] = stevenage
    ctx.shared["stevenage_wards"] = wards
    ctx.shared["stevenage_lsoas"] = lsoas
    ctx.shared["hub_catchment"] = catchment
    regions = area_list(type="region").count()
    ctx.log(
        f"    {len(wards)} wards and {len(lsoas)} LSOAs in Stevenage, {len(districts)} districts in "
        f"Hertfordshire, {regions} region{'s' if regions != 1 else ''}"
    )
