"""How long a million hub visits take to import (budget: under 60 s on PostgreSQL).

Run: ``.venv/bin/python bench/hub.py [--rows N]``. It uses ``DATABASE_URL`` when it is set (point it
at a throw-away database: the benchmark adds a partnership and removes it afterwards); otherwise a
fresh SQLite file in a temporary folder.

The synthetic file is what a busy hub's system would export over two years: 250,000 people, each
visiting a few times, by every route (a quarter exercise referrals with their reason, a tenth
partner appointments with one of three partners), a third with an LSOA from a town's hundred, two
needs on average, and one visit in ten referred on to one or two of eight directory services, by
short name or by Open Referral id. It is written to a temporary CSV file and imported through
``contacts_import`` as the command line does, reading the file as a stream: first as a dry run,
then for real, then again (which must change nothing). Each step prints its time, rows per second
the CPU time of the benchmark's own process and, for a PostgreSQL server on the same machine, of
the server's process serving it (CPU times hardly change with other work on the machine), the peak
memory of the process so far and the machine's load averages (other work on the machine slows
every step; the load says how busy it was).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = 250_000
SERVICES = (
    "carers-drop-in",
    "stop-smoking",
    "debt-advice",
    "talking-therapies",
    "weight-management",
    "housing-options",
    "job-club",
    "befriending",
)
ROUTES = [
    ("walk-in", 30),
    ("self-referral", 15),
    ("gp-referral", 10),
    ("exercise-referral", 25),
    ("partner-referral", 5),
    ("partner-appointment", 10),
    ("activity", 5),
]
NEEDS = (
    "mental-health",
    "physical-activity",
    "weight",
    "smoking",
    "alcohol",
    "money",
    "housing",
    "employment",
    "loneliness",
    "carer",
    "long-term-condition",
)
REASONS = ("back-pain", "cardiac", "diabetes", "musculoskeletal", "weight-loss", "falls", "respiratory")
PARTNERS = ("Test Charity", "herts mind network", "Stevenage Leisure")


def _peak_mb() -> float:
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    """The machine's load averages: figures taken on a busy machine say so beside them."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} CPUs"


