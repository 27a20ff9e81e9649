"""How long a million observations take to import into PostgreSQL (budget: under 30 s).

Run: ``.venv/bin/python bench/observations_import.py [--rows N]``. It uses ``DATABASE_URL`` when it
is set (point it at a throw-away PostgreSQL database: the benchmark adds a partnership and removes it
afterwards); otherwise it creates the scratch database ``wb_bench_observations`` on
postgres://postgres@127.0.0.1:5432, and drops it at the end.

The synthetic file: 500 indicators (half percentages, half crude rates per 100,000) x 50 districts x
10 years x 4 breakdowns (persons, male, female, persons aged 65+) = 1,000,000 rows, each with a
count and a denominator; a quarter also carry a published value and 95% limits, so Wellboard
computes their 99.8% limits only, and the rest get value and limits computed. Each run imports the
table twice through ``observations_import``: the first creates every row, the second must find every
row unchanged and write nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = "wb_bench_observations"
SERVER = "postgres://postgres@127.0.0.1:5432"
INDICATORS, AREAS, YEARS = 500, 50, 10
BREAKDOWNS = [("Persons", "All ages"), ("Male", "All ages"), ("Female", "All ages"), ("Persons", "65+ yrs")]


def _scratch_database(action: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        if action == "create":
            connection.execute(f"CREATE DATABASE {SCRATCH}")


def _table(indicators: int, slugs: list[str], codes: list[str]) -> object:
    """The synthetic rows, built column by column."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2024)
    per_indicator = AREAS * YEARS * len(BREAKDOWNS)
    size = indicators * per_indicator
    index = np.arange(size)
    indicator = index // per_indicator
    area = (index // (YEARS * len(BREAKDOWNS))) % AREAS
    year = (index // len(BREAKDOWNS)) % YEARS
    breakdown = index % len(BREAKDOWNS)
    percentage = indicator % 2 == 0
    denominator = rng.integers(20_000, 150_000, size).astype(float)
    share = np.where(percentage, rng.uniform(0.05, 0.4, size), rng.uniform(0.0002, 0.003, size))
    count = np.round(denominator * share)
    published = rng.random(size) < 0.25
    scale = np.where(percentage, 100.0, 100_000.0)
    value = np.where(published, count / denominator * scale, np.nan)
    spread = np.where(published, 1.96 * np.sqrt(np.maximum(count, 1.0)) / denominator * scale, np.nan)
    sexes = np.array([s for s, _ in BREAKDOWNS], dtype=object)
    ages = np.array([a for _, a in BREAKDOWNS], dtype=object)
    return pd.DataFrame(
        {
            "indicator": np.array(slugs, dtype=object)[indicator],
            "area_code": np.array(codes, dtype=object)[area],
            "period": np.array([str(2013 + y) for y in range(YEARS)], dtype=object)[year],
            "sex": sexes[breakdown],
            "age": ages[breakdown],
            "count": count,
            "denominator": denominator,
            "value": value,
            "lower95": value - spread,
            "upper95": value + spread,
            "row": index + 2,
        }
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=INDICATORS, help="indicators (2,000 rows each)")
    args = parser.parse_args()
    scratch = "DATABASE_URL" not in os.environ
    if scratch:
        _scratch_database("create")
        os.environ["DATABASE_URL"] = f"{SERVER}/{SCRATCH}"
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellboard.settings")
    try:
        return _run(args.indicators)
    finally:
        if scratch:
            from django.db import connections

            connections.close_all()
            _scratch_database("drop")


def _run(indicators: int) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from wellboard.geography.models import Area, AreaType
    from wellboard.geography.services import area_upsert
    from wellboard.indicators.models import Observation, ValueType
    from wellboard.indicators.services import indicator_create, observations_import
    from wellboard.partners.models import Partnership
    from wellboard.partners.services import partnership_create

    if connection.vendor != "postgresql":
        print("this benchmark is for PostgreSQL: set DATABASE_URL to a PostgreSQL database")
        return 1
    call_command("migrate", verbosity=0)
    slug = f"bench-observations-{os.getpid()}"
    partnership, actor = partnership_create(slug=slug, name="Benchmark partnership", place_name="Benchville")
    try:
        england, _ = area_upsert(code="E92000001", name="England", type=AreaType.COUNTRY)
        codes = [f"E07{900000 + n:06d}" for n in range(AREAS)]
        for n, code in enumerate(codes):
            area_upsert(code=code, name=f"District {n + 1}", type=AreaType.LTLA, parents=[england])
        slugs = []
        for n in range(indicators):
            value_type = ValueType.PERCENTAGE if n % 2 == 0 else ValueType.CRUDE_RATE
            made = indicator_create(by=actor, name=f"Indicator {n + 1:03d}", value_type=value_type)
            slugs.append(made.slug)
        started = time.perf_counter()
        table = _table(indicators, slugs, codes)
        built = time.perf_counter() - started
        rows = len(table)  # type: ignore[arg-type]
        print(
            f"{rows:,} rows ({indicators} indicators x {AREAS} areas x {YEARS} years x {len(BREAKDOWNS)} "
            f"breakdowns), built in {built:.1f} s"
        )
        for label in ("first import", "re-import (unchanged)"):
            started = time.perf_counter()
            report = observations_import(by=actor, table=table.copy(), source="benchmark")  # type: ignore[attr-defined]
            seconds = time.perf_counter() - started
            totals = report.totals()
            print(
                f"{label:<22} {seconds:6.1f} s  {rows / seconds:>10,.0f} rows/s  "
                f"created {totals['create']:,}, updated {totals['update']:,}, "
                f"unchanged {totals['unchanged']:,}, rejected {totals['rejected']:,}"
            )
        stored = Observation.objects.filter(partnership=partnership).count()
        print(f"stored observations: {stored:,}")
        return 0 if stored == rows else 1
    finally:
        Observation.objects.filter(partnership=partnership).delete()
        Partnership.objects.filter(pk=partnership.pk).delete()
        Area.objects.filter(code__in=[f"E07{900000 + n:06d}" for n in range(AREAS)]).delete()


if __name__ == "__main__":
    sys.exit(main())
