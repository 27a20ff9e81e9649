"""Wellboard at the size of England: every district, ward and LSOA, and 200 indicators for ten years.

Run: ``.venv/bin/python bench/national.py [--requests N]``. It needs PostgreSQL: ``DATABASE_URL`` when
set (a throw-away database), otherwise the scratch database ``wb_bench_national`` on
postgres://postgres@127.0.0.1:5432, created and dropped here. It reads the reference data from
``../shared/data`` (or ``WELLBOARD_REFERENCE_DATA``).

What it loads, timing each step:

- the geography: ONS's LSOA 2021 to ward 2024 to district lookup for England and Wales (35,672
  LSOAs, their wards and districts), districts to regions, and the district boundaries the reference
  data holds (Hertfordshire, Coventry and Warwickshire);
- a partnership for Stevenage with England and the East of England as comparators;
- 200 indicators (percentages, half with low values good) for every English district, region and
  England, ten years each, persons; the first 20 also for males and females: written to a CSV file and
  imported through ``wellboard indicators import-observations``, so reading and checking the file is
  in the time; then the same file again (nothing changes), then a revision of a tenth of the figures.

Then it serves the partnership with ``wellboard serve`` exactly as ``bench/pages.py`` does and reports,
for the indicator page, the indicator list, the strategy page, an indicator's map and Stevenage's area
profile: the first view after the data changed, 20 users pausing between pages, and 20 users with no
pause; and, after the background refresh, the first view of 50 different indicators and of the area
profile.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pages as harness  # the page benchmark's server, load generator and report

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("WELLBOARD_REFERENCE_DATA", ROOT.parent / "shared" / "data"))
SCRATCH = "wb_bench_national"
T = TypeVar("T")
INDICATORS, WITH_SEXES, YEARS, USERS = 200, 20, 10, 20
HOME, REGION, ENGLAND = "E07000243", "E12000006", "E92000001"


def _timed(label: str, step: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = step()
    print(f"{label:<64} {time.perf_counter() - started:7.1f} s")
    return result


def _geography() -> list[str]:
    """Load the national geography; returns the English districts' codes."""
    from wellboard.geography.importers.boundaries import import_boundaries
    from wellboard.geography.importers.lookups import import_lookups
    from wellboard.geography.models import AreaType
    from wellboard.geography.services import area_upsert

    lookups = DATA / "geography"
    for label, path in (
        ("LSOA21 to ward 2024 to district lookup (35,672 rows)", lookups / "lookup_lsoa21_ward24_ltla24.csv"),
        ("district to region lookup 2024", lookups / "lookup_ltla24_region24.csv"),
    ):
        report = _timed(label, lambda path=path: import_lookups(path))
        if not report.ok:
            raise RuntimeError(f"{path.name}: {report.rejections[:3]}")
    england, _ = area_upsert(code=ENGLAND, name="England", type=AreaType.COUNTRY)
    with (lookups / "lookup_ltla24_region24.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    for code, name in sorted({(r["region24_code"], r["region24_name"]) for r in rows}):
        area_upsert(code=code, name=name, type=AreaType.REGION, parents=[england])
    _timed(
        "district boundaries (Hertfordshire, Coventry, Warwickshire)",
        lambda: import_boundaries(DATA / "boundaries" / "ltla24_buc_herts_coventry_warwickshire.geojson"),
    )
    return sorted(r["ltla24_code"] for r in rows if r["ltla24_code"].startswith("E"))


def _write_file(path: Path, slugs: list[str], areas: list[str], *, revision: int = 0) -> int:
    """The observations file: a count and a denominator for each indicator, area, year and sex.
    ``revision`` changes the counts of one row in ten (a later release of the same figures)."""
    import numpy as np

    rng = np.random.default_rng(11)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator", "area_code", "period", "sex", "count", "denominator"])
        for number, slug in enumerate(slugs):
            sexes = ("Persons", "Male", "Female") if number < WITH_SEXES else ("Persons",)
            size = len(areas) * YEARS * len(sexes)
            denominators = rng.integers(20_000, 90_000, size)
            counts = np.round(denominators * rng.uniform(0.1, 0.3, size))
            if revision:
                counts[::10] += revision
            at = 0
            for sex in sexes:
                for area in areas:
                    for year in range(2014, 2014 + YEARS):
                        writer.writerow([slug, area, year, sex, int(counts[at]), int(denominators[at])])
                        at += 1
            rows += size
    return rows


def _load(slug: str, folder: Path) -> tuple[str, list[tuple[str, str]], list[str]]:
    import datetime as dt

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from wellboard.core.access import Actor, Role
    from wellboard.geography.models import Area, AreaType
    from wellboard.indicators.models import Polarity, ValueType
    from wellboard.indicators.services import comparator_create, indicator_create
    from wellboard.partners.services import partnership_create, role_grant, user_create
    from wellboard.strategy.services import node_create, strategy_create

    districts = _geography()
    regions = list(
        Area.objects.filter(type=AreaType.REGION, code__startswith="E12").values_list("code", flat=True)
    )
    areas = [*districts, *regions, ENGLAND]
    partnership, _operator = partnership_create(
        slug=slug, name="Healthy Stevenage (benchmark)", place_name="Stevenage", area_code=HOME
    )
    actor = Actor.command_line(partnership.pk)
    comparator_create(by=actor, name="England", kind="area", area_codes=[ENGLAND], is_default=True)
    comparator_create(by=actor, name="East of England", kind="area", area_codes=[REGION])
    strategy = strategy_create(
        by=actor,
        title="Stevenage health and wellbeing strategy",
        slug="strategy",
        start_date=dt.date(2024, 4, 1),
        end_date=dt.date(2030, 3, 31),
        level_names=["Theme", "Priority"],
    )
    priorities = []
    for theme_number in range(8):
        theme = node_create(by=actor, strategy=strategy, title=f"Theme {theme_number + 1}")
        priorities += [
            node_create(by=actor, strategy=strategy, parent=theme, title=f"Priority {n + 1}")
            for n in range(5)
        ]
    slugs = [
        indicator_create(
            by=actor,
            name=f"Indicator {n + 1:03d}",
            value_type=ValueType.PERCENTAGE,
            polarity=Polarity.LOW_IS_GOOD if n % 2 else Polarity.HIGH_IS_GOOD,
            nodes=[priorities[n % len(priorities)]],
        ).slug
        for n in range(INDICATORS)
    ]
    # The revision has the first file's name: an observation records its file's name as its source,
    # so a file named otherwise would change every row, not a tenth of them.
    (folder / "revised").mkdir()
    first, revised = folder / "observations.csv", folder / "revised" / "observations.csv"
    rows = _write_file(first, slugs, areas)
    _write_file(revised, slugs, areas, revision=1)
    print(f"{len(districts)} districts, {len(regions)} regions and England; {rows:,} observations a file")
    for label, path in (
        ("import-observations: every figure new", first),
        ("import-observations: the same file again (nothing changes)", first),
        ("import-observations: a tenth of the counts revised", revised),
    ):
        _timed(
            label,
            lambda path=path: call_command(
                "indicators", "import-observations", str(path), "--partnership", slug, verbosity=0
            ),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    viewer = user_create(
        by=actor, email=f"viewer@{slug}.example", first_name="Vera", last_name="Viewer", password=None
    )
    role_grant(by=actor, user=viewer, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    base = f"/p/{slug}/indicators/"
    pages = [
        ("indicator page", f"{base}{slugs[0]}/"),
        ("indicator list", base),
        ("strategy page", f"/p/{slug}/strategies/strategy/"),
        ("indicator map", f"{base}{slugs[0]}/map/"),
        ("area profile", f"{base}profile/{HOME}/"),
    ]
    return cookie, pages, [f"{base}{s}/" for s in slugs]


def _run(requests: int, think: tuple[float, float]) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print("this benchmark is for PostgreSQL: set DATABASE_URL to a PostgreSQL database")
        return 1
    if not DATA.is_dir():
        print(f"reference data not found at {DATA}")
        return 1
    call_command("migrate", verbosity=0)
    slug = "bench-national"
    with tempfile.TemporaryDirectory(prefix="wellboard-national-") as folder:
        cookie, pages, indicator_pages = _load(slug, Path(folder))
    connection.close()
    port = harness._free_port()
    server = harness._serve(port)
    try:
        print(f"load average before the runs: {os.getloadavg()[0]:.2f} (2 cores; 0 is an idle machine)")
        _etag, cookie = harness._visit(port, pages[0][1], cookie)
        harness._bump(slug)
        print(f"background refresh after a change: {harness._refresh_in_background():.1f} s")
        harness._report(
            "50 indicators",
            "first views, refreshed",
            *harness._first_views(port, indicator_pages[50:100], cookie),
        )
        harness._report(
            "area profile", "first view, refreshed", *harness._first_views(port, [pages[4][1]], cookie)
        )
        for label, path in pages:
            harness._bump(slug)
            harness._report(label, "first view, cache cold", *harness._hammer(port, path, cookie, 1, 1))
            harness._hammer(port, path, cookie, USERS * 2, USERS)
            harness._report(
                label,
                f"{USERS} users thinking",
                *harness._hammer(port, path, cookie, requests, USERS, think=think),
            )
            harness._report(
                label, f"{USERS} users, no pause", *harness._hammer(port, path, cookie, requests, USERS)
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per page and case (default 200)")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("LOW", "HIGH"))
    args = parser.parse_args()
    scratch = "DATABASE_URL" not in os.environ
    if scratch:
        harness.SCRATCH = SCRATCH
        harness._scratch_database("create")
        os.environ["DATABASE_URL"] = f"{harness.SERVER}/{SCRATCH}"
    os.environ.update({"DEBUG": "false", "SECURE_SSL_REDIRECT": "false"})
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + os.urandom(16).hex())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellboard.settings")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        return _run(args.requests, (args.think[0], args.think[1]))
    finally:
        if scratch:
            from django.db import connections

            connections.close_all()
            harness._scratch_database("drop")


if __name__ == "__main__":
    sys.exit(main())
