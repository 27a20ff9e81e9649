"""Public site latency (budget: p95 under 100 ms at 20 concurrent users).

Run: ``.venv/bin/python bench/public.py [--port PORT] [--requests N] [--think LOW HIGH]``.

It builds a scratch SQLite database in a temporary folder (nothing of yours is touched), loads the
demo partnership (Healthy Stevenage, which publishes), starts ``wellboard serve`` on 127.0.0.1 (DEBUG
off) and, for each public page and dataset, measures:

- the first view after the data changed (the page cache is cold: what a page costs to compute);
- 20 concurrent readers, each pausing for a moment (``--think``, 1 to 3 s by default) before the
  next page: the budget's case;
- 20 readers asking back to back with no pause: the saturation point;
- 20 readers revalidating with the ETag they hold (``If-None-Match``), answered 304.

It prints p50, p95, the slowest and requests per second for each, then stops the server.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
USERS = 20
BUDGET_MS = 100
SLUG = "healthy-stevenage"
PATHS = [
    ("home", ""),
    ("strategy", "strategies/community-strategy/"),
    ("indicators", "indicators/"),
    ("indicator", "indicators/adults-who-smoke/"),
    ("reach", "reach/"),
    ("reports", "reports/"),
    ("open data", "data/"),
    ("datapackage", "data/datapackage.json"),
    ("observations.csv", "data/indicator-observations.csv"),
    ("reach.json", "data/reach.json"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(
    connection: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> tuple[int, float, str]:
    """One GET, timed; reconnects (and counts the time) when the server closed an idle connection."""
    started = time.perf_counter()
    for attempt in (1, 2):
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
            response = connection.getresponse()
            response.read()
            break
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            connection.close()
            if attempt == 2:
                raise
    return response.status, time.perf_counter() - started, response.getheader("ETag") or ""


def _hammer(
    port: int, path: str, requests: int, *, think: tuple[float, float], headers: dict[str, str], ok: int
) -> tuple[list[float], int, float]:
    """``requests`` GETs of ``path`` from ``USERS`` threads, each pausing ``think`` seconds between."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    share = [requests // USERS + (1 if n < requests % USERS else 0) for n in range(USERS)]
    pauses = random.Random(11)

    def user(count: int, start_after: float) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        time.sleep(start_after)
        try:
            for _ in range(count):
                status, seconds, _etag = _get(connection, path, headers)
                with lock:
                    latencies.append(seconds)
                    failures[0] += status != ok
                    pause = pauses.uniform(*think) if think[1] > 0 else 0.0
                if pause:
                    time.sleep(pause)
        finally:
            connection.close()

    threads = [threading.Thread(target=user, args=(count, pauses.uniform(0, think[1]))) for count in share]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures[0], time.perf_counter() - started


def _p95(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _report(label: str, case: str, latencies: list[float], failures: int, wall: float) -> None:
    ordered = sorted(latencies)
    print(
        f"{label:<17} {case:<22} p50 {statistics.median(ordered) * 1000:6.1f} ms  "
        f"p95 {_p95(ordered) * 1000:6.1f} ms  max {ordered[-1] * 1000:6.1f} ms  "
        f"{len(ordered) / wall:6.1f} requests/s  ({len(ordered)} requests, {failures} unexpected)"
    )


def _wellboard(*args: str) -> list[str]:
    return [str(ROOT / ".venv" / "bin" / "wellboard"), *args]


def _serve(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 (our own command, fixed arguments)
        _wellboard("serve", "--host", "127.0.0.1", "--port", str(port)),
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


def _bump() -> None:
    """Change the partnership's data version, as any edit would, so the next view computes afresh."""
    subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        _wellboard(
            "shell",
            "-c",
            "from wellboard.core.cache import data_version_bump;"
            "from wellboard.partners.models import Partnership;"
            f"data_version_bump(Partnership.objects.get(slug='{SLUG}').pk)",
        ),
        env=os.environ.copy(),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port for wellboard serve (default: a free one)")
    parser.add_argument("--requests", type=int, default=200, help="requests per page and case (default 200)")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 3.0),
        metavar=("LOW", "HIGH"),
        help="each reader's pause between requests, in seconds (default 1 3)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wellboard-bench-public-") as scratch:
        os.environ.pop("DATABASE_URL", None)
        os.environ.update(
            {
                "WELLBOARD_VAR_DIR": scratch,
                "DEBUG": "false",
                "SECURE_SSL_REDIRECT": "false",
                "SECRET_KEY": "benchmark-only-" + os.urandom(16).hex(),
            }
        )
        started = time.perf_counter()
        subprocess.run(_wellboard("migrate", "-v0"), env=os.environ.copy(), check=True)  # noqa: S603
        subprocess.run(  # noqa: S603 (our own command, fixed arguments)
            _wellboard("load-demo"), env=os.environ.copy(), check=True, stdout=subprocess.DEVNULL
        )
        print(f"demo loaded into a scratch SQLite database in {time.perf_counter() - started:.0f} s")
        port = args.port or _free_port()
        server = _serve(port)
        worst = 0.0
        try:
            print(
                f"wellboard serve on 127.0.0.1:{port}; {USERS} readers, "
                f"think {args.think[0]:g} to {args.think[1]:g} s"
            )
            _bump()
            for label, path in PATHS:
                url = f"/public/{SLUG}/{path}"
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status, cold, etag = _get(connection, url, {})
                connection.close()
                if status != 200:
                    print(f"{label}: {url} answered {status}")
                    return 1
                print(f"{label:<17} {'first view (cold)':<22} {cold * 1000:6.1f} ms")
                think = (args.think[0], args.think[1])
                case = _hammer(port, url, args.requests, think=think, headers={}, ok=200)
                _report(label, f"{USERS} readers", *case)
                worst = max(worst, _p95(case[0]))
                _report(
                    label,
                    f"{USERS} back to back",
                    *_hammer(port, url, args.requests, think=(0, 0), headers={}, ok=200),
                )
                _report(
                    label,
                    f"{USERS} revalidating",
                    *_hammer(port, url, args.requests, think=(0, 0), headers={"If-None-Match": etag}, ok=304),
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    verdict = "within" if worst * 1000 < BUDGET_MS else "OVER"
    print(f"worst p95 at {USERS} readers: {worst * 1000:.1f} ms, {verdict} the {BUDGET_MS} ms budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