def _server_cpu() -> float:
    """CPU seconds the database server has spent on this connection so far, when the server runs
    on this machine (PostgreSQL's backend process, read from /proc); -1 when that cannot be known.
    Unlike the time taken, it hardly depends on what else the machine is doing."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return -1.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        row = cursor.fetchone()
    if row is None:
        return -1.0
    pid = row[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_file(path: Path, rows: int, oruk_ids: dict[str, str]) -> None:
    """``rows`` visits, none repeated, none in the future: the n-th visit of a person is on a day of
    its own, so no set of visits written so far is needed to keep them apart."""
    rng = random.Random(2026)
    routes = [route for route, _ in ROUTES]
    weights = [weight for _, weight in ROUTES]
    lsoas = [f"E0102{3600 + n:04d}" for n in range(100)]
    first_day = dt.date(2024, 11, 1)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(
            [
                "date",
                "client_id",
                "sex",
                "age",
                "lsoa",
                "route",
                "needs",
                "exercise_reason",
                "partner_organisation",
                "referred_to",
            ]
        )
        for index in range(rows):
            person = index * 7919 % PEOPLE
            day = (person * 37 + index // PEOPLE * 173) % 730  # 173 and 730 share no factor
            route = rng.choices(routes, weights)[0]
            partner = rng.choice(PARTNERS) if route == "partner-appointment" else ""
            date = first_day + dt.timedelta(days=day)
            referred = ""
            if rng.random() < 0.1:
                chosen = rng.sample(SERVICES, rng.choice((1, 1, 2)))
                referred = ";".join(oruk_ids[s] if rng.random() < 0.2 else s for s in chosen)
            writer.writerow(
                [
                    date.isoformat() if day % 3 else date.strftime("%d/%m/%Y"),
                    f"HH-{person:06d}",
                    ("female", "male", "other", "not-stated")[person % 7 % 4],
                    16 + person % 70,
                    rng.choice(lsoas) if person % 3 == 0 else "",
                    route,
                    ";".join(rng.sample(NEEDS, rng.choice((0, 1, 2, 2, 3)))),
                    rng.choice(REASONS) if route == "exercise-referral" else "",
                    partner,
                    referred,
                ]
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="visits in the file (default 1,000,000)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wellboard-bench-hub-"))
    if "DATABASE_URL" not in os.environ:
        os.environ["WELLBOARD_VAR_DIR"] = str(folder)
    os.environ.setdefault("WELLBOARD_PSEUDONYM_KEY", "benchmark-only-pseudonym-key")
    os.environ.setdefault("DEBUG", "false")  # as in production: no query log
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + os.urandom(16).hex())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellboard.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    return _run(args.rows, folder)


def _run(rows: int, folder: Path) -> int:
    from django.core.management import call_command
    from django.db import connection

    from wellboard.core.access import Actor
    from wellboard.directory.models import Service, ServiceOrganisation
    from wellboard.hub.importers import FILE_LIMITS, contacts_import
    from wellboard.hub.models import Contact, Referral
    from wellboard.hub.services import hub_create, hub_partner_add
    from wellboard.partners.services import organisation_create, partnership_create

    call_command("migrate", verbosity=0)
    slug = f"bench-hub-{os.getpid()}"
    partnership, _coordinator = partnership_create(
        slug=slug, name="Benchmark partnership", place_name="Benchville"
    )
    actor = Actor.command_line(partnership.pk)
    try:
        runs = organisation_create(by=actor, name="Benchville Leisure", kind="vcfs")
        hub = hub_create(by=actor, slug="healthy-hub", name="Healthy Hub", organisation=runs)
        hub_partner_add(by=actor, hub=hub, name="Test Charity")
        hub_partner_add(by=actor, hub=hub, name="Herts Mind Network")
        hub_partner_add(by=actor, hub=hub, name="Stevenage Leisure")
        runner = ServiceOrganisation.objects.create(partnership=partnership, name="Benchville CVS")
        oruk_ids = {
            name: str(
                Service.objects.create(
                    partnership=partnership, slug=name, name=name.replace("-", " "), organisation=runner
                ).oruk_id
            )
            for name in SERVICES
        }
        path = folder / "visits.csv"
        started = time.perf_counter()
        write_file(path, rows, oruk_ids)
        size = path.stat().st_size
        print(
            f"{rows:,} visits, {size / 1024 / 1024:,.0f} MB, "
            f"written in {time.perf_counter() - started:.1f} s; "
            f"database: {connection.vendor}; {_load()}"
        )
        for label, dry_run in (("dry run", True), ("import", False), ("re-import (unchanged)", False)):
            started, cpu, server = time.perf_counter(), time.process_time(), _server_cpu()
            with path.open("rb") as stream:
                report = contacts_import(
                    by=actor, hub=hub, data=stream, filename=path.name, dry_run=dry_run, limits=FILE_LIMITS
                )
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            server_after = _server_cpu()
            server_text = (
                f", {server_after - server:.1f} s of the server's"
                if server >= 0 and server_after >= 0
                else ""
            )
            counts = report.counts()
            contacts, referrals = counts.get("contact", {}), counts.get("referral", {})
            print(
                f"{label:<22} {seconds:6.1f} s ({cpu:.1f} s of this process's CPU{server_text})  "
                f"{rows / seconds:>9,.0f} rows/s  "
                f"visits created {contacts.get('create', 0):,}, unchanged {contacts.get('unchanged', 0):,}; "
                f"referrals created {referrals.get('create', 0):,}, "
                f"unchanged {referrals.get('unchanged', 0):,}; "
                f"rejected {report.rejected:,}; peak memory {_peak_mb():,.0f} MB; {_load()}"
            )
            if not report.ok:
                for line in report.summary_lines()[:20]:
                    print(line)
                return 1
        stored = Contact.objects.filter(hub=hub).count()
        print(f"stored visits: {stored:,}; referrals: {Referral.objects.filter(contact__hub=hub).count():,}")
        return 0 if stored == rows else 1
    finally:
        _remove(partnership.pk)
        for file in folder.glob("*.csv"):
            file.unlink()


def _remove(partnership_id: int) -> None:
    """Remove what the benchmark added, with set-based deletes (the ORM's would load every row)."""
    from django.db import connection

    from wellboard.hub.models import Contact, Hub, HubPartner, Referral, ReferralEvent
    from wellboard.partners.models import Partnership

    with connection.cursor() as cursor:
        for model, link in (
            (ReferralEvent, "referral_id IN (SELECT id FROM {referral} WHERE contact_id IN {contacts})"),
            (Referral, "contact_id IN {contacts}"),
            (Contact, "hub_id IN {hubs}"),
        ):
            hubs = f"(SELECT id FROM {Hub._meta.db_table} WHERE partnership_id = %s)"  # noqa: S608
            contacts = f"(SELECT id FROM {Contact._meta.db_table} WHERE hub_id IN {hubs})"  # noqa: S608
            where = link.format(referral=Referral._meta.db_table, contacts=contacts, hubs=hubs)
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {where}", [partnership_id])  # noqa: S608
    HubPartner.objects.filter(hub__partnership_id=partnership_id).delete()
    Partnership.objects.filter(pk=partnership_id).delete()


if __name__ == "__main__":
    sys.exit(main())
