"""Page latency with a large partnership loaded (budget: p95 under 150 ms at 20 concurrent users).

Run: ``.venv/bin/python bench/pages.py [--requests N] [--think LOW HIGH] [--port P]``. It needs PostgreSQL:
``DATABASE_URL`` when set (a throw-away database: the benchmark adds a partnership and removes it
afterwards), otherwise the scratch database ``wb_bench_pages`` on postgres://postgres@127.0.0.1:5432,
created and dropped here.

What it loads: 500 indicators (percentages), 50 districts plus their county, region and England,
10 years of figures for each (265,000 observations, values and limits computed from counts), a
strategy of 9 themes with 5 priorities each, every indicator linked to one priority, comparators
England and the county, and a viewer. Then it starts ``wellboard serve`` on 127.0.0.1 (DEBUG off,
2 workers x 8 threads) and, for each page, measures three things:

- the first view after the data changed (the cache is cold: what a page costs to compute);
- one user asking again and again (what a page costs from the cache);
- 20 concurrent users, each reading what they got for a moment (``--think``, 1 to 3 s by
  default, drawn at random) before asking again: the budget's case;
- 20 users asking back to back with no pause at all: the saturation point, which says how many
  requests a second the two cores serve, not what a person waits;
- the same 20 users with no pause, each revalidating the page it holds (``If-None-Match``, answered
  304 Not Modified while the data has not changed), as browsers do on a page they have seen.

Before those, the first view of 100 different indicators after the data changed, one after another:
without the background refresh (each computes its page), then after ``wellboard worker --once`` has
run the refresh the change queued (each reads the shared cache), with the refresh's own duration.

It prints p50, p95, the slowest and requests per second, and stops the server it started. The load
generator shares the machine's two cores with the server, as it would on a developer's machine.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = "wb_bench_pages"
SERVER = "postgres://postgres@127.0.0.1:5432"
INDICATORS, DISTRICTS, YEARS, USERS = 500, 50, 10, 20
THEMES, PRIORITIES = 9, 5
HOME = "E07900000"


def _scratch_database(action: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        if action == "create":
            connection.execute(f"CREATE DATABASE {SCRATCH}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _load(slug: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The partnership, its figures, strategy and viewer; returns a session cookie and the pages."""
    import datetime as dt

    import numpy as np
    import pandas as pd
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from wellboard.core.access import Actor, Role
    from wellboard.geography.models import AreaType
    from wellboard.geography.services import area_upsert
    from wellboard.indicators.models import Polarity, ValueType
    from wellboard.indicators.services import comparator_create, indicator_create, observations_import
    from wellboard.partners.services import partnership_create, role_grant, user_create
    from wellboard.strategy.services import node_create, strategy_create

    started = time.perf_counter()
    partnership, operator = partnership_create(
        slug=slug, name="Benchmark partnership", place_name="Benchtown", area_code=HOME
    )
    actor = Actor.command_line(partnership.pk)
    england, _ = area_upsert(code="E92000001", name="England", type=AreaType.COUNTRY)
    region, _ = area_upsert(code="E12000006", name="East of England", type=AreaType.REGION, parents=[england])
    other_region, _ = area_upsert(
        code="E12000008", name="South East", type=AreaType.REGION, parents=[england]
    )
    county, _ = area_upsert(code="E10000015", name="Benchshire", type=AreaType.UTLA, parents=[region])
    other, _ = area_upsert(code="E10000014", name="Othershire", type=AreaType.UTLA, parents=[other_region])
    codes = [f"E07{900000 + n:06d}" for n in range(DISTRICTS)]
    for n, code in enumerate(codes):
        name = "Benchtown" if code == HOME else f"District {n:02d}"
        area_upsert(code=code, name=name, type=AreaType.LTLA, parents=[county if n < 10 else other])
    comparator_create(by=actor, name="England", kind="area", area_codes=["E92000001"], is_default=True)
    comparator_create(by=actor, name="Benchshire", kind="area", area_codes=["E10000015"])
    strategy = strategy_create(
        by=actor,
        title="Benchtown health and wellbeing strategy",
        slug="strategy",
        start_date=dt.date(2024, 4, 1),
        end_date=dt.date(2030, 3, 31),
        level_names=["Theme", "Priority"],
    )
    priorities = []
    for theme_number in range(THEMES):
        theme = node_create(by=actor, strategy=strategy, title=f"Theme {theme_number + 1}")
        for number in range(PRIORITIES):
            priorities.append(
                node_create(by=actor, strategy=strategy, parent=theme, title=f"Priority {number + 1}")
            )
    slugs = []
    for n in range(INDICATORS):
        made = indicator_create(
            by=actor,
            name=f"Indicator {n + 1:03d}",
            value_type=ValueType.PERCENTAGE,
            polarity=Polarity.LOW_IS_GOOD if n % 2 else Polarity.HIGH_IS_GOOD,
            nodes=[priorities[n % len(priorities)]],
        )
        slugs.append(made.slug)
    areas = [*codes, "E10000015", "E12000006", "E92000001"]
    rng = np.random.default_rng(7)
    size = INDICATORS * len(areas) * YEARS
    index = np.arange(size)
    scale = np.array([1.0] * DISTRICTS + [10.0, 50.0, 500.0])[(index // YEARS) % len(areas)]
    denominator = np.round(rng.integers(2_000, 9_000, size) * scale)
    table = pd.DataFrame(
        {
            "indicator": np.array(slugs, dtype=object)[index // (len(areas) * YEARS)],
            "area_code": np.array(areas, dtype=object)[(index // YEARS) % len(areas)],
            "period": np.array([str(2013 + y) for y in range(YEARS)], dtype=object)[index % YEARS],
            "count": np.round(denominator * rng.uniform(0.1, 0.3, size)),
            "denominator": denominator,
        }
    )
    report = observations_import(by=actor, table=table, source="benchmark")
    assert report.applied, report.rejections[:5]
    # PostgreSQL plans from table statistics that autovacuum refreshes some time after a large
    # load; until then one check on the indicator list takes seconds. Measure the steady state.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    viewer = user_create(
        by=actor, email=f"viewer@{slug}.example", first_name="Vera", last_name="Viewer", password=None
    )
    role_grant(by=actor, user=viewer, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    del operator
    print(
        f"loaded {INDICATORS} indicators x {len(areas)} areas x {YEARS} years = {size:,} observations, "
        f"a strategy of {THEMES} themes and {len(priorities)} priorities "
        f"in {time.perf_counter() - started:.0f} s"
    )
    pages = [
        ("strategy page", f"/p/{slug}/strategies/strategy/"),
        ("indicator page", f"/p/{slug}/indicators/{slugs[0]}/"),
        ("indicator list", f"/p/{slug}/indicators/"),
    ]
    return cookie, pages, [f"/p/{slug}/indicators/{s}/" for s in slugs]


def _get(connection: http.client.HTTPConnection, path: str, cookie: str, etag: str = "") -> tuple[int, float]:
    """One GET, timed. Like a browser, it reconnects when the server has closed an idle
    keep-alive connection (which it does while a user is thinking), and counts that time too."""
    started = time.perf_counter()
    for attempt in (1, 2):
        try:
            headers = {"Cookie": cookie, "Host": "127.0.0.1"}
            if etag:
                headers["If-None-Match"] = etag  # as a browser revalidating the page it holds
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            break
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            connection.close()  # the next request opens a new connection
            if attempt == 2:
                raise
    return response.status, time.perf_counter() - started


def _hammer(
    port: int,
    path: str,
    cookie: str,
    requests: int,
    users: int,
    *,
    think: tuple[float, float] = (0.0, 0.0),
    etag: str = "",
) -> tuple[list[float], int, float]:
    """``requests`` GETs of ``path`` from ``users`` threads, each pausing for a random ``think``
    time (seconds, low to high) between its requests; latencies, failures and wall time."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    share = [requests // users + (1 if n < requests % users else 0) for n in range(users)]
    pauses = random.Random(11)

    def user(count: int, start_after: float) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        time.sleep(start_after)
        try:
            for done in range(count):
                try:
                    status, seconds = _get(connection, path, cookie, etag)
                except OSError:  # no answer within the timeout: this user gives up
                    with lock:
                        failures[0] += count - done
                    return
                with lock:
                    latencies.append(seconds)
                    failures[0] += status != (304 if etag else 200)
                    pause = pauses.uniform(*think) if think[1] > 0 else 0.0
                if pause:
                    time.sleep(pause)
        finally:
            connection.close()

    # With think time, users arrive spread over one pause rather than all in the same instant.
    threads = [threading.Thread(target=user, args=(count, pauses.uniform(0, think[1]))) for count in share]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures[0], time.perf_counter() - started


def _report(label: str, case: str, latencies: list[float], failures: int, wall: float) -> None:
    ordered = sorted(latencies)
    if not ordered:
        print(f"{label:<15} {case:<26} no answer within the 60 s timeout ({failures} unexpected)")
        return
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(
        f"{label:<15} {case:<26} p50 {statistics.median(ordered) * 1000:6.0f} ms  "
        f"p95 {p95 * 1000:6.0f} ms  max {ordered[-1] * 1000:6.0f} ms  "
        f"{len(ordered) / wall:6.1f} requests/s  ({len(ordered)} requests, {failures} unexpected)"
    )


def _bump(slug: str) -> None:
    """Change the partnership's data version, as any edit would, so the next view computes afresh."""
    from django.db import connection

    from wellboard.core.cache import data_version_bump
    from wellboard.partners.models import Partnership

    data_version_bump(Partnership.objects.get(slug=slug).pk)
    connection.close()


def _visit(port: int, path: str, cookie: str) -> tuple[str, str]:
    """One GET as a browser makes it: the page's ETag, and the cookie with what the page set (the
    CSRF cookie, which a browser keeps and sends back, and which the ETag depends on)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        jar = dict(part.split("=", 1) for part in cookie.split("; "))
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                jar[name] = rest.split(";", 1)[0]
        return response.getheader("ETag") or "", "; ".join(f"{k}={v}" for k, v in jar.items())
    finally:
        connection.close()


def _first_views(port: int, paths: list[str], cookie: str) -> tuple[list[float], int, float]:
    """One user opening each of ``paths`` once, one after another: the first view of each."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies, failures = [], 0
    started = time.perf_counter()
    try:
        for path in paths:
            status, seconds = _get(connection, path, cookie)
            latencies.append(seconds)
            failures += status != 200
    finally:
        connection.close()
    return latencies, failures, time.perf_counter() - started


def _refresh_in_background() -> float:
    """Run the queued background work as ``wellboard worker`` does (the refresh of the indicator
    pages that the last change queued); returns the seconds it took."""
    from django.core.management import call_command
    from django.db import connection

    logging.getLogger("wellboard.indicators.tasks").setLevel(logging.WARNING)
    started = time.perf_counter()
    call_command("worker", "--once", verbosity=0)
    connection.close()
    return time.perf_counter() - started


def _serve(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 (our own command, fixed arguments)
        [str(ROOT / ".venv" / "bin" / "wellboard"), "serve", "--port", str(port)],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(
                f"the server stopped: {(server.stderr.read() if server.stderr else b'').decode()}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("the server did not start within 60 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per page (default 400)")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 3.0),
        metavar=("LOW", "HIGH"),
        help="each user's pause between requests, in seconds (default 1 3)",
    )
    parser.add_argument(
        "--port", type=int, default=0, help="the port to serve on, on 127.0.0.1 (default: any free port)"
    )
    args = parser.parse_args()
    scratch = "DATABASE_URL" not in os.environ
    if scratch:
        _scratch_database("create")
        os.environ["DATABASE_URL"] = f"{SERVER}/{SCRATCH}"
    # As in production: DEBUG off (no query log, cached templates); plain HTTP on the loopback.
    os.environ.update({"DEBUG": "false", "SECURE_SSL_REDIRECT": "false"})
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + os.urandom(16).hex())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellboard.settings")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        return _run(args.requests, (args.think[0], args.think[1]), args.port)
    finally:
        if scratch:
            from django.db import connections

            connections.close_all()
            _scratch_database("drop")


def _run(requests: int, think: tuple[float, float], port: int) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from wellboard.partners.models import Partnership

    if connection.vendor != "postgresql":
        print("this benchmark is for PostgreSQL: set DATABASE_URL to a PostgreSQL database")
        return 1
    call_command("migrate", verbosity=0)
    slug = f"bench-pages-{os.getpid()}"
    try:
        cookie, pages, indicator_pages = _load(slug)
        connection.close()
        port = port or _free_port()
        server = _serve(port)
        try:
            print(
                f"wellboard serve on 127.0.0.1:{port} (2 workers x 8 threads); {USERS} users think "
                f"{think[0]:g} to {think[1]:g} s between pages"
            )
            print(f"load average before the runs: {os.getloadavg()[0]:.2f} (2 cores; 0 is an idle machine)")
            _etag, cookie = _visit(port, pages[0][1], cookie)  # the CSRF cookie a browser would keep
            # The first view of 100 different indicators after data has loaded: without the
            # background refresh (every view computes), then after it (every view reads the cache).
            _bump(slug)
            _report(
                "100 indicators",
                "first views, no refresh",
                *_first_views(port, indicator_pages[100:200], cookie),
            )
            _bump(slug)
            seconds = _refresh_in_background()
            print(f"background refresh of {INDICATORS} indicator pages: {seconds:.1f} s")
            _report(
                "100 indicators",
                "first views, refreshed",
                *_first_views(port, indicator_pages[200:300], cookie),
            )
            for label, path in pages:
                _bump(slug)
                _report(label, "first view, cache cold", *_hammer(port, path, cookie, 1, 1))
                _hammer(port, path, cookie, USERS * 2, USERS)  # every worker process's cache
                _report(label, "1 user", *_hammer(port, path, cookie, max(20, requests // 10), 1))
                _report(
                    label,
                    f"{USERS} users thinking",
                    *_hammer(port, path, cookie, requests, USERS, think=think),
                )
                _report(label, f"{USERS} users, no pause", *_hammer(port, path, cookie, requests, USERS))
                etag, _cookie = _visit(port, path, cookie)
                _report(
                    label,
                    f"{USERS} users, no pause, 304",
                    *_hammer(port, path, cookie, requests, USERS, etag=etag),
                )
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        return 0
    finally:
        Partnership.objects.filter(slug=slug).delete()


if __name__ == "__main__":
    sys.exit(main())
