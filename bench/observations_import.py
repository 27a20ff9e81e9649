"""How long a million observations take to import from a CSV file, on SQLite and PostgreSQL, and
how much memory it takes (budgets: under 30 s on PostgreSQL, under 90 s on SQLite, under 500 MB).

Run: ``.venv/bin/python bench/observations_import.py [--rows N] [--database sqlite|postgresql|both]
[--postgres URL]``. SQLite gets a scratch file in a temporary directory. PostgreSQL uses ``--postgres``
(a throw-away database: the benchmark adds a partnership and removes it afterwards); without it the
scratch database ``wb_bench_observations`` is created on postgres://postgres@127.0.0.1:5432 and dropped
at the end.

The synthetic file: 500 indicators (half percentages, half crude rates per 100,000) x 50 districts x
10 years x 4 breakdowns (persons, male, female, persons aged 65+) = 1,000,000 rows, each with a
count and a denominator; a quarter also carry a published value and 95% limits, so Wellboard
computes their 99.8% limits only, and the rest get value and limits computed. It is written to a
CSV file first, and each step reads that file through ``observations_file_import`` (the import a
``wellboard indicators import-observations`` runs), so reading and checking the file is timed too:

1. first import: every row is created;
2. re-import of the same file: every row unchanged, nothing written;
3. import of a revised file: every fourth row has a new count (its value and limits are recomputed),
   so a quarter of the rows are updated and the rest are unchanged.

Each step runs in a process of its own, so its peak resident memory (``getrusage``'s ``ru_maxrss``)
is the step's own: Django, the libraries and the import together.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = "wb_bench_observations"
SERVER = "postgres://postgres@127.0.0.1:5432"
AREAS, YEARS = 50, 10
BREAKDOWNS = [("Persons", "All ages"), ("Male", "All ages"), ("Female", "All ages"), ("Persons", "65+ yrs")]
PER_INDICATOR = AREAS * YEARS * len(BREAKDOWNS)
SLUG = "bench-observations"
STEPS = ("first import", "re-import (unchanged)", "revised file (25% updated)")


def _codes() -> list[str]:
    return [f"E07{900000 + n:06d}" for n in range(AREAS)]


def _write_file(path: Path, indicators: int, *, revised: bool) -> int:
    """The synthetic file, written a block of indicators at a time (never all in memory)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2024)
    codes = np.array(_codes(), dtype=object)
    sexes = np.array([s for s, _ in BREAKDOWNS], dtype=object)
    ages = np.array([a for _, a in BREAKDOWNS], dtype=object)
    periods = np.array([str(2013 + y) for y in range(YEARS)], dtype=object)
    rows = 0
    block = 50
    with path.open("w", newline="") as handle:
        for first in range(0, indicators, block):
            count_of = min(block, indicators - first)
            size = count_of * PER_INDICATOR
            index = np.arange(size) + first * PER_INDICATOR
            indicator = index // PER_INDICATOR
            area = (index // (YEARS * len(BREAKDOWNS))) % AREAS
            year = (index // len(BREAKDOWNS)) % YEARS
            breakdown = index % len(BREAKDOWNS)
            percentage = indicator % 2 == 0
            denominator = rng.integers(20_000, 150_000, size)
            share = np.where(percentage, rng.uniform(0.05, 0.4, size), rng.uniform(0.0002, 0.003, size))
            count = np.round(denominator * share).astype(np.int64)
            if revised:
                count = count + (index % 4 == 0)
            published = rng.random(size) < 0.25
            scale = np.where(percentage, 100.0, 100_000.0)
            base = count - (index % 4 == 0) if revised else count
            value = np.where(published, base / denominator * scale, np.nan)
            spread = np.where(published, 1.96 * np.sqrt(np.maximum(base, 1.0)) / denominator * scale, np.nan)
            table = pd.DataFrame(
                {
                    "indicator": [f"bench-{n + 1:03d}" for n in indicator.tolist()],
                    "area_code": codes[area],
                    "period": periods[year],
                    "sex": sexes[breakdown],
                    "age": ages[breakdown],
                    "count": count,
                    "denominator": denominator,
                    "value": np.round(value, 4),
                    "lower95": np.round(value - spread, 4),
                    "upper95": np.round(value + spread, 4),
                }
            )
            if revised:
                # A revised count replaces a published value: the figure is computed again.
                changed = index % 4 == 0
                for name in ("value", "lower95", "upper95"):
                    table.loc[changed, name] = np.nan
            table.to_csv(handle, index=False, header=first == 0)
            rows += size
    return rows


# ---------------------------------------------------------------- each step, in its own process


def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellboard.settings")
    import django

    django.setup()


def _setup(indicators: int) -> dict[str, object]:
    from django.core.management import call_command

    from wellboard.geography.models import AreaType
    from wellboard.geography.services import area_upsert
    from wellboard.indicators.models import ValueType
    from wellboard.indicators.services import indicator_create
    from wellboard.partners.services import partnership_create

    call_command("migrate", verbosity=0)
    _partnership, actor = partnership_create(slug=SLUG, name="Benchmark partnership", place_name="Benchville")
    england, _ = area_upsert(code="E92000001", name="England", type=AreaType.COUNTRY)
    for n, code in enumerate(_codes()):
        area_upsert(code=code, name=f"District {n + 1}", type=AreaType.LTLA, parents=[england])
    for n in range(indicators):
        value_type = ValueType.PERCENTAGE if n % 2 == 0 else ValueType.CRUDE_RATE
        indicator_create(
            by=actor, name=f"Indicator {n + 1:03d}", slug=f"bench-{n + 1:03d}", value_type=value_type
        )
    return {}


def _import(path: str) -> dict[str, object]:
    import resource

    from django.db import connection

    from wellboard.indicators.importers.observations import observations_file_import
    from wellboard.partners.selectors import partnership_get_for_command_line

    _partnership, actor = partnership_get_for_command_line(slug=SLUG)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = time.process_time()
    started = time.perf_counter()
    with open(path, "rb") as stream:
        report = observations_file_import(
            by=actor, data=stream, filename=Path(path).name, dry_run=False, source="benchmark"
        )
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    totals = report.totals()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "vendor": connection.vendor,
        "rows": report.rows_read,
        "created": totals["create"],
        "updated": totals["update"],
        "unchanged": totals["unchanged"],
        "rejected": totals["rejected"],
        "first_rejections": [str(r) for r in report.rejections[:3]],
        "rss_before_mb": before / 1024,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _teardown() -> dict[str, object]:
    from django.core.management import call_command

    from wellboard.geography.models import Area
    from wellboard.indicators.models import Observation
    from wellboard.partners.models import Partnership

    call_command("migrate", verbosity=0)
    stored = 0
    partnership = Partnership.objects.filter(slug=SLUG).first()
    if partnership is not None:
        stored = Observation.objects.filter(partnership=partnership).count()
        Observation.objects.filter(partnership=partnership).delete()
        partnership.delete()
    Area.objects.filter(code__in=_codes()).delete()
    return {"stored": stored}


def _child(args: argparse.Namespace) -> int:
    _django(args.database_url)
    if args.child == "setup":
        result = _setup(args.indicators)
    elif args.child == "import":
        result = _import(args.file)
    else:
        result = _teardown()
    print(json.dumps(result))
    return 0


# ---------------------------------------------------------------- the whole run


def _run_child(step: str, database_url: str, *extra: str) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", step, "--database-url", database_url, *extra]
    done = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        command, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"the benchmark's {step} step failed")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _scratch_database(action: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        if action == "create":
            connection.execute(f"CREATE DATABASE {SCRATCH}")


def _bench(label: str, database_url: str, files: list[Path], indicators: int) -> bool:
    print(f"\n{label}")
    _run_child("teardown", database_url)  # what an interrupted run left behind
    _run_child("setup", database_url, "--indicators", str(indicators))
    ok = True
    try:
        for step, path in zip(STEPS, files, strict=True):
            r = _run_child("import", database_url, "--file", str(path))
            rows = int(r["rows"])  # type: ignore[call-overload]
            seconds = float(r["seconds"])  # type: ignore[arg-type]
            cpu = float(r["cpu"])  # type: ignore[arg-type]
            peak = float(r["peak_rss_mb"])  # type: ignore[arg-type]
            idle = float(r["rss_before_mb"])  # type: ignore[arg-type]
            print(
                f"  {step:<28} {seconds:6.1f} s (CPU {cpu:5.1f} s)  {rows / seconds:>9,.0f} rows/s  "
                f"peak {peak:5.0f} MB (before the import {idle:.0f} MB)  "
                f"created {r['created']:,}, updated {r['updated']:,}, unchanged {r['unchanged']:,}, "
                f"rejected {r['rejected']:,}"
            )
            if r["rejected"]:
                print(f"    {r['first_rejections']}")
                ok = False
    finally:
        stored = _run_child("teardown", database_url)["stored"]
        print(f"  stored observations before clean-up: {stored:,}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=500, help="indicators (2,000 rows each)")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgres", metavar="URL", help="a throw-away PostgreSQL database to use")
    parser.add_argument("--child", choices=("setup", "import", "teardown"), help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args)
    one, five, fifteen = os.getloadavg()
    print(f"load: {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="wb-bench-observations-") as folder:
        files = [
            Path(folder) / "observations.csv",
            Path(folder) / "observations.csv",
            Path(folder) / "revised.csv",
        ]
        started = time.perf_counter()
        rows = _write_file(files[0], args.indicators, revised=False)
        _write_file(files[2], args.indicators, revised=True)
        size = files[0].stat().st_size / 1e6
        print(
            f"{rows:,} rows ({args.indicators} indicators x {AREAS} areas x {YEARS} years x "
            f"{len(BREAKDOWNS)} breakdowns), {size:.0f} MB of CSV, "
            f"written in {time.perf_counter() - started:.1f} s"
        )
        ok = True
        if args.database in ("sqlite", "both"):
            ok &= _bench("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite3'}", files, args.indicators)
        if args.database in ("postgresql", "both"):
            scratch = not args.postgres
            if scratch:
                _scratch_database("create")
            try:
                ok &= _bench("PostgreSQL", args.postgres or f"{SERVER}/{SCRATCH}", files, args.indicators)
            finally:
                if scratch:
                    _scratch_database("drop")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
